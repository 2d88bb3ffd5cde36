import Foundation

/// What a DLTV capture's file name says: channel, air date and (usually) the capture's start time.
///
/// Accepted patterns (case-insensitive; `_`, `-` or space between parts; the year may be Buddhist):
/// - `DLTV04_2026-06-12_0830.ts`, `DLTV4_2569-06-12_08-30.ts`, `dltv4 2026-06-12 08.30.mp4`
/// - `DLTV04_20260612_083000.ts` (compact date, time with seconds)
/// - `DLTV04_2026-06-12.ts` (no time: give `--start`, or it waits in the unmatched list)
public struct DLTVFileName: Sendable, Equatable {
    public var channel: String
    public var date: LocalDate
    public var start: TimeOfDay?

    /// Parses a file name (with or without folder and extension). - Returns: nil when it follows no pattern.
    public init?(_ fileName: String) {
        let name = (fileName as NSString).lastPathComponent.uppercased()
        let pattern = #"^DLTV0?(\d{1,2})[_\- ]+(\d{4})-?(\d{2})-?(\d{2})(?:[_\- T]+(\d{2})[:.\-]?(\d{2})(?:[:.\-]?(\d{2}))?)?(?:[_\-. ]|$)"#
        guard let regex = try? Regex(pattern), let match = try? regex.prefixMatch(in: name) else { return nil }
        func group(_ index: Int) -> Int? {
            guard index < match.output.count, let substring = match.output[index].substring else { return nil }
            return Int(substring)
        }
        guard let number = group(1), (1...99).contains(number), let year = group(2), let month = group(3), let day = group(4),
            let date = LocalDate(year: LocalDate.gregorianYear(year), month: month, day: day)
        else { return nil }
        channel = "DLTV\(number)"
        self.date = date
        if let hour = group(5), let minute = group(6) {
            guard let time = TimeOfDay(hour: hour, minute: minute, second: group(7) ?? 0) else { return nil }
            start = time
        } else {
            start = nil
        }
    }
}
