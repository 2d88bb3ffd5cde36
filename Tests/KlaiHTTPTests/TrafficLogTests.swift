import Foundation
import Testing

@testable import KlaiHTTP

@Suite struct TrafficLogTests {
    // 2026-11-20T10:00:00Z
    let base = 1_795_168_800

    func record(
        _ offset: Int, account: String? = nil, target: String = "/hls/a/seg1.m4s",
        agent: String? = "Mozilla/5.0"
    ) -> TrafficRecord {
        TrafficRecord(
            seconds: base + offset, nanoseconds: 123_456_000, clientHost: "10.0.0.7", clientPort: 50_000 + offset,
            account: account, method: "GET", target: target, status: 200, bytesSent: 1500,
            durationMicroseconds: 850, userAgent: agent)
    }

    @Test func refusesRetentionBelowTheLegalMinimumUnlessOverridden() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        #expect(throws: TrafficLogError.self) { try TrafficLog(directory: folder.path, retentionDays: 30) }
        let log = try TrafficLog(directory: folder.path, retentionDays: 2, allowShortRetention: true)
        log.close()
    }

    @Test func writesOneLinePerExchangeWithEveryField() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path)
        log.record(record(0, account: "teacher01"))
        log.record(record(1, target: "/evil\tpath\nInjected", agent: nil))
        log.flush()
        let text = try String(contentsOfFile: folder.path + "/2026-11-20.log", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        let fields = lines[0].split(separator: "\t").map(String.init)
        #expect(
            Array(fields[0..<10]) == [
                "2026-11-20T10:00:00.123456Z", "10.0.0.7", "50000", "teacher01", "GET",
                "/hls/a/seg1.m4s", "200", "1500", "850", "Mozilla/5.0"
            ])
        #expect(fields[10].count == 64)
        // A crafted path cannot add a line or a field.
        #expect(lines[1].split(separator: "\t").count == 11)
        #expect(lines[1].contains("/evil%09path%0AInjected"))
        #expect(log.verify(day: "2026-11-20").isIntact)
        log.close()
    }

    @Test func verifyCatchesAnEditedLine() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path)
        for i in 0..<5 { log.record(record(i, account: "student\(i)")) }
        log.flush()
        #expect(log.verify(day: "2026-11-20").isIntact)
        let path = folder.path + "/2026-11-20.log"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "student2", with: "student9").write(toFile: path, atomically: true, encoding: .utf8)
        let result = log.verify(day: "2026-11-20")
        #expect(!result.isIntact)
        #expect(result.problem?.contains("line 3") == true)
        log.close()
    }

    @Test func verifyCatchesRemovedLastLines() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path)
        for i in 0..<4 { log.record(record(i)) }
        log.flush()
        let path = folder.path + "/2026-11-20.log"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        try (lines.dropLast().joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!log.verify(day: "2026-11-20").isIntact)
        log.close()
    }

    @Test func continuesTheChainAfterARestart() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let first = try TrafficLog(directory: folder.path)
        first.record(record(0))
        first.close()
        let second = try TrafficLog(directory: folder.path)
        second.record(record(1))
        second.flush()
        let result = second.verify(day: "2026-11-20")
        #expect(result.isIntact)
        #expect(result.lines == 2)
        second.close()
    }

    @Test func exportsARangeAsCSVFilteredByAccount() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path)
        log.record(record(0, account: "teacher01"))
        log.record(record(60, account: "student02", agent: "Agent, with \"comma\""))
        log.record(record(86_400, account: "teacher01"))
        log.flush()
        var all = ""
        log.exportCSV(from: base, to: base + 2 * 86_400) { all += $0 }
        #expect(all.split(separator: "\r\n").count == 4)
        var one = ""
        log.exportCSV(from: base, to: base + 3600, account: "student02") { one += $0 }
        let rows = one.split(separator: "\r\n")
        #expect(rows.count == 2)
        #expect(rows[0].hasPrefix("time,client_address,client_port,account"))
        #expect(rows[1].contains("student02"))
        #expect(rows[1].contains("\"Agent, with \"\"comma\"\"\""))
        log.close()
    }

    @Test func removesDaysOlderThanTheRetention() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let log = try TrafficLog(directory: folder.path, retentionDays: 2, allowShortRetention: true)
        log.record(record(0))
        log.record(record(3 * 86_400))
        log.flush()
        #expect(log.days() == ["2026-11-20", "2026-11-23"])
        log.removeExpired(now: base + 3 * 86_400)
        #expect(log.days() == ["2026-11-23"])
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/heads/2026-11-20.head"))
        log.close()
    }
}
