/// A first-in, first-out queue with O(1) amortised `append` and `popFirst`, for the waiting lines behind
/// `BlockingWork`'s pool and `AdmissionGate`.
///
/// A taken element's slot is emptied at once, so nothing it holds (a job's captures: a request with its
/// uploaded spool file, a continuation) outlives its turn while the storage waits to drop its taken prefix
/// (commit 3be0dc4: a plain head index kept up to 64 finished jobs alive). The prefix is dropped now and then
/// instead of shifting the storage on every pop.
public struct FIFOQueue<Element> {
    private var slots: [Element?] = []
    private var head = 0

    public init() {}

    /// Elements queued and not yet taken.
    public var count: Int { slots.count - head }

    public var isEmpty: Bool { head >= slots.count }

    /// Queues `element` behind the others.
    public mutating func append(_ element: Element) {
        slots.append(element)
    }

    /// Takes the element queued longest, or nil when the queue is empty.
    public mutating func popFirst() -> Element? {
        guard head < slots.count else { return nil }
        let element = slots[head]
        slots[head] = nil
        head += 1
        if head > 64, head * 2 > slots.count {
            slots.removeFirst(head)
            head = 0
        }
        return element
    }
}

extension FIFOQueue: Sendable where Element: Sendable {}
