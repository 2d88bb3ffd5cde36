import Foundation
import KlaiCatalog
import KlaiStore

/// `klai ingest FILE… [--channel DLTV4 --date 2569-06-12 --start 08:30]`.
enum IngestCommand: Command {
    static let spec = CommandSpec(
        name: ["ingest"], summary: "Bring recordings and lesson videos into the library (split by the DLTV timetable).",
        arguments: "FILE…",
        discussion: """
            Each file is hashed (the same content twice is recognised), probed, matched to a DLTV channel,
            date and start time (from the options, else the file name: DLTV04_2026-06-12_0830.ts, see
            the README for all patterns), split into one recording per timetable period and queued for
            transcoding. Originals are moved into Media/sources/ (--copy keeps them where they are).
            Files that cannot be matched are kept and listed with --unmatched; assign one with
            --assign ID --channel --date --start. Run 'klai jobs run' (or the server) to transcode.
            """,
        options: LibraryLocation.options + [
            CatalogCommand.catalogOption,
            OptionSpec("channel", value: "DLTV4", help: "DLTV channel of the recording."),
            OptionSpec("date", value: "DATE", help: "Air date, YYYY-MM-DD (a year ≥ 2400 is Buddhist)."),
            OptionSpec("start", value: "HH:MM", help: "Time the recording starts (Thai time)."),
            OptionSpec("tolerance", value: "SECONDS", help: "Broadcast drift allowed at the recording's edges.", default: "120"),
            OptionSpec("pre-roll", value: "SECONDS", help: "Seconds kept before each period.", default: "30"),
            OptionSpec("post-roll", value: "SECONDS", help: "Seconds kept after each period.", default: "30"),
            OptionSpec("copy", help: "Copy originals into Media/sources/ instead of moving them."),
            OptionSpec("unmatched", help: "List the files waiting for a channel/date/start."),
            OptionSpec("assign", value: "ID", help: "Match unmatched file ID with --channel, --date and --start.")
        ],
        positionalCount: 0...10_000)

    static func run(_ invocation: Invocation) throws -> Int32 {
        // Ingest moves files into the library: never into one made on the spot in the wrong folder,
        // where the running server would not see them.
        guard LibraryLocation(invocation).existsOrExplain(for: "ingest") else { return 1 }
        let (store, _, media) = try CatalogCommand.open(invocation)
        var ingestor = Ingestor(store: store, media: media)
        ingestor.moveOriginals = !invocation.flag("copy")
        ingestor.diskFloor = CatalogCommand.diskFloor(for: LibraryLocation(invocation))
        ingestor.split.tolerance = Double(try invocation.integer("tolerance", in: 0...3600) ?? 120)
        ingestor.split.preRoll = Double(try invocation.integer("pre-roll", in: 0...600) ?? 30)
        ingestor.split.postRoll = Double(try invocation.integer("post-roll", in: 0...600) ?? 30)
        var hint = Ingestor.Hint(channel: invocation.value("channel"))
        if let text = invocation.value("date") {
            guard let date = LocalDate(parsing: text) else { throw UsageError(spec: spec, problem: "--date must be YYYY-MM-DD, not '\(text)'") }
            hint.date = date
        }
        if let text = invocation.value("start") {
            guard let time = TimeOfDay(parsing: text) else { throw UsageError(spec: spec, problem: "--start must be HH:MM, not '\(text)'") }
            hint.start = time
        }
        if invocation.flag("unmatched") {
            let files = try store.readSync { db in try Ingestor.unmatchedFiles(in: db) }
            if files.isEmpty { print("no unmatched files") }
            for file in files { print("#\(file.id)  \(file.originalName)  — \(file.reason)") }
            return 0
        }
        if let text = invocation.value("assign") {
            guard let id = Int64(text) else { throw UsageError(spec: spec, problem: "--assign needs an unmatched file number") }
            let result = try ingestor.assign(unmatchedID: id, hint: hint)
            print(result)
            if case .unmatched = result.outcome { return 1 }
            return 0
        }
        guard !invocation.positionals.isEmpty else { throw UsageError(spec: spec, problem: "name at least one FILE") }
        var failed = false
        for path in invocation.positionals {
            do {
                print(try ingestor.ingest(URL(fileURLWithPath: path), hint: hint))
            } catch {
                failed = true
                printError("\(path): \(error)")
            }
        }
        return failed ? 1 : 0
    }
}
