import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiLearning

/// Tables and figure cards the dashboards and the term report share, so the screen, the print and
/// the CSV show the same numbers (`Supervision.cell` renders with `CSVTable.render`).
enum SupervisionViews {
    /// The buttons a person's roles allow: record a visit, see visits, readiness, surveys.
    static func actions(_ context: PageContext, principal: Principal, schools: [Int64]) -> HTML {
        let records =
            schools.contains { Authorization.may(principal, .recordVisit, .school(id: $0)) }
            || principal.holds(.supervisor)
        return el("ul", .class("chips supervision-actions")) {
            if records {
                el("li") { el("a", .class("button primary"), .href("/supervision/visits/new")) { context.t("บันทึกการนิเทศ", "Record a visit") } }
            }
            el("li") { el("a", .class("button"), .href("/supervision/visits")) { context.t("รายการนิเทศ", "Visits") } }
            for school in schools {
                if Authorization.may(principal, .reportRepair, .school(id: school)) || Authorization.may(principal, .view, .school(id: school)) {
                    el("li") {
                        el("a", .class("button"), .href("/supervision/schools/\(school)/readiness")) { context.t("อุปกรณ์และแจ้งซ่อม", "Equipment and repairs") }
                    }
                }
            }
            el("li") { el("a", .class("button"), .href("/surveys")) { context.t("แบบสอบถาม", "Surveys") } }
        }
    }

    /// One row per school (supervisor and director).
    static func schoolTable(_ context: PageContext, _ rows: [SchoolTermRow]) -> HTML {
        wrap(context, caption: context.t("ตัวเลขของแต่ละโรงเรียน", "Each school's figures")) {
            el("thead") {
                el("tr") {
                    for head in [
                        context.t("โรงเรียน", "School"), context.t("ห้องเรียน", "Classes"), context.t("ครอบคลุมตาราง %", "Coverage %"),
                        context.t("พร้อมต้นทาง %", "In sync %"), context.t("นักเรียนเรียนครบ %", "Pupil exposure %"),
                        context.t("สะดุด วินาที/ชม.", "Stall s/h"), context.t("นิเทศ", "Visits"),
                        context.t("ห้องที่นิเทศ %", "Visited %"), context.t("ค้างซ่อม", "Open repairs"),
                        context.t("ห้อง-วันที่เสีย", "Classroom-days lost")
                    ] {
                        el("th", Attribute("scope", "col")) { head }
                    }
                }
            }
            el("tbody") {
                for r in rows {
                    el("tr") {
                        el("th", Attribute("scope", "row")) { el("a", .href("/supervision/schools/\(r.schoolID)")) { r.schoolName } }
                        el("td") { Supervision.cell(.integer(r.classes)) }
                        el("td") { Supervision.cell(.percent(r.timetableCoverage)) }
                        el("td") { Supervision.cell(.percent(r.inSyncShare)) }
                        el("td") { Supervision.cell(.percent(r.pupilExposure)) }
                        el("td") { Supervision.cell(.number(r.stallSecondsPerPlayHour, decimals: 1)) }
                        el("td") { Supervision.cell(.integer(r.visits)) }
                        el("td") { Supervision.cell(.percent(r.visitedShare)) }
                        el("td") { Supervision.cell(.integer(r.repairs.open)) }
                        el("td") { Supervision.cell(.integer(r.repairs.classroomDaysLost)) }
                    }
                }
            }
        }
    }

    /// One row per class of a school; the class name drills down to its teachers and lessons.
    static func classTable(_ context: PageContext, _ rows: [ClassTermRow], links: Bool = true) -> HTML {
        wrap(context, caption: context.t("การใช้สื่อของแต่ละห้องเรียน", "Each class's use of the lessons")) {
            el("thead") {
                el("tr") {
                    for head in [
                        context.t("ห้อง", "Class"), context.t("คาบตามตาราง", "Scheduled"), context.t("คาบที่เรียน", "Covered"),
                        context.t("ครอบคลุม %", "Coverage %"), context.t("พร้อมต้นทาง", "In sync"),
                        context.t("เรียนภายหลัง", "Deferred"), context.t("ผิดตอน", "Wrong episode"),
                        context.t("ซ่อมเสริม", "Remedial"), "DLIT", context.t("นักเรียน", "Pupils"),
                        context.t("เรียนครบ %", "Exposure %"), context.t("สำเร็จ %", "Completion %"),
                        context.t("ชั่วโมงที่เปิด", "Play hours"), context.t("สะดุดเกิน 5%", "Stalled"),
                        context.t("นิเทศ", "Visits")
                    ] {
                        el("th", Attribute("scope", "col")) { head }
                    }
                }
            }
            el("tbody") {
                for r in rows {
                    let u = r.usage
                    el("tr") {
                        el("th", Attribute("scope", "row")) {
                            if links { el("a", .href("/supervision/classes/\(r.classID)")) { r.name } } else { r.name }
                        }
                        for value in [
                            CSVTable.Cell.integer(u?.scheduledPeriods ?? 0), .integer(u?.coveredPeriods ?? 0),
                            .percent(u?.timetableCoverage), .integer(u?.inSync ?? 0), .integer(u?.deferred ?? 0),
                            .integer(u?.wrongEpisode ?? 0), .integer(u?.remedial ?? 0), .integer(u?.dlitScreenings ?? 0),
                            .integer(u?.pupilsEnrolled ?? 0), .percent(u?.pupilExposure),
                            .percent(u?.completionRate), .number((u?.playSeconds ?? 0) / 3600, decimals: 1),
                            .integer(u?.stalledScreenings ?? 0), .integer(r.visits)
                        ] {
                            el("td") { Supervision.cell(value) }
                        }
                    }
                }
            }
        }
    }

