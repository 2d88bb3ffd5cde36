import Foundation
import Synchronization

/// What a blocking libavformat read checks to give up: the relay is stopping, or the upstream has
/// sent nothing for longer than the stall limit.
///
/// libavformat calls `AVIOInterruptCB` from inside `avformat_open_input` and `av_read_frame` while
/// they wait on the network; returning 1 makes the call fail with `AVERROR_EXIT` (avio.h).
final class LiveStopSignal: Sendable {
    private let stopping = Atomic<Bool>(false)
    /// `DispatchTime.now().uptimeNanoseconds` after which a read counts as stalled (0: no limit).
    private let deadline = Atomic<UInt64>(0)

    /// Asks every read in progress to give up.
    func stop() { stopping.store(true, ordering: .relaxed) }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Gives the current read `seconds` from now before it counts as stalled.
    func armDeadline(seconds: Double) {
        let now = DispatchTime.now().uptimeNanoseconds
        deadline.store(now + UInt64(max(0, min(seconds, 86_400)) * 1e9), ordering: .relaxed)
    }

    /// Whether a blocking read should give up now.
    var shouldInterrupt: Bool {
        if isStopping { return true }
        let limit = deadline.load(ordering: .relaxed)
        return limit != 0 && DispatchTime.now().uptimeNanoseconds > limit
    }

    /// Waits up to `seconds`, returning early (true) when asked to stop.
    func sleep(seconds: Double) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if isStopping { return true }
            Thread.sleep(forTimeInterval: min(0.05, max(0, end.timeIntervalSinceNow)))
        }
        return isStopping
    }
}
