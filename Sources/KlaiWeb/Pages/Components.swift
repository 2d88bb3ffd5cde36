import Foundation
import KlaiCatalog
import KlaiLearning

/// Pieces several pages share: lesson cards, progress bars, the page guard.
enum Components {
    /// A lesson as a card with its poster, title, grade/area and an optional progress bar.
    static func lessonCard(_ context: PageContext, _ item: CatalogItem, progress: Double? = nil, note: String? = nil) -> HTML {
        el("li", .class("lesson-card")) {
            el("a", .href("/lessons/\(item.id)")) {
                if let asset = item.assetID {
                    void(
                        "img", Attribute("src", "/posters/\(asset)"), Attribute("alt", ""), Attribute("loading", "lazy"),
                        Attribute("width", "320"), Attribute("height", "180"), .class("poster"))
                } else {
                    el("span", .class("poster placeholder"), .aria("hidden", "true")) { item.kind == .dltvRecording ? "DLTV" : "DLIT" }
                }
                el("span", .class("title")) { item.title }
            }
            el("span", .class("meta")) { meta(context, item) }
            if let note { el("span", .class("note")) { note } }
            if let progress { bar(context, progress) }
        }
    }

    /// `ป.4 · ค · DLTV4 2 ธ.ค. 2569 คาบ 1`
    static func meta(_ context: PageContext, _ item: CatalogItem) -> String {
        meta(
            context, grade: item.grade, learningArea: item.learningArea, channel: item.channel, airDate: item.airDate,
            period: item.period, durationSeconds: item.durationSeconds)
    }

    /// The same for a lesson choice, which reads only these columns.
    static func meta(_ context: PageContext, _ choice: ClassOverview.LessonChoice) -> String {
        meta(
            context, grade: choice.grade, learningArea: choice.learningArea, channel: choice.channel, airDate: choice.airDate,
            period: choice.period, durationSeconds: choice.durationSeconds)
    }

    private static func meta(
        _ context: PageContext, grade: String?, learningArea: String?, channel: String?, airDate: LocalDate?, period: Int?,
        durationSeconds: Double?
    ) -> String {
        var parts: [String] = []
        if let grade { parts.append(gradeName(grade, context)) }
        if let learningArea { parts.append(learningArea) }
        if let channel { parts.append(channel) }
        if let date = airDate { parts.append(CalendarText.date(year: date.year, month: date.month, day: date.day, context.language, short: true)) }
        if let period { parts.append(context.t("คาบ \(period)", "period \(period)")) }
        if let seconds = durationSeconds { parts.append(CalendarText.clock(seconds)) }
        return parts.joined(separator: " · ")
    }

    /// `P4` → `ป.4` in Thai, `P4` in English.
    static func gradeName(_ code: String, _ context: PageContext) -> String {
        guard context.language == .thai, let first = code.first, let year = code.dropFirst().first else { return code }
        switch first {
        case "K": return "อ.\(year)"
        case "P": return "ป.\(year)"
        case "M": return "ม.\(year)"
        default: return code
        }
    }

    /// `ป.4/1` (Thai) or `P4/1` (English) for a class.
    static func className(grade: String, room: Int, _ context: PageContext) -> String { "\(gradeName(grade, context))/\(room)" }

    /// A labelled progress bar (the number is in the text too, not only in the colour).
    static func bar(_ context: PageContext, _ coverage: Double) -> HTML {
        let percent = Int((min(max(coverage.isFinite ? coverage : 0, 0), 1) * 100).rounded())
        return el("span", .class("progress")) {
            el(
                "progress", Attribute("max", "100"), .value(String(percent)),
                .aria("label", context.t("ดูแล้ว \(percent)%", "\(percent)% watched"))
            ) { "\(percent)%" }
            el("span", .class("percent")) { "\(percent)%" }
        }
    }

    /// The signed-in person, or a redirect to the sign-in page (or the first-password page).
    static func requireUser(_ context: PageContext) throws -> SignedInUser {
        guard let user = context.user else {
            throw Redirect(to: "/sign-in?next=" + PercentEncodingForm.encode(context.request.head.target))
        }
        if user.profile.mustChangePassword && context.request.path != "/password" { throw Redirect(to: "/password") }
        return user
    }
}

/// Thrown by a page guard: answered with 303 to `path`.
struct Redirect: Error {
    let path: String
    init(to path: String) { self.path = path }
}

/// Query-string escaping for the `next` parameter.
enum PercentEncodingForm {
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "/-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"
    }
}
