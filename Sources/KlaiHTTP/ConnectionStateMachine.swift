/// The lifecycle of one HTTP/1.1 connection as a value: read head → body → respond → keep-alive or close.
///
/// The socket driver feeds it events (bytes, clock ticks, write progress) and performs the `Action`s
/// it returns; it never decides protocol questions itself. Time is passed in, so tests need no sleeping.
public struct ConnectionStateMachine: Sendable {
    /// Nanoseconds on a monotonic clock.
    public typealias Instant = UInt64

    enum State: Sendable {
        case idle(since: Instant)
        case readingHead(since: Instant)
        case awaitingBodyDecision(expectsContinue: Bool)
        case readingBody(lastRead: Instant)
        case handling
        case writing(lastProgress: Instant)
        case closed
    }

    /// The deadlines this connection enforces.
    public let timeouts: Timeouts
    var parser: HTTPRequestParser
    var state: State
    /// Whether the current exchange leaves the connection open.
    var keepAlive = true
    /// Set by shutdown or a half-closed peer: finish the current exchange, then close.
    var closeAfterResponse = false
    /// Whether a response has been sent: until then the connection is new, and its silence counts
    /// against the header timeout from accept, not the (longer) keep-alive idle timeout.
    var servedAny = false
    /// The body-rate window in progress: when it began and how many bytes arrived since.
    var bodyWindowStart: Instant = 0
    var bodyWindowBytes = 0

    /// Creates a state machine for a connection accepted at `now`.
    public init(limits: HTTPParserLimits = HTTPParserLimits(), timeouts: Timeouts = Timeouts(), now: Instant) {
        parser = HTTPRequestParser(limits: limits)
        self.timeouts = timeouts
        state = .idle(since: now)
    }

    /// Whether the driver should keep reading: not when a response is pending and input piles up.
    public var wantsRead: Bool {
        switch state {
        // While an admission check decides (or a response is pending), at most 64 KiB is read ahead.
        case .awaitingBodyDecision, .handling, .writing: parser.bufferedByteCount < 64 * 1024
        case .closed: false
        default: true
        }
    }

    /// Whether nothing is in flight (shutdown may close it at once).
    public var isIdle: Bool {
        if case .idle = state { return parser.bufferedByteCount == 0 }
        return false
    }

    /// Bytes arrived from the peer.
    public mutating func bytesReceived(_ bytes: UnsafeRawBufferPointer, now: Instant) {
        parser.append(bytes)
        switch state {
        // A new connection's head is timed from accept: a client that connects and waits before
        // sending gets no extra time.
        case .idle(let since): state = .readingHead(since: servedAny ? now : since)
        case .readingBody:
            state = .readingBody(lastRead: now)
            bodyWindowBytes += bytes.count
        default: break
        }
    }

    /// The next thing to do with the bytes buffered so far; call until it returns `.wait`.
    public mutating func nextAction(now: Instant) -> Action {
        switch state {
        case .idle, .readingHead, .readingBody:
            do {
                guard let event = try parser.next() else {
                    if case .idle(let since) = state, parser.bufferedByteCount > 0 {
                        state = .readingHead(since: servedAny ? now : since)
                    }
                    return .wait
                }
                switch event {
                case .head(let head):
                    if head.hasUnsupportedExpectation { return reject(.expectationFailed, now: now) }
                    keepAlive = head.keepAlive
                    state = .awaitingBodyDecision(expectsContinue: head.expectsContinue && head.framing != .none)
                    return .dispatch(head)
                case .body(let slice):
                    return .bodyPart(slice)
                case .end:
                    state = .handling
                    return .requestComplete
                }
            } catch {
                return reject(error.status, now: now)
            }
        case .awaitingBodyDecision, .handling, .writing, .closed:
            return .wait
        }
    }

    /// The route accepts the content: starts reading it (sending 100 Continue if the client waits).
    public mutating func acceptBody(now: Instant) -> Action {
        guard case .awaitingBodyDecision(let expectsContinue) = state else { return .wait }
        state = .readingBody(lastRead: now)
        bodyWindowStart = now
        bodyWindowBytes = 0
        return expectsContinue ? .sendContinue : .wait
    }

    /// The answer does not depend on the content (404, 405): answer now without reading it, then
    /// close, since the unread content still sits in front of any next request.
    public mutating func skipBody() -> Action {
        guard case .awaitingBodyDecision = state else { return .wait }
        closeAfterResponse = true
        state = .handling
        return .requestComplete
    }

