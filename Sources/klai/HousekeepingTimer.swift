import Dispatch
import Foundation
import KlaiLearning
import KlaiRuntime
import KlaiStore
import Synchronization

/// Hourly housekeeping while `klai serve` runs: expired sessions, old sign-in failures and known devices,
/// and past days' event counters are pruned, so those tables stay the size of the present.
///
/// A `Service`: its passes run on a thread of its own (`BlockingWork.thread`); `shutdown()` ends the wait
/// between passes at once and joins the thread after a pass in progress has finished.
final class HousekeepingTimer: Service {
    private let store: Store
    private let interval: TimeInterval
    private let wake = DispatchSemaphore(value: 0)
    private let thread = Mutex<JoinableThread?>(nil)

    var serviceName: String { "housekeeping" }

    /// Prunes a minute after start (not during start-up's rush), then every `interval` seconds.
    init(store: Store, every interval: TimeInterval = 3600) {
        self.store = store
        self.interval = interval
    }

    func start() {
        thread.withLock { running in
            guard running == nil else { return }
            running = BlockingWork.thread(named: "klai-housekeeping") { [self] in
                var delay: TimeInterval = 60
                while wake.wait(timeout: .now() + delay) == .timedOut {
                    prune()
                    delay = interval
                }
            }
        }
    }

    func shutdown() async {
        guard let running = thread.withLock({ $0 }) else { return }
        wake.signal()
        await running.join(timeout: .seconds(60))
    }

    private func prune() {
        do {
            let (sessions, failures) = try Accounts(store: store).prune()
            let counters = try PlaybackIngest(store: store).prune()
            if sessions + failures + counters > 0 {
                print(
                    "housekeeping: removed \(sessions) expired session(s), \(failures) old sign-in failure(s), "
                        + "\(counters) past event counter(s)")
            }
        } catch {
            FileHandle.standardError.write(Data("klai: housekeeping failed: \(error)\n".utf8))
        }
    }
}
