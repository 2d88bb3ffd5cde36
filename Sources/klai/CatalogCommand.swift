import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiStore

/// What the `klai catalog …`, `klai ingest` and `klai jobs` commands share: where the shipped
/// `Catalog/` folder is, and opening the library with its reference data loaded.
enum CatalogCommand {
    static let catalogOption = OptionSpec(
        "catalog", value: "DIR", help: "Folder of reference data (grades, channels, terms, timetable).",
        environment: "KLAI_CATALOG", default: "Catalog/ in the data folder, else in the current folder")

    /// The reference-data folder to use, or nil when none exists.
    static func catalogFolder(_ invocation: Invocation, library: LibraryLocation) -> URL? {
        if let path = invocation.value("catalog") { return URL(fileURLWithPath: path, isDirectory: true) }
        let candidates = [
            library.dataFolder.appendingPathComponent("Catalog", isDirectory: true),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Catalog", isDirectory: true)
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("grades.json").path) }
    }

    /// Opens the library; on a library without reference data, loads it first (so a fresh library works).
    static func open(_ invocation: Invocation) throws -> (store: Store, library: LibraryLocation, media: MediaLibrary) {
        let library = LibraryLocation(invocation)
        let store = try library.open()
        let hasReference = try store.readSync { db in try db.scalar("SELECT count(*) FROM grade", as: Int.self) ?? 0 } > 0
        if let folder = catalogFolder(invocation, library: library) {
            if !hasReference { try ReferenceData.load(folder: folder, into: store) }
            // Supervision instruments: all or none, and loading the same files again changes nothing.
            let instruments = folder.appendingPathComponent("instruments", isDirectory: true)
            if FileManager.default.fileExists(atPath: instruments.path) {
                _ = try store.writeSync { db in try InstrumentLibrary.importFolder(db, instruments) }
            }
        }
        return (store, library, MediaLibrary(root: library.mediaFolder))
    }

    /// The catalog's background work for `klai serve`: crash recovery (done here), then the transcode runner
    /// and the inbox watcher, returned as services not yet started (`ServiceGroup` starts and joins them).
    ///
    /// Files that arrive from outside are probed and transcoded in `klai worker` child processes
    /// (`WorkerPipeline`): a decoder crash costs one attempt, never the server. New work stops at the
    /// free-space floor (`diskFloor(for:)`); serving and the traffic log go on.
    static func backgroundWork(store: Store, library: LibraryLocation, concurrency: Int = 1)
        throws -> (runner: TranscodeRunner, inbox: InboxWatcher)
    {
        let media = MediaLibrary(root: library.mediaFolder)
        let pipeline = WorkerPipeline()
        let floor = diskFloor(for: library)
        var configuration = TranscodeRunner.Configuration(concurrency: concurrency)
        configuration.diskFloor = floor
        let runner = TranscodeRunner(store: store, media: media, pipeline: pipeline, configuration: configuration)
        let recovery = try runner.recover()
        if recovery.requeuedJobs > 0 {
            print("transcode jobs: \(recovery.requeuedJobs) interrupted job(s) queued again, \(recovery.removedFolders.count) temporary folder(s) removed")
        }
        if recovery.quarantinedJobs > 0 {
            print(
                "transcode jobs: \(recovery.quarantinedJobs) job(s) failed for good after \(TranscodeQueue.crashLimit) interrupted attempts; their files are in \(media.quarantine.path)"
            )
        }
        if let refusal = try? floor.status().refusal { print("disk: \(refusal)") }
        var ingestor = Ingestor(store: store, media: media, pipeline: pipeline)
        ingestor.diskFloor = floor
        let inbox = InboxWatcher(
            ingestor: ingestor,
            report: { line in
                print("inbox: \(line)")
                runner.wake()
            })
        return (runner, inbox)
    }

    /// The free-space floor of the data folder's disk: `KLAI_DISK_FLOOR` as megabytes (`2000`, `2000MB`)
    /// or a share of the disk (`5%`); by default 2 GB or 5 % of the disk, whichever is smaller.
    static func diskFloor(
        for library: LibraryLocation,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DiskFloor {
        var floor = DiskFloor(folder: library.dataFolder)
        guard let text = environment["KLAI_DISK_FLOOR"]?.trimmingCharacters(in: .whitespaces).uppercased() else { return floor }
        if text.hasSuffix("%"), let percent = Double(text.dropLast()), percent.isFinite, (0...100).contains(percent) {
            floor.minimumFraction = percent / 100
            floor.minimumBytes = .max
        } else if let megabytes = Int64(text.hasSuffix("MB") ? String(text.dropLast(2)) : text),
            (0...1_000_000_000).contains(megabytes)
        {
            floor.minimumBytes = megabytes * 1_000_000
            floor.minimumFraction = 1
        } else {
            print("KLAI_DISK_FLOOR '\(text)' is neither megabytes (2000) nor a share (5%); using the default floor")
        }
        return floor
    }
}
