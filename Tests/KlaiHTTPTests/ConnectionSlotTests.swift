import Testing

@testable import KlaiHTTP

/// How long a connection may hold a slot without doing its part: the state machine alone, on an
/// injected clock (ConnectionSlotLiveTests runs the same attacks over real sockets).
@Suite struct ConnectionSlotTests {
    let second: UInt64 = 1_000_000_000
    let timeouts = ConnectionStateMachine.Timeouts(
        header: .seconds(10), idle: .seconds(75), body: .seconds(30),
        write: .seconds(30), minimumBodyRate: 1024,
        bodyRateWindow: .seconds(10))

    func feed(_ machine: inout ConnectionStateMachine, _ bytes: [UInt8], now: UInt64) {
        bytes.withUnsafeBytes { machine.bytesReceived($0, now: now) }
    }

    /// A machine that has read the head of a POST with `length` bytes of content and accepted it at `now`.
    func readingBody(length: Int, now: UInt64) -> ConnectionStateMachine {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: now)
        feed(&machine, Array("POST /api/events HTTP/1.1\r\nHost: h\r\nContent-Length: \(length)\r\n\r\n".utf8), now: now)
        _ = machine.nextAction(now: now)
        _ = machine.acceptBody(now: now)
        return machine
    }

    @Test func closesASilentNewConnectionAfterTheHeaderTimeoutNotTheKeepAliveOne() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        do { let r = machine.tick(now: 9 * second); #expect(r.isWait) }
        // Closed without a 408: it never asked anything, and may be a browser's spare connection.
        do { let r = machine.tick(now: 10 * second); #expect(r.isClose) }
    }

    @Test func timesTheFirstHeadFromAcceptNotFromItsFirstByte() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        // Silent for 9 s, then a head starts: it has 1 s left, not 10.
        feed(&machine, Array("GET / HTTP/1.1\r\n".utf8), now: 9 * second)
        #expect(machine.nextAction(now: 9 * second).isWait)
        guard case .reject(let status) = machine.tick(now: 10 * second) else { Issue.record("not cut"); return }
        #expect(status.code == 408)
    }

    @Test func cutsABodyTrickledOneByteEvery29Seconds() {
        var machine = readingBody(length: 1_000_000, now: 0)
        var cutAt: UInt64?
        // One byte every 29 s never trips the 30 s body timeout; the rate floor must cut it.
        for tick in 1...120 {
            let now = UInt64(tick) * second
            if tick % 29 == 0 { feed(&machine, [0x41], now: now); _ = machine.nextAction(now: now) }
            if case .reject(let status) = machine.tick(now: now) {
                #expect(status.code == 408)
                cutAt = UInt64(tick)
                break
            }
        }
        #expect(cutAt == 10, "cut at \(String(describing: cutAt)) s; the first 10 s window decides")
    }

    @Test func keepsABodyArrivingAtTwoKilobytesPerSecondForAMinute() {
        var machine = readingBody(length: 200_000, now: 0)
        for tick in 1...60 {
            let now = UInt64(tick) * second
            feed(&machine, [UInt8](repeating: 0x41, count: 2048), now: now)
            while case .bodyPart = machine.nextAction(now: now) {}
            #expect(machine.tick(now: now).isWait, "cut at \(tick) s")
        }
    }

    @Test func doesNotBlameTheClientForTheTimeTheServerStoppedReading() {
        var machine = readingBody(length: 200_000, now: 0)
        // The disk is behind: nothing is read for 25 s, then the client's bytes flow again.
        for tick in 1...25 {
            #expect(machine.tick(now: UInt64(tick) * second, readingPaused: true).isWait)
            if tick % 5 == 0 { feed(&machine, [0x41], now: UInt64(tick) * second) }
        }
        for tick in 26...40 {
            let now = UInt64(tick) * second
            feed(&machine, [UInt8](repeating: 0x41, count: 4096), now: now)
            while case .bodyPart = machine.nextAction(now: now) {}
            #expect(machine.tick(now: now).isWait, "cut at \(tick) s")
        }
    }

    @Test func answersAnAdmissionRefusalWithoutReadingTheBodyThenCloses() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        let head = "POST /api/events HTTP/1.1\r\nHost: h\r\nContent-Length: 524288\r\n\r\n"
        feed(&machine, Array((head + "{\"events\":[").utf8), now: 0)
        guard case .dispatch(let parsed) = machine.nextAction(now: 0) else { Issue.record("no dispatch"); return }
        machine.answerWithoutBody(parsed)
        // The body bytes already buffered are never handed out as content.
        #expect(machine.nextAction(now: 0).isWait)
        _ = machine.responseReady(keepAlive: true, now: 0)
        #expect(machine.responseSent(now: 0).isClose)
    }

    @Test func keepsTheConnectionAfterAnAdmissionRefusalOfABodilessRequest() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, Array("GET /api/me HTTP/1.1\r\nHost: h\r\n\r\n".utf8), now: 0)
        guard case .dispatch(let parsed) = machine.nextAction(now: 0) else { Issue.record("no dispatch"); return }
        machine.answerWithoutBody(parsed)
        let keptOpen = machine.responseReady(keepAlive: true, now: 0)
        #expect(keptOpen)
        #expect(machine.responseSent(now: 0).isWait)
    }

    @Test func readsAtMost64KiBAheadWhileAnAdmissionCheckDecides() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, Array("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000000\r\n\r\n".utf8), now: 0)
        _ = machine.nextAction(now: 0)
        #expect(machine.wantsRead)
        feed(&machine, [UInt8](repeating: 0x41, count: 65 * 1024), now: 0)
        #expect(!machine.wantsRead)
        _ = machine.acceptBody(now: 0)
        #expect(machine.wantsRead)
    }
}
