import CKlaiCrypto

/// SHA-256 (FIPS 180-4 §6.2), Klai's own so it needs no crypto library: Swift, with runs of whole blocks
/// compressed on the CPU's SHA extensions when it has them (CKlaiCrypto; media files are hundreds of MB).
///
/// Used for password hashing (through `HMACSHA256` and `PBKDF2`), session tokens stored hashed, the
/// traffic log's hash chain and content hashes of media files. The compression function is shared
/// with `HMACSHA256` so PBKDF2 reuses the keyed inner and outer states instead of rehashing the key.
public struct SHA256: Sendable {
    /// Hash output size in bytes.
    public static let digestSize = 32
    /// Block size in bytes (FIPS 180-4 §1).
    public static let blockSize = 64

    // FIPS 180-4 §5.3.3: initial hash value H(0).
    static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    ]

    // FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2
    ]

    var state: [UInt32]
    private var buffer: [UInt8] = []
    private var byteCount: UInt64 = 0

    /// A fresh hash computation.
    public init() {
        state = Self.initialState
        buffer.reserveCapacity(Self.blockSize)
    }

    /// A computation resumed from a state after `byteCount` bytes (whole blocks) were hashed.
    init(state: [UInt32], byteCount: UInt64) {
        self.state = state
        self.byteCount = byteCount
        buffer.reserveCapacity(Self.blockSize)
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Adds bytes to the message.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        // Arrays, Data and slices of them hash from memory, block by block; other sequences byte by byte.
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(contiguous: UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        for byte in bytes {
            buffer.append(byte)
            if buffer.count == Self.blockSize {
                buffer.withUnsafeBufferPointer { Self.compress(&state, block: $0) }
                buffer.removeAll(keepingCapacity: true)
            }
            byteCount &+= 1
        }
    }

    /// Adds bytes from memory: whole 64-byte blocks go straight to the compression function (on the
    /// CPU's SHA extensions when it has them), only a partial block is buffered. Media files are hashed
    /// through here (`hashFile`): the byte-at-a-time loop made hashing a recording cost more CPU than cutting it.
    mutating func update(contiguous bytes: UnsafeRawBufferPointer) {
        var rest = bytes[...]
        byteCount &+= UInt64(rest.count)
        if !buffer.isEmpty {
            let fill = rest.prefix(Self.blockSize - buffer.count)
            buffer.append(contentsOf: fill)
            rest = rest.dropFirst(fill.count)
            guard buffer.count == Self.blockSize else { return }
            buffer.withUnsafeBufferPointer { Self.compress(&state, block: $0) }
            buffer.removeAll(keepingCapacity: true)
        }
        let whole = rest.count / Self.blockSize * Self.blockSize
        if whole > 0 {
            Self.compressBlocks(&state, UnsafeRawBufferPointer(rebasing: rest.prefix(whole)))
            rest = rest.dropFirst(whole)
        }
        buffer.append(contentsOf: rest)
    }

    /// Processes `blocks.count / 64` whole blocks into `state`.
    static func compressBlocks(_ state: inout [UInt32], _ blocks: UnsafeRawBufferPointer) {
        guard let base = blocks.baseAddress else { return }
        let count = blocks.count / blockSize
        if PBKDF2.usesSHAExtensions {
            state.withUnsafeMutableBufferPointer { words in
                guard let words = words.baseAddress else { return }
                klai_sha256_blocks_ni(words, base.assumingMemoryBound(to: UInt8.self), count)
            }
            return
        }
        for index in 0..<count {
            let block = UnsafeRawBufferPointer(start: base + index * blockSize, count: blockSize)
            Self.compress(&state, block: block.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Pads the message (FIPS 180-4 §5.1.1) and returns the 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        let bitLength = byteCount &* 8
        buffer.append(0x80)
        if buffer.count > 56 {
            buffer += [UInt8](repeating: 0, count: Self.blockSize - buffer.count)
            buffer.withUnsafeBufferPointer { Self.compress(&state, block: $0) }
            buffer.removeAll(keepingCapacity: true)
        }
        buffer += [UInt8](repeating: 0, count: 56 - buffer.count)
        for shift in stride(from: 56, through: 0, by: -8) {
            buffer.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        buffer.withUnsafeBufferPointer { Self.compress(&state, block: $0) }
        buffer.removeAll(keepingCapacity: true)
        return Self.bytes(of: state)
    }

    static func bytes(of state: [UInt32]) -> [UInt8] {
        var digest = [UInt8]()
        digest.reserveCapacity(32)
        for word in state {
            digest += [
                UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16),
                UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)
            ]
        }
        return digest
    }

    /// FIPS 180-4 §6.2.2: processes one 64-byte block into `state`.
    static func compress(_ state: inout [UInt32], block: UnsafeBufferPointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 {
                w[t] =
                    UInt32(block[4 * t]) << 24 | UInt32(block[4 * t + 1]) << 16
                    | UInt32(block[4 * t + 2]) << 8 | UInt32(block[4 * t + 3])
            }
            compressWords(&state, w)
        }
    }

    /// Compression with the first 16 message words already in `w` (capacity 64).
    static func compressWords(_ state: inout [UInt32], _ w: UnsafeMutableBufferPointer<UInt32>) {
        for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var a = state[0], b = state[1], c = state[2], d = state[3]
        var e = state[4], f = state[5], g = state[6], h = state[7]
        k.withUnsafeBufferPointer { k in
            for t in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let choice = (e & f) ^ (~e & g)
                let t1 = h &+ s1 &+ choice &+ k[t] &+ w[t]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ majority
                h = g; g = f; f = e; e = d &+ t1
                d = c; c = b; b = a; a = t1 &+ t2
            }
        }
        state[0] &+= a; state[1] &+= b; state[2] &+= c; state[3] &+= d
        state[4] &+= e; state[5] &+= f; state[6] &+= g; state[7] &+= h
    }

    @inline(__always)
    static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
