import CKlaiHTTP
import Glibc

/// One accepted socket, driven on its event loop's thread; it performs what its
/// `ConnectionStateMachine` decides and nothing more. Not thread-safe: loop thread only.
final class HTTPConnection: EventLoopHandler {
    let fd: Int32
    let id: UInt64
    let peer: SocketAddress
    unowned let loop: EventLoop
    let context: ServerContext
    let acceptor: HTTPAcceptor
    var machine: ConnectionStateMachine
    var interest: UInt32 = .epollIn | .epollRDHup
    private(set) var isClosed = false
    /// The peer sent EOF: never ask for input again.
    var inputEnded = false
    /// `process()` is pulling actions (see there).
    private var isProcessing = false

    // The exchange in progress.
    var head: HTTPRequestHead?
    /// The client as requests and the traffic log see it: the peer, or whom a trusted proxy names.
    var client: SocketAddress
    var isHTTPS = false
    var requestID = "0"
    var route: HTTPResolvedRoute?
    var body = RequestBodyCollector()
    var exchangeStart: UInt64 = 0
    var exchangeWallTime = (seconds: 0, nanoseconds: 0)
    var status = 0
    var account: String?
    var bytesSent = 0
    /// The response is fully queued in `outbound` (a stream has written its last chunk).
    var responseComplete = false
    var responseStarted = false
    var outbound = OutboundQueue()
    /// Spooled body pieces not yet on disk; reading pauses while too many are queued.
    var diskWritesInFlight = 0
    var handlerWaitsForDisk = false

    init(fd: Int32, peer: SocketAddress, loop: EventLoop, context: ServerContext, acceptor: HTTPAcceptor) {
        self.fd = fd
        self.peer = peer
        client = peer
        self.loop = loop
        self.context = context
        self.acceptor = acceptor
        id = context.connectionCounter.add(1, ordering: .relaxed).newValue
        machine = ConnectionStateMachine(
            limits: context.configuration.limits, timeouts: context.configuration.timeouts,
            now: Monotonic.now())
    }

    func handle(events: UInt32) {
        if events & .epollIn != 0 || events & (.epollErr | .epollHup | .epollRDHup) != 0 { readAvailable() }
        if isClosed { return }
        if events & .epollOut != 0 { flush() }
    }

