import Foundation
import Synchronization

/// Set by the SIGINT/SIGTERM handler; a lock-free atomic store is async-signal-safe.
private let interruptReceived = Atomic<Bool>(false)

/// Set when the user presses Ctrl-C (SIGINT) or the process gets SIGTERM, so a running transcode
/// stops between packets and removes its temporary folder instead of dying mid-write.
struct InterruptFlag: Sendable {
    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number) { _ in interruptReceived.store(true, ordering: .relaxed) }
        }
    }

    var isSet: Bool { interruptReceived.load(ordering: .relaxed) }
}