    /// Key figures of a school as large numbers with their words.
    static func figures(_ context: PageContext, _ r: SchoolTermRow) -> HTML {
        let items: [(String, String)] = [
            (Supervision.cell(.percent(r.timetableCoverage)) + "%", context.t("ครอบคลุมตารางออกอากาศ", "DLTV timetable covered")),
            (Supervision.cell(.percent(r.inSyncShare)) + "%", context.t("เรียนพร้อมต้นทาง", "screenings in sync")),
            (Supervision.cell(.percent(r.pupilExposure)) + "%", context.t("นักเรียนเรียนครบ 80% ขึ้นไป", "pupils with 80 % coverage or more")),
            (Supervision.cell(.number(r.stallSecondsPerPlayHour, decimals: 1)), context.t("วินาทีสะดุดต่อชั่วโมง", "stall seconds per hour")),
            (Supervision.cell(.integer(r.visits)), context.t("ครั้งที่นิเทศ", "visits")),
            (Supervision.cell(.integer(r.repairs.open)), context.t("รายการค้างซ่อม", "repairs open")),
            (Supervision.cell(.integer(r.repairs.classroomDaysLost)), context.t("ห้อง-วันที่เสียไป", "classroom-days lost"))
        ]
        return el("ul", .class("figures")) {
            for (value, label) in items {
                el("li") {
                    el("strong") { value }; el("span") { label }
                }
            }
        }
    }

    /// A rating the records contradict, as a sentence in the page's language.
    static func contradiction(_ c: Contradiction, _ context: PageContext) -> String {
        let measure: String =
            switch c.measure {
            case .timetableCoverage: context.t("การครอบคลุมตารางออกอากาศ", "timetable coverage")
            case .inSyncShare: context.t("สัดส่วนการเรียนพร้อมต้นทาง", "share in sync")
            case .pupilExposure: context.t("สัดส่วนนักเรียนที่เรียนครบ", "pupil exposure")
            case .smoothPlaybackShare: context.t("สัดส่วนการเปิดที่ไม่สะดุด", "smooth playback share")
            }
        let value = String(format: "%.0f", c.value * 100)
        let threshold = String(format: "%.0f", c.threshold * 100)
        // The item's own words when the record keeps them (older closed terms name the item by its id).
        let item = c.itemText.map { "“\(context.t($0.th, $0.en))”" } ?? c.itemID
        return context.t(
            "ข้อ \(item) ได้ระดับ \(c.level) แต่\(measure)มีเพียง \(value)% (ต่ำกว่า \(threshold)%)",
            "\(item) was rated \(c.level) while \(measure) is \(value) % (below \(threshold) %)")
    }

    /// The school's self-ratings its own figures contradict, each said in the page's language; empty when none.
    static func selfAssessmentFlags(_ context: PageContext, _ summaries: [SelfAssessmentSummary]) -> HTML {
        let flags = summaries.flatMap(\.flags)
        if flags.isEmpty { return .empty }
        return group {
            el("p", .class("flagged")) { context.t("⚠ คะแนนประเมินตนเองที่ขัดกับข้อมูลการใช้งาน:", "⚠ Self-ratings the records contradict:") }
            el("ul", .class("self-assessment-flags")) { for flag in flags { el("li") { contradiction(flag, context) } } }
        }
    }

    /// A scrollable, labelled table region.
    static func wrap(_ context: PageContext, caption: String, @HTMLBuilder _ content: () -> HTML) -> HTML {
        el("div", .class("grid-wrap"), Attribute("tabindex", "0"), Attribute("role", "region"), .aria("label", caption)) {
            el("table", .class("grid figures-table")) {
                el("caption", .class("visually-hidden")) { caption }
                content()
            }
        }
    }
}