    private func readAvailable() {
        var sawEOF = false
        for _ in 0..<4 {
            let n = acceptor.readBuffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                acceptor.readBuffer.withUnsafeBytes { machine.bytesReceived(UnsafeRawBufferPointer(rebasing: $0[0..<n]), now: Monotonic.now()) }
                if n < acceptor.readBuffer.count || !machine.wantsRead { break }
            } else if n == 0 {
                sawEOF = true
                break
            } else {
                if errno == EAGAIN || errno == EINTR { break }
                close()
                return
            }
        }
        process()
        if sawEOF, !isClosed {
            inputEnded = true
            perform(machine.inputClosed())
            // Stop waiting for input that will never come; EPOLLRDHUP would fire forever.
            if !isClosed { setInterest(interest & ~(.epollIn | .epollRDHup)) }
        }
        updateReadInterest()
    }

    /// Pulls actions from the state machine until it waits. A response sent while this runs (an
    /// immediate answer, a 421) finishes its exchange and calls this again: that inner call returns at
    /// once and this loop goes on, so a thousand pipelined requests answered at once are a loop, not a
    /// recursion a thousand deep that would overflow the loop thread's stack.
    func process() {
        guard !isProcessing else { return }
        isProcessing = true
        defer { isProcessing = false }
        while !isClosed {
            let action = machine.nextAction(now: Monotonic.now())
            if case .wait = action { return }
            perform(action)
        }
    }

    func perform(_ action: ConnectionStateMachine.Action) {
        switch action {
        case .wait:
            break
        case .dispatch(let head):
            begin(head)
        case .sendContinue:
            outbound.append(bytes: Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), more: false)
            flush()
        case .bodyPart(let part):
            do {
                if let toDisk = try body.append(part, limit: route?.maxBodySize ?? 0, configuration: context.configuration) {
                    spool(toDisk)
                }
            } catch let error as HTTPError {
                perform(machine.refuseBody(error.status, now: Monotonic.now()))
            } catch {
                perform(machine.refuseBody(.internalServerError, now: Monotonic.now()))
            }
        case .requestComplete:
            // The handler sees the body only once the disk has all of it.
            if diskWritesInFlight > 0 { handlerWaitsForDisk = true } else { runHandler() }
        case .reject(let status):
            if head == nil { beginExchangeClock() }
            var response = HTTPResponse.error(status)
            response.closeConnection = true
            send(response)
        case .close:
            close()
        case .abort:
            // SO_LINGER with a zero timeout makes close() send RST and drop the unsent bytes.
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            close()
        }
    }

    func beginExchangeClock() {
        exchangeStart = Monotonic.now()
        exchangeWallTime = HTTPDate.now()
    }

    /// Queues a piece of a large body for the upload file, pausing reads if the disk falls behind.
    private func spool(_ bytes: [UInt8]) {
        guard let spool = body.spool else { return }
        diskWritesInFlight += 1
        let loop = self.loop
        let fd = self.fd
        let id = self.id
        spool.write(bytes) {
            loop.execute {
                guard let connection = loop.handlers[fd] as? HTTPConnection, connection.id == id else { return }
                connection.diskWriteFinished()
            }
        }
        updateReadInterest()
    }

    private func diskWriteFinished() {
        diskWritesInFlight -= 1
        if diskWritesInFlight == 0, handlerWaitsForDisk {
            handlerWaitsForDisk = false
            runHandler()
        }
        updateReadInterest()
        if diskWritesInFlight < Self.maxDiskWritesInFlight { process() }
    }

    /// About 1 MiB of a large upload may wait for the disk before reading pauses.
    static let maxDiskWritesInFlight = 16

    private func runHandler() {
        guard let head, let route else { return }
        let request: HTTPRequest
        do {
            request = makeRequest(head, route: route, body: try body.finish())
        } catch let error as HTTPError {
            send(error.response)
            return
        } catch {
            send(.error(.internalServerError))
            return
        }
        if let immediate = route.immediate, let response = immediate(request) {
            send(response)
            return
        }
        let loop = self.loop
        let fd = self.fd
        let id = self.id
        let handler = route.handler
        let errorLog = context.configuration.errorLog
        Task(executorPreference: loop) {
            let response: HTTPResponse
            do {
                response = try await handler(request)
            } catch let error as HTTPError {
                response = error.response
            } catch {
                // Design rule: an unknown error is a logged 500, never a crash. The line names the
                // request (id, method, path) and the error; never the content or the query, which
                // may hold passwords or pupils' data.
                errorLog("klai: 500 for request \(request.id) \(request.method) \(request.path): \(error)")
                response = .error(.internalServerError)
            }
            loop.execute {
                guard let connection = loop.handlers[fd] as? HTTPConnection, connection.id == id else { return }
                connection.send(response)
            }
        }
    }

    func setInterest(_ events: UInt32) {
        guard events != interest, !isClosed else { return }
        interest = events
        loop.modify(fd, events: events)
    }

    func updateReadInterest() {
        guard !isClosed, !inputEnded else { return }
        let wanted = machine.wantsRead && diskWritesInFlight < Self.maxDiskWritesInFlight
        if wanted, interest & .epollIn == 0 {
            setInterest(interest | .epollIn | .epollRDHup)
        } else if !wanted, interest & .epollIn != 0 {
            setInterest(interest & ~(.epollIn | .epollRDHup))
        }
    }

    /// The loop's periodic timeout check.
    func tick(now: UInt64) {
        perform(machine.tick(now: now, readingPaused: diskWritesInFlight >= Self.maxDiskWritesInFlight))
    }

    /// Server shutdown: idle connections close now, busy ones after their response.
    func shutdown() {
        perform(machine.shutdown())
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        if head != nil || status != 0 { logExchange() }
        body.discard()
        outbound.failWaiters()
        loop.deregister(fd)
        Glibc.close(fd)
        acceptor.connectionClosed(self)
    }
}

@available(*, unavailable) extension HTTPConnection: Sendable {}
