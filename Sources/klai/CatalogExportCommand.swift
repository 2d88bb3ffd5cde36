import Foundation
import KlaiCatalog
import KlaiStore

/// `klai catalog export`: lessons and recordings in the manifest format.
enum CatalogExportCommand: Command {
    static let spec = CommandSpec(
        name: ["catalog", "export"], summary: "Write lessons and recordings as a manifest (JSON or CSV).",
        discussion: "The output imports back with 'klai catalog import' and changes nothing.",
        options: LibraryLocation.options + [
            OptionSpec("format", value: "json|csv", help: "Output format.", default: "json"),
            OptionSpec("out", value: "FILE", help: "Write to FILE instead of standard output.")
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let format = ManifestExporter.Format(rawValue: invocation.value("format") ?? "json") else {
            throw UsageError(spec: spec, problem: "--format must be json or csv")
        }
        let library = LibraryLocation(invocation)
        guard library.existsOrExplain(for: "catalog export") else { return 1 }
        let store = try library.open()
        let records = try store.readSync { db in try ManifestExporter.records(in: db) }
        let data = try ManifestExporter.encode(records, format: format)
        if let out = invocation.value("out") {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            printError("wrote \(records.count) records to \(out)")
        } else {
            FileHandle.standardOutput.write(data)
        }
        return 0
    }
}
