import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func anUnknownCommandExitsWithStatus2AndTheCommandList() throws {
        let outcome = try KlaiProcess.run(["teach"])
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("unknown command 'teach'"))
        #expect(outcome.errors.contains("serve"))
    }

    @Test(arguments: [["serve", "--prot", "8080"], ["backup"], ["serve", "--port", "eighty"], ["version", "extra"]])
    func aBadFlagOrArgumentPrintsThatCommandsUsageAndExitsWith2(arguments: [String]) throws {
        let outcome = try KlaiProcess.run(arguments)
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("usage: klai \(arguments[0])"))
        #expect(outcome.output.isEmpty)
    }

    @Test func helpOnACommandShowsItsOptionsAndSucceeds() throws {
        let outcome = try KlaiProcess.run(["backup", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("--data DIR"))
        #expect(outcome.output.contains("KLAI_DATA"))
    }

    /// Commands that read a library say where they looked, and never make one in the wrong folder.
    @Test(arguments: [
        ["backup", "copy.sqlite"], ["catalog", "search", "เศษส่วน"], ["catalog", "today"], ["catalog", "export"], ["jobs"],
        ["ingest", "/nonexistent/DLTV04_2026-06-16_0830.ts"]
    ])
    func aReadingCommandWithoutALibrarySaysWhereItLookedAndCreatesNothing(_ arguments: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try KlaiProcess.run(arguments + ["--data", folder.path])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("no library at \(folder.path)"), "\(outcome.errors)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }
}
