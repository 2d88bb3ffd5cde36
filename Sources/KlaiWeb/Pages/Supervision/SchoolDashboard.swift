import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning

/// A school's term on one page: key figures, the weekly trend, the classes (drill-down), ratings the
/// records contradict, the visits beside the school's self-assessment, and links to readiness, surveys and the term report. A teacher sees
/// only the classes they teach.
enum SchoolDashboard {
    struct Data: Sendable {
        var term: Supervision.Term
        var name: String
        var row: SchoolTermRow?
        var classes: [ClassTermRow]
        var trend: [TrendPoint]
        var report: TermReport?
        var visits: [Visit]
        var names: [Int64: String]
        var classNames: [Int64: String]
        var selfAssessment: (SelfAssessment, Instrument)?
        var mayAssess: Bool
    }

    static func page(_ request: HTTPRequest, web: KlaiWeb) async throws -> HTTPResponse {
        let context = PageContext(request)
        let principal = try Components.requireUser(context).principal
        let schoolID = try Supervision.id(request)
        guard Authorization.may(principal, .view, .school(id: schoolID)) else { throw WebError.forbidden() }
        let today = LocalDate(context.now)
        let data = try await web.store.read { db -> Data in
            let term = try Supervision.term(db, on: today)
            let wholeSchool = Authorization.may(principal, .viewUsage, .school(id: schoolID))
            let visits = try Visits.submitted(
                db, schoolID: schoolID, from: term.startsOn, through: term.endsOn, viewer: principal,
                answers: false)
            var names: [Int64: String] = [:]
            var classNames: [Int64: String] = [:]
            for visit in visits {
                for person in [visit.teacherID, visit.supervisorID] where names[person] == nil {
                    names[person] = try Supervision.userName(db, person)
                }
                if classNames[visit.classID] == nil { classNames[visit.classID] = try Supervision.className(db, visit.classID, context) }
            }
            // Those who see the whole school get its term report, which already holds the school row, the classes
            // and the weekly trend (the stored snapshot once the term is closed); a teacher sees only their classes.
            var report: TermReport?
            var selfAssessment: (SelfAssessment, Instrument)?
            if wholeSchool {
                report = try TermReport.report(db, viewer: principal, schoolID: schoolID, termID: term.id, asOf: today)
                if let assessment = try SelfAssessments.current(db, schoolID: schoolID, termID: term.id, viewer: principal) {
                    selfAssessment = (assessment, try InstrumentLibrary.instrument(db, id: assessment.instrumentID))
                }
            }
            return Data(
                term: term, name: try Supervision.schoolName(db, schoolID), row: report?.school,
                classes: try report?.classes ?? Dashboard.classes(db, viewer: principal, schoolID: schoolID, termID: term.id),
                trend: try report?.weeks ?? Dashboard.weeklyTrend(db, viewer: principal, schoolID: schoolID, termID: term.id),
                report: report, visits: visits, names: names, classNames: classNames, selfAssessment: selfAssessment,
                mayAssess: Authorization.may(principal, .assessSchool, .school(id: schoolID)))
        }
        let body = group {
            el("h1") { data.name }
            el("p", .class("lead")) { context.t("ภาคเรียนที่ \(data.term.name)", "Term \(data.term.name)") }
            if let closed = data.report?.closedAt {
                el("p", .class("notice")) {
                    context.t(
                        "ปิดภาคเรียนแล้วเมื่อ \(CalendarText.date(closed, .thai)) ตัวเลขด้านล่างเป็นฉบับที่บันทึกไว้",
                        "Term closed on \(CalendarText.date(closed, .english)); the figures below are the stored snapshot.")
                }
            }
            if let row = data.row { SupervisionViews.figures(context, row) }
            el("section", .aria("labelledby", "trend-heading")) {
                el("h2", .id("trend-heading")) { context.t("แนวโน้มรายสัปดาห์", "Weekly trend") }
                TrendChart.svg(context, data.trend)
            }
            el("section", .aria("labelledby", "classes-heading")) {
                el("h2", .id("classes-heading")) { context.t("ห้องเรียน", "Classes") }
                if data.classes.isEmpty {
                    el("p", .class("empty")) { context.t("ไม่มีห้องเรียนที่ดูได้", "No class to show.") }
                } else {
                    SupervisionViews.classTable(context, data.classes)
                    Supervision.csvLink(context, "/supervision/schools/\(schoolID)/classes.csv")
                }
            }
            if let contradictions = data.report?.visits.contradictions, !contradictions.isEmpty {
                el("section", .class("card flagged"), .aria("labelledby", "contradictions-heading")) {
                    el("h2", .id("contradictions-heading")) { context.t("⚠ ผลประเมินที่ขัดกับข้อมูลการใช้งาน", "⚠ Ratings the records contradict") }
                    el("ul") {
                        for c in contradictions {
                            el("li") { el("a", .href("/supervision/visits/\(c.visitID)")) { SupervisionViews.contradiction(c, context) } }
                        }
                    }
                }
            }
            el("section", .aria("labelledby", "visits-heading")) {
                el("h2", .id("visits-heading")) { context.t("การนิเทศในภาคเรียนนี้", "Visits this term") }
                VisitList.list(context, data.visits, names: data.names, classNames: data.classNames)
            }
            if data.row != nil { selfAssessment(context, data, schoolID: schoolID) }
            el("section", .class("card"), .aria("labelledby", "more-heading")) {
                el("h2", .id("more-heading")) { context.t("เพิ่มเติม", "More") }
                el("ul", .class("plain")) {
                    el("li") { el("a", .href("/supervision/schools/\(schoolID)/readiness")) { context.t("อุปกรณ์และการแจ้งซ่อม", "Equipment and repairs") } }
                    if Authorization.may(principal, .runSurvey, .school(id: schoolID)) {
                        el("li") { el("a", .href("/supervision/schools/\(schoolID)/surveys")) { context.t("แบบสอบถามความพึงพอใจ", "Satisfaction surveys") } }
                    }
                    if data.report != nil {
                        el("li") {
                            el("a", .href("/supervision/schools/\(schoolID)/report")) { context.t("รายงานประจำภาคเรียน (พิมพ์ได้)", "Printable term report") }
                        }
                    }
                }
                if data.report != nil, data.report?.closedAt == nil, Authorization.may(principal, .closeTerm, .school(id: schoolID)) {
                    el("form", Attribute("method", "post"), Attribute("action", "/supervision/schools/\(schoolID)/close")) {
                        context.csrfField
                        el("p", .class("hint")) {
                            context.t(
                                "ปิดภาคเรียนเพื่อบันทึกตัวเลขเป็นฉบับถาวร ข้อมูลที่มาทีหลังจะไม่เปลี่ยนรายงานนี้",
                                "Closing the term stores these figures for good; later data never changes this report.")
                        }
                        el("button", .type("submit")) { context.t("ปิดภาคเรียน \(data.term.name)", "Close term \(data.term.name)") }
                    }
                }
            }
        }
        return Layout.response(context, title: data.name, body)
    }

