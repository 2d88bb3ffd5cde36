import KlaiText

/// The text encodings a DMC export arrives in.
public enum RosterEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 with BOM"
    case windows874 = "Windows-874 (TIS-620)"
}

/// Decodes a roster file by `ThaiText`'s rules, the same ones lesson manifests are read by.
enum RosterText {
    /// The text and the encoding it was found to be in.
    /// - Throws: `RosterImportError` when the bytes are neither, or could be read either way.
    static func decode(_ bytes: [UInt8]) throws(RosterImportError) -> (text: String, encoding: RosterEncoding) {
        do {
            let (text, encoding) = try ThaiText.decode(bytes)
            switch encoding {
            case .utf8: return (text, .utf8)
            case .utf8WithBOM: return (text, .utf8WithBOM)
            case .windows874: return (text, .windows874)
            }
        } catch {
            throw RosterImportError(encodingProblem: error.sentence)
        }
    }
}
