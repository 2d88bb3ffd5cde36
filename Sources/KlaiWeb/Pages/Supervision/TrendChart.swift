import Foundation
import KlaiCatalog
import KlaiEvaluation

/// The weekly trend as an SVG bar chart drawn on the server with the HTML builder: readable without
/// script and in print (SVG 1.1 §5: `role="img"` with a `title` names it for screen readers).
/// Every SVG element gets an end tag (`el`, never `void`): inside `<svg>` the HTML parser is in foreign
/// content (WHATWG HTML §13.2.6.5), where `<line>` without `/>` is not void and would swallow what follows.
enum TrendChart {
    static let width = 640.0
    static let height = 220.0
    static let left = 44.0
    static let bottom = 36.0

    /// One bar per week: the share of scheduled DLTV periods the classes covered, with its number on top.
    static func svg(_ context: PageContext, _ points: [TrendPoint]) -> HTML {
        let title = context.t("ร้อยละของคาบ DLTV ที่ได้เรียนในแต่ละสัปดาห์", "Share of DLTV periods covered, week by week")
        if points.isEmpty {
            return el("p", .class("empty")) { context.t("ยังไม่มีข้อมูลรายสัปดาห์", "No weekly figures yet.") }
        }
        let shown = Array(points.suffix(20))
        let plotWidth = width - left - 8
        let plotHeight = height - bottom - 12
        let slot = plotWidth / Double(shown.count)
        // At most about eight week labels and numbers, so they stay legible on a phone and never overlap.
        let every = max(1, (shown.count + 7) / 8)
        return el("figure", .class("trend")) {
            el(
                "svg", Attribute("viewBox", "0 0 \(Int(width)) \(Int(height))"), Attribute("role", "img"),
                Attribute("xmlns", "http://www.w3.org/2000/svg"), .aria("labelledby", "trend-title"), .class("trend-chart")
            ) {
                el("title", .id("trend-title")) { title }
                for tick in [0, 50, 100] {
                    let y = 12 + plotHeight * (1 - Double(tick) / 100)
                    el(
                        "line", Attribute("x1", fmt(left)), Attribute("x2", fmt(width - 8)), Attribute("y1", fmt(y)),
                        Attribute("y2", fmt(y)), .class("axis"))
                    el(
                        "text", Attribute("x", fmt(left - 6)), Attribute("y", fmt(y + 4)), Attribute("text-anchor", "end"),
                        .class("tick")
                    ) { "\(tick)%" }
                }
                for (index, point) in shown.enumerated() {
                    let share = min(max(point.coverage ?? 0, 0), 1)
                    let barHeight = plotHeight * share
                    let x = left + slot * Double(index) + slot * 0.15
                    el(
                        "rect", Attribute("x", fmt(x)), Attribute("y", fmt(12 + plotHeight - barHeight)),
                        Attribute("width", fmt(slot * 0.7)), Attribute("height", fmt(barHeight)), .class("bar")
                    ) {
                        el("title") { "\(label(point.weekStart, context)): \(Supervision.cell(.percent(point.coverage)))%" }
                    }
                    if index % every == 0 || index == shown.count - 1 {
                        el(
                            "text", Attribute("x", fmt(x + slot * 0.35)), Attribute("y", fmt(max(24, 8 + plotHeight - barHeight))),
                            Attribute("text-anchor", "middle"), .class("value")
                        ) { Supervision.cell(.percent(point.coverage)) }
                        el(
                            "text", Attribute("x", fmt(x + slot * 0.35)), Attribute("y", fmt(height - bottom + 18)),
                            Attribute("text-anchor", "middle"), .class("tick")
                        ) { label(point.weekStart, context) }
                    }
                }
            }
            el("figcaption") {
                title + context.t(" (สัปดาห์เริ่มวันจันทร์)", " (weeks start on Monday)")
            }
        }
    }

    /// `7 ธ.ค.` — the week's Monday, short.
    static func label(_ day: LocalDate, _ context: PageContext) -> String {
        let text = CalendarText.date(year: day.year, month: day.month, day: day.day, context.language, short: true)
        return text.split(separator: " ").prefix(2).joined(separator: " ")
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value.isFinite ? value : 0) }
}
