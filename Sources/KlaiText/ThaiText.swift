/// The one way Klai reads a text file that came from a Thai spreadsheet (a roster, a lesson manifest):
/// UTF-8, UTF-8 with a byte-order mark, or Windows-874/TIS-620, detected from the bytes, never guessed.
///
/// - A UTF-8 byte-order mark means UTF-8; the rest must then be valid UTF-8.
/// - Valid UTF-8 is UTF-8, unless it holds no Thai letter while reading it as Windows-874 would give
///   Thai: then the two readings are different texts and choosing one is a guess, so the file is refused
///   with advice to save it as "CSV UTF-8".
/// - Otherwise every byte must be defined in Windows-874 (Foundation on Linux has no Thai encoding, so
///   `Windows874` is Klai's own table).
public enum ThaiText {
    /// The encoding a file was found to be in.
    public enum Encoding: String, Sendable, Equatable {
        case utf8 = "UTF-8"
        case utf8WithBOM = "UTF-8 with BOM"
        case windows874 = "Windows-874 (TIS-620)"
    }

    /// Why a file could not be read; `sentence` says what to do about it.
    public struct DecodingError: Error, Sendable, Equatable {
        public let sentence: String
        /// The line of the first offending byte, when there is one.
        public let line: Int?
    }

    /// The text of `bytes` and the encoding it was in.
    /// - Throws: `ThaiText.DecodingError` when the bytes are neither encoding, or could be read either way.
    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> (text: String, encoding: Encoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                throw DecodingError(sentence: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8", line: nil)
            }
            return (text, .utf8WithBOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            let nonASCII = text.unicodeScalars.contains { !$0.isASCII }
            if !nonASCII || text.unicodeScalars.contains(where: isThai) { return (text, .utf8) }
            if case .success(let thai) = Windows874.decode(bytes), thai.unicodeScalars.contains(where: isThai) {
                throw DecodingError(
                    sentence: """
                        the file could be UTF-8 or Windows-874 (TIS-620) and the two readings differ; \
                        save it again as "CSV UTF-8" (with BOM) and import that
                        """, line: nil)
            }
            return (text, .utf8)
        }
        switch Windows874.decode(bytes) {
        case .success(let text):
            return (text, .windows874)
        case .failure(let undefined):
            let offset = undefined.offset
            let line = bytes[..<offset].count(where: { $0 == 0x0A }) + 1
            throw DecodingError(
                sentence: """
                    the file is neither UTF-8 nor Windows-874 (TIS-620): byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) \
                    on line \(line) means nothing in either; save it as "CSV UTF-8" and import that
                    """, line: line)
        }
    }

    /// A Thai letter, vowel, tone mark or digit (U+0E01–U+0E5B).
    public static func isThai(_ scalar: Unicode.Scalar) -> Bool { (0x0E01...0x0E5B).contains(scalar.value) }
}
