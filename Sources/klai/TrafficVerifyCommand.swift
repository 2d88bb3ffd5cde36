import Foundation
import KlaiHTTP

/// `klai traffic verify [DAY]`: check the traffic log's hash chains.
enum TrafficVerifyCommand: Command {
    static let spec = CommandSpec(
        name: ["traffic", "verify"], summary: "Check that the traffic log has not been edited (hash chain per day).",
        arguments: "[DAY]",
        discussion: "DAY is YYYY-MM-DD (UTC); without it every day on disk is checked. Exit 1 if any day was tampered with.",
        options: LibraryLocation.options,
        positionalCount: 0...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let log = try TrafficLog.openForReading(LibraryLocation(invocation).trafficFolder.path)
        let results: [TrafficVerification]
        if let day = invocation.positionals.first {
            guard TrafficLog.parseDate(day) != nil else { throw UsageError(spec: spec, problem: "DAY must be YYYY-MM-DD, not '\(day)'") }
            results = [log.verify(day: day)]
        } else {
            results = log.verifyAll()
            if results.isEmpty { print("no traffic log in \(log.directory)") }
        }
        for result in results { print(result) }
        return results.allSatisfy(\.isIntact) ? 0 : 1
    }
}
