import Foundation
import KlaiHTTP

/// `klai traffic verify [DAY]`: check the traffic log's hash chains.
enum TrafficVerifyCommand: Command {
    static let spec = CommandSpec(
        name: ["traffic", "verify"], summary: "Check that the traffic log has not been edited (hash chain per day).",
        arguments: "[DAY]",
        discussion: """
            DAY is YYYY-MM-DD (UTC); without it every day on disk is checked. Each day's file is also compared with the \
            copy of its head kept in the library's database, when there is one. Exit 1 if any day was tampered with.
            """,
        options: LibraryLocation.options,
        positionalCount: 0...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let library = LibraryLocation(invocation)
        let log = try TrafficLog.openForReading(library.trafficFolder.path)
        let copies: [String: TrafficDayHead]?
        do {
            copies = try TrafficHeadTable.heads(of: library)
        } catch {
            // An operator may read the log (0640, group) but not the database (0600): check what can be checked.
            print("note: the database's copies of the heads cannot be read (\(error)); checking the files alone")
            copies = nil
        }
        let results: [TrafficVerification]
        if let day = invocation.positionals.first {
            guard TrafficLog.parseDate(day) != nil else { throw UsageError(spec: spec, problem: "DAY must be YYYY-MM-DD, not '\(day)'") }
            results = [log.verify(day: day, against: copies)]
        } else {
            results = log.verifyAll(against: copies)
            if results.isEmpty { print("no traffic log in \(log.directory)") }
        }
        for result in results { print(result) }
        return results.allSatisfy(\.isIntact) ? 0 : 1
    }
}
