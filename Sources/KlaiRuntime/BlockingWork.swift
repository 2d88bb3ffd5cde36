import Dispatch
import Foundation
import Synchronization

/// The one way Klai runs blocking work — file-system calls, SQLite, PBKDF2, libav reads, waiting on a child
/// process — off the HTTP event loops and off Swift's cooperative pool (docs/ARCHITECTURE.md, "Blocking work").
///
/// - `run { … }` hands one short blocking call to a small pool of threads of Klai's own and resumes the
///   awaiting task with its result. The pool has one shared queue, so a slow call (a password hash) holds up
///   only its own thread, never the calls behind it; it grows on demand up to `maximumThreads`.
/// - `thread(named:) { … }` gives a long-lived loop (a service's worker, a relay's reads) a dedicated thread
///   that can be joined, which is what a `Service`'s `shutdown()` waits for.
///
/// Never `DispatchQueue.global()` (a few threads that blocking calls elsewhere can exhaust), never a detached
/// task doing I/O (it blocks a cooperative thread), never a bare `Thread` (nobody can join it).
public enum BlockingWork {
    /// Threads the shared pool may grow to: enough for every event loop to wait on a file open while the
    /// writer, a backup and a few password hashes run, small enough to stay cheap on a 2-core box.
    public static let maximumThreads = 16

    static let pool = BlockingPool(maximumThreads: maximumThreads)

    /// Runs `body` on a pool thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            pool.submit { continuation.resume(returning: body()) }
        }
    }

    /// Runs throwing `body` on a pool thread and returns its result or rethrows its error.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            pool.submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs CPU-bound `body` (a password hash: ~90 ms by design) on a lane of its own, as many threads as the
    /// machine has cores, in arrival order. Sixty pupils signing in at 08:30 then finish one after another
    /// instead of all sharing the CPU until the last is done, and the shared pool stays free for the session
    /// look-ups and file opens that keep video flowing meanwhile.
    public static func compute<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            computePool.submit { continuation.resume(with: Result { try body() }) }
        }
    }

    static let computePool = BlockingPool(maximumThreads: ProcessInfo.processInfo.activeProcessorCount)

    /// Starts `body` on a dedicated thread named `name` (seen in `top -H` and crash reports).
    /// - Returns: a handle to join the thread once `body` has returned.
    @discardableResult
    public static func thread(named name: String, _ body: @escaping @Sendable () -> Void) -> JoinableThread {
        JoinableThread(name: name, body: body)
    }
}

/// A dedicated thread whose end can be waited for, from synchronous or asynchronous code.
public final class JoinableThread: Sendable {
    public let name: String
    private let finished = DispatchGroup()

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        finished.enter()
        let thread = Thread { [finished] in
            body()
            finished.leave()
        }
        thread.name = name
        thread.start()
    }

    /// Whether the thread's body has returned.
    public var isFinished: Bool { finished.wait(timeout: .now()) == .success }

    /// Blocks the calling thread until the body has returned or `timeout` has passed.
    /// - Returns: true when the thread has finished.
    @discardableResult
    public func join(timeout: Duration) -> Bool {
        finished.wait(timeout: .now() + timeout.dispatchInterval) == .success
    }

    /// Suspends the calling task (holding no thread) until the body has returned or `timeout` has passed.
    /// - Returns: true when the thread has finished.
    @discardableResult
    public func join(timeout: Duration) async -> Bool {
        let outcome = Mutex<CheckedContinuation<Bool, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            outcome.withLock { $0 = continuation }
            let resume: @Sendable (Bool) -> Void = { finished in
                outcome.withLock { pending in
                    pending?.resume(returning: finished)
                    pending = nil
                }
            }
            finished.notify(queue: BlockingPool.timerQueue) { resume(true) }
            BlockingPool.timerQueue.asyncAfter(deadline: .now() + timeout.dispatchInterval) { resume(false) }
        }
    }
}

extension Duration {
    /// The duration for a Dispatch deadline, saturating instead of trapping on huge values (`.seconds(.max)`).
    var dispatchInterval: DispatchTimeInterval {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow, seconds >= 0 else { return overflow ? .never : .nanoseconds(0) }
        let (sum, overflowSum) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowSum || sum > Int64(Int.max) ? .never : .nanoseconds(Int(sum))
    }
}

/// Klai's pool for short blocking calls: threads that take jobs from one shared queue in order.
final class BlockingPool: Sendable {
    /// Timers and join notifications: never blocks, so one serial queue serves the process.
    static let timerQueue = DispatchQueue(label: "klai.blocking.timers")

    private struct State: ~Copyable {
        /// Queued jobs; `FIFOQueue` lets go of a taken job at once, so nothing it captured (a request with its
        /// uploaded file, a continuation) outlives the job.
        var jobs = FIFOQueue<@Sendable () -> Void>()
        /// Threads waiting for a job that no submitted job has claimed yet.
        var idle = 0
        var threads = 0
    }

    private let maximumThreads: Int
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)

    init(maximumThreads: Int) { self.maximumThreads = max(1, maximumThreads) }

    /// Queues `job`; starts a thread when none is idle and the pool may still grow.
    func submit(_ job: @escaping @Sendable () -> Void) {
        let spawn = state.withLock { state -> Bool in
            state.jobs.append(job)
            if state.idle > 0 {
                state.idle -= 1
                return false
            }
            guard state.threads < maximumThreads else { return false }
            state.threads += 1
            return true
        }
        if spawn {
            let thread = Thread { [self] in work() }
            thread.name = "klai-blocking"
            thread.start()
        }
        available.signal()
    }

    private func work() {
        while true {
            available.wait()
            let job = state.withLock { $0.jobs.popFirst() }
            job?()
            state.withLock { $0.idle += 1 }
        }
    }
}
