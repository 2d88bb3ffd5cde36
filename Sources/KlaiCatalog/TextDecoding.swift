import Foundation
import KlaiText

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
            guard let scalar = Windows874.scalar(byte) else {
                throw CatalogError("the file is neither UTF-8 nor Windows-874 (TIS-620): byte 0x"
                    + String(byte, radix: 16, uppercase: true) + " at line \(line), offset \(offset) is not defined in either;"
                    + " save it again as UTF-8")
            }
            if byte == 0x0A { line += 1 }
            scalars.append(scalar)
        }
        return (String(scalars), .windows874)
    }

    /// Encodes Thai text as Windows-874 (for tests and exports to old spreadsheets); nil if a character has no byte.
    public static func encodeWindows874(_ text: String) -> Data? {
        Windows874.encode(text).map { Data($0) }
    }
}