    /// The school's own view of its term beside the supervisors' visits: section scores once submitted.
    private static func selfAssessment(_ context: PageContext, _ data: Data, schoolID: Int64) -> HTML {
        let href = "/supervision/schools/\(schoolID)/self-assessment"
        return el("section", .class("self-assessment"), .aria("labelledby", "self-assessment-heading")) {
            el("h2", .id("self-assessment-heading")) { context.t("การประเมินตนเองของโรงเรียน", "The school's self-assessment") }
            if let (assessment, instrument) = data.selfAssessment, assessment.state == .submitted {
                SelfAssessmentPage.scores(context, assessment, instrument)
                SupervisionViews.selfAssessmentFlags(context, data.report?.selfAssessments ?? [])
                el("p") { el("a", .href(href)) { context.t("ดูคำตอบทุกข้อ", "See every answer") } }
            } else if data.mayAssess {
                el("p") {
                    el("a", .class("button primary"), .href(href)) {
                        data.selfAssessment == nil
                            ? context.t("กรอกแบบประเมินตนเอง", "Fill in the self-assessment")
                            : context.t("กรอกแบบประเมินตนเองต่อ", "Continue the self-assessment")
                    }
                }
            } else {
                el("p", .class("empty")) {
                    context.t(
                        "ผู้บริหารโรงเรียนยังไม่ได้ส่งแบบประเมินตนเองของภาคเรียนนี้",
                        "The director has not submitted this term's self-assessment yet.")
                }
            }
        }
    }
}
