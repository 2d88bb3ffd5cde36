import Foundation
import KlaiCrypto

/// What a power cut can leave in the traffic log, and how opening the log for writing repairs it
/// without hiding it: every repair adds a `(repair)` line to the day (chained and anchored like any
/// other), which `verify` lists as a note.
///
/// The writer appends and fsyncs lines, then replaces the head, so a cut can leave (a) a torn last
/// line, without its newline, and (b) a head that counts fewer lines than the file holds. Both are
/// repaired. A file whose chain is broken, or shorter than its head says, or whose head does not
/// carry Klai's HMAC, is left exactly as it is for `verify` to report: that is not what a power cut does.
extension TrafficLog {
    /// The `(repair)` method: not an HTTP token (RFC 9110 §5.6.2), so no request can forge the line.
    static let repairMethod = "(repair)"

    /// Repairs the two most recent days, the only ones the writer may have been appending to.
    func recoverRecentDays(now: Int) {
        for day in days().suffix(2) { _ = recover(day: day, now: now) }
    }

    /// Repairs one day after a crash.
    /// - Returns: the sentences of the `(repair)` lines added (empty when nothing was wrong).
    @discardableResult
    func recover(day: String, now: Int) -> [String] {
        guard let key, let handle = FileHandle(forUpdatingAtPath: logPath(day: day)),
            let data = try? handle.readToEnd() ?? Data()
        else { return [] }
        defer { try? handle.close() }
        var notes: [String] = []
        let keep =
            data.last == UInt8(ascii: "\n")
            ? data.endIndex
            : (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? data.startIndex)
        // The complete lines must chain before anything is touched: a broken chain stays as found.
        guard let (lines, chain) = Self.replay(data[data.startIndex..<keep], day: day) else { return [] }
        if keep < data.endIndex {
            let cut = data.endIndex - keep
            guard (try? handle.truncate(atOffset: UInt64(keep - data.startIndex))) != nil else { return [] }
            notes.append("a torn last line (\(cut) bytes, cut by a power cut or crash) was removed on restart")
        }
        let head = (FileManager.default.contents(atPath: headPath(day: day)))
            .flatMap { TrafficHead(text: String(decoding: $0, as: UTF8.self)) }
        if let head {
            guard head.mac == nil || head.isAuthentic(day: day, key: key), head.count <= lines else { return [] }
            if head.count < lines {
                notes.append(
                    "the head counted \(head.count) lines; lines \(head.count + 1)–\(lines), written just "
                        + "before a power cut or crash, were anchored on restart")
            }
        } else if lines > 0 {
            notes.append("the head file was missing; the \(lines) lines present were anchored on restart")
        }
        guard !notes.isEmpty else { return [] }
        var count = lines
        var running = chain
        var text = ""
        for note in notes {
            let line = TrafficLine.format(
                TrafficRecord(
                    seconds: now, nanoseconds: 0, clientHost: "(klai)", clientPort: 0, account: nil,
                    method: Self.repairMethod, target: note, status: 0, bytesSent: 0, durationMicroseconds: 0,
                    userAgent: nil))
            running = TrafficLine.chain(running, line)
            count += 1
            text += line + "\t" + SHA256.hex(running) + "\n"
        }
        guard (try? handle.seekToEnd()) != nil, (try? handle.write(contentsOf: Data(text.utf8))) != nil,
            (try? handle.synchronize()) != nil
        else { return [] }
        writeHead(day: day, count: count, chain: running, key: key)
        return notes
    }

    /// Signs the heads of days written before there was a key, when their chain is intact, so one
    /// upgrade does not leave 90 days that `verify` must refuse.
    func anchorUnanchoredDays() {
        guard let key else { return }
        for day in days() {
            guard let data = FileManager.default.contents(atPath: headPath(day: day)),
                let head = TrafficHead(text: String(decoding: data, as: UTF8.self)), head.mac == nil,
                let log = FileManager.default.contents(atPath: logPath(day: day)),
                let (lines, chain) = Self.replay(log, day: day), lines == head.count, chain == head.chain
            else { continue }
            writeHead(day: day, count: lines, chain: chain, key: key)
        }
    }

    /// Writes a day's signed head file, then hands the head to the sink (the writer's order).
    private func writeHead(day: String, count: Int, chain: [UInt8], key: [UInt8]) {
        guard (try? TrafficHead.signed(day: day, count: count, chain: chain, key: key).write(to: headPath(day: day))) != nil
        else { return }
        headSink?(TrafficDayHead(day: day, lines: count, chain: chain))
    }

    /// Whether a day file passes through a copy of its head: line `copy.lines` exists and has the chain
    /// value `copy.chain` (computed from the lines' text, whatever hashes the file itself carries).
    static func passes(_ data: Data, through copy: TrafficDayHead, day: String) -> Bool {
        var chain = TrafficLine.genesis(day: day)
        var number = 0
        for raw in data.split(separator: UInt8(ascii: "\n")) {
            if number == copy.lines { break }
            guard let tab = raw.lastIndex(of: UInt8(ascii: "\t")) else { return false }
            chain = TrafficLine.chain(chain, String(decoding: raw[raw.startIndex..<tab], as: UTF8.self))
            number += 1
        }
        return number == copy.lines && SHA256.hex(chain) == copy.chain
    }

    /// Recomputes a day's chain: the line count and final value, or `nil` at the first line that
    /// does not match its hash.
    static func replay(_ data: Data, day: String) -> (lines: Int, chain: [UInt8])? {
        var chain = TrafficLine.genesis(day: day)
        var number = 0
        for raw in data.split(separator: UInt8(ascii: "\n")) {
            guard let tab = raw.lastIndex(of: UInt8(ascii: "\t")) else { return nil }
            chain = TrafficLine.chain(chain, String(decoding: raw[raw.startIndex..<tab], as: UTF8.self))
            guard String(decoding: raw[(tab + 1)...], as: UTF8.self) == SHA256.hex(chain) else { return nil }
            number += 1
        }
        return (number, chain)
    }
}
