import Glibc
import KlaiRuntime
import Synchronization

/// Klai's HTTP/1.1 server: a few `epoll` loops over one listening socket.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 8080), responder: router)
/// try await server.run()        // until shutdown() or SIGTERM via runUntilTerminated()
/// ```
public final class HTTPServer: Service {
    public let configuration: HTTPServerConfiguration
    let context: ServerContext
    let state = Mutex<State>(State())
    /// Set once `stopOnTerminationSignals()` has installed the process's signal handlers for this server.
    let terminationHandlersInstalled = Atomic<Bool>(false)

    struct State {
        var loops: [EventLoop] = []
        var listenerFD: Int32 = -1
        var localAddress: SocketAddress?
        var stopped = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Creates a server; nothing is bound until `start()` or `run()`.
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), responder: any HTTPResponder) {
        self.configuration = configuration
        context = ServerContext(configuration: configuration, responder: responder)
    }

    /// Creates a server answering with `router`.
    public convenience init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), router: Router) {
        self.init(configuration: configuration, responder: router)
    }

    public var serviceName: String { "http server" }

    /// Whether `shutdown()` has begun (a health check may answer 503 while draining).
    public var isShuttingDown: Bool { context.shuttingDown.load(ordering: .relaxed) }

    /// The bound address (with the real port when 0 was asked for); `nil` before `start()`.
    public var localAddress: SocketAddress? { state.withLock { $0.localAddress } }

    /// Binds and starts the event loops, then returns.
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    public func start() throws {
        signal(SIGPIPE, SIG_IGN)
        Self.raiseDescriptorLimit()
        let (fd, address) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: 1024)
        var loops: [EventLoop] = []
        for index in 0..<configuration.eventLoopCount {
            let loop = try EventLoop(index: index, tickMilliseconds: configuration.tickMilliseconds)
            let acceptor = HTTPAcceptor(loop: loop, context: context, listenerFD: fd)
            loop.acceptor = acceptor
            loops.append(loop)
        }
        for loop in loops { loop.acceptor?.siblings = loops }
        state.withLock {
            $0.loops = loops
            $0.listenerFD = fd
            $0.localAddress = address
        }
        for loop in loops {
            loop.enqueue { loop.acceptor?.start() }
            loop.start()
        }
    }

    /// Each connection and each cached open file holds a descriptor; the usual soft limit of 1024
    /// is far below `maxConnections`, so raise it to the hard limit, as nginx's
    /// `worker_rlimit_nofile` does.
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Starts (if needed) and waits until the server has shut down.
    public func run() async throws {
        if localAddress == nil { try start() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.stopped { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Stops accepting, lets in-flight requests finish (up to the grace period), closes the rest,
    /// flushes the traffic log and stops the loops. Safe to call more than once.
    public func shutdown() async {
        guard !context.shuttingDown.exchange(true, ordering: .relaxed) else {
            try? await run()
            return
        }
        let (loops, listenerFD) = state.withLock { ($0.loops, $0.listenerFD) }
        for loop in loops { loop.execute { loop.acceptor?.stopAccepting() } }
        // Close the listener as soon as no loop watches it: new clients are refused, not left waiting.
        while context.loopsDoneAccepting.load(ordering: .acquiring) < loops.count {
            await DispatchSleep.sleep(for: .milliseconds(1))
        }
        if listenerFD >= 0 { close(listenerFD) }
        let deadline = Monotonic.now() + configuration.shutdownGracePeriod.nanoseconds
        while context.openConnections.load(ordering: .relaxed) > 0, Monotonic.now() < deadline {
            await DispatchSleep.sleep(for: .milliseconds(10))
        }
        for loop in loops {
            loop.execute { loop.acceptor?.closeAll() }
            loop.stop()
        }
        while loops.contains(where: { !$0.isStopped }) { await DispatchSleep.sleep(for: .milliseconds(5)) }
        configuration.trafficLog?.flush()
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.stopped = true
            let waiters = state.waiters
            state.waiters = []
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
