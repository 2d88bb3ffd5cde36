/// Windows-874 (TIS-620 plus a few punctuation marks), decoded with a table because Foundation on
/// Linux has no Thai single-byte encoding.
///
/// TIS-620 (TIS 620-2533) places Thai at 0xA1–0xDA and 0xDF–0xFB, in the same order as Unicode's Thai
/// block, so those bytes are `U+0E00 + (byte − 0xA0)`. Windows-874 adds € … ‘ ’ “ ” • – — and NBSP.
/// Bytes neither defines (0xDB–0xDE, 0xFC–0xFF, most of 0x80–0x9F) are not text: decoding fails.
public enum Windows874 {
    static let extras: [UInt8: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x85: "\u{2026}", 0x91: "\u{2018}", 0x92: "\u{2019}", 0x93: "\u{201C}",
        0x94: "\u{201D}", 0x95: "\u{2022}", 0x96: "\u{2013}", 0x97: "\u{2014}", 0xA0: "\u{00A0}"
    ]

    /// The character for one byte, or nil for an undefined byte.
    public static func scalar(_ byte: UInt8) -> Unicode.Scalar? {
        switch byte {
        case 0x00...0x7F: return Unicode.Scalar(byte)
        case 0xA1...0xDA, 0xDF...0xFB: return Unicode.Scalar(0x0E00 + UInt32(byte) - 0xA0)
        default: return extras[byte]
        }
    }

    /// An undefined byte, at this offset.
    public struct UndefinedByte: Error, Sendable { public let offset: Int }

    /// Decodes `bytes`, failing at the first undefined byte.
    public static func decode(_ bytes: [UInt8]) -> Result<String, UndefinedByte> {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for (offset, byte) in bytes.enumerated() {
            guard let scalar = scalar(byte) else { return .failure(UndefinedByte(offset: offset)) }
            scalars.append(scalar)
        }
        return .success(String(scalars))
    }

    /// Encodes text back to Windows-874 (for tests and exports); nil when a character has no byte.
    public static func encode(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                bytes.append(UInt8(scalar.value))
            } else if (0x0E01...0x0E5B).contains(scalar.value), let byte = UInt8(exactly: scalar.value - 0x0E00 + 0xA0),
                Self.scalar(byte) == scalar
            {
                bytes.append(byte)
            } else if let (byte, _) = extras.first(where: { $0.value == scalar }) {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        return bytes
    }
}