    /// An admission check answered from the head alone (401, 403): the response goes out without
    /// reading any content, and the connection closes when content was announced, since it still
    /// sits unread in front of any next request.
    public mutating func answerWithoutBody(_ head: HTTPRequestHead) {
        guard case .awaitingBodyDecision = state else { return }
        if head.framing != .none, head.framing != .length(0) {
            closeAfterResponse = true
        } else if case .end? = try? parser.next() {
            // Without content the parser already holds this request's end: consume it, or it would
            // be taken for the end of the next request on this connection.
        }
        state = .handling
    }

    /// The route refuses the content (too large, wrong type): answer and close without reading it.
    public mutating func refuseBody(_ status: HTTPStatus, now: Instant) -> Action { reject(status, now: now) }

    /// The handler produced a response; returns whether it may keep the connection open.
    /// - Parameter keepAlive: `false` if the response itself asks to close.
    public mutating func responseReady(keepAlive wanted: Bool, now: Instant) -> Bool {
        keepAlive = keepAlive && wanted && !closeAfterResponse
        state = .writing(lastProgress: now)
        return keepAlive
    }

    /// Some bytes of the response left the socket.
    public mutating func writeProgress(now: Instant) {
        if case .writing = state { state = .writing(lastProgress: now) }
    }

    /// The whole response was written: close, or go back to reading the next (pipelined) request.
    public mutating func responseSent(now: Instant) -> Action {
        servedAny = true
        guard keepAlive, !closeAfterResponse else {
            state = .closed
            return .close
        }
        state = parser.bufferedByteCount > 0 ? .readingHead(since: now) : .idle(since: now)
        return nextAction(now: now)
    }

    /// The peer closed its side (EOF): finish an exchange in progress, otherwise close.
    public mutating func inputClosed() -> Action {
        switch state {
        case .handling, .writing:
            closeAfterResponse = true
            return .wait
        default:
            state = .closed
            return .close
        }
    }

    /// The server is shutting down: close idle connections now, the others after their response.
    public mutating func shutdown() -> Action {
        closeAfterResponse = true
        switch state {
        case .idle, .readingHead:
            state = .closed
            return .close
        default:
            return .wait
        }
    }

    /// Checks the phase deadlines.
    /// - Parameter readingPaused: the server itself stopped reading (the disk is behind): the body
    ///   rate window starts again rather than blaming the client for the server's pause.
    public mutating func tick(now: Instant, readingPaused: Bool = false) -> Action {
        func expired(_ since: Instant, _ limit: Duration) -> Bool { now >= since && now - since >= limit.nanoseconds }
        switch state {
        case .idle(let since) where expired(since, servedAny ? timeouts.idle : timeouts.header):
            // A connection that never sent a byte gets no 408: browsers open spare connections
            // they may never use, and a response there would be read as the answer to a later request.
            state = .closed
            return .close
        case .readingHead(let since) where expired(since, timeouts.header):
            // RFC 9110 §15.5.9: 408 tells a slow but honest client why it was cut.
            return reject(.requestTimeout, now: now)
        case .readingBody(let lastRead) where expired(lastRead, timeouts.body):
            return reject(.requestTimeout, now: now)
        case .readingBody where readingPaused:
            bodyWindowStart = now
            bodyWindowBytes = 0
            return .wait
        case .readingBody where timeouts.minimumBodyRate > 0 && expired(bodyWindowStart, timeouts.bodyRateWindow):
            let window = timeouts.bodyRateWindow.nanoseconds
            // bytes / seconds < rate, in integers: bytes × 1e9 < rate × nanoseconds (saturating).
            let (needed, overflow) = UInt64(timeouts.minimumBodyRate).multipliedReportingOverflow(by: window)
            let received = UInt64(bodyWindowBytes).multipliedReportingOverflow(by: 1_000_000_000)
            if !received.overflow, overflow || received.partialValue < needed {
                return reject(.requestTimeout, now: now)
            }
            bodyWindowStart = now
            bodyWindowBytes = 0
            return .wait
        case .writing(let lastProgress) where expired(lastProgress, timeouts.write):
            state = .closed
            return .abort
        default:
            return .wait
        }
    }

    mutating func reject(_ status: HTTPStatus, now: Instant) -> Action {
        keepAlive = false
        closeAfterResponse = true
        state = .writing(lastProgress: now)
        return .reject(status)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}
