import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

@Suite struct CrashSafetyTests {
    /// The `klai-learning-stress` binary built beside the test bundle.
    static var stressBinary: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("klai-learning-stress")
    }

    @Test func everyAcknowledgedEventSurvivesSIGKILLExactlyOnceAndSummariesMatchTheEvents() throws {
        let library = try TemporaryLibrary()
        let path = library.folder.appendingPathComponent("stress.sqlite").path
        var acknowledged = Set<String>()
        for round in 1...5 {
            let log = library.folder.appendingPathComponent("round-\(round).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let process = Process()
            process.executableURL = Self.stressBinary
            process.arguments = ["post", path, String(round)]
            process.standardOutput = try FileHandle(forWritingTo: log)
            try process.run()
            // Wait until it is posting, then let it run a little and kill it mid-flight.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, !((try? String(contentsOf: log, encoding: .utf8))?.contains("ready") ?? false) {
                Thread.sleep(forTimeInterval: 0.05)
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.4...1.2))
            kill(process.processIdentifier, SIGKILL)
            // Poll rather than `waitUntilExit`, which once waited for ever on a killed (defunct) child in CI.
            let exitDeadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < exitDeadline { Thread.sleep(forTimeInterval: 0.01) }
            #expect(!process.isRunning, "round \(round): the killed child was never seen to exit")
            #expect(process.isRunning || process.terminationReason == .uncaughtSignal)
            // Only complete lines count: a line is printed after its batch committed.
            let text = try String(contentsOf: log, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let acks = lines.filter { $0.hasPrefix("ack ") }
            #expect(!acks.isEmpty, "round \(round) acknowledged nothing")
            for line in acks { acknowledged.formUnion(line.split(separator: " ").dropFirst().map { $0.lowercased() }) }

            let database = try Database(path: path, mode: .readOnly)
            var stored: [String: Int] = [:]
            try database.forEachRow("SELECT event_id FROM learning_event") { statement in
                let bytes = Data.fromDatabaseValue(statement.value(at: 0))!
                let uuid = bytes.withUnsafeBytes { UUID(uuid: $0.loadUnaligned(as: uuid_t.self)) }
                stored[uuid.uuidString.lowercased(), default: 0] += 1
            }
            let missing = acknowledged.filter { stored[$0] == nil }
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged events lost")
            #expect(stored.values.allSatisfy { $0 == 1 })
            #expect(try PlaybackRecomputation.differences(database) == [], "round \(round)")
        }
        #expect(acknowledged.count > 1000)
    }
}
