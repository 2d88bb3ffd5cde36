import Dispatch
import Foundation
import KlaiLearning
import KlaiStore

/// Hourly housekeeping while `klai serve` runs: expired sessions, old sign-in failures and known devices,
/// and past days' event counters are pruned, so those tables stay the size of the present.
final class HousekeepingTimer {
    private let timer: DispatchSourceTimer

    init(store: Store, every interval: TimeInterval = 3600) {
        let queue = DispatchQueue(label: "klai.housekeeping", qos: .utility)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 60, repeating: interval)
        timer.setEventHandler {
            do {
                let (sessions, failures) = try Accounts(store: store).prune()
                let counters = try PlaybackIngest(store: store).prune()
                if sessions + failures + counters > 0 {
                    print("housekeeping: removed \(sessions) expired session(s), \(failures) old sign-in failure(s), "
                        + "\(counters) past event counter(s)")
                }
            } catch {
                FileHandle.standardError.write(Data("klai: housekeeping failed: \(error)\n".utf8))
            }
        }
    }

    func start() { timer.resume() }
    func stop() { timer.cancel() }
}
