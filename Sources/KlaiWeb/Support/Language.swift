import Foundation
import KlaiCatalog

/// The language of a page: Thai first, English for those who ask for it.
public enum Language: String, Sendable, CaseIterable {
    case thai = "th"
    case english = "en"

    /// The cookie that remembers a choice made before signing in (and mirrors the account's setting).
    static let cookie = "klai_lang"

    /// The chosen text: Thai or English.
    func pick(_ thai: String, _ english: String) -> String { self == .thai ? thai : english }
}

/// Calendar words for pages: Buddhist Era dates in Thai, Gregorian in English, always in Bangkok time.
///
/// Written out by hand rather than through a locale, so that pages read the same on every machine
/// (a box without `th_TH` locale data would otherwise print Gregorian months in English).
public enum CalendarText {
    /// Thailand keeps one offset all year (no daylight saving): UTC+7.
    public static let bangkok = TimeZone(identifier: "Asia/Bangkok") ?? TimeZone(secondsFromGMT: 7 * 3600) ?? .current

    static let thaiMonths = [
        "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
        "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"
    ]
    static let thaiShortMonths = [
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
        "พ.ย.", "ธ.ค."
    ]
    static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"
    ]
    static let thaiWeekdays = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"]
    static let englishWeekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// Year, month (1–12), day and weekday (0 = Sunday) of a date in Bangkok.
    static func parts(_ date: Date) -> (year: Int, month: Int, day: Int, weekday: Int, hour: Int, minute: Int) {
        let (days, second) = LocalDate.thaiDayAndSecond(of: date)
        let day = LocalDate(daysSinceEpoch: days)
        return (day.year, day.month, day.day, day.weekday % 7, second / 3600, second / 60 % 60)
    }

    /// `7` → `"07"`.
    static func twoDigits(_ value: Int) -> String { value >= 0 && value < 10 ? "0\(value)" : String(value) }

    /// `2 ธันวาคม 2569` / `2 December 2026`.
    public static func date(year: Int, month: Int, day: Int, _ language: Language, short: Bool = false) -> String {
        let index = min(max(month, 1), 12) - 1
        switch language {
        case .thai: return "\(day) \(short ? thaiShortMonths[index] : thaiMonths[index]) \(year + 543)"
        case .english: return "\(day) \(short ? String(englishMonths[index].prefix(3)) : englishMonths[index]) \(year)"
        }
    }

    /// A moment's date in Bangkok.
    public static func date(_ date: Date, _ language: Language, short: Bool = false) -> String {
        let p = parts(date)
        return self.date(year: p.year, month: p.month, day: p.day, language, short: short)
    }

    /// A moment's date and time in Bangkok: `2 ธ.ค. 2569 08:30 น.` / `2 Dec 2026 08:30`.
    public static func dateTime(_ moment: Date, _ language: Language) -> String {
        let p = parts(moment)
        let time = "\(twoDigits(p.hour)):\(twoDigits(p.minute))"
        return date(moment, language, short: true) + " " + time + (language == .thai ? " น." : "")
    }

    /// The weekday's name.
    public static func weekday(_ index: Int, _ language: Language) -> String {
        let i = min(max(index, 0), 6)
        return language == .thai ? thaiWeekdays[i] : englishWeekdays[i]
    }

    /// Seconds as `12:34` or `1:02:03`.
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0:00" }
        let total = seconds < 1e9 ? Int(seconds) : 0
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? "\(h):\(twoDigits(m)):\(twoDigits(s))" : "\(m):\(twoDigits(s))"
    }
}
