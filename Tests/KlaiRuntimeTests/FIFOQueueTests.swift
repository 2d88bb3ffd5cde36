import KlaiRuntime
import Testing

@Suite struct FIFOQueueTests {
    /// Elements come out in the order they went in, across many compactions of the taken prefix and with
    /// pushes and pops interleaved (what the pool's queue and the admission gate's waiters do).
    @Test func elementsLeaveInTheOrderTheyCame() {
        var queue = FIFOQueue<Int>()
        var expected = 0
        var next = 0
        for round in 0..<50 {
            for _ in 0..<(round % 7 + 40) {
                queue.append(next)
                next += 1
            }
            for _ in 0..<(round % 5 + 30) {
                #expect(queue.popFirst() == expected)
                expected += 1
            }
            #expect(queue.count == next - expected)
        }
        while let element = queue.popFirst() {
            #expect(element == expected)
            expected += 1
        }
        #expect(expected == next)
        #expect(queue.isEmpty)
        #expect(queue.popFirst() == nil)
    }

    /// A taken element is let go at once, not when the storage next drops its taken prefix: a job's captured
    /// request would otherwise keep its uploaded spool file on disk after the answer.
    @Test func aTakenElementIsReleasedAtOnce() {
        final class Upload {}
        weak var watched: Upload?
        var queue = FIFOQueue<Upload>()
        do {
            let upload = Upload()
            watched = upload
            queue.append(upload)
            queue.append(Upload())
        }
        _ = queue.popFirst()
        #expect(watched == nil, "the queue still holds an element it handed out")
        #expect(queue.count == 1)
    }
}
