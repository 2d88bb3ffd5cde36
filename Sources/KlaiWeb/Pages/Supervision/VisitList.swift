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

    /// A calendar day in the page's language (Buddhist Era in Thai).
    static func day(_ date: LocalDate, _ context: PageContext) -> String {
        CalendarText.date(year: date.year, month: date.month, day: date.day, context.language)
    }
}
