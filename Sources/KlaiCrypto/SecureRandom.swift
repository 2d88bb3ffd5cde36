import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Random bytes from the kernel's CSPRNG, read from `/dev/urandom`.
///
/// (`getrandom(2)` is not exported by Swift's Glibc module; `/dev/urandom` is the same kernel pool and
/// never blocks once the system has booted.) Session tokens and salts come from here, never from a
/// seeded generator.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        precondition(descriptor >= 0, "cannot open /dev/urandom: no source of kernel randomness")
        defer { close(descriptor) }
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, count - filled) }
            if got > 0 {
                filled += got
            } else {
                precondition(got < 0 && errno == EINTR, "reading /dev/urandom failed")
            }
        }
        return bytes
    }
}
