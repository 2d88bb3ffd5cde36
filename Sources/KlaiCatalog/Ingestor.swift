import Foundation
import KlaiCrypto
import KlaiStore

/// Brings a media file into the library: `klai ingest`, the inbox watcher and (later) web upload.
///
/// The file is hashed (the same content twice is recognised), probed, matched to a DLTV channel, date
/// and start time (hint or file name), split by the timetable into one recording per period, each with
/// its own asset and transcode job cut from the one original, which is kept in `Media/sources/`. What
/// cannot be matched is kept too and listed as unmatched with the reason: nothing is dropped.
public struct Ingestor: Sendable {
    public let store: Store
    public let media: MediaLibrary
    public let pipeline: any MediaPipeline
    public var split = RecordingSplit()
    /// Move originals into `Media/sources/` (default); false copies them and leaves the file where it was.
    public var moveOriginals = true
    /// When set, a file that would take the disk below this floor is refused and left where it is.
    public var diskFloor: DiskFloor?

    public init(store: Store, media: MediaLibrary, pipeline: any MediaPipeline = KlaiMediaPipeline()) {
        self.store = store
        self.media = media
        self.pipeline = pipeline
    }

    /// What a person said about a file (`--channel DLTV4 --date 2569-06-12 --start 08:30`); wins over the name.
    public struct Hint: Sendable {
        public var channel: String?
        public var date: LocalDate?
        public var start: TimeOfDay?
        public init(channel: String? = nil, date: LocalDate? = nil, start: TimeOfDay? = nil) {
            self.channel = channel?.uppercased()
            self.date = date
            self.start = start
        }
    }

    /// What became of a file.
    public enum Outcome: Sendable {
        /// Split into these recordings (catalog item ids), one transcode job each.
        case recordings([Int64])
        /// The same content arrived before; nothing new was made.
        case duplicate(sourceFileID: Int64)
        /// Kept and waiting for a person, with the reason.
        case unmatched(id: Int64, reason: String)
    }

    /// A file's outcome and a sentence about it for the terminal or the log.
    public struct Result: Sendable, CustomStringConvertible {
        public var file: String
        public var outcome: Outcome
        public var summary: String
        public var description: String { "\(file): \(summary)" }
    }

    /// Ingests one file.
    ///
    /// The original is removed (with `moveOriginals`) only after the catalog committed a copy whose
    /// SHA-256 was verified on disk (`MediaLibrary.keepOriginal`): a power cut or a kill at any step
    /// leaves the original, and a second run completes the work.
    /// - Throws: `CatalogError` when the file cannot be read or kept (missing, vanished while hashing,
    ///   the disk below its floor); the catalog is then unchanged and the original where it was.
    public func ingest(_ file: URL, hint: Hint = Hint()) throws -> Result {
        // Held from before the copy until after the commit: `klai serve`'s start-up sweep then never takes
        // this run's copy for one a killed process left (`MediaLibrary.sweepOrphanSources`).
        try media.whilePlacing { try ingestPlacing(file, hint: hint) }
    }

    private func ingestPlacing(_ file: URL, hint: Hint) throws -> Result {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw CatalogError("\(file.path) does not exist")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        let hash: String
        do {
            hash = try SHA256.hashFile(file)
        } catch {
            throw CatalogError("\(file.path) could not be read to the end (was it moved or deleted while Klai read it?): \(error.localizedDescription)")
        }
        if let existing = try store.readSync({ db in try SourceFile.find(hash: hash, in: db) }) {
            try repairKeptCopy(of: existing, from: file, hash: hash)
            return Result(
                file: file.path, outcome: .duplicate(sourceFileID: existing.id),
                summary: "already in the library (same content as \(existing.originalName)); nothing new was made")
        }
        try diskFloor?.check(adding: size)
        let probe = Swift.Result { try pipeline.probe(file.path) }
        let kept: MediaLibrary.KeptOriginal
        do {
            kept = try media.keepOriginal(file, hash: hash, link: moveOriginals)
        } catch {
            throw CatalogError("\(file.path) could not be kept in \(media.sources.path): \(error)")
        }
        let match = matchPlan(file: file, hint: hint, probe: probe)
        let result: Result
        do {
            result = try store.writeSync { [split] db in
                let sourceID = try SourceFile.insert(
                    path: kept.path, originalName: file.lastPathComponent, hash: hash, size: size,
                    duration: try? probe.get().duration, in: db)
                return try Self.place(sourceID: sourceID, file: file.path, match: match, split: split, in: db)
            }
        } catch {
            // Nothing was committed: remove what this run copied; the original was never touched.
            media.discard(kept)
            throw error
        }
        if moveOriginals && media.url(kept.path).standardizedFileURL != file.standardizedFileURL {
            MediaLibrary.removeOriginal(file)
        }
        return result
    }

    /// A duplicate arrived: if the catalog's kept copy is missing or damaged, this file replaces it
    /// (verified), so the only good copy is never the one about to be deleted.
    private func repairKeptCopy(of existing: SourceFile, from file: URL, hash: String) throws {
        let keptURL = media.url(existing.path)
        guard keptURL.standardizedFileURL != file.standardizedFileURL,
            (try? SHA256.hashFile(keptURL)) != hash
        else { return }
        let copy = try media.keepOriginal(file, hash: hash, link: false)
        if copy.path != existing.path {
            try store.writeSync { db in
                try db.execute("UPDATE source_file SET path = ? WHERE id = ?", [copy.path, existing.id])
            }
        }
    }

    /// Channel, date, start and duration for a file, or why they are not known.
    struct MatchPlan: Sendable {
        var channel: String?
        var date: LocalDate?
        var start: TimeOfDay?
        var duration: Double?
        var problem: String?
    }

    func matchPlan(file: URL, hint: Hint, probe: Swift.Result<ProbedMedia, any Error>) -> MatchPlan {
        let named = DLTVFileName(file.lastPathComponent)
        var plan = MatchPlan(channel: hint.channel ?? named?.channel, date: hint.date ?? named?.date, start: hint.start ?? named?.start)
        switch probe {
        case .failure(let error):
            plan.problem = "not a playable media file: \(error)"
        case .success(let info):
            plan.duration = info.duration
            if info.duration == nil { plan.problem = "the file's duration cannot be read" }
        }
        if plan.problem == nil, plan.channel == nil || plan.date == nil {
            plan.problem = "the file name does not follow a DLTV pattern (e.g. DLTV04_2026-06-12_0830.ts) and no --channel/--date was given"
        } else if plan.problem == nil, plan.start == nil {
            plan.problem = "the start time of the recording is not known (give --start HH:MM)"
        }
        return plan
    }
}
