import Foundation

/// Fast ISO-8601 UTC timestamps for storage (`YYYY-MM-DDTHH:MM:SS.sssZ`).
///
/// Hand-written instead of `ISO8601DateFormatter`, which is slow and not `Sendable`. Parsing also
/// accepts SQLite's own `YYYY-MM-DD HH:MM:SS` form, an optional fraction, and `Z` or `±HH:MM`.
public enum ISO8601Timestamp {
    /// Formats a date as UTC with millisecond precision.
    public static func format(_ date: Date) -> String {
        let totalMillis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        var seconds = time_t(Int64((totalMillis / 1000).rounded(.down)))
        let millis = Int(totalMillis - Double(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            unsafeUninitializedCapacity: 24,
            initializingUTF8With: { buffer in
                var index = 0
                func put(_ value: Int, digits: Int) {
                    var divisor = 1
                    for _ in 1..<digits { divisor *= 10 }
                    var rest = value
                    while divisor > 0 {
                        buffer[index] = UInt8(48 + rest / divisor)
                        rest %= divisor
                        divisor /= 10
                        index += 1
                    }
                }
                func sep(_ char: Character) {
                    buffer[index] = char.asciiValue!
                    index += 1
                }
                put(Int(parts.tm_year) + 1900, digits: 4); sep("-")
                put(Int(parts.tm_mon) + 1, digits: 2); sep("-")
                put(Int(parts.tm_mday), digits: 2); sep("T")
                put(Int(parts.tm_hour), digits: 2); sep(":")
                put(Int(parts.tm_min), digits: 2); sep(":")
                put(Int(parts.tm_sec), digits: 2); sep(".")
                put(millis, digits: 3); sep("Z")
                return index
            })
    }

    /// Parses an ISO-8601 date-time (or a plain `YYYY-MM-DD`, as midnight UTC); nil when malformed.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<digits {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
                index += 1
            }
            return value
        }
        func expect(_ chars: String) -> Bool {
            guard index < bytes.count, chars.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offsetSeconds = 0
        if index < bytes.count {
            guard expect("T "), let h = number(2), expect(":"), let m = number(2) else { return nil }
            hour = h
            minute = m
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                guard let s = number(2) else { return nil }
                second = s
                if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    var scale = 0.1
                    let start = index
                    while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                        fraction += Double(bytes[index] - 48) * scale
                        scale /= 10
                        index += 1
                    }
                    guard index > start else { return nil }
                }
            }
            if index < bytes.count {
                if bytes[index] == UInt8(ascii: "Z") {
                    index += 1
                } else {
                    let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                    guard expect("+-"), let oh = number(2) else { return nil }
                    _ = expect(":")
                    guard let om = number(2) else { return nil }
                    offsetSeconds = sign * (oh * 3600 + om * 60)
                }
            }
            guard index == bytes.count, hour < 24, minute < 60, second < 61 else { return nil }
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let epoch = timegm(&parts)
        return Date(timeIntervalSince1970: Double(epoch - offsetSeconds) + fraction)
    }
}
