import Foundation
import Glibc
import KlaiCrypto
import KlaiStore
import KlaiText

extension MediaLibrary {
    /// `Media/attachments/`: worksheets, lesson plans and knowledge sheets (`catalog_item.file_path` is relative to `Media/`).
    public var attachments: URL { root.appendingPathComponent("attachments", isDirectory: true) }
}

/// Worksheets and other PDF files a person adds to a lesson from the browser.
///
/// Crash order: the PDF is renamed into `Media/attachments/` and flushed (file and folder) before the row
/// naming it is committed, so after a kill -9 at any moment every attachment row names a whole file.
/// Removing goes the other way: the row first, the file after the commit. A kill between the two steps of
/// either leaves a file no row names; `sweepOrphans` removes it when `klai serve` next starts, before any
/// request can place another, and only among the names `place` makes (`<lesson id>-<16 hex>.pdf`), so a
/// PDF an admin copied there for a manifest not yet imported is never touched.
public enum CatalogAttachments {
    /// A worksheet or lesson plan is a few megabytes; scanned ones reach tens.
    public static let maxBytes = 50 << 20
    /// `catalog_item.attachment_type`'s values, in the order a form offers them.
    public static let types = ["worksheet", "knowledge_sheet", "lesson_plan", "slides", "other"]

