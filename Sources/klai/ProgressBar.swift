import Foundation
import KlaiMedia
import Synchronization

/// The progress of `klai transcode` on standard error: a redrawn bar on a terminal (percent,
/// × realtime, time left), a plain line every 10% when standard error is a file or pipe.
final class ProgressBar: Sendable {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let lastDecile = Mutex(-1)
    private let drawn = Mutex(false)

    init(label: String) {
        self.label = label
    }

    func show(_ progress: TranscodeProgress) {
        let eta = progress.remaining.map(ProgressBar.clock) ?? "--:--"
        let speed = String(format: "%.1f×", progress.speed)
        if isTerminal {
            let width = 30
            let filled = Int(progress.percent / 100 * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = String(format: "\r%@ %5.1f%%  %@ realtime  ETA %@  ", bar, progress.percent, speed, eta)
            FileHandle.standardError.write(Data(line.utf8))
            drawn.withLock { $0 = true }
        } else {
            let decile = Int(progress.percent / 10)
            let isNew = lastDecile.withLock { last in
                defer { last = max(last, decile) }
                return decile > last
            }
            if isNew {
                printError(String(format: "%@: %3.0f%%  %@ realtime  ETA %@", label, progress.percent, speed, eta))
            }
        }
    }

    /// Ends the bar's line so later output starts on a fresh one.
    func finish() {
        if drawn.withLock({ $0 }) { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
