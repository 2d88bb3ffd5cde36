import Foundation

/// A table written as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads Thai), CRLF
/// line ends and quoting as RFC 4180 §2 describes, and a guard against formula injection.
///
/// Text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so a
/// spreadsheet shows it instead of running it (OWASP "CSV Injection"). Numbers are typed cells,
/// written with the same decimals the screen shows, so the file and the page agree digit for digit.
public struct CSVTable: Sendable, Equatable {
    /// One cell.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case integer(Int)
        /// A number shown with a fixed count of decimals; nil (no value) is an empty cell.
        case number(Double?, decimals: Int)
        /// A share shown as a percentage with one decimal (0.175 → 17.5); nil is an empty cell.
        case percent(Double?)
    }

    public var header: [String]
    public var rows: [[Cell]]

    public init(header: [String], rows: [[Cell]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The file's bytes.
    public var data: Data {
        var text = "\u{FEFF}"
        text += header.map { Self.field(Self.guarded($0)) }.joined(separator: ",") + "\r\n"
        for row in rows {
            text += row.map { Self.field(Self.render($0)) }.joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    /// What a cell shows, the same text a page shows for it.
    public static func render(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return guarded(text)
        case .integer(let value): return String(value)
        case .number(let value, let decimals):
            guard let value, value.isFinite else { return "" }
            return String(format: "%.\(max(0, min(decimals, 6)))f", value)
        case .percent(let share):
            guard let share, share.isFinite else { return "" }
            return String(format: "%.1f", share * 100)
        }
    }

    static func guarded(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }

    /// RFC 4180 §2.6–2.7: a field holding a comma, quote or line break is quoted, quotes doubled.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
