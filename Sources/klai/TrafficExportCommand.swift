import Foundation
import KlaiHTTP

/// `klai traffic export --from --to [--account]`: traffic records as CSV for an authority's request.
enum TrafficExportCommand: Command {
    static let spec = CommandSpec(
        name: ["traffic", "export"], summary: "Export traffic records in a time range as CSV (to standard output).",
        discussion: """
            --from and --to take YYYY-MM-DD (midnight UTC) or YYYY-MM-DDTHH:MM:SSZ; --to is exclusive.
            Example: klai traffic export --from 2026-11-01 --to 2026-11-08 --account teacher01 > request.csv
            """,
        options: LibraryLocation.options + [
            OptionSpec("from", value: "TIME", help: "Start (inclusive)."),
            OptionSpec("to", value: "TIME", help: "End (exclusive)."),
            OptionSpec("account", value: "NAME", help: "Only this account's records.")
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        func time(_ name: String) throws -> Int {
            guard let text = invocation.value(name) else { throw UsageError(spec: spec, problem: "--\(name) is required") }
            guard let value = TrafficLog.parseDate(text) else {
                throw UsageError(spec: spec, problem: "--\(name) must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not '\(text)'")
            }
            return value
        }
        let from = try time("from")
        let to = try time("to")
        guard to > from else { throw UsageError(spec: spec, problem: "--to must be after --from") }
        let log = try TrafficLog.openForReading(LibraryLocation(invocation).trafficFolder.path)
        log.exportCSV(from: from, to: to, account: invocation.value("account")) { print($0, terminator: "") }
        return 0
    }
}
