import Glibc

/// Free space on the filesystem holding a path, for the policy at a free-space floor (keep serving
/// and keep the legal traffic log; refuse uploads, ingest and transcodes).
public enum DiskSpace {
    /// Bytes an unprivileged process may still write on the filesystem holding `path`
    /// (`f_bavail × f_frsize` from statvfs(3); the blocks reserved for root are not counted).
    /// - Throws: `HTTPServerError` when the path does not exist or cannot be examined.
    public static func available(at path: String) throws -> Int64 {
        try measure(path).available
    }

    /// Bytes available and the filesystem's total size, saturating at `Int64.max`.
    public static func measure(_ path: String) throws -> (available: Int64, total: Int64) {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { throw HTTPServerError(operation: "statvfs \(path)", code: errno) }
        let unit = UInt64(info.f_frsize == 0 ? info.f_bsize : info.f_frsize)
        func bytes(_ blocks: UInt64) -> Int64 {
            let (product, overflow) = blocks.multipliedReportingOverflow(by: unit)
            return overflow || product > UInt64(Int64.max) ? Int64.max : Int64(product)
        }
        return (bytes(UInt64(info.f_bavail)), bytes(UInt64(info.f_blocks)))
    }
}
