import Foundation
import KlaiCrypto
import KlaiLearning
import KlaiStore

#if canImport(Glibc)
    import Glibc
#endif

/// Photos and PDFs attached to a visit, kept as files under the library's `Evidence/` folder.
///
/// Files are named by their SHA-256 (`Evidence/ab/abcdef….jpg`), written to a temporary name, flushed
/// to disk and renamed before the row naming them commits, so a power cut leaves at worst an unnamed
/// file, never a row pointing at a missing or half-written one (rename(2) is atomic on POSIX file
/// systems). The type is read from the bytes, never from the name the browser sent.
public struct VisitEvidence: Sendable {
    /// Size limits, per kind.
    public struct Limits: Sendable {
        public var photoBytes = 10 << 20
        public var pdfBytes = 20 << 20
        public var filesPerVisit = 20
        public init() {}
    }

    /// One stored attachment.
    public struct Attachment: Sendable, Equatable {
        public var id: Int64
        public var mediaType: String
        public var byteCount: Int
        public var sha256: String
        /// Relative to the library folder: `Evidence/ab/ab….jpg`.
        public var path: String
        public var originalName: String
        public var caption: String
    }

    /// The library's data folder (the `Evidence/` folder is created inside it).
    public let dataFolder: URL
    public var limits: Limits

    public init(dataFolder: URL, limits: Limits = Limits()) {
        self.dataFolder = dataFolder
        self.limits = limits
    }

    /// Attaches `bytes` to a draft visit of `supervisor`. Attaching the same file twice changes nothing.
    /// - Throws: `EvaluationError.invalid` for an unknown type, a truncated file or one over its limit;
    ///   the errors of `Visits.editableDraft` for a submitted visit or another person's.
    @discardableResult
    public func attach(
        _ db: Database, by supervisor: Principal, visitID: Int64, bytes: Data, originalName: String,
        caption: String = "", now: Date = Date()
    ) throws -> Attachment {
        _ = try Visits.editableDraft(db, by: supervisor, visitID: visitID)
        let mediaType = try Self.sniff(bytes)
        let limit = mediaType == "application/pdf" ? limits.pdfBytes : limits.photoBytes
        guard bytes.count <= limit else {
            throw EvaluationError.invalid("\(originalName) is \(bytes.count / 1_048_576) MB; the limit is \(limit >> 20) MB")
        }
        let count = try db.scalar("SELECT count(*) FROM evaluation_evidence WHERE visit_id = ?", [visitID], as: Int.self) ?? 0
        let hash = SHA256.hex(SHA256.hash(bytes))
        if let existing = try attachments(db, visitID: visitID).first(where: { $0.sha256 == hash }) { return existing }
        guard count < limits.filesPerVisit else {
            throw EvaluationError.invalid("a visit holds at most \(limits.filesPerVisit) files")
        }
        let path = "Evidence/\(hash.prefix(2))/\(hash).\(Self.fileExtension[mediaType] ?? "bin")"
        try writeDurably(bytes, to: dataFolder.appendingPathComponent(path))
        let name = String(originalName.split(separator: "/").last ?? "").prefix(200)
        try db.execute(
            """
            INSERT INTO evaluation_evidence (visit_id, media_type, byte_count, sha256, path, original_name, caption, added_by,
                added_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [visitID, mediaType, bytes.count, hash, path, String(name), String(caption.prefix(500)), supervisor.userID, now])
        return Attachment(
            id: db.lastInsertRowID, mediaType: mediaType, byteCount: bytes.count, sha256: hash, path: path,
            originalName: String(name), caption: String(caption.prefix(500)))
    }

    /// The attachments of a visit `viewer` may see, oldest first.
    /// - Throws: `EvaluationError.notFound` when the viewer may not see the visit.
    public func attachments(_ db: Database, visitID: Int64, viewer: Principal) throws -> [Attachment] {
        _ = try Visits.visit(db, id: visitID, viewer: viewer)
        return try attachments(db, visitID: visitID)
    }

    func attachments(_ db: Database, visitID: Int64) throws -> [Attachment] {
        try db.fetchAll(
            """
            SELECT id, media_type, byte_count, sha256, path, original_name, caption FROM evaluation_evidence
            WHERE visit_id = ? ORDER BY id
            """, [visitID]
        ).map { row in
            Attachment(
                id: try row.get("id"), mediaType: try row.get("media_type"), byteCount: try row.get("byte_count"),
                sha256: try row.get("sha256"), path: try row.get("path"), originalName: try row.get("original_name"),
                caption: try row.get("caption"))
        }
    }

    /// The file of an attachment.
    public func url(of attachment: Attachment) -> URL { dataFolder.appendingPathComponent(attachment.path) }

    static let fileExtension = ["image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"]

    /// The media type the bytes begin (and end) like, by their signatures: JPEG (FF D8 FF … FF D9),
    /// PNG (RFC 2083 §3.1 signature … IEND chunk), WebP (RIFF container, "WEBP" form type) and PDF
    /// (ISO 32000-1 §7.5.2 header `%PDF-`, §7.5.5 trailer `%%EOF`). A file cut short by a dropped
    /// connection lacks its end marker and is refused, so a visit never keeps half a photo.
    public static func sniff(_ bytes: Data) throws -> String {
        let head = [UInt8](bytes.prefix(16))
        let tail = [UInt8](bytes.suffix(1024))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        func tailContains(_ marker: [UInt8]) -> Bool {
            guard tail.count >= marker.count else { return false }
            return (0...(tail.count - marker.count)).contains { Array(tail[$0..<$0 + marker.count]) == marker }
        }
        if starts([0xFF, 0xD8, 0xFF]) {
            guard tailContains([0xFF, 0xD9]) else { throw EvaluationError.invalid("the photo was cut off; send it again") }
            return "image/jpeg"
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard tailContains(Array("IEND".utf8)) else { throw EvaluationError.invalid("the picture was cut off; send it again") }
            return "image/png"
        }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) {
            guard tailContains(Array("%%EOF".utf8)) else { throw EvaluationError.invalid("the PDF was cut off; send it again") }
            return "application/pdf"
        }
        throw EvaluationError.invalid("evidence must be a photo (JPEG, PNG, WebP) or a PDF")
    }

    /// Writes a file so that it is either absent or complete after a power cut.
    private func writeDurably(_ bytes: Data, to destination: URL) throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination.path) { return }  // content-addressed: same name, same bytes
        let folder = destination.deletingLastPathComponent()
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString)")
        guard manager.createFile(atPath: temporary.path, contents: nil) else {
            throw EvaluationError.invalid("cannot write evidence into \(folder.path)")
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            try handle.close()
            try manager.moveItem(at: temporary, to: destination)
        } catch {
            try? manager.removeItem(at: temporary)
            throw error
        }
        // The rename is durable once the folder's entry is flushed too (fsync(2) on the directory).
        let folderDescriptor = open(folder.path, O_RDONLY)
        if folderDescriptor >= 0 {
            fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}
