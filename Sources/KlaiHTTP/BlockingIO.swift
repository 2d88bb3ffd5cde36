import Dispatch
import Synchronization

/// Runs blocking file-system calls (open, stat, readlink) on queues of their own, never on an event
/// loop or the cooperative pool, and resumes the caller when they are done.
///
/// Serial queues, used in turn: unlike a concurrent queue or `DispatchQueue.global()`, each gets its
/// own (overcommitting) thread, so blocking work elsewhere in the process cannot starve them.
public enum BlockingIO {
    static let queues = (0..<4).map { DispatchQueue(label: "klai.http.blocking-io-\($0)", qos: .userInitiated) }
    static let next = Atomic<Int>(0)

    /// A queue for one job (round robin).
    static var queue: DispatchQueue { queues[next.add(1, ordering: .relaxed).oldValue % queues.count] }

    /// Runs `body` off the caller's thread.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
