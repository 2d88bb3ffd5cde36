import Foundation
import Glibc
import KlaiCrypto
import Testing

@testable import KlaiHTTP

/// The traffic log against a disk-filling flood, a power cut and a person who can edit its files.
@Suite struct TrafficLogHardeningTests {
    // 2026-11-20T10:00:00Z
    let base = 1_795_168_800
    let day = "2026-11-20"

    func record(
        _ offset: Int, host: String = "10.0.0.7", target: String = "/hls/a/seg1.m4s",
        agent: String? = "Mozilla/5.0"
    ) -> TrafficRecord {
        TrafficRecord(
            seconds: base + offset, nanoseconds: 0, clientHost: host, clientPort: 50_000,
            account: nil, method: "GET", target: target, status: 404, bytesSent: 150,
            durationMicroseconds: 85, userAgent: agent)
    }

    func lines(_ folder: TemporaryDirectory) throws -> [String] {
        try String(contentsOfFile: "\(folder.path)/\(day).log", encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func cutsAnEightKilobyteTargetTo256BytesAndKeepsAHashOfTheWhole() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path)
        let target = "/" + String(repeating: "ก%", count: 2730)
        let agent = String(repeating: "A", count: 24 * 1024)
        log.record(record(0, target: target, agent: agent))
        log.flush()
        let fields = try lines(folder)[0].split(separator: "\t").map(String.init)
        let digest = SHA256.hex(SHA256.hash(Array(target.utf8))).prefix(16)
        #expect(fields[5].hasSuffix("…[cut: \(target.utf8.count) bytes, sha256 \(digest)]"))
        #expect(fields[5].utf8.count < 320 && fields[9].utf8.count < 320)
        // Cut between characters, never inside a %25 escape or a Thai letter's UTF-8.
        let kept = fields[5].prefix { $0 != "…" }
        #expect(kept.hasSuffix("%25") || kept.hasSuffix("ก"))
        #expect(log.verify(day: day).isIntact)
        log.close()
    }

