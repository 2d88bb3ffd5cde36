/// HMAC-SHA-256 (RFC 2104, with SHA-256 per RFC 4231).
///
/// The keyed inner and outer states are computed once, so PBKDF2's many iterations with one
/// password cost two compressions each instead of four.
public struct HMACSHA256: Sendable {
    let innerState: [UInt32]
    let outerState: [UInt32]

    /// Prepares HMAC with `key`; a key longer than the block size is hashed first (RFC 2104 §2).
    public init(key: [UInt8]) {
        var key = key.count > SHA256.blockSize ? SHA256.hash(key) : key
        key += [UInt8](repeating: 0, count: SHA256.blockSize - key.count)
        var inner = SHA256.initialState
        var outer = SHA256.initialState
        let innerPad = key.map { $0 ^ 0x36 }
        let outerPad = key.map { $0 ^ 0x5c }
        innerPad.withUnsafeBufferPointer { SHA256.compress(&inner, block: $0) }
        outerPad.withUnsafeBufferPointer { SHA256.compress(&outer, block: $0) }
        innerState = inner
        outerState = outer
    }

    /// The 32-byte MAC of `message`.
    public func authenticate(_ message: [UInt8]) -> [UInt8] {
        var inner = SHA256(state: innerState, byteCount: UInt64(SHA256.blockSize))
        inner.update(message)
        var outer = SHA256(state: outerState, byteCount: UInt64(SHA256.blockSize))
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// One-shot HMAC-SHA-256.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        HMACSHA256(key: key).authenticate(message)
    }

    /// HMAC of a 32-byte message into `words` (8 words), used by PBKDF2's inner loop.
    ///
    /// Both hashes here see exactly one block (64 keyed bytes already in the state + 32 message bytes
    /// + padding), so the padding is fixed: 0x80, zeros, and the bit length 768 (= (64 + 32) · 8).
    func authenticateDigest(_ words: inout [UInt32], scratch w: UnsafeMutableBufferPointer<UInt32>) {
        for pass in 0..<2 {
            for t in 0..<8 { w[t] = words[t] }
            w[8] = 0x8000_0000
            for t in 9..<15 { w[t] = 0 }
            w[15] = 768
            words = pass == 0 ? innerState : outerState
            SHA256.compressWords(&words, w)
        }
    }
}
