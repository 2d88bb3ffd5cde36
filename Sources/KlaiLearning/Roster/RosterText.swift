import KlaiText
/// The text encodings a DMC export arrives in.
public enum RosterEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    case windows874 = "Windows-874 (TIS-620)"
}

/// Decodes a roster file, detecting its encoding from the bytes and refusing to guess.
enum RosterText {
    /// The text and the encoding it was found to be in.
    /// - Throws: `RosterImportError` when the bytes are neither, or could be read either way.
    static func decode(_ bytes: [UInt8]) throws(RosterImportError) -> (text: String, encoding: RosterEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
                throw RosterImportError(encodingProblem: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8")
            }
            return (text, .utf8WithBOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            let nonASCII = text.unicodeScalars.contains { !$0.isASCII }
            if !nonASCII || text.unicodeScalars.contains(where: isThai) {
                return (text, .utf8)
            }
            // Valid UTF-8 without any Thai letter, yet Windows-874 would read Thai: saying which is a guess.
            if case .success(let thai) = Windows874.decode(bytes), thai.unicodeScalars.contains(where: isThai) {
                throw RosterImportError(encodingProblem: """
                    the file could be UTF-8 or Windows-874 (TIS-620) and the two readings differ; \
                    save it again as "CSV UTF-8" (with BOM) and import that
                    """)
            }
            return (text, .utf8)
        }
        switch Windows874.decode(bytes) {
        case .success(let text):
            return (text, .windows874)
        case .failure(let undefined):
            let offset = undefined.offset
            let line = bytes[..<offset].count(where: { $0 == 0x0A }) + 1
            throw RosterImportError(encodingProblem: """
                the file is neither UTF-8 nor Windows-874 (TIS-620): byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) \
                on line \(line) means nothing in either; save it as "CSV UTF-8" and import that
                """)
        }
    }

    static func isThai(_ scalar: Unicode.Scalar) -> Bool { (0x0E01...0x0E5B).contains(scalar.value) }
}