    @Test func tenThousandRequestsWithEightKilobyteTargetsGrowTheLogByLessThanOneMegabyte() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path, linesPerSecondPerAddress: 200)
        let target = "/" + String(repeating: "x", count: 8 * 1024)
        // 10,000 requests from one address within 5 seconds, and one honest request from another.
        for i in 0..<10_000 { log.record(record(i / 2000, target: target)) }
        log.record(record(2, host: "10.0.0.8"))
        log.close()
        let size = try #require(FileManager.default.attributesOfItem(atPath: "\(folder.path)/\(day).log")[.size] as? Int)
        // Uncut and unlimited it would be over 80 MB; 5 s × 200 cut lines + 5 summaries stay under 1 MB.
        #expect(size < 1_000_000, "the log grew by \(size) bytes")
        let written = try lines(folder)
        let full = written.filter { $0.contains("\tGET\t") }
        let summaries = written.filter { $0.contains("\t(suppressed)\t") }
        #expect(full.count == 5 * 200 + 1)
        #expect(summaries.count == 5)
        // Every exchange is accounted for: logged in full, or counted in its second's summary.
        let counted = summaries.compactMap { $0.split(separator: "\t")[5].split(separator: " ").first.flatMap { Int($0) } }
        #expect(counted.reduce(0, +) + full.count == 10_001)
        #expect(full.contains { $0.contains("\t10.0.0.8\t") })
        let reopened = try TrafficLog.openForReading(folder.path)
        #expect(reopened.verify(day: day).isIntact)
    }

    @Test func repairsATornLastLineOnReopenAndVerifyPassesWithANote() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path)
        for i in 0..<3 { log.record(record(i)) }
        log.close()
        // The power went while a line was half on disk.
        let path = "\(folder.path)/\(day).log"
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-11-20T10:00:09.000000Z\t10.0.0.7\t500".utf8))
        try handle.close()
        let beforeRestart = try TrafficLog.openForReading(folder.path).verify(day: day)
        #expect(
            beforeRestart.isIntact && beforeRestart.notes.first?.contains("torn last line (40 bytes)") == true,
            "a torn tail is what a crash leaves, not tampering: \(beforeRestart)")
        let reopened = try TrafficLog(directory: folder.path)
        reopened.record(record(10))
        reopened.close()
        let result = try TrafficLog.openForReading(folder.path).verify(day: day)
        #expect(result.isIntact, "\(result)")
        #expect(result.lines == 5)
        #expect(result.notes.count == 1 && result.notes[0].contains("torn last line (40 bytes"))
        #expect(try lines(folder)[3].contains("\t(repair)\t"))
    }

    @Test func anchorsLinesWrittenJustBeforeAPowerCutThatTheHeadDidNotCountYet() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let headPath = "\(folder.path)/heads/\(day).head"
        let log = try TrafficLog(directory: folder.path)
        for i in 0..<3 { log.record(record(i)) }
        log.flush()
        let earlierHead = try Data(contentsOf: URL(fileURLWithPath: headPath))
        for i in 3..<5 { log.record(record(i)) }
        log.close()
        // The lines were fsynced; the head replacing the earlier one was not.
        try earlierHead.write(to: URL(fileURLWithPath: headPath))
        let beforeRestart = try TrafficLog.openForReading(folder.path).verify(day: day)
        #expect(
            beforeRestart.isIntact && beforeRestart.notes.first?.contains("lines 4–5 chain on from the head") == true,
            "lines past the head are what a crash leaves, not tampering: \(beforeRestart)")
        try TrafficLog(directory: folder.path).close()
        let result = try TrafficLog.openForReading(folder.path).verify(day: day)
        #expect(result.isIntact, "\(result)")
        #expect(result.notes.first?.contains("lines 4–5") == true)
    }

    /// Found by Benchmarks/chaos.sh: a SIGKILL between the writer's lines and its head made `klai traffic
    /// verify` call the day tampered; and a running Klai is between the two at any moment.
    @Test func verifyDuringAWriteOrAfterAKillDoesNotCryTamperingButStillCatchesACutFile() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let headPath = "\(folder.path)/heads/\(day).head"
        let log = try TrafficLog(directory: folder.path)
        for i in 0..<3 { log.record(record(i)) }
        log.flush()
        let earlierHead = try Data(contentsOf: URL(fileURLWithPath: headPath))
        log.record(record(3))
        log.flush()
        // The writer has fsynced line 4 and not yet replaced the head (or was killed right there).
        let currentHead = try Data(contentsOf: URL(fileURLWithPath: headPath))
        try earlierHead.write(to: URL(fileURLWithPath: headPath))
        let midWrite = try TrafficLog.openForReading(folder.path).verify(day: day)
        #expect(midWrite.isIntact, "\(midWrite)")
        #expect(
            midWrite.notes == [
                "lines 4–4 chain on from the head but are not anchored yet: written by a running Klai "
                    + "since its last head, or just before a crash; the next start anchors them"
            ])
        // Lines the head counts, cut off the end: that is tampering (or a lost disk), and still fails.
        try currentHead.write(to: URL(fileURLWithPath: headPath))
        let path = "\(folder.path)/\(day).log"
        let kept = try lines(folder).dropLast().joined(separator: "\n") + "\n"
        try kept.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try TrafficLog.openForReading(folder.path).verify(day: day).problem?.contains("does not end where") == true)
        log.close()
    }

    @Test func failsVerifyWhenADayAndItsHeadAreRewrittenWithoutTheKey() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path)
        for i in 0..<4 { log.record(record(i, host: "10.0.0.\(i)")) }
        log.close()
        // Someone with write access removes 10.0.0.2's visit and recomputes the chain and the head.
        let kept = try lines(folder).filter { !$0.contains("\t10.0.0.2\t") }
        var chain = TrafficLine.genesis(day: day)
        var text = ""
        for line in kept {
            let content = String(line[..<(line.lastIndex(of: "\t") ?? line.endIndex)])
            chain = TrafficLine.chain(chain, content)
            text += content + "\t" + SHA256.hex(chain) + "\n"
        }
        try text.write(toFile: "\(folder.path)/\(day).log", atomically: true, encoding: .utf8)
        let headPath = "\(folder.path)/heads/\(day).head"
        for forged in [
            TrafficHead(count: 3, chain: chain, mac: nil),
            TrafficHead.signed(day: day, count: 3, chain: chain, key: SecureRandom.bytes(32))
        ] {
            try forged.text.write(toFile: headPath, atomically: true, encoding: .utf8)
            let result = try TrafficLog.openForReading(folder.path).verify(day: day)
            #expect(!result.isIntact)
            #expect(result.problem?.contains("HMAC") == true, "\(result)")
            // Reopening for writing does not launder it either.
            try TrafficLog(directory: folder.path).close()
            #expect(try !TrafficLog.openForReading(folder.path).verify(day: day).isIntact)
        }
    }

    @Test func anchorsDaysWrittenBeforeThereWasAKeyWhenTheirChainIsIntact() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path)
        for i in 0..<3 { log.record(record(i)) }
        log.close()
        // As an older Klai left it: no key, and a head of two fields.
        try FileManager.default.removeItem(atPath: folder.path + "/traffic.key")
        let headPath = "\(folder.path)/heads/\(day).head"
        let head = try #require(TrafficHead(text: try String(contentsOfFile: headPath, encoding: .utf8)))
        try TrafficHead(count: head.count, chain: head.chain, mac: nil).text.write(toFile: headPath, atomically: true, encoding: .utf8)
        let unanchored = try TrafficLog.openForReading(folder.path).verify(day: day)
        #expect(unanchored.isIntact && unanchored.notes == ["the head is not anchored (no key)"])
        try TrafficLog(directory: folder.path).close()
        let anchored = try TrafficLog.openForReading(folder.path).verify(day: day)
        #expect(anchored.isIntact && anchored.notes.isEmpty, "\(anchored)")
        #expect(try String(contentsOfFile: headPath, encoding: .utf8).split(separator: " ").count == 3)
    }

    @Test func keepsTheKeyReadableOnlyByKlaiAndTheLogAwayFromOtherUsers() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let keyFolder = try TemporaryDirectory()
        defer { keyFolder.remove() }
        let log = try TrafficLog(directory: folder.path + "/traffic", keyPath: keyFolder.path + "/traffic.key")
        log.record(record(0))
        log.close()
        func mode(_ path: String) -> mode_t {
            var info = stat()
            return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0o777
        }
        #expect(mode(keyFolder.path + "/traffic.key") & 0o077 == 0)
        #expect(mode("\(folder.path)/traffic/\(day).log") & 0o007 == 0)
        #expect(mode("\(folder.path)/traffic/heads/\(day).head") & 0o007 == 0)
        #expect(mode("\(folder.path)/traffic") & 0o007 == 0)
        #expect(mode("\(folder.path)/traffic/heads") & 0o007 == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/traffic/traffic.key"))
        // Verify needs that key: given it passes, without it says why it cannot check.
        #expect(
            try TrafficLog.openForReading(folder.path + "/traffic", keyPath: keyFolder.path + "/traffic.key")
                .verify(day: day).isIntact)
        let keyless = try TrafficLog.openForReading(folder.path + "/traffic").verify(day: day)
        #expect(keyless.problem?.contains("no key") == true)
    }
}

@Suite struct DiskSpaceTests {
    @Test func seesSpaceGoWhenAFileFillsTheFilesystem() throws {
        // /dev/shm is a tmpfs: its blocks are taken the moment they are written.
        let folder = "/dev/shm/klai-disk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (before, total) = try DiskSpace.measure(folder)
        #expect(before > 0 && before <= total)
        try Data(repeating: 7, count: 16 << 20).write(to: URL(fileURLWithPath: folder + "/fill"))
        let after = try DiskSpace.available(at: folder)
        #expect(before - after >= 15 << 20, "only \(before - after) bytes fewer after writing 16 MiB")
    }

    @Test func refusesAPathThatDoesNotExistWithASentence() {
        #expect(throws: HTTPServerError.self) { try DiskSpace.available(at: "/nonexistent/klai/traffic") }
    }
}
