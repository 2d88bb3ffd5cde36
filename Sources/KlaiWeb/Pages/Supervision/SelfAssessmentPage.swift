import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The school's self-assessment (ประเมินตนเอง) for the running term: the director fills it in with the
/// same form machinery as a visit (large level choices with descriptors, autosaved drafts carrying their
/// revision, submit → frozen); the school's supervisors and the director read the submitted answers and
/// the section scores.
enum SelfAssessmentPage {
    /// The instrument a new self-assessment is started with.
    static let instrumentKey = "dltv-school-self-assessment"

    struct Data: Sendable {
        var term: Supervision.Term
        var schoolName: String
        var assessment: SelfAssessment?
        var instrument: Instrument
        var mayFill: Bool
    }

    static func load(_ db: Database, _ principal: Principal, schoolID: Int64, today: LocalDate) throws -> Data {
        guard Authorization.may(principal, .viewUsage, .school(id: schoolID)) else { throw WebError.forbidden() }
        let term = try Supervision.term(db, on: today)
        let assessment = try SelfAssessments.current(db, schoolID: schoolID, termID: term.id, viewer: principal)
        guard let instrumentID = try assessment?.instrumentID ?? InstrumentLibrary.latestID(db, key: instrumentKey) else {
            throw WebError.invalid("ยังไม่มีแบบประเมินตนเองของโรงเรียนในระบบ", "No school self-assessment form is loaded.")
        }
        return Data(
            term: term, schoolName: try Supervision.schoolName(db, schoolID), assessment: assessment,
            instrument: try InstrumentLibrary.instrument(db, id: instrumentID),
            mayFill: Authorization.may(principal, .assessSchool, .school(id: schoolID)))
    }

    /// The form while the director may still change it; the submitted answers otherwise.
    static func page(
        _ context: PageContext, web: KlaiWeb, schoolID: Int64, posted: (VisitDraft, Int)? = nil,
        problem: String? = nil, status: HTTPStatus = .ok
    ) async throws -> HTTPResponse {
        let principal = try Components.requireUser(context).principal
        let today = LocalDate(context.now)
        let data = try await web.store.read { db in try load(db, principal, schoolID: schoolID, today: today) }
        let title = context.t("การประเมินตนเองของโรงเรียน", "School self-assessment")
        let editable = data.mayFill && data.assessment?.state != .submitted
        let body = group {
            if let problem {
                el("div", .class("error-summary"), Attribute("role", "alert"), Attribute("tabindex", "-1")) {
                    el("h2") { context.t("ยังบันทึกไม่ได้", "Not saved") }
                    el("p") { problem }
                }
            }
            if context.request.query("saved") != nil {
                el("p", .class("notice"), Attribute("role", "status")) { context.t("บันทึกร่างแล้ว", "Draft saved.") }
            }
            el("h1") { title }
            el("p", .class("lead")) {
                data.schoolName + " · " + context.t("ภาคเรียนที่ \(data.term.name)", "term \(data.term.name)") + " · "
                    + Supervision.text(data.instrument.title, context)
            }
            if editable {
                form(
                    context, data, schoolID: schoolID, draft: posted?.0 ?? data.assessment?.content ?? VisitDraft(),
                    revision: posted?.1 ?? data.assessment?.revision ?? 0)
            } else if let assessment = data.assessment, assessment.state == .submitted {
                answers(context, assessment, data.instrument)
            } else {
                el("p", .class("empty")) {
                    context.t(
                        "ผู้บริหารโรงเรียนยังไม่ได้ส่งแบบประเมินตนเองของภาคเรียนนี้",
                        "The director has not submitted this term's self-assessment yet.")
                }
            }
            el("p", .class("print-hide")) { el("a", .href("/supervision/schools/\(schoolID)")) { context.t("← กลับ", "← Back") } }
        }
        return Layout.response(context, title: title, status: status, scripts: editable ? ["visit-autosave.js"] : [], body)
    }

