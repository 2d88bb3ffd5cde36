import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiLearning

/// Visits as a list: date, class, teacher, supervisor, version; each links to its page.
enum VisitList {
    static func list(_ context: PageContext, _ visits: [Visit], names: [Int64: String], classNames: [Int64: String]) -> HTML {
        if visits.isEmpty {
            return el("p", .class("empty")) { context.t("ยังไม่มีการนิเทศ", "No visit yet.") }
        }
        return el("ul", .class("plain visit-list")) {
            for visit in visits {
                el("li") {
                    el("a", .href(visit.state == .draft ? "/supervision/visits/\(visit.id)/edit" : "/supervision/visits/\(visit.id)")) {
                        day(visit.date, context) + " · " + context.t("ชั้น ", "class ") + (classNames[visit.classID] ?? "")
                    }
                    " · " + context.t("ครู ", "teacher ") + (names[visit.teacherID] ?? "") + " · "
                        + context.t("ผู้นิเทศ ", "supervisor ") + (names[visit.supervisorID] ?? "")
                    if visit.state == .draft { el("span", .class("tag")) { context.t("ฉบับร่าง", "draft") } }
                    if visit.version > 1 { el("span", .class("tag")) { context.t("ฉบับแก้ไขที่ \(visit.version)", "version \(visit.version)") } }
                }
            }
        }
    }

    /// Visits per page of `/supervision/visits`.
    static let pageSize = 50

    /// Which visits of how many the page shows, and links to the pages before and after.
    static func pager(_ context: PageContext, page: Int, shown: Int, total: Int) -> HTML {
        guard total > 0 else { return .empty }
        let pages = (total + pageSize - 1) / pageSize
        let first = (page - 1) * pageSize + 1
        return el("nav", .class("pager"), .aria("label", context.t("หน้ารายการนิเทศ", "Visit pages"))) {
            if page > 1 {
                el("a", .href("/supervision/visits?page=\(min(page - 1, pages))"), Attribute("rel", "prev")) {
                    context.t("← ก่อนหน้า", "← Previous")
                }
            }
            el("span", .class("pager-count")) {
                shown > 0
                    ? context.t(
                        "รายการที่ \(first)–\(first + shown - 1) จาก \(total) รายการ (หน้า \(page) จาก \(pages))",
                        "Visits \(first)–\(first + shown - 1) of \(total) (page \(page) of \(pages))")
                    : context.t("ทั้งหมด \(total) รายการ (หน้า \(page) จาก \(pages))", "\(total) visits in all (page \(page) of \(pages))")
            }
            if page < pages { el("a", .href("/supervision/visits?page=\(page + 1)"), Attribute("rel", "next")) { context.t("ถัดไป →", "Next →") } }
        }
    }

    /// A calendar day in the page's language (Buddhist Era in Thai).
    static func day(_ date: LocalDate, _ context: PageContext) -> String {
        CalendarText.date(year: date.year, month: date.month, day: date.day, context.language)
    }
}
