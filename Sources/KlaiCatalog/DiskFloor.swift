import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The free-space floor of the disk that holds the data folder.
///
/// Below the floor Klai keeps serving what it has and keeps writing the traffic log (a legal duty),
/// but refuses new work that fills the disk: uploads (HTTP 507 Insufficient Storage, RFC 4918 §11.5),
/// ingest (an inbox file stays where it is) and transcodes (the job waits with the reason). The floor is
/// the smaller of `minimumBytes` and `minimumFraction` of the disk, so a small disk is not refused for ever.
public struct DiskFloor: Sendable {
    /// A folder on the watched disk (the data folder).
    public let folder: URL
    public var minimumBytes: Int64
    public var minimumFraction: Double

    /// 2 GB or 5 % of the disk, whichever is smaller.
    public init(folder: URL, minimumBytes: Int64 = 2_000_000_000, minimumFraction: Double = 0.05) {
        self.folder = folder
        self.minimumBytes = max(0, minimumBytes)
        self.minimumFraction = minimumFraction.isFinite ? min(1, max(0, minimumFraction)) : 0.05
    }

    /// What the admin page shows: free space, the floor, and a sentence when new work is refused.
    public struct Status: Sendable, Equatable {
        public var availableBytes: Int64
        public var totalBytes: Int64
        public var floorBytes: Int64
        /// Nil while there is room; otherwise what Klai refuses and what the admin can do.
        public var refusal: String?
        public var isBelowFloor: Bool { refusal != nil }
    }

    /// Reads free space with statvfs(3) (the space an unprivileged writer may use, `f_bavail`).
    /// - Parameter adding: bytes the caller is about to write (an upload or a copy), counted as used.
    /// - Throws: `CatalogError` when the folder's disk cannot be read.
    public func status(adding bytes: Int64 = 0) throws -> Status {
        var info = statvfs()
        guard statvfs(folder.path, &info) == 0 else {
            throw CatalogError("the free space of \(folder.path) cannot be read: \(String(cString: strerror(errno)))")
        }
        let block = Int64(clamping: UInt64(info.f_frsize))
        let available = Int64(clamping: UInt64(info.f_bavail)).multipliedReportingOverflow(by: block)
        let total = Int64(clamping: UInt64(info.f_blocks)).multipliedReportingOverflow(by: block)
        let availableBytes = available.overflow ? Int64.max : available.partialValue
        let totalBytes = total.overflow ? Int64.max : total.partialValue
        let fraction = Double(totalBytes) * minimumFraction
        let floor = min(minimumBytes, fraction < 9e18 ? Int64(fraction) : Int64.max)
        let after = availableBytes - max(0, min(bytes, availableBytes))
        var status = Status(availableBytes: availableBytes, totalBytes: totalBytes, floorBytes: floor, refusal: nil)
        if after < floor || bytes > availableBytes {
            status.refusal =
                "the disk holding \(folder.path) has \(Self.megabytes(availableBytes)) free"
                + (bytes > 0 ? " (\(Self.megabytes(bytes)) needed)" : "")
                + ", below Klai's floor of \(Self.megabytes(floor)): uploads, ingest and transcodes wait until space is freed"
                + " (delete old recordings or move the data folder to a bigger disk); lessons keep playing"
        }
        return status
    }

    /// Throws the refusal sentence when `bytes` more would go below the floor; an unreadable disk is not refused.
    public func check(adding bytes: Int64 = 0) throws {
        if let refusal = try? status(adding: bytes).refusal { throw CatalogError(refusal) }
    }

    static func megabytes(_ bytes: Int64) -> String { "\(bytes / 1_000_000) MB" }
}
