import CKlaiHTTP
import Foundation
import Synchronization

/// The traffic log the Computer Crime Act B.E. 2550 s.26 requires: every exchange, one file per UTC
/// day, kept at least 90 days, each day a SHA-256 hash chain whose head is stored in a separate file.
///
/// `record` only appends to a buffer under a lock (the event loops never touch the disk); a writer
/// thread formats, chains and appends at least every second, and `flush()` does it at once.
public final class TrafficLog: Sendable {
    /// Where the day files live: `<directory>/YYYY-MM-DD.log`, heads in `<directory>/heads/YYYY-MM-DD.head`.
    public let directory: String
    /// Days kept; older files are removed.
    public let retentionDays: Int
    private let pending = Mutex<[TrafficRecord]>([])
    private let writer = Mutex<TrafficWriter>(TrafficWriter())
    private let running = Atomic<Bool>(true)
    private let wake = Mutex<Bool>(false)

    /// The minimum retention the law asks for.
    public static let legalMinimumRetentionDays = 90

    /// Opens (creating if needed) the log folder and starts the writer thread.
    /// - Parameters:
    ///   - retentionDays: at least 90; fewer only with `allowShortRetention` (tests).
    /// - Throws: `TrafficLogError` when the retention is below the legal minimum or the folder cannot be made.
    public init(directory: String, retentionDays: Int = 90, allowShortRetention: Bool = false,
                flushInterval: Duration = .milliseconds(200)) throws {
        guard retentionDays >= Self.legalMinimumRetentionDays || (allowShortRetention && retentionDays >= 1) else {
            throw TrafficLogError.retentionTooShort(retentionDays)
        }
        self.directory = directory
        self.retentionDays = retentionDays
        running.store(true, ordering: .relaxed)
        try FileManager.default.createDirectory(atPath: directory + "/heads", withIntermediateDirectories: true)
        removeExpired(now: Int(Date().timeIntervalSince1970))
        let interval = flushInterval
        let thread = Thread { [self] in
            // Below the event loops: under load, requests come before their log lines (which are
            // only buffered meanwhile, never dropped). Small, frequent batches keep it from taking a
            // whole core at once.
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(klai_thread_id()), 5)
            klai_set_thread_name("klai-traffic")
            var lastExpiry = Date()
            while running.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: Double(interval.nanoseconds) / 1e9)
                flush()
                if Date().timeIntervalSince(lastExpiry) > 3600 {
                    lastExpiry = Date()
                    removeExpired(now: Int(lastExpiry.timeIntervalSince1970))
                }
            }
        }
        thread.name = "klai-traffic-log"
        thread.start()
    }

    /// A reader of an existing folder (no writer thread, nothing removed).
    init(directory: String, readOnly: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TrafficLogError.unreadable(directory)
        }
        self.directory = directory
        retentionDays = Self.legalMinimumRetentionDays
        running.store(false, ordering: .relaxed)
    }

    /// Stops the writer thread after a final flush.
    public func close() {
        running.store(false, ordering: .relaxed)
        flush()
    }

    /// Queues one exchange; cheap and non-blocking apart from a short lock.
    public func record(_ record: TrafficRecord) {
        pending.withLock { $0.append(record) }
    }

    /// Writes everything queued so far to disk (and the chain heads), now.
    public func flush() {
        let records = pending.withLock { queue -> [TrafficRecord] in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
        guard !records.isEmpty else { return }
        writer.withLock { $0.append(records, directory: directory) }
    }

    func logPath(day: String) -> String { "\(directory)/\(day).log" }
    func headPath(day: String) -> String { "\(directory)/heads/\(day).head" }

    /// Removes day files (and heads) older than the retention.
    public func removeExpired(now: Int) {
        let oldest = TrafficLine.day(now - retentionDays * 86_400)
        for day in days() where day < oldest {
            try? FileManager.default.removeItem(atPath: logPath(day: day))
            try? FileManager.default.removeItem(atPath: headPath(day: day))
        }
    }

    /// The days that have a log file, oldest first.
    public func days() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".log") && $0.count == 14 }.map { String($0.dropLast(4)) }.sorted()
    }
}


extension TrafficLog {
    /// Opens a log folder for `verify` and `export` only: no writer thread, nothing removed.
    public static func openForReading(_ directory: String) throws -> TrafficLog {
        try TrafficLog(directory: directory, readOnly: true)
    }
}
