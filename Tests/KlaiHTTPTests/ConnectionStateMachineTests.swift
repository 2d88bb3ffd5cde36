import Testing

@testable import KlaiHTTP

@Suite struct ConnectionStateMachineTests {
    let second: UInt64 = 1_000_000_000
    // No body-rate floor here: these tests are about the phase timeouts (ConnectionSlotTests has the rate).
    let timeouts = ConnectionStateMachine.Timeouts(
        header: .seconds(5), idle: .seconds(60), body: .seconds(20),
        write: .seconds(30), minimumBodyRate: 0)

    func feed(_ machine: inout ConnectionStateMachine, _ text: String, now: UInt64) {
        Array(text.utf8).withUnsafeBytes { machine.bytesReceived($0, now: now) }
    }

    @Test func servesKeepAliveRequestsOneAfterAnother() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n", now: 1)
        guard case .dispatch(let first) = machine.nextAction(now: 1) else { Issue.record("no dispatch"); return }
        #expect(first.target == "/a")
        do { let r = machine.acceptBody(now: 1); #expect(r.isWait) }
        do { let r = machine.nextAction(now: 1); #expect(r.isRequestComplete) }
        // The pipelined second request waits until the first response is out.
        do { let r = machine.nextAction(now: 1); #expect(r.isWait) }
        do { let r = machine.responseReady(keepAlive: true, now: 2); #expect(r) }
        guard case .dispatch(let second) = machine.responseSent(now: 3) else { Issue.record("no 2nd"); return }
        #expect(second.target == "/b")
    }

    @Test func closesAfterConnectionCloseAndAfterHTTP10() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n", now: 0)
        _ = machine.nextAction(now: 0)
        _ = machine.acceptBody(now: 0)
        _ = machine.nextAction(now: 0)
        do { let r = machine.responseReady(keepAlive: true, now: 0); #expect(r == false) }
        do { let r = machine.responseSent(now: 0); #expect(r.isClose) }

        var old = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&old, "GET / HTTP/1.0\r\n\r\n", now: 0)
        _ = old.nextAction(now: 0)
        _ = old.acceptBody(now: 0)
        _ = old.nextAction(now: 0)
        do { let r = old.responseReady(keepAlive: true, now: 0); #expect(r == false) }
    }

    @Test func sendsContinueOnlyWhenTheRouteAcceptsTheBody() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, "PUT /f HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n", now: 0)
        do { let r = machine.nextAction(now: 0); #expect(r.isDispatch) }
        do { let r = machine.acceptBody(now: 0); #expect(r.isSendContinue) }
        feed(&machine, "abc", now: 1)
        guard case .bodyPart(let part) = machine.nextAction(now: 1) else { Issue.record("no body"); return }
        #expect(Array(part) == Array("abc".utf8))
        do { let r = machine.nextAction(now: 1); #expect(r.isRequestComplete) }

        var refused = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&refused, "PUT /f HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n", now: 0)
        _ = refused.nextAction(now: 0)
        guard case .reject(let status) = refused.refuseBody(.contentTooLarge, now: 0) else { Issue.record("x"); return }
        #expect(status.code == 413)
        do { let r = refused.responseSent(now: 1); #expect(r.isClose) }
    }

    @Test func refusesUnknownExpectationWith417() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, "GET / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\n\r\n", now: 0)
        guard case .reject(let status) = machine.nextAction(now: 0) else { Issue.record("no reject"); return }
        #expect(status.code == 417)
    }

    @Test func cutsSlowlorisAtTheHeaderTimeoutEvenWhileBytesTrickleIn() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        let head = "GET / HTTP/1.1\r\nHost: h\r\nX-Slow: "
        for (i, byte) in head.enumerated() where i < 5 {
            feed(&machine, String(byte), now: UInt64(i) * second)
            #expect(machine.nextAction(now: UInt64(i) * second).isWait)
            #expect(machine.tick(now: UInt64(i) * second).isWait)
        }
        guard case .reject(let status) = machine.tick(now: 5 * second) else { Issue.record("not cut"); return }
        #expect(status.code == 408)
    }

    @Test func closesIdleKeepAliveConnectionsAfterTheIdleTimeout() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", now: 0)
        _ = machine.nextAction(now: 0)
        _ = machine.acceptBody(now: 0)
        _ = machine.nextAction(now: 0)
        _ = machine.responseReady(keepAlive: true, now: 0)
        _ = machine.responseSent(now: 0)
        do { let r = machine.tick(now: 59 * second); #expect(r.isWait) }
        do { let r = machine.tick(now: 60 * second); #expect(r.isClose) }
    }

    @Test func closesStalledReadersAfterTheWriteTimeout() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", now: 0)
        _ = machine.nextAction(now: 0)
        _ = machine.acceptBody(now: 0)
        _ = machine.nextAction(now: 0)
        _ = machine.responseReady(keepAlive: true, now: 0)
        machine.writeProgress(now: 20 * second)
        do { let r = machine.tick(now: 49 * second); #expect(r.isWait) }
        do { let r = machine.tick(now: 50 * second); #expect(r.isAbort) }
    }

    @Test func cutsABodyThatStopsArriving() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc", now: 0)
        _ = machine.nextAction(now: 0)
        _ = machine.acceptBody(now: 0)
        _ = machine.nextAction(now: 0)
        do { let r = machine.tick(now: 19 * second); #expect(r.isWait) }
        guard case .reject(let status) = machine.tick(now: 20 * second) else { Issue.record("not cut"); return }
        #expect(status.code == 408)
    }

    @Test func turnsParseErrorsIntoRejectionThenClose() {
        var machine = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&machine, "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", now: 0)
        guard case .reject(let status) = machine.nextAction(now: 0) else { Issue.record("no reject"); return }
        #expect(status.code == 400)
        do { let r = machine.responseReady(keepAlive: true, now: 0); #expect(r == false) }
        do { let r = machine.responseSent(now: 0); #expect(r.isClose) }
    }

    @Test func shutdownClosesIdleAtOnceAndBusyAfterTheResponse() {
        var idle = ConnectionStateMachine(timeouts: timeouts, now: 0)
        do { let r = idle.shutdown(); #expect(r.isClose) }

        var busy = ConnectionStateMachine(timeouts: timeouts, now: 0)
        feed(&busy, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", now: 0)
        _ = busy.nextAction(now: 0)
        _ = busy.acceptBody(now: 0)
        _ = busy.nextAction(now: 0)
        do { let r = busy.shutdown(); #expect(r.isWait) }
        do { let r = busy.responseReady(keepAlive: true, now: 0); #expect(r == false) }
        do { let r = busy.responseSent(now: 0); #expect(r.isClose) }
    }
}

extension ConnectionStateMachine.Action {
    var isWait: Bool { if case .wait = self { true } else { false } }
    var isClose: Bool { if case .close = self { true } else { false } }
    var isAbort: Bool { if case .abort = self { true } else { false } }
    var isDispatch: Bool { if case .dispatch = self { true } else { false } }
    var isSendContinue: Bool { if case .sendContinue = self { true } else { false } }
    var isRequestComplete: Bool { if case .requestComplete = self { true } else { false } }
}
