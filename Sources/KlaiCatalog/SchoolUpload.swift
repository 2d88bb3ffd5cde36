import Foundation
import KlaiCrypto
import KlaiStore

/// A video a teacher uploads for their own school: kept like every original (verified copy in `sources/`),
/// made a local lesson of that school (`catalog_item.school_id`), and queued for transcoding.
///
/// Which school a person may upload to is KlaiLearning's `Authorization` question, asked by the page;
/// here the school is only recorded. The same file uploaded twice for one school is one lesson.
public struct SchoolUpload: Sendable {
    public let store: Store
    public let media: MediaLibrary
    /// When set, a file that would take the disk below this floor is refused and nothing is kept.
    public var diskFloor: DiskFloor?

    public init(store: Store, media: MediaLibrary) {
        self.store = store
        self.media = media
    }

    /// Which school a local lesson belongs to; NULL for shared catalog items (DLTV, DLIT, manifests).
    static let schemaSQL = """
        ALTER TABLE catalog_item ADD COLUMN school_id INTEGER;
        CREATE INDEX catalog_item_by_school ON catalog_item(school_id, id) WHERE school_id IS NOT NULL;
        """

    /// The lesson an upload became and its transcode job.
    public struct Result: Sendable, Equatable {
        public var itemID: Int64
        public var jobID: Int64?
        /// The same file was already this school's lesson: nothing new was made.
        public var wasAlreadyThere: Bool
    }

    /// Adds `file` as a local lesson titled `title` of school `schoolID`. The file itself is left for the caller
    /// (an upload's temporary folder) to remove.
    /// - Throws: `CatalogError` when the file cannot be read or kept, or the disk is below its floor; the catalog
    ///   is then unchanged and no copy is left in `sources/`.
    public func add(_ file: URL, title: String, schoolID: Int64) throws -> Result {
        // Held from before the copy until after the commit (see `MediaLibrary.sweepOrphanSources`).
        try media.whilePlacing { try addPlacing(file, title: title, schoolID: schoolID) }
    }

    private func addPlacing(_ file: URL, title: String, schoolID: Int64) throws -> Result {
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        let hash: String
        do {
            hash = try SHA256.hashFile(file)
        } catch {
            throw CatalogError("\(file.lastPathComponent) could not be read: \(error.localizedDescription)")
        }
        let key = "school:\(schoolID):upload:\(hash.prefix(16))"
        if let existing: Int64 = try store.readSync({ db in try db.scalar("SELECT id FROM catalog_item WHERE stable_key = ?", [key]) }) {
            return Result(itemID: existing, jobID: nil, wasAlreadyThere: true)
        }
        // Bytes already in the library (another school's upload, a recording) are kept once: only a new asset.
        let known = try store.readSync { db in try SourceFile.find(hash: hash, in: db) }
        var kept: MediaLibrary.KeptOriginal?
        if known == nil {
            try diskFloor?.check(adding: size)
            kept = try media.keepOriginal(file, hash: hash, link: true)
        }
        do {
            return try store.writeSync { [kept] db in
                let sourceID =
                    try known?.id ?? SourceFile.find(hash: hash, in: db)?.id
                    ?? SourceFile.insert(
                        path: kept?.path ?? "", originalName: file.lastPathComponent, hash: hash, size: size,
                        duration: nil, in: db)
                let assetID = try MediaAsset.create(sourceFileID: sourceID, in: db)
                let now = Date()
                try db.execute(
                    """
                    INSERT INTO catalog_item (kind, stable_key, title, asset_id, school_id, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [CatalogItem.Kind.localLesson.rawValue, key, title, assetID, schoolID, now, now])
                let itemID = db.lastInsertRowID
                let jobID = try TranscodeQueue.enqueue(assetID: assetID, in: db)
                return Result(itemID: itemID, jobID: jobID, wasAlreadyThere: false)
            }
        } catch {
            if let kept { media.discard(kept) }
            throw error
        }
    }

    /// A school's uploaded lesson with its newest transcode job, for the teacher's page.
    public struct Lesson: Sendable {
        public var itemID: Int64
        public var title: String
        public var createdAt: Date
        public var assetStatus: String?
        public var job: TranscodeJob?
    }

    /// The newest uploaded lessons of a school, with their jobs' states and progress.
    public static func lessons(schoolID: Int64, limit: Int = 50, in db: Database) throws -> [Lesson] {
        let rows = try db.fetchAll(
            """
            SELECT i.id, i.title, i.created_at, a.status,
                   (SELECT j.id FROM transcode_job j WHERE j.asset_id = i.asset_id ORDER BY j.id DESC LIMIT 1) AS job_id
            FROM catalog_item i LEFT JOIN media_asset a ON a.id = i.asset_id
            WHERE i.school_id = ? ORDER BY i.id DESC LIMIT ?
            """, [schoolID, limit])
        return try rows.map { row in
            let jobID: Int64? = try row.get("job_id")
            return Lesson(
                itemID: try row.get("id"), title: try row.get("title"), createdAt: try row.get("created_at"),
                assetStatus: try row.get("status"), job: try jobID.flatMap { try TranscodeQueue.job($0, in: db) })
        }
    }
}
