import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning

/// The drill-down below a school: one class's weekly trend, its teachers, and each teacher's lessons.
enum ClassDashboard {
    struct Data: Sendable {
        var term: Supervision.Term
        var schoolID: Int64
        var name: String
        var trend: [TrendPoint]
        var teachers: [TeacherTermRow]
        var lessons: [Int64: [LessonTermRow]]
    }

    static func page(_ request: HTTPRequest, web: KlaiWeb) async throws -> HTTPResponse {
        let context = PageContext(request)
        let principal = try Components.requireUser(context).principal
        let classID = try Supervision.id(request)
        let today = LocalDate(context.now)
        let data = try await web.store.read { db -> Data in
            guard let schoolID = try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID], as: Int64.self) else {
                throw WebError.notFound()
            }
            let term = try Supervision.term(db, on: today)
            let teachers = try Dashboard.teachers(db, viewer: principal, classID: classID, termID: term.id)
            var lessons: [Int64: [LessonTermRow]] = [:]
            for teacher in teachers {
                lessons[teacher.teacherID] = try Dashboard.lessons(
                    db, viewer: principal, classID: classID,
                    teacherID: teacher.teacherID, termID: term.id)
            }
            return Data(
                term: term, schoolID: schoolID, name: try Supervision.className(db, classID, context),
                trend: try Dashboard.weeklyTrend(db, viewer: principal, schoolID: schoolID, classID: classID, termID: term.id),
                teachers: teachers, lessons: lessons)
        }
        let title = context.t("ชั้น \(data.name)", "Class \(data.name)")
        let body = group {
            el("p", .class("breadcrumb")) {
                el("a", .href("/supervision/schools/\(data.schoolID)")) { context.t("← กลับไปหน้าโรงเรียน", "← Back to the school") }
            }
            el("h1") { title }
            el("p", .class("lead")) { context.t("ภาคเรียนที่ \(data.term.name)", "Term \(data.term.name)") }
            TrendChart.svg(context, data.trend)
            el("h2") { context.t("ครูผู้สอน", "Teachers") }
            SupervisionViews.wrap(context, caption: context.t("ครูของห้องนี้", "This class's teachers")) {
                el("thead") {
                    el("tr") {
                        for head in [
                            context.t("ครู", "Teacher"), context.t("ครั้งที่เปิด", "Screenings"), context.t("ตรงตาราง", "Matched timetable"),
                            context.t("ชั่วโมง", "Hours"), context.t("นิเทศ", "Visits")
                        ] {
                            el("th", Attribute("scope", "col")) { head }
                        }
                    }
                }
                el("tbody") {
                    for t in data.teachers {
                        el("tr") {
                            el("th", Attribute("scope", "row")) { el("a", .href("#teacher-\(t.teacherID)")) { t.name } }
                            el("td") { Supervision.cell(.integer(t.screenings)) }
                            el("td") { Supervision.cell(.integer(t.matchedTimetable)) }
                            el("td") { Supervision.cell(.number(t.playSeconds / 3600, decimals: 1)) }
                            el("td") { Supervision.cell(.integer(t.visits)) }
                        }
                    }
                }
            }
            Supervision.csvLink(context, "/supervision/classes/\(classID)/teachers.csv")
            for t in data.teachers {
                el("section", .id("teacher-\(t.teacherID)"), .class("card")) {
                    el("h2") { context.t("บทเรียนที่ \(t.name) เปิดให้ชั้นดู", "Lessons \(t.name) played for the class") }
                    let lessons = data.lessons[t.teacherID] ?? []
                    if lessons.isEmpty {
                        el("p", .class("empty")) { context.t("ยังไม่ได้เปิดบทเรียนในภาคเรียนนี้", "No lesson played this term.") }
                    } else {
                        el("ul", .class("plain")) {
                            for lesson in lessons {
                                el("li") {
                                    el("a", .href("/lessons/\(lesson.itemID)")) { lesson.title }
                                    " · " + context.t("เปิด \(lesson.screenings) ครั้ง", "\(lesson.screenings) screenings") + " · "
                                        + CalendarText.clock(lesson.playSeconds)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Layout.response(context, title: title, body)
    }
}
