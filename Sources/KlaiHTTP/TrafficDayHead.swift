import Foundation
import KlaiCrypto
import Synchronization

/// A day's chain head as the writer hands it to a second place: in `klai serve`, a row in the
/// library's database (`traffic_head`), where editing the log files alone cannot reach it.
///
/// The HMAC (`TrafficHead`) stops a person without Klai's key; this copy also stops one who has
/// the key, or who puts back an earlier head (validly signed) and cuts the file to match it. KlaiHTTP
/// knows nothing of the database: `TrafficLog` calls its `headSink` with each head it writes, and
/// `verify(day:against:)` takes the copies the caller read back.
///
/// The copy is written after the head file, so it may lag it (a crash between the two, or a running
/// Klai between its two writes). The rule `verify` applies: the file's chain must pass through the
/// copy, line `lines` having the chain value `chain`. A file shorter than the copy, or whose chain at
/// that line differs, was edited.
public struct TrafficDayHead: Sendable, Equatable {
    /// The UTC day, `YYYY-MM-DD`.
    public var day: String
    /// Lines the day file held when this head was written.
    public var lines: Int
    /// The chain value after line `lines`, 64 hex digits.
    public var chain: String

    public init(day: String, lines: Int, chain: String) {
        self.day = day
        self.lines = lines
        self.chain = chain
    }

    init(day: String, lines: Int, chain: [UInt8]) {
        self.init(day: day, lines: lines, chain: SHA256.hex(chain))
    }
}

/// Called on the traffic log's writer thread (never an event loop) with each day head it writes, after
/// the head file is on disk. It may block briefly (a database write); the log's lines wait meanwhile.
public typealias TrafficHeadSink = @Sendable (TrafficDayHead) -> Void

/// Stands between the traffic log and its head sink: the first head of a day that the database already
/// holds a copy of is passed on only if the day's file still passes through that copy. A day edited
/// while Klai was stopped (even with the key, even by putting back an earlier signed head) would
/// otherwise have its forged chain copied over the honest one on the next write; instead its copy is
/// left as it was, so `verify` keeps reporting the day, and the day is listed in `editedDays`.
final class TrafficHeadGuard: Sendable {
    private let sink: TrafficHeadSink
    private let state: Mutex<(copies: [String: TrafficDayHead], edited: [String])>
    private let directory: String

    init(sink: @escaping TrafficHeadSink, copies: [String: TrafficDayHead], directory: String) {
        self.sink = sink
        self.state = Mutex((copies, []))
        self.directory = directory
    }

    /// Days whose file no longer passes through the database's copy (found when Klai next wrote them).
    var editedDays: [String] { state.withLock { $0.edited } }

    func pass(_ head: TrafficDayHead) {
        let (edited, copy) = state.withLock { ($0.edited.contains(head.day), $0.copies[head.day]) }
        if edited { return }
        if let copy {
            // Checked once per day and process: Klai's own appends never change the lines before it.
            let data = FileManager.default.contents(atPath: "\(directory)/\(head.day).log") ?? Data()
            let intact = TrafficLog.passes(data, through: copy, day: head.day)
            state.withLock { state in
                state.copies[head.day] = nil
                if !intact { state.edited.append(head.day) }
            }
            guard intact else {
                HTTPServerConfiguration.standardError(
                    "klai: traffic log: \(head.day) no longer passes through the head the database recorded "
                        + "(\(copy.lines) lines): its files were edited while Klai was stopped; the database's copy is "
                        + "kept as it was, and 'klai traffic verify' reports the day")
                return
            }
        }
        sink(head)
    }
}
