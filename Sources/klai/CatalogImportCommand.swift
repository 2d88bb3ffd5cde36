import Foundation
import KlaiCatalog
import KlaiStore

/// `klai catalog import [FILE|DIR]…`: reference data and lesson/recording manifests.
enum CatalogImportCommand: Command {
    static let spec = CommandSpec(
        name: ["catalog", "import"], summary: "Load reference data, or import lesson/recording manifests (JSON, CSV).",
        arguments: "[FILE|DIR]…",
        discussion: """
            Without arguments, loads the reference data folder (grades, learning areas, channels, terms,
            timetable, sample lessons). With files or folders, imports each .json/.csv manifest: records
            are matched by their key, so importing again changes nothing and an edited manifest updates in
            place. A manifest with any problem imports nothing; every problem is listed with its line or
            record and field. CSV may be UTF-8 or Windows-874 (TIS-620). Format: Catalog/README.md.
            """,
        options: LibraryLocation.options + [CatalogCommand.catalogOption], positionalCount: 0...1000)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let (store, library, media) = try CatalogCommand.open(invocation)
        if invocation.positionals.isEmpty {
            guard let folder = CatalogCommand.catalogFolder(invocation, library: library) else {
                printError("klai catalog import: no reference data folder found; use --catalog DIR")
                return 1
            }
            do {
                for line in try ReferenceData.load(folder: folder, into: store) { print(line) }
            } catch let error as ManifestError {
                printError("klai catalog import: \(folder.path): \(error)")
                return 1
            }
            return 0
        }
        var failed = false
        for path in invocation.positionals {
            let started = ContinuousClock.now
            let cpuStarted = processCPUSeconds()
            for (file, result) in ManifestImporter(media: media).importPath(URL(fileURLWithPath: path), into: store) {
                switch result {
                case .success(let summary):
                    let seconds = (ContinuousClock.now - started) / .seconds(1)
                    // CPU time of the whole process (reading and writing threads): steadier than the wall
                    // clock on a machine whose cores other work also wants.
                    let cpu = processCPUSeconds() - cpuStarted
                    let records = Double(summary.inserted + summary.updated + summary.unchanged)
                    print(
                        summary.description
                            + String(
                                format: " in %.2f s (%.0f records/s); CPU %.2f s (%.0f records per CPU second)",
                                seconds, records / max(seconds, 0.000_001), cpu, records / max(cpu, 0.000_001)))
                case .failure(let error):
                    failed = true
                    printError("\(file): \(error)")
                }
            }
        }
        // Fold the write-ahead log into the database so the next reader does not wade through it.
        try store.checkpoint()
        return failed ? 1 : 0
    }
}

/// CPU time used so far by the whole process, in seconds.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
}
