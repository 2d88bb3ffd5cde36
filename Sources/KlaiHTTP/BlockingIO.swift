import Dispatch

/// Runs blocking file-system calls (open, stat, readlink) on a dispatch queue of its own, never on
/// an event loop or the cooperative pool, and resumes the caller when they are done.
public enum BlockingIO {
    static let queue = DispatchQueue(label: "klai.http.blocking-io", qos: .userInitiated, attributes: .concurrent)

    /// Runs `body` off the caller's thread.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
