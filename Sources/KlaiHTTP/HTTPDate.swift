import Glibc

/// IMF-fixdate formatting and parsing (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Parses an IMF-fixdate; other (obsolete) formats give `nil`, which callers treat as absent.
    static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: " ")
        // RFC 9110 §5.6.7: day 2DIGIT, year 4DIGIT, hour:minute:second 2DIGIT each. Fixed widths
        // of digits only, then ranges: a year of -2147483648 once reached `year - 1900` and trapped.
        func digits(_ text: Substring, _ count: Int) -> Int32? {
            guard text.utf8.count == count, text.utf8.allSatisfy({ $0.decimalDigit != nil }) else { return nil }
            return Int32(text)
        }
        guard parts.count == 6, parts[5] == "GMT", let day = digits(parts[1], 2), (1...31).contains(day),
            let month = months.firstIndex(of: String(parts[2])), let year = digits(parts[3], 4)
        else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, let h = digits(clock[0], 2), let m = digits(clock[1], 2), let s = digits(clock[2], 2),
            h < 24, m < 60, s < 61
        else { return nil }
        var value = tm()
        value.tm_year = year - 1900
        value.tm_mon = Int32(month)
        value.tm_mday = day
        value.tm_hour = h
        value.tm_min = m
        value.tm_sec = s
        return Int(timegm(&value))
    }

    /// The wall clock in seconds and nanoseconds.
    static func now() -> (seconds: Int, nanoseconds: Int) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int(ts.tv_sec), Int(ts.tv_nsec))
    }
}
