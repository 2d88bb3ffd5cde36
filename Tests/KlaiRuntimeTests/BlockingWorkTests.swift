import Dispatch
import KlaiRuntime
import Synchronization
import Testing

@Suite struct BlockingWorkTests {
    /// Four calls that block until a fifth has run: with a few serial queues taken in turn (what Klai had),
    /// the fifth waits behind the first and nothing moves; with one shared queue it runs on a free thread.
    @Test func slowBlockingCallsDoNotHoldBackTheCallBehindThem() async {
        let released = DispatchSemaphore(value: 0)
        let blocked = (0..<4).map { _ in
            Task { await BlockingWork.run { released.wait(timeout: .now() + 10) == .success } }
        }
        try? await Task.sleep(for: .milliseconds(100))
        await BlockingWork.run {
            for _ in 0..<4 { released.signal() }
        }
        for task in blocked { #expect(await task.value, "a blocked call was released by the call queued after it") }
    }

    /// What a finished call captured (a request holding an uploaded file that is removed when it is let go)
    /// is released when the call is done, not kept by the pool's queue until it next compacts.
    @Test func aFinishedCallDoesNotKeepWhatItCapturedAlive() async {
        final class Upload: Sendable {}
        weak var watched: Upload?
        do {
            let upload = Upload()
            watched = upload
            await BlockingWork.run { _ = upload }
            _ = try? await BlockingWork.compute { _ = upload }
        }
        var released = false
        for _ in 0..<100 where !released {
            released = watched == nil
            if !released { try? await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(released, "the pool still holds a finished call's captures")
    }

    @Test func aThrowingCallHandsItsErrorToTheCaller() async throws {
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await BlockingWork.run { () throws -> Int in throw Refused() } }
        #expect(try await BlockingWork.run { () throws -> Int in 7 } == 7)
    }

    @Test func joiningAThreadWaitsForItsBodyAndGivesUpAtTheBound() async {
        let gate = DispatchSemaphore(value: 0)
        let done = Atomic<Bool>(false)
        let thread = BlockingWork.thread(named: "klai-test-join") {
            gate.wait()
            done.store(true, ordering: .relaxed)
        }
        #expect(await thread.join(timeout: .milliseconds(100)) == false, "still blocked: the join gives up at its bound")
        #expect(!thread.isFinished)
        gate.signal()
        #expect(await thread.join(timeout: .seconds(10)))
        let finished = done.load(ordering: .relaxed)
        #expect(finished, "the body had finished when the join returned")
        #expect(thread.join(timeout: .zero), "a finished thread joins at once, from synchronous code too")
    }
}
