import Foundation
import KlaiCrypto

enum TrafficVerifier {
    static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var out: [UInt8] = []
        for i in stride(from: 0, to: 64, by: 2) {
            guard let high = digits[i].hexValue, let low = digits[i + 1].hexValue else { return nil }
            out.append(UInt8(high * 16 + low))
        }
        return out
    }
}

extension TrafficLog {
    /// Recomputes a day's hash chain line by line and compares it with the stored head and its HMAC.
    /// Repairs made after a power cut pass, listed as notes.
    ///
    /// What a writer leaves between two steps also passes with a note, never as tampering: lines past the
    /// head that chain on from it (the writer appends and fsyncs lines, then replaces the head; a running
    /// Klai is between the two at any moment, and a crash can stop it there) and a torn last line past the
    /// head. Both are what the next start repairs and anchors (TrafficLog+Recovery). A file shorter than
    /// its head, a broken chain, or a head that does not match the chain at its count still fail.
    public func verify(day: String) -> TrafficVerification { verify(day: day, against: nil) }

    /// `verify(day:)`, and the day's file must also pass through the copy of its head kept in the
    /// database (`TrafficDayHead`): line `copy.lines` exists and has the chain value the copy holds.
    /// The copy may lag the file (a crash between the head file and the database row, or a running Klai
    /// between the two): lines past it that chain on from it pass with a note. A file shorter than the copy,
    /// or whose chain at its line differs, was rewritten (with or without the key): tampering, naming the day.
    /// - Parameter copies: the database's heads by day; `nil` when there is no database to compare with.
    public func verify(day: String, against copies: [String: TrafficDayHead]?) -> TrafficVerification {
        flush()
        // The head before the file: the writer fsyncs lines before it replaces the head, so read in this
        // order the file is never behind the head in hand, even while a running Klai writes.
        let headData = FileManager.default.contents(atPath: headPath(day: day))
        let head = headData.flatMap { TrafficHead(text: String(decoding: $0, as: UTF8.self)) }
        guard let data = FileManager.default.contents(atPath: logPath(day: day)) else {
            return TrafficVerification(day: day, lines: 0, problem: "no log file for this day")
        }
        var chain = TrafficLine.genesis(day: day)
        var chainAtHead = head?.count == 0 ? chain : nil
        let copy = copies?[day]
        var chainAtCopy = copy?.lines == 0 ? chain : nil
        var number = 0
        var notes: [String] = []
        let pieces = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let endsTorn = data.last.map { $0 != UInt8(ascii: "\n") } ?? false
        for (index, raw) in pieces.enumerated() {
            if raw.isEmpty { continue }
            if endsTorn, index == pieces.count - 1, number >= head?.count ?? 0 {
                notes.append(
                    "a torn last line (\(raw.count) bytes) follows line \(number), not counted by the head: "
                        + "cut by a crash or being written now; the next start removes it")
                break
            }
            number += 1
            guard let tab = raw.lastIndex(of: UInt8(ascii: "\t")) else {
                return TrafficVerification(day: day, lines: number, problem: "line \(number) is malformed")
            }
            let line = String(decoding: raw[raw.startIndex..<tab], as: UTF8.self)
            chain = TrafficLine.chain(chain, line)
            if String(decoding: raw[(tab + 1)...], as: UTF8.self) != SHA256.hex(chain) {
                return TrafficVerification(day: day, lines: number, problem: "line \(number) was changed, removed or inserted")
            }
            if number == head?.count { chainAtHead = chain }
            if number == copy?.lines { chainAtCopy = chain }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count > 5, fields[4] == Self.repairMethod {
                notes.append("line \(number): repaired: \(TrafficLine.unescape(fields[5]))")
            }
        }
        guard headData != nil else {
            return TrafficVerification(day: day, lines: number, problem: "the chain head file is missing")
        }
        guard let head, head.count <= number, chainAtHead == head.chain else {
            return TrafficVerification(
                day: day, lines: number,
                problem: "the file does not end where the stored head says (lines cut or added at the end)")
        }
        if let copy {
            guard copy.lines <= number else {
                return TrafficVerification(
                    day: day, lines: number,
                    problem: "the database recorded \(copy.lines) lines for this day, the file has \(number): "
                        + "lines were removed and the head file made to match")
            }
            guard chainAtCopy.map(SHA256.hex) == copy.chain else {
                return TrafficVerification(
                    day: day, lines: number,
                    problem: "lines 1–\(copy.lines) no longer match the head the database recorded for this day: "
                        + "the day file and its head were rewritten")
            }
            if copy.lines < number {
                notes.append(
                    "lines \(copy.lines + 1)–\(number) chain on from the database's copy of the head but are not in it "
                        + "yet: written since Klai's last database update, or just before a crash")
            }
        } else if copies != nil {
            notes.append("the database holds no copy of this day's head (written before Klai kept one, or by 'klai files')")
        }
        if head.count < number {
            notes.append(
                "lines \(head.count + 1)–\(number) chain on from the head but are not anchored yet: written by a "
                    + "running Klai since its last head, or just before a crash; the next start anchors them")
        }
        switch (head.mac, key) {
        case (_?, let key?) where !head.isAuthentic(day: day, key: key):
            return TrafficVerification(
                day: day, lines: number,
                problem: "the head's HMAC does not match: the day and its head were rewritten without Klai's key")
        case (nil, _?):
            return TrafficVerification(day: day, lines: number, problem: "the head carries no HMAC, though a key exists")
        case (_?, nil):
            return TrafficVerification(
                day: day, lines: number,
                problem: "the head's HMAC cannot be checked: \(keyProblem ?? "no key")")
        case (nil, nil):
            notes.append("the head is not anchored (no key)")
        default:
            break
        }
        return TrafficVerification(day: day, lines: number, problem: nil, notes: notes)
    }

    /// Verifies every day on disk.
    public func verifyAll() -> [TrafficVerification] { verifyAll(against: nil) }

    /// Verifies every day on disk against the database's copies of the heads, and reports a day the
    /// database holds whose file is gone while the law still requires it (younger than 90 days: Klai
    /// never removes those).
    public func verifyAll(against copies: [String: TrafficDayHead]?, now: Int = Int(Date().timeIntervalSince1970))
        -> [TrafficVerification]
    {
        let onDisk = days()
        var results = onDisk.map { verify(day: $0, against: copies) }
        let kept = TrafficLine.day(now - Self.legalMinimumRetentionDays * 86_400)
        for (day, copy) in copies ?? [:] where day >= kept && !onDisk.contains(day) {
            results.append(
                TrafficVerification(
                    day: day, lines: 0,
                    problem: "the day's log file is gone, though the database recorded its head (\(copy.lines) lines)"))
        }
        return results.sorted { $0.day < $1.day }
    }
}
