import Foundation

extension TrafficLog {
    /// The records between two instants (inclusive start, exclusive end), optionally for one account,
    /// as CSV (RFC 4180) for an authority's request.
    /// - Parameters:
    ///   - from: seconds since 1970, UTC.
    ///   - to: seconds since 1970, UTC.
    public func exportCSV(from: Int, to: Int, account: String? = nil, write: (String) -> Void) {
        flush()
        write((TrafficLine.fieldNames + ["chain"]).joined(separator: ",") + "\r\n")
        let first = TrafficLine.day(from)
        let last = TrafficLine.day(max(from, to - 1))
        for day in days() where day >= first && day <= last {
            guard let data = FileManager.default.contents(atPath: logPath(day: day)) else { continue }
            for raw in data.split(separator: UInt8(ascii: "\n")) {
                let fields = String(decoding: raw, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
                guard fields.count == 11, let seconds = Self.parseTimestamp(fields[0]), seconds >= from, seconds < to else {
                    continue
                }
                let values = fields.enumerated().map { index, field in
                    [3, 5, 9].contains(index) || index == 1 || index == 4 ? TrafficLine.unescape(field) : String(field)
                }
                if let account, values[3] != account { continue }
                write(values.map(Self.csvField).joined(separator: ",") + "\r\n")
            }
        }
    }

    /// Parses the log's own timestamp (`2026-11-21T06:45:01.123456Z`) to whole seconds.
    static func parseTimestamp(_ text: Substring) -> Int? {
        guard text.count >= 20 else { return nil }
        return parseDate(String(text.prefix(19)) + "Z")
    }

    /// `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ` to seconds since 1970.
    public static func parseDate(_ text: String) -> Int? {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        if text.count == 10 {
            formatter.formatOptions = [.withFullDate]
        }
        return formatter.date(from: text).map { Int($0.timeIntervalSince1970) }
    }

    static func csvField(_ value: String) -> String {
        // Leading =,+,-,@ would be formulas in a spreadsheet: quote-prefix them.
        var value = value
        if let first = value.first, "=+@".contains(first) || (first == "-" && value.count > 1) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
