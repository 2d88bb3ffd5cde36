import CKlaiHTTP
import Glibc

/// Per-loop owner of accepting and of the loop's connections (loop thread only).
final class HTTPAcceptor: EventLoopHandler {
    unowned let loop: EventLoop
    let context: ServerContext
    let listenerFD: Int32
    var connections: [Int32: HTTPConnection] = [:]
    var accepting = true
    /// One read buffer per loop: reads never allocate.
    var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    var dateCache = DateCache()
    /// A descriptor held in reserve for `shedWithoutDescriptors`.
    var spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
    /// Every loop of the server (this one included), for spreading new connections.
    var siblings: [EventLoop] = []

    init(loop: EventLoop, context: ServerContext, listenerFD: Int32) {
        self.loop = loop
        self.context = context
        self.listenerFD = listenerFD
    }

    deinit {
        if spareFD >= 0 { Glibc.close(spareFD) }
    }

    func start() {
        loop.register(listenerFD, handler: self, events: .epollIn | .epollExclusive)
        loop.onTick = { [unowned self] in tick() }
    }

    func handle(events: UInt32) {
        guard accepting else { return }
        for _ in 0..<64 {
            guard let (fd, peer) = Socket.accept(listenerFD) else {
                if errno == EMFILE || errno == ENFILE { shedWithoutDescriptors() }
                return
            }
            let open = context.openConnections.add(1, ordering: .relaxed).newValue
            if open > context.configuration.maxConnections || context.shuttingDown.load(ordering: .relaxed) {
                refuse(fd, peer: peer, status: .serviceUnavailable, message: "Server is too busy.")
                continue
            }
            // One address may not take every slot; counted until the connection closes.
            guard context.openConnection(from: peer) else {
                refuse(fd, peer: peer, status: .tooManyRequests, message: "Too many connections from your address.")
                continue
            }
            // Whichever loop the kernel woke takes the connection to the least busy loop, so a burst
            // of new clients does not all land on one thread.
            let target = siblings.min { $0.load.load(ordering: .relaxed) < $1.load.load(ordering: .relaxed) } ?? loop
            let chosen = target.load.load(ordering: .relaxed) < loop.load.load(ordering: .relaxed) ? target : loop
            chosen.load.add(1, ordering: .relaxed)
            if chosen === loop {
                adopt(fd, peer: peer)
            } else {
                chosen.enqueue { chosen.acceptor?.adopt(fd, peer: peer) }
            }
        }
    }

    /// Out of file descriptors, the pending client can be neither accepted nor left waiting (the
    /// level-triggered listener would wake this loop forever): give up the spare descriptor, accept,
    /// close at once, take the spare again.
    private func shedWithoutDescriptors() {
        if spareFD >= 0 { Glibc.close(spareFD) }
        if let (fd, _) = Socket.accept(listenerFD) { Glibc.close(fd) }
        spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }

    /// Takes a new connection onto this loop.
    func adopt(_ fd: Int32, peer: SocketAddress) {
        let connection = HTTPConnection(fd: fd, peer: peer, loop: loop, context: context, acceptor: self)
        connections[fd] = connection
        loop.register(fd, handler: connection, events: connection.interest)
        // Handed over just as shutdown began here: serve what is in flight, then close.
        if !accepting { connection.shutdown() }
    }

    /// Over a connection cap: a fast 503 (server-wide) or 429 (per address, RFC 6585 §4) instead of
    /// a hang, and a traffic record of it.
    private func refuse(_ fd: Int32, peer: SocketAddress, status: HTTPStatus, message: String) {
        let text =
            "HTTP/1.1 \(status)\r\nDate: \(dateCache.current())\r\nRetry-After: 5\r\n"
            + "Content-Type: text/plain\r\nContent-Length: \(message.utf8.count + 1)\r\nConnection: close\r\n\r\n\(message)\n"
        let sent = text.utf8.withContiguousStorageIfAvailable { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } ?? 0
        Glibc.close(fd)
        context.openConnections.subtract(1, ordering: .relaxed)
        let now = HTTPDate.now()
        context.configuration.trafficLog?.record(
            TrafficRecord(
                seconds: now.seconds, nanoseconds: now.nanoseconds, clientHost: peer.host, clientPort: peer.port,
                account: nil, method: "-", target: "-", status: status.code, bytesSent: max(0, sent), durationMicroseconds: 0,
                userAgent: nil))
    }

    func connectionClosed(_ connection: HTTPConnection) {
        connections[connection.fd] = nil
        loop.load.subtract(1, ordering: .relaxed)
        context.openConnections.subtract(1, ordering: .relaxed)
        context.closeConnection(from: connection.peer)
    }

    private func tick() {
        let now = Monotonic.now()
        for connection in Array(connections.values) { connection.tick(now: now) }
    }

    /// Stops accepting on this loop and winds down its connections.
    func stopAccepting() {
        guard accepting else { return }
        accepting = false
        loop.deregister(listenerFD)
        context.loopsDoneAccepting.add(1, ordering: .releasing)
        for connection in Array(connections.values) { connection.shutdown() }
    }

    func closeAll() {
        for connection in Array(connections.values) { connection.close() }
    }
}

@available(*, unavailable) extension HTTPAcceptor: Sendable {}
