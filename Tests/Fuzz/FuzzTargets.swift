// Extra fuzz targets beyond the request parser, built only by run.sh with the whole KlaiHTTP module:
// the multipart parser, Range parsing, percent-decoding and route splitting, and the connection
// state machine driven by arbitrary bytes and clock ticks.

func fuzzMultipart(_ bytes: UnsafeBufferPointer<UInt8>, piece: Int) {
    var parser = MultipartParser(boundary: "b0undary", maxHeaderBytes: 512)
    var offset = 0
    var inPart = false
    do {
        while offset < bytes.count {
            let end = min(bytes.count, offset + piece)
            for event in try parser.feed(bytes[offset..<end]) {
                switch event {
                case .headers: inPart = true
                case .data(let data): precondition(inPart && !data.isEmpty)
                case .partEnd: precondition(inPart); inPart = false
                }
            }
            offset = end
        }
    } catch {}
}

func fuzzTextParsers(_ bytes: UnsafeBufferPointer<UInt8>) {
    let text = String(decoding: bytes, as: UTF8.self)
    for size in [0, 1, 1000] {
        if case .satisfiable(let range) = FileServer.parseRange(text, size: size) {
            precondition(range.lowerBound >= 0 && range.upperBound <= size && !range.isEmpty)
        }
    }
    if let path = RoutePath(text) {
        precondition(path.segments.allSatisfy { !$0.isEmpty && !$0.contains("\u{0}") })
        // A `*rest` cut from a canonical path is what joining its segments gives.
        for index in 0...path.segments.count {
            precondition(path.rest(from: index) == RoutePattern.joined(path.segments[index...]))
        }
    }
    _ = PercentEncoding.parseForm(text)
    _ = MultipartParser.boundary(fromContentType: text)
    _ = HTTPDate.parse(text)
}

func fuzzStateMachine(_ bytes: UnsafeBufferPointer<UInt8>, piece: Int) {
    var machine = ConnectionStateMachine(
        limits: HTTPParserLimits(maxRequestLineLength: 256, maxHeaderBytes: 1024, maxHeaderCount: 16),
        timeouts: .init(
            header: .seconds(1), idle: .seconds(2), body: .seconds(1), write: .seconds(1),
            minimumBodyRate: 64, bodyRateWindow: .milliseconds(500)), now: 0)
    var now: UInt64 = 0
    var offset = 0
    var closed = false
    while offset < bytes.count, !closed {
        let end = min(bytes.count, offset + piece)
        now += UInt64(bytes[offset]) * 10_000_000
        machine.bytesReceived(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset..<end])), now: now)
        offset = end
        var steps = 0
        loop: while steps < 1000 {
            steps += 1
            switch machine.nextAction(now: now) {
            case .wait: break loop
            case .dispatch(let head):
                // Odd piece sizes play an admission check that refuses from the head.
                if piece % 2 == 1 {
                    machine.answerWithoutBody(head)
                    _ = machine.responseReady(keepAlive: true, now: now)
                    if case .close = machine.responseSent(now: now) { closed = true; break loop }
                } else {
                    _ = machine.acceptBody(now: now)
                }
            case .requestComplete, .reject:
                _ = machine.responseReady(keepAlive: true, now: now)
                if case .close = machine.responseSent(now: now) { closed = true; break loop }
            case .close, .abort: closed = true; break loop
            case .sendContinue, .bodyPart: continue
            }
        }
        if case .close = machine.tick(now: now, readingPaused: bytes[offset - 1] == 0) { closed = true }
    }
}
