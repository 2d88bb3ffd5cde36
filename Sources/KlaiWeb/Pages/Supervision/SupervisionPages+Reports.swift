import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The printable term report of a school (A4 print CSS, Buddhist-Era dates, page numbers from @page
/// counters in site.css) and closing the term, which stores the report as a snapshot.
extension SupervisionPages {
    func registerReports(on router: inout Router) {
        let web = web
        router.get("/supervision/schools/:id/report") { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let schoolID = try Supervision.id(request)
            let today = LocalDate(context.now)
            let (report, name) = try await web.store.read { db in
                let term = try Supervision.term(db, on: today)
                return (
                    try TermReport.report(db, viewer: principal, schoolID: schoolID, termID: term.id, asOf: today),
                    try Supervision.schoolName(db, schoolID)
                )
            }
            let title = context.t("รายงานการใช้สื่อทางไกล ภาคเรียนที่ \(report.term)", "Distance-learning report, term \(report.term)")
            let body = el("article", .class("term-report")) {
                el("h1") { title }
                el("p", .class("lead")) {
                    name + " (" + context.t("รหัส ", "code ") + report.schoolCode + ") · "
                        + context.t("ข้อมูลถึงวันที่ ", "figures up to ") + VisitList.day(report.asOf, context)
                }
                if let closed = report.closedAt {
                    el("p") { context.t("ปิดภาคเรียนเมื่อ ", "Term closed on ") + CalendarText.date(closed, context.language) }
                }
                SupervisionViews.figures(context, report.school)
                el("h2") { context.t("แนวโน้มรายสัปดาห์", "Weekly trend") }
                TrendChart.svg(context, report.weeks)
                el("h2") { context.t("ห้องเรียน", "Classes") }
                SupervisionViews.classTable(context, report.classes, links: false)
                el("h2") { context.t("การนิเทศ", "Visits") }
                el("p") {
                    context.t(
                        "นิเทศ \(report.visits.visits) ครั้ง ใน \(report.visits.classesVisited) ห้อง",
                        "\(report.visits.visits) visits in \(report.visits.classesVisited) classes")
                }
                if !report.visits.contradictions.isEmpty {
                    el("p") { context.t("ผลประเมินที่ขัดกับข้อมูล:", "Ratings the records contradict:") }
                    el("ul") { for c in report.visits.contradictions { el("li") { SupervisionViews.contradiction(c, context) } } }
                }
                for assessment in report.selfAssessments {
                    el("h2") { context.t("การประเมินตนเองของโรงเรียน", "The school's self-assessment") }
                    el("ul", .class("plain")) {
                        for section in assessment.sections {
                            el("li") {
                                Supervision.text(section.title, context)
                                    + context.t(
                                        " \(section.score) จาก \(section.maximum) คะแนน",
                                        ": \(section.score) of \(section.maximum)")
                            }
                        }
                    }
                    SupervisionViews.selfAssessmentFlags(context, [assessment])
                }
                el("h2") { context.t("การแจ้งซ่อม", "Repairs") }
                el("p") {
                    context.t(
                        "แจ้งซ่อม \(report.school.repairs.reported) รายการ ค้างซ่อม \(report.school.repairs.open) รายการ ห้อง-วันที่เสียไป \(report.school.repairs.classroomDaysLost)",
                        "\(report.school.repairs.reported) requests, \(report.school.repairs.open) open, \(report.school.repairs.classroomDaysLost) classroom-days lost"
                    )
                }
                for survey in report.surveys {
                    el("h2") { context.t("ผลแบบสอบถาม (ผู้ตอบ \(survey.respondents) คน)", "Survey results (\(survey.respondents) respondents)") }
                    SurveyPages.resultTable(context, survey)
                }
                el("p", .class("print-hide")) {
                    el("a", .href("/supervision/schools/\(schoolID)")) { context.t("← กลับ", "← Back") }
                }
            }
            return Layout.response(context, title: title, body)
        }
        router.post("/supervision/schools/:id/close", maxBodySize: 4096) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let schoolID = try Supervision.id(request)
            let now = context.now
            try await web.store.write { db in
                let term = try Supervision.term(db, on: LocalDate(now))
                _ = try TermReport.close(db, by: principal, schoolID: schoolID, termID: term.id, asOf: LocalDate(now), now: now)
            }
            return .redirect(to: "/supervision/schools/\(schoolID)")
        }
    }
}
