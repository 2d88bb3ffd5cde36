import Dispatch

/// Waits on a Dispatch timer instead of `Task.sleep`: `Task.sleep` resumes through the cooperative
/// thread pool, which blocking code elsewhere in the process can fill, and shutdown must not hang
/// behind it. The timer runs on a private serial queue (an overcommitting one: it gets a thread even
/// when `DispatchQueue.global()`'s few threads are all blocked).
public enum DispatchSleep {
    static let queue = DispatchQueue(label: "klai.http.sleep")

    /// Suspends the calling task for `duration`.
    public static func sleep(for duration: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(duration.nanoseconds))) {
                continuation.resume()
            }
        }
    }
}