    private static func form(_ context: PageContext, _ data: Data, schoolID: Int64, draft: VisitDraft, revision: Int) -> HTML {
        let action = "/supervision/schools/\(schoolID)/self-assessment"
        return el(
            "form", .id("self-assessment-form"), .class("visit-form"), Attribute("method", "post"), Attribute("action", action),
            .data("autosave", action + "/autosave")
        ) {
            context.csrfField
            void("input", .type("hidden"), .name("revision"), .value(String(revision)), .id("revision"))
            el("p", .id("autosave-status"), .class("autosave-status"), Attribute("role", "status"), .aria("live", "polite")) {
                revision == 0 ? context.t("ยังไม่ได้บันทึก", "Not saved yet") : context.t("ฉบับร่างครั้งที่ \(revision)", "Draft revision \(revision)")
            }
            for section in data.instrument.sections {
                el("fieldset", .class("card visit-section")) {
                    el("legend") { Supervision.text(section.title, context) }
                    for item in section.items { VisitForm.itemField(context, data.instrument, item, draft.ratings[item.id]) }
                }
            }
            for field in data.instrument.textFields {
                el("div", .class("field")) {
                    el("label", Attribute("for", "t-\(field.id)")) { Supervision.text(field.label, context) }
                    el(
                        "textarea", .id("t-\(field.id)"), .name("t.\(field.id)"), Attribute("rows", "3"),
                        Attribute("maxlength", String(field.maxLength))
                    ) { draft.texts[field.id] ?? "" }
                }
            }
            el("div", .class("form-buttons")) {
                el("button", .type("submit"), .name("action"), .value("save")) { context.t("บันทึกร่าง", "Save draft") }
                el("button", .type("submit"), .name("action"), .value("submit"), .class("primary")) {
                    context.t("ส่งผลการประเมินตนเอง", "Submit the self-assessment")
                }
            }
            el("p", .class("hint")) {
                context.t(
                    "ส่งแล้วแก้ไขไม่ได้ ศึกษานิเทศก์จะเห็นผลนี้คู่กับผลการนิเทศ",
                    "A submitted self-assessment never changes; supervisors see it beside their visits.")
            }
        }
    }

    /// The submitted answers: each section's score, then every item's level.
    static func answers(_ context: PageContext, _ assessment: SelfAssessment, _ instrument: Instrument) -> HTML {
        group {
            scores(context, assessment, instrument)
            for section in instrument.sections {
                el("section", .class("card")) {
                    el("h2") { Supervision.text(section.title, context) }
                    el("dl", .class("ratings")) {
                        for item in section.items {
                            let rating = assessment.content.ratings[item.id]
                            el("dt") { Supervision.text(item.text, context) }
                            el("dd") {
                                el("strong") { VisitPage.answer(rating, instrument, context) }
                                if let note = rating?.note, !note.isEmpty { el("p", .class("note")) { note } }
                            }
                        }
                    }
                }
            }
            for field in instrument.textFields {
                if let text = assessment.content.texts[field.id], !text.isEmpty {
                    el("h2") { Supervision.text(field.label, context) }
                    el("p", .class("free-text")) { text }
                }
            }
        }
    }

    /// Section scores (sum of levels out of the maximum), as the term report gives them.
    static func scores(_ context: PageContext, _ assessment: SelfAssessment, _ instrument: Instrument) -> HTML {
        el("table", .class("grid self-assessment-scores")) {
            el("caption") { context.t("คะแนนรายด้าน", "Score per section") }
            el("thead") {
                el("tr") {
                    el("th", Attribute("scope", "col")) { context.t("ด้าน", "Section") }
                    el("th", Attribute("scope", "col")) { context.t("คะแนน", "Score") }
                    el("th", Attribute("scope", "col")) { context.t("คะแนนเต็ม", "Out of") }
                }
            }
            el("tbody") {
                for score in assessment.scores(instrument) {
                    el("tr") {
                        el("th", Attribute("scope", "row")) { Supervision.text(score.title, context) }
                        el("td") { String(score.score) }
                        el("td") { String(score.maximum) }
                    }
                }
            }
        }
    }
}
