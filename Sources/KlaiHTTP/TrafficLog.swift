import CKlaiHTTP
import Foundation
import KlaiRuntime
import Synchronization

/// The traffic log the Computer Crime Act B.E. 2550 s.26 requires: every exchange, one file per UTC
/// day, kept at least 90 days, each day a SHA-256 hash chain whose head is stored in a separate file
/// and anchored with an HMAC under a key only Klai reads (`TrafficHead`, `TrafficKey`).
///
/// `record` only appends to a buffer under a lock (the event loops never touch the disk); a writer
/// thread formats, chains, appends and fsyncs at least every second, and `flush()` does it at once.
/// Against a full disk: text fields are cut at 256 bytes (`TrafficLine.field`) and one address gets
/// at most `linesPerSecondPerAddress` lines a second (`TrafficLineBudget`). After a power cut, opening
/// the log repairs a torn last line and a head left behind, with a `(repair)` line saying so
/// (`TrafficLog+Recovery.swift`); `verify` reports those as notes.
public final class TrafficLog: Sendable {
    /// Where the day files live: `<directory>/YYYY-MM-DD.log`, heads in `<directory>/heads/YYYY-MM-DD.head`.
    public let directory: String
    /// Days kept; older files are removed.
    public let retentionDays: Int
    /// The file holding the HMAC key for the day heads.
    public let keyPath: String
    /// The key; `nil` for a reader that could not read it (then `verify` says so).
    let key: [UInt8]?
    /// Why a reader has no key, for `verify`'s message.
    let keyProblem: String?
    /// Gets every head written, repairs included (`TrafficDayHead`), through its guard.
    let headSink: TrafficHeadSink?
    private let headGuard: TrafficHeadGuard?
    /// What waits for the writer, and each address's line budget for its current second, under one
    /// lock: recording an exchange takes it once.
    private struct Queue {
        var budget: TrafficLineBudget
        var records: [TrafficRecord] = []
    }
    private let queue: Mutex<Queue>
    private let writer: Mutex<TrafficWriter>
    private let running = Atomic<Bool>(true)
    private let wake = Mutex<Bool>(false)

    /// The minimum retention the law asks for.
    public static let legalMinimumRetentionDays = 90

    /// Opens (creating if needed) the log folder and its key, repairs what a power cut left, and
    /// starts the writer thread.
    /// - Parameters:
    ///   - retentionDays: at least 90; fewer only with `allowShortRetention` (tests).
    ///   - keyPath: the HMAC key file (created 0600 if missing); default `<directory>/traffic.key`.
    ///   - linesPerSecondPerAddress: lines one client address may cause per second before its
    ///     exchanges are only counted (see `TrafficLineBudget`).
    ///   - headSink: called with each day head written, after its file (`klai serve` copies it into
    ///     the database, where editing the log files alone cannot reach it).
    ///   - storedHeads: the copies the sink's store already holds, by day: a day whose file no longer
    ///     passes through its copy keeps that copy (`TrafficHeadGuard`, `editedDays`).
    /// - Throws: `TrafficLogError` when the retention is below the legal minimum or the folder or
    ///   key cannot be made.
    public init(
        directory: String, retentionDays: Int = 90, allowShortRetention: Bool = false,
        flushInterval: Duration = .milliseconds(200), keyPath: String? = nil,
        linesPerSecondPerAddress: Int = 200, headSink: TrafficHeadSink? = nil,
        storedHeads: [String: TrafficDayHead] = [:]
    ) throws {
        guard retentionDays >= Self.legalMinimumRetentionDays || (allowShortRetention && retentionDays >= 1) else {
            throw TrafficLogError.retentionTooShort(retentionDays)
        }
        self.directory = directory
        self.retentionDays = retentionDays
        self.keyPath = keyPath ?? directory + "/traffic.key"
        let headGuard = headSink.map { TrafficHeadGuard(sink: $0, copies: storedHeads, directory: directory) }
        self.headGuard = headGuard
        if let headGuard {
            self.headSink = { @Sendable head in headGuard.pass(head) }
        } else {
            self.headSink = nil
        }
        do {
            try TrafficFiles.makeFolder(directory + "/heads")
            let (key, created) = try TrafficKey.loadOrCreate(at: self.keyPath)
            self.key = key
            keyProblem = nil
            queue = Mutex(Queue(budget: TrafficLineBudget(linesPerSecond: linesPerSecondPerAddress)))
            writer = Mutex(TrafficWriter(key: key, headSink: self.headSink))
            recoverRecentDays(now: Int(Date().timeIntervalSince1970))
            if created { anchorUnanchoredDays() }
        } catch let error as HTTPServerError {
            throw TrafficLogError.unwritable(error.description)
        }
        removeExpired(now: Int(Date().timeIntervalSince1970))
        let interval = flushInterval
        BlockingWork.thread(named: "klai-traffic-log") { [self] in
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
    }

    /// A reader of an existing folder (no writer thread, nothing removed).
    init(directory: String, readOnly: Bool, keyPath: String?) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TrafficLogError.unreadable(directory)
        }
        self.directory = directory
        retentionDays = Self.legalMinimumRetentionDays
        self.keyPath = keyPath ?? directory + "/traffic.key"
        do {
            key = try TrafficKey.load(at: self.keyPath)
            keyProblem = key == nil ? "there is no key at \(self.keyPath)" : nil
        } catch {
            key = nil
            keyProblem = "\(error) (run as the user Klai runs as)"
        }
        queue = Mutex(Queue(budget: TrafficLineBudget(linesPerSecond: 1)))
        headSink = nil
        headGuard = nil
        writer = Mutex(TrafficWriter(key: nil))
        running.store(false, ordering: .relaxed)  // no writer thread
    }

    /// Days whose file no longer passes through the database's copy of their head, found when this log
    /// next wrote to them: edited while Klai was stopped. Their copy is left as it was for `verify`.
    public var editedDays: [String] { headGuard?.editedDays ?? [] }

    /// Stops the writer thread after a final flush.
    public func close() {
        running.store(false, ordering: .relaxed)
        queue.withLock { $0.records += $0.budget.drain(quietSince: Int.max) }
        flush()
    }

    /// Queues one exchange (or counts it, past its address's budget); cheap and non-blocking apart
    /// from one short lock.
    public func record(_ record: TrafficRecord) {
        let now = Int(Date().timeIntervalSince1970)
        queue.withLock { $0.budget.admit(record, now: now, into: &$0.records) }
    }

    /// Writes everything queued so far to disk (and the chain heads), now, and fsyncs it.
    public func flush() {
        // An address quiet for two seconds gets its summary line now.
        let quietSince = Int(Date().timeIntervalSince1970) - 1
        let records = queue.withLock { queue -> [TrafficRecord] in
            queue.records += queue.budget.drain(quietSince: quietSince)
            let taken = queue.records
            queue.records.removeAll(keepingCapacity: true)
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
        try TrafficLog(directory: directory, readOnly: true, keyPath: nil)
    }

    /// Opens a log folder for `verify` and `export` only, with its key at `keyPath`.
    public static func openForReading(_ directory: String, keyPath: String?) throws -> TrafficLog {
        try TrafficLog(directory: directory, readOnly: true, keyPath: keyPath)
    }
}
