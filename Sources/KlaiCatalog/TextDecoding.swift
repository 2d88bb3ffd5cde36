import Foundation

/// Decodes manifest text in UTF-8 or Windows-874 (TIS-620 plus a few punctuation marks).
///
/// Windows-874 is decoded with our own table because Foundation on Linux has no Thai encoding.
/// The encoding is detected, never guessed silently: valid UTF-8 is UTF-8; otherwise every byte must
/// be defined in Windows-874, or the file is refused with the offending byte and line.
public enum TextDecoding {
    /// The encoding a file was found to use.
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", windows874 = "Windows-874" }

    /// The text of `data` and the encoding it was in.
    /// - Throws: `CatalogError` naming the first byte that is neither UTF-8 nor Windows-874.
    public static func decode(_ data: Data) throws(CatalogError) -> (text: String, encoding: Encoding) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        var scalars = String.UnicodeScalarView()
        var line = 1
        for (offset, byte) in bytes.enumerated() {
            guard let scalar = windows874(byte) else {
                throw CatalogError("the file is neither UTF-8 nor Windows-874 (TIS-620): byte 0x"
                    + String(byte, radix: 16, uppercase: true) + " at line \(line), offset \(offset) is not defined in either;"
                    + " save it again as UTF-8")
            }
            if byte == 0x0A { line += 1 }
            scalars.append(scalar)
        }
        return (String(scalars), .windows874)
    }

    /// The character for one Windows-874 byte, or nil when the byte is undefined.
    static func windows874(_ byte: UInt8) -> Unicode.Scalar? {
        switch byte {
        case 0x00...0x7F: return Unicode.Scalar(byte)
        case 0xA0: return "\u{00A0}"
        // TIS-620 places Thai at 0xA1–0xFB in Unicode order: U+0E01–U+0E5B, gaps at 0xDB–0xDE.
        case 0xA1...0xDA, 0xDF...0xFB: return Unicode.Scalar(UInt32(byte) + 0x0E00 - 0xA0)
        case 0x80: return "\u{20AC}"
        case 0x85: return "\u{2026}"
        case 0x91: return "\u{2018}"
        case 0x92: return "\u{2019}"
        case 0x93: return "\u{201C}"
        case 0x94: return "\u{201D}"
        case 0x95: return "\u{2022}"
        case 0x96: return "\u{2013}"
        case 0x97: return "\u{2014}"
        default: return nil
        }
    }

    /// Encodes Thai text as Windows-874 (for tests and exports to old spreadsheets); nil if a character has no byte.
    public static func encodeWindows874(_ text: String) -> Data? {
        var reverse: [UInt32: UInt8] = [:]
        for byte in UInt8(0x80)...UInt8(0xFF) { if let scalar = windows874(byte) { reverse[scalar.value] = byte } }
        var data = Data()
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 { data.append(UInt8(scalar.value)) } else if let byte = reverse[scalar.value] { data.append(byte) } else { return nil }
        }
        return data
    }
}
