import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

extension VisitForm {
    struct Choice: Sendable {
        var value: String
        var label: String
    }

    /// Starting a visit: which class and teacher (of the schools the person may record visits at), the
    /// day, the period, and the form (the newest version of each classroom-visit instrument).
    static func startPage(_ context: PageContext, web: KlaiWeb, errors: FormErrors) async throws -> HTTPResponse {
        let principal = try Components.requireUser(context).principal
        let (targets, instruments) = try await web.store.read { db -> ([Choice], [Choice]) in
            var targets: [Choice] = []
            for row in try db.fetchAll(
                """
                SELECT c.id, c.school_id, c.grade, c.room, s.name AS school, u.id AS teacher, u.display_name
                FROM learning_class c JOIN learning_school s ON s.id = c.school_id
                JOIN learning_teacher_class tc ON tc.class_id = c.id JOIN learning_user u ON u.id = tc.user_id
                WHERE c.academic_year = (SELECT max(academic_year) FROM learning_class WHERE school_id = c.school_id)
                ORDER BY s.code, c.grade, c.room, u.display_name
                """)
            {
                let classID: Int64 = try row.get("id")
                let schoolID: Int64 = try row.get("school_id")
                guard Authorization.may(principal, .recordVisit, .classroom(id: classID, schoolID: schoolID)) else { continue }
                let teacher: Int64 = try row.get("teacher")
                let grade: String = try row.get("grade")
                let room: Int = try row.get("room")
                let school: String = try row.get("school")
                let teacherName: String = try row.get("display_name")
                let name = Components.className(grade: grade, room: room, context)
                targets.append(Choice(value: "\(classID)-\(teacher)", label: "\(school) · \(name) · \(teacherName)"))
            }
            var instruments: [Choice] = []
            for key in try db.fetchAll("SELECT DISTINCT key FROM evaluation_instrument WHERE kind = 'classroom_visit' ORDER BY key") {
                guard let id = try InstrumentLibrary.latestID(db, key: try key.get(0)) else { continue }
                let instrument = try InstrumentLibrary.instrument(db, id: id)
                instruments.append(Choice(value: String(id), label: Supervision.text(instrument.title, context) + " (v\(instrument.version))"))
            }
            return (targets, instruments)
        }
        guard !targets.isEmpty else { throw WebError.forbidden() }
        let title = context.t("บันทึกการนิเทศ", "Record a visit")
        let body = group {
            errors.summary(context)
            el("h1") { title }
            el("form", .class("card narrow"), Attribute("method", "post"), Attribute("action", "/supervision/visits")) {
                context.csrfField
                select(context, errors, id: "target", label: context.t("โรงเรียน · ห้องเรียน · ครู", "School · class · teacher"), targets)
                errors.field("date", label: context.t("วันที่นิเทศ", "Day of the visit"), type: "date", value: LocalDate(context.now).description)
                el("div", .class("field")) {
                    el("label", Attribute("for", "period")) { context.t("คาบที่ (ไม่บังคับ)", "Period (optional)") }
                    el("select", .id("period"), .name("period")) {
                        el("option", .value("")) { "–" }
                        for p in 1...8 { el("option", .value(String(p))) { String(p) } }
                    }
                }
                select(context, errors, id: "instrument", label: context.t("แบบนิเทศ", "Form"), instruments)
                el("button", .type("submit"), .class("primary")) { context.t("เริ่มบันทึก", "Start") }
            }
        }
        return Layout.response(context, title: title, status: errors.isEmpty ? .ok : .unprocessableContent, body)
    }

    static func select(_ context: PageContext, _ errors: FormErrors, id: String, label: String, _ choices: [Choice]) -> HTML {
        el("div", .class(errors.message(for: id) == nil ? "field" : "field has-error")) {
            el("label", Attribute("for", id)) { label }
            if let message = errors.message(for: id) { el("p", .class("field-error")) { message } }
            el("select", .id(id), .name(id), .flag("required")) {
                for (index, choice) in choices.enumerated() {
                    el("option", .value(choice.value), .flag("selected", index == 0)) { choice.label }
                }
            }
        }
    }
}
