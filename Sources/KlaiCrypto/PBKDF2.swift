import CKlaiCrypto

/// PBKDF2 with HMAC-SHA-256 as the pseudorandom function (RFC 8018 §5.2).
public enum PBKDF2 {
    /// Derives `length` bytes from `password` and `salt` with `iterations` rounds.
    ///
    /// - Parameters:
    ///   - password: the password bytes (UTF-8 for text passwords).
    ///   - salt: a per-user random salt (16 bytes in Klai's hashes).
    ///   - iterations: the work factor `c` of RFC 8018; Klai's passwords use at least 210,000.
    ///   - length: `dkLen`, the derived key length in bytes.
    /// - Returns: the derived key.
    /// Whether the inner loop runs on the CPU's SHA extensions (x86 SHA-NI); the Swift loop otherwise.
    public static let usesSHAExtensions = klai_sha_ni_available() != 0

    public static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) -> [UInt8] {
        sha256(password: password, salt: salt, iterations: iterations, length: length, useSHAExtensions: usesSHAExtensions)
    }

    /// The same, choosing the inner loop (tests compare both).
    static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int, useSHAExtensions: Bool) -> [UInt8] {
        precondition(iterations >= 1 && length >= 1)
        let prf = HMACSHA256(key: password)
        var derived: [UInt8] = []
        derived.reserveCapacity(length)
        var blockIndex: UInt32 = 1
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { scratch in
            while derived.count < length {
                // RFC 8018 §5.2: U_1 = PRF(P, S || INT(i)), U_j = PRF(P, U_{j-1}), T_i = U_1 xor … xor U_c.
                var message = salt
                for shift in [24, 16, 8, 0] as [UInt32] { message.append(UInt8(truncatingIfNeeded: blockIndex >> shift)) }
                let first = prf.authenticate(message)
                var u = [UInt32](repeating: 0, count: 8)
                for t in 0..<8 {
                    for byte in 0..<4 { u[t] = u[t] << 8 | UInt32(first[4 * t + byte]) }
                }
                var t = u
                if useSHAExtensions {
                    prf.innerState.withUnsafeBufferPointer { inner in
                        prf.outerState.withUnsafeBufferPointer { outer in
                            klai_pbkdf2_sha256_rounds_ni(inner.baseAddress, outer.baseAddress, &u, &t, UInt64(iterations - 1))
                        }
                    }
                } else {
                    for _ in 1..<iterations {
                        prf.authenticateDigest(&u, scratch: scratch)
                        for index in 0..<8 { t[index] ^= u[index] }
                    }
                }
                derived += SHA256.bytes(of: t).prefix(length - derived.count)
                blockIndex += 1
            }
        }
        return derived
    }
}
