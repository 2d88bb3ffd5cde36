import CKlaiHTTP
import Glibc

/// The monotonic clock the connection timeouts use.
enum Monotonic {
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

extension UInt32 {
    static let epollIn = EPOLLIN.rawValue
    static let epollOut = EPOLLOUT.rawValue
    static let epollRDHup = EPOLLRDHUP.rawValue
    static let epollErr = EPOLLERR.rawValue
    static let epollHup = EPOLLHUP.rawValue
    /// Wake only one of the loops sharing the listening socket (Linux 4.5).
    static let epollExclusive: UInt32 = 1 << 28
}
