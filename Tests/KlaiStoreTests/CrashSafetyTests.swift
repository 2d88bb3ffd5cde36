import Foundation
import Testing

@testable import KlaiStore

/// Kills a writing child process with SIGKILL at random moments and checks what survives.
@Suite struct CrashSafetyTests {
    @Test func everyAcknowledgedWriteSurvivesSIGKILL() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("crash.sqlite")
        var generator = SystemRandomNumberGenerator()
        var acknowledged = Set<Int64>()
        var rounds = 0
        // At least 24 kills; more while the child has made too little progress (a loaded CI machine).
        for round in 0..<80 where rounds < 24 || acknowledged.count < 200 {
            rounds += 1
            let child = try StressChild(arguments: ["store-writes", path, String(round * 1_000_000)])
            // Let it write for a random while (some rounds die during start-up or migration).
            usleep(UInt32.random(in: 5_000...250_000, using: &generator))
            let reported = child.killAndCollect()
            acknowledged.formUnion(reported)

            let db = try Database(path: path)
            #expect(try db.integrityCheck().isEmpty, "round \(round): integrity_check")
            // A child killed during start-up may not have created its table yet; then it acknowledged nothing.
            let hasLedger = try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'ledger'", as: Int.self) == 1
            guard hasLedger else {
                #expect(acknowledged.isEmpty, "round \(round): rows were acknowledged but the table is missing")
                continue
            }
            var stored = Set<Int64>()
            try db.forEachRow("SELECT id FROM ledger") { stored.insert($0.int64(at: 0)) }
            let missing = acknowledged.subtracting(stored)
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged rows lost, e.g. \(missing.prefix(3))")
            let totals = try #require(try db.fetchOne("SELECT (SELECT count(*) FROM ledger), (SELECT rows FROM totals)"))
            #expect(totals[0] == totals[1], "round \(round): the summary row matches the ledger")
        }
        #expect(rounds >= 24)
        #expect(acknowledged.count >= 200, "the child made real progress (\(acknowledged.count) commits)")
    }
}

/// The `klai-stress` executable, started with a pipe on its standard output.
final class StressChild {
    private let process = Process()
    private let output = Pipe()

    init(arguments: [String]) throws {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // The test binary sits in the products folder (or inside an .xctest bundle within it).
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("klai-stress").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        process.executableURL = folder.appendingPathComponent("klai-stress")
        process.arguments = arguments
        process.standardOutput = output
        try process.run()
    }

    /// SIGKILLs the child and returns the ids it reported as committed.
    func killAndCollect() -> Set<Int64> {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        var ids = Set<Int64>()
        // A line cut by the kill has no newline: only whole lines count as acknowledged.
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("committed "), let id = Int64(line.dropFirst("committed ".count)) { ids.insert(id) }
        }
        return ids
    }
}
