import Glibc
import KlaiCrypto

/// The traffic log's line format: tab-separated fields, then the running SHA-256 of the day.
///
/// `time  client  port  account  method  target  status  bytes  duration_us  user_agent  chain`
/// Text fields escape `%`, tab, controls and DEL as `%XX`, so a line can never be split or forged
/// by a crafted path or user agent. A missing account or user agent is `-`. A text field longer than
/// `fieldLimit` bytes once escaped is cut there and ends `…[cut: N bytes, sha256 0123456789abcdef]`
/// (its full length and the first 64 bits of the SHA-256 of the whole value as received), so an
/// 8 KiB target or a 24 KiB User-Agent costs the disk a few hundred bytes, yet a value shown by
/// another record (a proxy's log, a browser history) can still be matched to the line.
enum TrafficLine {
    /// Escaped bytes kept of each text field.
    static let fieldLimit = 256

    static let fieldNames = [
        "time", "client_address", "client_port", "account", "method", "target", "status",
        "bytes_sent", "duration_us", "user_agent"
    ]

    /// The line without its chain hash (what the hash covers).
    static func format(_ record: TrafficRecord) -> String {
        [
            timestamp(record.seconds, nanoseconds: record.nanoseconds), field(record.clientHost),
            String(record.clientPort), field(record.account ?? "-"), field(record.method), field(record.target),
            String(record.status), String(record.bytesSent), String(record.durationMicroseconds),
            field(record.userAgent ?? "-")
        ].joined(separator: "\t")
    }

    /// A text field escaped and, when longer than `fieldLimit`, cut with its length and hash.
    static func field(_ text: String) -> String {
        let escaped = escape(text)
        guard escaped.utf8.count > fieldLimit else { return escaped }
        // Cut at a character, never inside a %XX escape or a UTF-8 sequence.
        var kept = ""
        for scalar in text.unicodeScalars {
            var piece = ""
            appendEscaped(scalar, to: &piece)
            guard kept.utf8.count + piece.utf8.count <= fieldLimit else { break }
            kept += piece
        }
        let digest = SHA256.hex(SHA256.hash(Array(text.utf8))).prefix(16)
        return kept + "…[cut: \(text.utf8.count) bytes, sha256 \(digest)]"
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
        return (
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))",
            "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        )
    }

    static func day(_ seconds: Int) -> String { dayAndClock(seconds).0 }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "%") }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars { appendEscaped(scalar, to: &out) }
        return out
    }

    static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "%" {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            out += "%" + (hex.count == 1 ? "0" : "") + hex
        } else {
            out.unicodeScalars.append(scalar)
        }
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