    /// Checks that a file is a whole PDF: the `%PDF-` header (ISO 32000-1 §7.5.2) and, within the last
    /// 1024 bytes, the `%%EOF` end marker (§7.5.5) that a file cut short by a dropped connection lacks.
    /// - Throws: `CatalogError` with a sentence saying what is wrong.
    public static func checkPDF(at path: String) throws(CatalogError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CatalogError("the uploaded file cannot be read") }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        guard size > 0 else { throw CatalogError("the file is empty") }
        guard size <= UInt64(maxBytes) else { throw CatalogError("the file is larger than \(maxBytes >> 20) MB") }
        let head: Data
        let tail: Data
        do {
            try handle.seek(toOffset: 0)
            head = try handle.read(upToCount: 5) ?? Data()
            try handle.seek(toOffset: size > 1024 ? size - 1024 : 0)
            tail = try handle.readToEnd() ?? Data()
        } catch {
            throw CatalogError("the uploaded file cannot be read")
        }
        guard head == Data("%PDF-".utf8) else { throw CatalogError("the file is not a PDF (it does not start with %PDF-)") }
        guard tail.range(of: Data("%%EOF".utf8)) != nil else {
            throw CatalogError("the PDF is cut off (it has no %%EOF end marker); upload it again")
        }
    }

    /// A PDF moved into `Media/attachments/` and flushed, not yet named by any row.
    public struct Placed: Sendable {
        /// Relative to `Media/`: `attachments/<lesson id>-<random>.pdf`.
        public var path: String
        let file: URL

        /// Removes the file (the row was not committed).
        public func discard() {
            MediaLibrary.removeOriginal(file)
        }
    }

    /// Moves a checked upload into `Media/attachments/` under a fresh name and makes it durable.
    /// - Parameter rename: moves the upload to the given path (a rename within `Media/`, so no copy).
    public static func place(for parentID: Int64, media: MediaLibrary, rename: (String) throws -> Void) throws -> Placed {
        try FileManager.default.createDirectory(at: media.attachments, withIntermediateDirectories: true)
        let name = "\(parentID)-\(SHA256.hex(SecureRandom.bytes(8))).pdf"
        let file = media.attachments.appendingPathComponent(name)
        try rename(file.path)
        let placed = Placed(path: "attachments/" + name, file: file)
        do {
            let descriptor = open(file.path, O_RDONLY)
            guard descriptor >= 0 else { throw CatalogError("could not open \(file.path) to flush it") }
            defer { close(descriptor) }
            guard fsync(descriptor) == 0 else { throw CatalogError("could not flush \(file.path): \(String(cString: strerror(errno)))") }
            try MediaLibrary.syncFolder(media.attachments)
        } catch {
            placed.discard()
            throw error
        }
        return placed
    }

    /// Adds the row of a placed PDF under lesson `parentID`, inside the caller's transaction.
    /// - Returns: the new attachment's id.
    /// - Throws: `CatalogError` for a missing lesson, an empty or too long title, an unknown type.
    public static func insert(
        _ placed: Placed, title: String, type: String, parentID: Int64, in db: Database,
        now: Date = Date()
    ) throws -> Int64 {
        guard let parent = try Catalog.item(id: parentID, in: db), parent.kind != .attachment else {
            throw CatalogError("catalog item \(parentID) does not exist")
        }
        let title = title.trimmed()
        guard !title.isEmpty, title.count <= CatalogItemEdit.maxTitle else {
            throw CatalogError("an attachment needs a title of 1 to \(CatalogItemEdit.maxTitle) characters")
        }
        guard types.contains(type) else { throw CatalogError("unknown attachment type '\(type)'") }
        var draft = CatalogItemDraft(
            kind: .attachment, stableKey: "\(parent.stableKey)#\(placed.file.deletingPathExtension().lastPathComponent)",
            title: title)
        draft.attachmentType = type
        draft.filePath = placed.path
        draft.grade = parent.grade
        draft.learningArea = parent.learningArea
        var writer = CatalogItemWriter(db: db, now: now)
        return try writer.upsert(draft, parentID: parentID, key: .new).id
    }

    /// Deletes attachment `id`'s row inside the caller's transaction.
    /// - Returns: the removed attachment; delete its file with `removeFile` after the commit.
    public static func delete(_ id: Int64, in db: Database) throws -> CatalogItem {
        guard let item = try Catalog.item(id: id, in: db), item.kind == .attachment else {
            throw CatalogError("attachment \(id) does not exist")
        }
        try db.execute("DELETE FROM catalog_item WHERE id = ?", [id])
        return item
    }

    /// Whether `name` is one `place` makes: `<lesson id>-<16 lowercase hex>.pdf`.
    static func isPlacedName(_ name: String) -> Bool {
        guard name.hasSuffix(".pdf") else { return false }
        let stem = name.utf8.dropLast(4)
        guard let dash = stem.firstIndex(of: UInt8(ascii: "-")) else { return false }
        let id = stem[..<dash], random = stem[stem.index(after: dash)...]
        return !id.isEmpty && id.count <= 19 && id.allSatisfy { (0x30...0x39).contains($0) }
            && random.count == 16 && random.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Removes the files in `Media/attachments/` that `place` made but no committed row names: what a kill
    /// between placing and committing (or between deleting a row and its file) left. Call it once at start-up,
    /// after the database is open and before requests are served, so no upload is between its two steps; the
    /// list of named paths is read after the folder, so a file a committed row names is never removed.
    /// - Returns: the removed files' paths relative to `Media/`, for the log.
    public static func sweepOrphans(media: MediaLibrary, store: Store) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: media.attachments.path)) ?? []
        let candidates = names.filter(isPlacedName)
        guard !candidates.isEmpty else { return [] }
        let named = Set(
            try store.readSync { db in
                try db.fetchAll("SELECT file_path FROM catalog_item WHERE file_path LIKE 'attachments/%'").compactMap { row -> String? in
                    try row.get("file_path")
                }
            })
        var removed: [String] = []
        for name in candidates.sorted() where !named.contains("attachments/" + name) {
            guard (try? FileManager.default.removeItem(at: media.attachments.appendingPathComponent(name))) != nil else { continue }
            removed.append("attachments/" + name)
        }
        if !removed.isEmpty { try MediaLibrary.syncFolder(media.attachments) }
        return removed
    }

    /// Removes a deleted attachment's file when no row names it any more and it lies in `Media/attachments/`
    /// (a manifest's file elsewhere is left alone).
    public static func removeFile(of item: CatalogItem, media: MediaLibrary, store: Store) throws {
        guard let path = item.filePath, path.hasPrefix("attachments/"), !path.contains("..") else { return }
        let stillNamed = try store.readSync { db in
            try db.scalar("SELECT count(*) FROM catalog_item WHERE file_path = ?", [path], as: Int.self) ?? 0
        }
        if stillNamed == 0 { MediaLibrary.removeOriginal(media.url(path)) }
    }
}
