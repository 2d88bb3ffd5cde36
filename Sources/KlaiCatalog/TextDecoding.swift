import Foundation
import KlaiText

/// Decodes manifest text by `ThaiText`'s rules, the same ones rosters are read by (UTF-8, UTF-8 with
/// BOM or Windows-874, detected from the bytes and refused when ambiguous), so one file is never read
/// two ways by two commands.
public enum TextDecoding {
    /// The encoding a file was found to use.
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", windows874 = "Windows-874" }

    /// The text of `data` and the encoding it was in.
    /// - Throws: `CatalogError` with `ThaiText`'s sentence.
    public static func decode(_ data: Data) throws(CatalogError) -> (text: String, encoding: Encoding) {
        do {
            let (text, encoding) = try ThaiText.decode([UInt8](data))
            return (text, encoding == .windows874 ? .windows874 : .utf8)
        } catch {
            throw CatalogError(error.sentence)
        }
    }

    /// Encodes Thai text as Windows-874 (for tests and exports to old spreadsheets); nil if a character has no byte.
    public static func encodeWindows874(_ text: String) -> Data? {
        Windows874.encode(text).map { Data($0) }
    }
}
