import CKlaiHTTP
import Foundation
import Glibc
import Synchronization

/// Something registered with an event loop that reacts to readiness of its file descriptor.
protocol EventLoopHandler: AnyObject {
    func handle(events: UInt32)
}

/// One `epoll` thread: owns its connections, runs handler tasks as their preferred executor,
/// and takes work from other threads through a locked queue and an `eventfd` wake-up.
///
/// `@unchecked Sendable`: the mutable state (`handlers`, `connections`, `timers`) is touched only
/// on the loop's own thread; other threads reach the loop only through `execute`, which is guarded
/// by a `Mutex`, and the immutable file descriptors.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    let epollFD: Int32
    let wakeFD: Int32
    let index: Int
    private let pending = Mutex<[@Sendable () -> Void]>([])
    private let threadID = Atomic<UInt>(0)
    private var running = true
    var handlers: [Int32: EventLoopHandler] = [:]
    /// Called every tick on the loop thread (timeouts).
    var onTick: (() -> Void)?
    let tickMilliseconds: Int32
    private let stoppedFlag = Atomic<Bool>(false)
    /// Open connections on this loop (read by the other loops when they hand out new ones).
    let load = Atomic<Int>(0)
    /// The HTTP side of this loop; set before the thread starts, then used only on it.
    var acceptor: HTTPAcceptor?

    init(index: Int, tickMilliseconds: Int32) throws {
        self.index = index
        self.tickMilliseconds = tickMilliseconds
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw HTTPServerError(operation: "epoll_create1", code: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw HTTPServerError(operation: "eventfd", code: errno) }
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(fd: wakeFD))
        epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)
    }

    deinit {
        close(epollFD)
        close(wakeFD)
    }

    /// Whether the caller runs on this loop's thread.
    var inLoop: Bool { threadID.load(ordering: .relaxed) == UInt(bitPattern: Int(bitPattern: pthread_self())) }

    /// Runs `body` on the loop thread: at once if already there, otherwise after a wake-up.
    func execute(_ body: @escaping @Sendable () -> Void) {
        if inLoop {
            body()
            return
        }
        enqueue(body)
    }

    /// Queues `body` to run on the loop thread after the current events.
    func enqueue(_ body: @escaping @Sendable () -> Void) {
        let wasEmpty = pending.withLock { queue in
            queue.append(body)
            return queue.count == 1
        }
        if wasEmpty || !inLoop {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        enqueue { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    // MARK: Registration (loop thread only)

    func register(_ fd: Int32, handler: EventLoopHandler, events: UInt32) {
        handlers[fd] = handler
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)
    }

    func modify(_ fd: Int32, events: UInt32) {
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    func deregister(_ fd: Int32) {
        handlers[fd] = nil
        epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    // MARK: Running

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "klai-http-\(index)"
        thread.start()
    }

    /// Stops the loop after the current iteration; `waitUntilStopped` returns once it has.
    func stop() {
        enqueue { [self] in running = false }
    }

    var isStopped: Bool { stoppedFlag.load(ordering: .acquiring) }

    private func run() {
        // Visible in `top -H` and `ps -L`, so an operator can tell the loops apart.
        klai_set_thread_name("klai-http-\(index)")
        threadID.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .relaxed)
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var lastTick = Monotonic.now()
        while running {
            let count = epoll_wait(epollFD, &events, Int32(events.count), tickMilliseconds)
            if count > 0 {
                for i in 0..<Int(count) {
                    let fd = events[i].data.fd
                    if fd == wakeFD {
                        var value: UInt64 = 0
                        _ = read(wakeFD, &value, 8)
                        continue
                    }
                    handlers[fd]?.handle(events: events[i].events)
                }
            }
            runPending()
            let now = Monotonic.now()
            if now - lastTick >= UInt64(tickMilliseconds) * 1_000_000 {
                lastTick = now
                onTick?()
                runPending()
            }
        }
        runPending()
        onTick = nil
        handlers.removeAll()
        acceptor = nil
        stoppedFlag.store(true, ordering: .releasing)
    }

    private func runPending() {
        // Jobs may enqueue more jobs; bound the rounds so I/O is not starved.
        for _ in 0..<16 {
            let jobs = pending.withLock { queue -> [@Sendable () -> Void] in
                let taken = queue
                queue.removeAll(keepingCapacity: true)
                return taken
            }
            if jobs.isEmpty { return }
            for job in jobs { job() }
        }
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }
}
