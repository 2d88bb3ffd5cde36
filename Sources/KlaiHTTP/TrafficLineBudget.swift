/// How many traffic-log lines one client address may cause per second. Past the budget its
/// exchanges are counted, not written one by one, and one `(suppressed)` line per address and second
/// says how many there were and how many bytes they were sent, so a flood from one address cannot
/// fill the disk while the log still accounts for every exchange. The first `linesPerSecond`
/// exchanges of each second are always written in full: whoever starts a flood is on record.
struct TrafficLineBudget {
    struct Window {
        var second: Int
        /// Wall-clock second of the last exchange counted here: the window is summed up once its
        /// address has been quiet for a while (records can arrive late: an exchange is logged when
        /// it ends, stamped with when it began).
        var touched: Int
        var lines = 0
        var suppressed = 0
        var suppressedBytes = 0
    }

    let linesPerSecond: Int
    var windows: [String: Window] = [:]

    init(linesPerSecond: Int) { self.linesPerSecond = max(1, linesPerSecond) }

    /// Appends the records to write for one exchange to `out`: it, or nothing when over budget, after
    /// the summary of this address's previous second if that one had suppressed exchanges.
    /// - Parameter now: the wall-clock second.
    mutating func admit(_ record: TrafficRecord, now: Int, into out: inout [TrafficRecord]) {
        var window = windows[record.clientHost] ?? Window(second: record.seconds, touched: now)
        if window.second != record.seconds {
            if let summary = Self.summary(window, host: record.clientHost) { out.append(summary) }
            window = Window(second: record.seconds, touched: now)
        }
        window.touched = now
        window.lines += 1
        if window.lines <= linesPerSecond {
            out.append(record)
        } else {
            window.suppressed += 1
            window.suppressedBytes += record.bytesSent
        }
        windows[record.clientHost] = window
    }

    /// Summaries of every window last touched before the wall-clock second `quietSince` (all of them
    /// with `Int.max`), forgetting those windows.
    mutating func drain(quietSince: Int) -> [TrafficRecord] {
        var out: [TrafficRecord] = []
        for (host, window) in windows where window.touched < quietSince {
            if let summary = Self.summary(window, host: host) { out.append(summary) }
            windows[host] = nil
        }
        return out.sorted { ($0.seconds, $0.clientHost) < ($1.seconds, $1.clientHost) }
    }

    static func summary(_ window: Window, host: String) -> TrafficRecord? {
        guard window.suppressed > 0 else { return nil }
        // "(suppressed)" cannot be a request method (parentheses are not token characters,
        // RFC 9110 §5.6.2), so no client can forge such a line.
        return TrafficRecord(
            seconds: window.second, nanoseconds: 999_999_000, clientHost: host, clientPort: 0, account: nil,
            method: "(suppressed)",
            target: "\(window.suppressed) more exchanges from this address in this second, not logged one by one",
            status: 0, bytesSent: window.suppressedBytes, durationMicroseconds: 0, userAgent: nil)
    }
}
