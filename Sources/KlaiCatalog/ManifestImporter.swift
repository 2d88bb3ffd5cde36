import Foundation
import KlaiCrypto
import KlaiStore

/// `klai catalog import`: reads lesson/recording manifests and upserts them by stable key.
///
/// All-or-nothing per file: the records are checked first, every problem is collected, and only a
/// file without problems is written, in one transaction.
public struct ManifestImporter: Sendable {
    /// The media library; media files named by manifests are copied into its `sources/` and queued.
    public var media: MediaLibrary?

    /// False for manifests uploaded through the browser: only the manifest arrives, so a record naming a
    /// media file would name a file on the server's own disk. Such records are refused with a problem.
    public var acceptsMediaFiles = true

    public init(media: MediaLibrary?, acceptsMediaFiles: Bool = true) {
        self.media = media
        self.acceptsMediaFiles = acceptsMediaFiles
    }

    /// What importing one file did.
    public struct Summary: Sendable, CustomStringConvertible {
        public var file: String
        public var encoding: TextDecoding.Encoding
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var queuedTranscodes = 0

        public var description: String {
            "\(file) (\(encoding.rawValue)): \(inserted) new, \(updated) updated, \(unchanged) unchanged"
                + (queuedTranscodes > 0 ? ", \(queuedTranscodes) transcode(s) queued" : "")
        }
    }

