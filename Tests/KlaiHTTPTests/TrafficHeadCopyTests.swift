import Foundation
import KlaiCrypto
import Synchronization
import Testing

@testable import KlaiHTTP

/// The copy of each day head kept outside the log files (in `klai serve`, the database), against a
/// person who can edit the files and even holds the HMAC key. The sink here keeps the copies as the
/// database table does: one per day, moving only forward.
@Suite struct TrafficHeadCopyTests {
    // 2026-11-20T10:00:00Z
    let base = 1_795_168_800
    let day = "2026-11-20"

    /// What `klai serve`'s table does with the heads it is handed.
    final class Copies: Sendable {
        let heads = Mutex<[String: TrafficDayHead]>([:])
        var sink: TrafficHeadSink {
            { head in
                self.heads.withLock { heads in
                    if head.lines >= heads[head.day]?.lines ?? 0 { heads[head.day] = head }
                }
            }
        }
        var current: [String: TrafficDayHead] { heads.withLock { $0 } }
    }

    /// A log writing in `folder` whose heads go to a fresh set of copies, as `klai serve` wires it.
    func copiedLog(in folder: TemporaryDirectory) throws -> (Copies, TrafficLog) {
        let copies = Copies()
        return (copies, try TrafficLog(directory: folder.path, headSink: copies.sink))
    }

    func record(_ offset: Int, host: String = "10.0.0.7") -> TrafficRecord {
        TrafficRecord(
            seconds: base + offset, nanoseconds: 0, clientHost: host, clientPort: 50_000,
            account: nil, method: "GET", target: "/hls/a/seg1.m4s", status: 200, bytesSent: 150,
            durationMicroseconds: 85, userAgent: "Mozilla/5.0")
    }

    /// Rewrites the day keeping `keep` of its lines, with a consistent chain and a head signed with the
    /// real key: what a person who can read `traffic.key` and write the folder can do.
    func rewriteWithTheKey(_ folder: TemporaryDirectory, keep: ([String]) -> [String]) throws {
        let path = "\(folder.path)/\(day).log"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var chain = TrafficLine.genesis(day: day)
        var text = ""
        let kept = keep(lines)
        for line in kept {
            let content = String(line[..<(line.lastIndex(of: "\t") ?? line.endIndex)])
            chain = TrafficLine.chain(chain, content)
            text += content + "\t" + SHA256.hex(chain) + "\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let key = try #require(try TrafficKey.load(at: folder.path + "/traffic.key"))
        try TrafficHead.signed(day: day, count: kept.count, chain: chain, key: key).text
            .write(toFile: "\(folder.path)/heads/\(day).head", atomically: true, encoding: .utf8)
    }

    @Test func aDayAndItsHeadRewrittenConsistentlyWithTheKeyAreStillCaughtByTheDatabaseCopy() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (copies, log) = try copiedLog(in: folder)
        for i in 0..<4 { log.record(record(i, host: "10.0.0.\(i)")) }
        log.close()
        let chain = try #require(try headChain(folder))
        #expect(copies.current[day] == TrafficDayHead(day: day, lines: 4, chain: chain))
        // 10.0.0.2's visit removed, chain recomputed, head signed with the key: the files alone pass.
        try rewriteWithTheKey(folder) { $0.filter { !$0.contains("\t10.0.0.2\t") } }
        let reader = try TrafficLog.openForReading(folder.path)
        #expect(reader.verify(day: day).isIntact, "the files alone cannot tell")
        let result = reader.verify(day: day, against: copies.current)
        #expect(!result.isIntact)
        #expect(result.description.hasPrefix("\(day): TAMPERED: "), "\(result)")
        #expect(result.problem?.contains("the database recorded 4 lines for this day, the file has 3") == true, "\(result)")
        // The same with a line changed rather than removed: the count agrees, the chain does not.
        let folder2 = try TemporaryDirectory()
        defer { folder2.remove() }
        let copies2 = Copies()
        let log2 = try TrafficLog(directory: folder2.path, headSink: copies2.sink)
        for i in 0..<4 { log2.record(record(i, host: "10.0.0.\(i)")) }
        log2.close()
        try rewriteWithTheKey(folder2) { $0.map { $0.replacingOccurrences(of: "\t10.0.0.2\t", with: "\t10.0.0.9\t") } }
        let changed = try TrafficLog.openForReading(folder2.path)
        #expect(changed.verify(day: day).isIntact)
        #expect(changed.verify(day: day, against: copies2.current).problem?.contains("lines 1–4 no longer match") == true)
    }

