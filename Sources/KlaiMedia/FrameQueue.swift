import Foundation

/// A bounded, blocking queue of frames from the decoding thread to one rung's thread.
///
/// The bound keeps memory constant whatever the length of the source: when a rung falls behind, the
/// decoder waits (back-pressure) instead of piling up pictures.
// @unchecked Sendable: every access to the mutable state happens with `condition` locked.
final class FrameQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Frame] = []
    private var finished = false
    private var abandoned = false
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a frame, waiting while the queue is full. Returns false when the consumer has given up.
    @discardableResult
    func push(_ frame: Frame) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !abandoned { condition.wait() }
        if abandoned { return false }
        items.append(frame)
        condition.broadcast()
        return true
    }

    /// Tells the consumer no more frames will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next frame, waiting for one; nil once the queue is finished and empty, or abandoned.
    func pop() -> Frame? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished && !abandoned { condition.wait() }
        if abandoned || items.isEmpty { return nil }
        let frame = items.removeFirst()
        // Wake a waiting producer only once the queue is half empty: it then refills several frames
        // per wake-up instead of one, which matters when other processes compete for the cores.
        if items.count <= capacity / 2 { condition.broadcast() }
        return frame
    }

    /// Whether `abandon()` was called.
    var isAbandoned: Bool {
        condition.lock()
        defer { condition.unlock() }
        return abandoned
    }

    /// Drops queued frames and makes every later `push` return false (a failed or cancelled rung).
    func abandon() {
        condition.lock()
        abandoned = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
