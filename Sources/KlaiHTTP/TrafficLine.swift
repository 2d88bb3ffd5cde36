import KlaiCrypto
import Glibc

/// The traffic log's line format: tab-separated fields, then the running SHA-256 of the day.
///
/// `time  client  port  account  method  target  status  bytes  duration_us  user_agent  chain`
/// Text fields escape `%`, tab, controls and DEL as `%XX`, so a line can never be split or forged
/// by a crafted path or user agent. A missing account or user agent is `-`.
enum TrafficLine {
    static let fieldNames = ["time", "client_address", "client_port", "account", "method", "target", "status",
                             "bytes_sent", "duration_us", "user_agent"]

    /// The line without its chain hash (what the hash covers).
    static func format(_ record: TrafficRecord) -> String {
        [timestamp(record.seconds, nanoseconds: record.nanoseconds), escape(record.clientHost),
         String(record.clientPort), escape(record.account ?? "-"), escape(record.method), escape(record.target),
         String(record.status), String(record.bytesSent), String(record.durationMicroseconds),
         escape(record.userAgent ?? "-")].joined(separator: "\t")
    }

    /// `2026-11-21T06:45:01.123456Z` (UTC, microseconds).
    static func timestamp(_ seconds: Int, nanoseconds: Int) -> String {
        let (date, clock) = dayAndClock(seconds)
        let micros = String(nanoseconds / 1000)
        return "\(date)T\(clock).\(String(repeating: "0", count: 6 - micros.count))\(micros)Z"
    }

    /// `YYYY-MM-DD` and `HH:MM:SS` in UTC.
    static func dayAndClock(_ seconds: Int) -> (String, String) {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return ("\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))",
                "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))")
    }

    static func day(_ seconds: Int) -> String { dayAndClock(seconds).0 }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "%") }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "%" {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func unescape(_ text: Substring) -> String {
        PercentEncoding.decode(text, plusAsSpace: false) ?? String(text)
    }

    /// The chain value before the first line of a day.
    static func genesis(day: String) -> [UInt8] { SHA256.hash(Array("klai-traffic-v1 \(day)".utf8)) }

    /// The chain value after `line`.
    static func chain(_ previous: [UInt8], _ line: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(previous)
        hasher.update(line.utf8)
        return hasher.finalize()
    }
}