    @Test func anEarlierSignedHeadPutBackOverACutFileIsCaughtByTheDatabaseCopy() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (copies, log) = try copiedLog(in: folder)
        let headPath = "\(folder.path)/heads/\(day).head"
        for i in 0..<2 { log.record(record(i)) }
        log.flush()
        let earlierHead = try Data(contentsOf: URL(fileURLWithPath: headPath))
        for i in 2..<5 { log.record(record(i, host: "10.0.0.99")) }
        log.close()
        // No key needed: the last three lines cut off and the head Klai signed after line 2 put back.
        let path = "\(folder.path)/\(day).log"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(2).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try earlierHead.write(to: URL(fileURLWithPath: headPath))
        let reader = try TrafficLog.openForReading(folder.path)
        #expect(reader.verify(day: day).isIntact, "the files alone cannot tell")
        let result = reader.verify(day: day, against: copies.current)
        #expect(result.problem?.contains("the database recorded 5 lines for this day, the file has 2") == true, "\(result)")
    }

    @Test func aKillBetweenTheHeadFileAndTheDatabaseRowIsNotCalledTampering() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (copies, log) = try copiedLog(in: folder)
        for i in 0..<3 { log.record(record(i)) }
        log.flush()
        let beforeLastFlush = copies.current
        for i in 3..<5 { log.record(record(i)) }
        log.close()
        // The head file counts 5 lines; the database row, written after it, still says 3.
        let reader = try TrafficLog.openForReading(folder.path)
        let lagging = reader.verify(day: day, against: beforeLastFlush)
        #expect(lagging.isIntact, "\(lagging)")
        #expect(
            lagging.notes == [
                "lines 4–5 chain on from the database's copy of the head but are not in it yet: written since "
                    + "Klai's last database update, or just before a crash"
            ])
        // The restart brings the copy up to date: the file passes through the copy it found.
        let restartCopies = Copies()
        restartCopies.heads.withLock { $0 = beforeLastFlush }
        let restarted = try TrafficLog(directory: folder.path, headSink: restartCopies.sink, storedHeads: beforeLastFlush)
        restarted.record(record(10))
        restarted.close()
        #expect(restarted.editedDays.isEmpty)
        #expect(restartCopies.current[day]?.lines == 6)
        let caughtUp = try TrafficLog.openForReading(folder.path).verify(day: day, against: restartCopies.current)
        #expect(caughtUp.isIntact && caughtUp.notes.isEmpty, "\(caughtUp)")
    }

    @Test func aDayEditedWhileKlaiWasStoppedKeepsItsHonestCopyWhenKlaiWritesToItAgain() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (copies, log) = try copiedLog(in: folder)
        for i in 0..<4 { log.record(record(i, host: "10.0.0.\(i)")) }
        log.close()
        let honest = copies.current
        try rewriteWithTheKey(folder) { $0.map { $0.replacingOccurrences(of: "\t10.0.0.2\t", with: "\t10.0.0.9\t") } }
        // Klai starts again and appends to the day: the forged chain must not replace the honest copy.
        let restarted = try TrafficLog(directory: folder.path, headSink: copies.sink, storedHeads: honest)
        for i in 10..<13 { restarted.record(record(i)) }
        restarted.close()
        #expect(restarted.editedDays == [day])
        #expect(copies.current == honest)
        let result = try TrafficLog.openForReading(folder.path).verify(day: day, against: copies.current)
        #expect(result.problem?.contains("lines 1–4 no longer match") == true, "\(result)")
    }

    @Test func aDayFileRemovedWithinTheLegalNinetyDaysIsReportedFromTheDatabaseCopy() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (copies, log) = try copiedLog(in: folder)
        log.record(record(0))
        log.record(record(86_400))  // the next day
        log.close()
        try FileManager.default.removeItem(atPath: "\(folder.path)/\(day).log")
        try FileManager.default.removeItem(atPath: "\(folder.path)/heads/\(day).head")
        let reader = try TrafficLog.openForReading(folder.path)
        let results = reader.verifyAll(against: copies.current, now: base + 2 * 86_400)
        let days = results.map { $0.day }
        #expect(days == [day, "2026-11-21"])
        #expect(results.first?.problem?.contains("log file is gone") == true, "\(results)")
        #expect(results.last?.isIntact == true)
        // Past the legal minimum, a day's removal is retention at work.
        let later = reader.verifyAll(against: copies.current, now: base + 120 * 86_400)
        #expect(later.allSatisfy { $0.isIntact })
    }

    func headChain(_ folder: TemporaryDirectory) throws -> String? {
        let text = try String(contentsOfFile: "\(folder.path)/heads/\(day).head", encoding: .utf8)
        return TrafficHead(text: text).map { SHA256.hex($0.chain) }
    }
}
