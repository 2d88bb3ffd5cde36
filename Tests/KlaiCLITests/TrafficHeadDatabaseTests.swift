import Foundation
import KlaiStore
import Testing

/// `klai serve` copies each traffic-log day head into the library's database, and `klai traffic verify`
/// compares the files with it: real server, real SQLite file, the command a person runs.
@Suite struct TrafficHeadDatabaseTests {
    private func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-traffic-db-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private func serve(_ folder: URL, requests: Int) throws {
        let server = try RunningServer(data: folder)
        for _ in 0..<requests {
            _ = try server.request("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        }
        #expect(server.stop() == 0)
    }

    private func row(_ database: String, day: String) throws -> (lines: Int, chain: String)? {
        let db = try Database(path: database)
        return try db.fetchAll("SELECT lines, chain FROM traffic_head WHERE day = ?", [day]).first.map {
            (try $0.get(0), try $0.get(1))
        }
    }

    @Test func aDayCutBackToAnEarlierSignedHeadFailsVerifyThroughTheDatabaseButALaggingRowDoesNot() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let traffic = folder.appendingPathComponent("traffic").path
        let database = folder.appendingPathComponent("Klai.sqlite").path
        try serve(folder, requests: 3)
        let logName = try #require(try FileManager.default.contentsOfDirectory(atPath: traffic).first { $0.hasSuffix(".log") })
        let day = String(logName.dropLast(4))
        let logPath = "\(traffic)/\(logName)", headPath = "\(traffic)/heads/\(day).head"
        let earlierHead = try Data(contentsOf: URL(fileURLWithPath: headPath))
        let earlierLines = try String(contentsOfFile: logPath, encoding: .utf8).split(separator: "\n")
        let earlierRow = try #require(try row(database, day: day))
        #expect(earlierRow.lines == earlierLines.count, "the database holds the head of what was written")

        try serve(folder, requests: 3)
        let latestRow = try #require(try row(database, day: day))
        #expect(latestRow.lines > earlierRow.lines)
        let verify = { try KlaiProcess.run(["traffic", "verify", "--data", folder.path]) }
        let clean = try verify()
        #expect(clean.status == 0 && clean.output.contains("\(day): ok"), "\(clean.output)\(clean.errors)")

        // Killed between the head file and the database row: the row is one flush behind. Not tampering.
        do {
            let db = try Database(path: database)
            try db.execute("UPDATE traffic_head SET lines = ?, chain = ? WHERE day = ?", [earlierRow.lines, earlierRow.chain, day])
        }
        let lagging = try verify()
        #expect(lagging.status == 0, "\(lagging.output)")
        #expect(lagging.output.contains("chain on from the database's copy of the head but are not in it yet"), "\(lagging.output)")

        // The attack: the later visits cut off and the head Klai signed before them put back. The files
        // agree with each other and with the key; the database does not.
        do {
            let db = try Database(path: database)
            try db.execute("UPDATE traffic_head SET lines = ?, chain = ? WHERE day = ?", [latestRow.lines, latestRow.chain, day])
        }
        try (earlierLines.joined(separator: "\n") + "\n").write(toFile: logPath, atomically: true, encoding: .utf8)
        try earlierHead.write(to: URL(fileURLWithPath: headPath))
        let tampered = try verify()
        #expect(tampered.status == 1)
        #expect(
            tampered.output.contains(
                "\(day): TAMPERED: the database recorded \(latestRow.lines) lines for this day, the file has \(earlierRow.lines)"),
            "\(tampered.output)")
    }
}