    /// Imports every `.json` and `.csv` manifest in a folder (or one file), each all-or-nothing.
    /// - Returns: one result per file; a failed file holds its `ManifestError`.
    public func importPath(_ url: URL, into store: Store) -> [(file: String, result: Result<Summary, any Error>)] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
            return [(url.path, Result { try importFile(url, into: store) })]
        }
        let files = ((try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? [])
            .filter { ["json", "csv"].contains($0.pathExtension.lowercased()) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return files.map { file in (file.path, Result { try importFile(file, into: store) }) }
    }

    /// Imports one manifest file.
    /// - Throws: `ManifestError` listing every problem; nothing was written.
    public func importFile(_ url: URL, into store: Store) throws -> Summary {
        let read = try self.read(url)
        // Copies are placed first and committed together: the placing lock spans both, so `klai serve`'s
        // start-up sweep never takes a copy of this import for one a killed process left.
        guard let library = media else { return try importPlacing(read, from: url, into: store) }
        return try library.whilePlacing { try importPlacing(read, from: url, into: store) }
    }

    private func importPlacing(
        _ read: (records: [ManifestReader.Located], sample: Bool, encoding: TextDecoding.Encoding), from url: URL,
        into store: Store
    ) throws -> Summary {
        var placed: [MediaLibrary.KeptOriginal] = []
        do {
            let media = try prepareMedia(read.records, manifest: url, placed: &placed)
            return try store.writeSync { db in
                try self.apply(read.records, sample: read.sample, file: url.path, encoding: read.encoding, media: media, in: db)
            }
        } catch {
            // A refused manifest leaves no copied files behind (copies that were there before stay).
            for kept in placed { self.media?.discard(kept) }
            throw error
        }
    }

    /// What importing a manifest file would do (new, changed and unchanged items), without keeping any of it.
    ///
    /// The import itself runs, with every check, inside a write that is then rolled back: the counts come
    /// from the code path `importFile` takes, not from a second reading of the rules. Media files are only
    /// checked to exist; nothing is copied.
    /// - Throws: `ManifestError` listing every problem.
    public func preview(_ url: URL, into store: Store) throws -> Summary {
        struct DryRun: Error { var summary: Summary }
        let read = try self.read(url)
        var placed: [MediaLibrary.KeptOriginal] = []
        _ = try ManifestImporter(media: nil).prepareMedia(read.records, manifest: url, placed: &placed)
        do {
            try store.writeSync { db -> Void in
                let summary = try self.apply(
                    read.records, sample: read.sample, file: url.path, encoding: read.encoding,
                    media: [:], in: db)
                throw DryRun(summary: summary)
            }
        } catch let dryRun as DryRun {
            return dryRun.summary
        }
        throw CatalogError("the preview of \(url.lastPathComponent) was written instead of rolled back")
    }

    /// The records of a manifest; records naming media files are refused unless `acceptsMediaFiles`.
    private func read(_ url: URL) throws -> (records: [ManifestReader.Located], sample: Bool, encoding: TextDecoding.Encoding) {
        let read = try ManifestReader.read(url)
        guard !acceptsMediaFiles else { return read }
        let problems = read.records.filter { $0.record.media != nil }.map {
            ManifestProblem(
                file: url.path, record: $0.position, field: "media",
                message: "a manifest uploaded in the browser cannot bring media files; upload the video on the Content page")
        }
        guard problems.isEmpty else { throw ManifestError(problems: problems) }
        return read
    }

    /// A media file a record names, hashed and kept before the transaction.
    struct PreparedMedia: Sendable {
        var path: String
        var originalName: String
        var hash: String
        var size: Int64
    }

    private func prepareMedia(
        _ records: [ManifestReader.Located], manifest: URL,
        placed: inout [MediaLibrary.KeptOriginal]
    ) throws -> [Int: PreparedMedia] {
        var prepared: [Int: PreparedMedia] = [:]
        var problems: [ManifestProblem] = []
        for located in records {
            guard let name = located.record.media else { continue }
            let file = name.hasPrefix("/") ? URL(fileURLWithPath: name) : manifest.deletingLastPathComponent().appendingPathComponent(name)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else {
                problems.append(
                    ManifestProblem(
                        file: manifest.path, record: located.position, field: "media",
                        message: "media file \(file.path) does not exist"))
                continue
            }
            guard let media else { continue }
            let hash = try SHA256.hashFile(file)
            let kept = try media.keepOriginal(file, hash: hash, link: false)
            placed.append(kept)
            prepared[located.position] = PreparedMedia(
                path: kept.path, originalName: file.lastPathComponent, hash: hash,
                size: (attributes[.size] as? NSNumber)?.int64Value ?? 0)
        }
        guard problems.isEmpty else { throw ManifestError(problems: problems) }
        return prepared
    }

    /// Checks and writes records inside the caller's transaction (used by `importFile`, reference loading
    /// and the benchmark).
    func apply(
        _ records: [ManifestReader.Located], sample: Bool, file: String, encoding: TextDecoding.Encoding,
        media: [Int: PreparedMedia], in db: Database
    ) throws -> Summary {
        let validator = try ManifestValidator(db: db)
        var problems: [ManifestProblem] = []
        var drafts: [(ManifestReader.Located, CatalogItemDraft)] = []
        var seenKeys: [String: Int] = [:]
        for located in records {
            guard let draft = validator.draft(located, file: file, sampleFile: sample, problems: &problems) else { continue }
            if let first = seenKeys[draft.stableKey] {
                problems.append(
                    ManifestProblem(
                        file: file, record: located.position, field: "key",
                        message: "key '\(draft.stableKey)' is used twice (also record \(first))"))
            }
            seenKeys[draft.stableKey] = located.position
            drafts.append((located, draft))
        }
        // An attachment's key is its record's key + "#n"; a record of the same manifest with that key would
        // be overwritten by the attachment (or the other way round), so the manifest must say which it means.
        for (located, draft) in drafts {
            for index in (located.record.attachments ?? []).indices {
                if let other = seenKeys["\(draft.stableKey)#\(index + 1)"] {
                    problems.append(
                        ManifestProblem(
                            file: file, record: other, field: "key",
                            message: "key '\(draft.stableKey)#\(index + 1)' is the key of record \(located.position)'s attachment \(index + 1)"))
                }
            }
        }
        guard problems.isEmpty else { throw ManifestError(problems: problems) }
        var summary = Summary(file: file, encoding: encoding)
        try db.transaction {
            var writer = CatalogItemWriter(db: db)
            // Keys are looked up before anything is written: the count of new items decides the bulk load,
            // and no record of this manifest can create another record's key (checked above).
            let existing = try drafts.map { try writer.existingID(stableKey: $0.1.stableKey) }
            let newItems = existing.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
            let bulk = try CatalogBulkLoad.begin(items: drafts.count, newItems: newItems, in: db)
            writer.maintainsSearchIndex = bulk != nil
            for ((located, draft), existingID) in zip(drafts, existing) {
                let (id, change) = try writer.upsert(draft, parentID: nil, key: existingID.map { .existing($0) } ?? .new)
                switch change {
                case .inserted: summary.inserted += 1
                case .updated: summary.updated += 1
                case .unchanged: summary.unchanged += 1
                }
                for (index, attachment) in (located.record.attachments ?? []).enumerated() {
                    var child = CatalogItemDraft(kind: .attachment, stableKey: "\(draft.stableKey)#\(index + 1)", title: attachment.title)
                    child.attachmentType = attachment.type
                    child.filePath = attachment.file
                    child.grade = draft.grade
                    child.learningArea = draft.learningArea
                    child.isSample = draft.isSample
                    try writer.upsert(child, parentID: id)
                }
                if let prepared = media[located.position], try link(prepared, to: id, in: db) {
                    summary.queuedTranscodes += 1
                }
            }
            try writer.reindexChangedText()
            try bulk?.finish()
        }
        return summary
    }

    /// Links an item to the asset of its media file, creating source, asset and job when new.
    /// - Returns: true when a transcode was queued.
    private func link(_ prepared: PreparedMedia, to itemID: Int64, in db: Database) throws -> Bool {
        let sourceID =
            try SourceFile.find(hash: prepared.hash, in: db)?.id
            ?? SourceFile.insert(
                path: prepared.path, originalName: prepared.originalName, hash: prepared.hash,
                size: prepared.size, duration: nil, in: db)
        let current: Int64? = try db.scalar(
            """
            SELECT a.id FROM catalog_item i JOIN media_asset a ON a.id = i.asset_id WHERE i.id = ? AND a.source_file_id = ?
            """, [itemID, sourceID])
        if current != nil { return false }
        let assetID = try MediaAsset.create(sourceFileID: sourceID, in: db)
        try db.execute("UPDATE catalog_item SET asset_id = ? WHERE id = ?", [assetID, itemID])
        try TranscodeQueue.enqueue(assetID: assetID, in: db)
        return true
    }
}
