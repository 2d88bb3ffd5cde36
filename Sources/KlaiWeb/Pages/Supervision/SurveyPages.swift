import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The survey pages: what a person may answer, the answer form, a school's rounds and their results.
enum SurveyPages {
    struct Round: Sendable {
        var id: Int64
        var schoolID: Int64
        var instrument: Instrument
        var open: Bool
    }

    static func round(_ db: Database, _ id: Int64) throws -> Round {
        guard let row = try db.fetchOne("SELECT school_id, instrument_id, closed_at FROM evaluation_survey WHERE id = ?", [id]) else {
            throw WebError.notFound()
        }
        return Round(
            id: id, schoolID: try row.get("school_id"), instrument: try InstrumentLibrary.instrument(db, id: try row.get("instrument_id")),
            open: row["closed_at"].isNull)
    }

    /// The open rounds for the person's role that they have not answered yet.
    static func openList(_ context: PageContext, web: KlaiWeb) async throws -> HTTPResponse {
        let user = try Components.requireUser(context)
        let principal = user.principal
        let audience: Instrument.Audience = context.role == .student ? .pupil : .teacher
        let rounds = try await web.store.read { db -> [Round] in
            try db.fetchAll(
                """
                SELECT id FROM evaluation_survey s WHERE closed_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM evaluation_survey_response r WHERE r.survey_id = s.id AND r.respondent_id = ?)
                ORDER BY id
                """, [principal.userID]
            ).map { try Self.round(db, try $0.get(0)) }
                .filter { $0.instrument.audience == audience && Authorization.may(principal, .answerSurvey, .school(id: $0.schoolID)) }
        }
        let title = context.t("แบบสอบถาม", "Surveys")
        let body = group {
            el("h1") { title }
            if rounds.isEmpty { el("p", .class("empty")) { context.t("ไม่มีแบบสอบถามที่รอตอบ", "No survey is waiting for you.") } }
            el("ul", .class("big-choices")) {
                for r in rounds {
                    el("li") { el("a", .class("big-choice"), .href("/surveys/\(r.id)")) { Supervision.text(r.instrument.title, context) } }
                }
            }
            if context.role == .director || context.role == .supervisor {
                for school in principal.schools(as: context.role ?? .director).sorted() {
                    el("p") {
                        el("a", .href("/supervision/schools/\(school)/surveys")) { context.t("จัดการแบบสอบถามของโรงเรียน", "Manage the school's surveys") }
                    }
                }
            }
        }
        return Layout.response(context, title: title, body)
    }

    static func answerPage(_ context: PageContext, web: KlaiWeb) async throws -> HTTPResponse {
        let principal = try Components.requireUser(context).principal
        let surveyID = try Supervision.id(context.request)
        let round = try await web.store.read { db in try Self.round(db, surveyID) }
        guard Authorization.may(principal, .answerSurvey, .school(id: round.schoolID)) else { throw WebError.forbidden() }
        let instrument = round.instrument
        let pupil = instrument.audience == .pupil
        let title = Supervision.text(instrument.title, context)
        let body = group {
            el("h1") { title }
            el("form", Attribute("method", "post"), Attribute("action", "/surveys/\(surveyID)"), .class(pupil ? "survey pupil-survey" : "survey")) {
                context.csrfField
                for (number, item) in instrument.items.enumerated() {
                    el("fieldset", .class("card survey-item")) {
                        el("legend") { "\(number + 1). " + Supervision.text(item.text, context) }
                        el("div", .class(pupil ? "faces" : "levels")) {
                            for level in instrument.scale.levels.sorted(by: { $0.value > $1.value }) {
                                el("label", .class(pupil ? "face" : "level")) {
                                    void("input", .type("radio"), .name("q.\(item.id)"), .value(String(level.value)))
                                    if pupil { Faces.svg(level.value) }
                                    el("span") { Supervision.text(level.label, context) }
                                }
                            }
                        }
                    }
                }
                el("button", .type("submit"), .class("primary big")) { context.t("ส่งคำตอบ", "Send") }
            }
        }
        return Layout.response(context, title: title, body)
    }

    /// Results as the CSV writes them: item, answers, mean, S.D., band.
    static func table(_ results: SurveyResults) -> CSVTable {
        CSVTable(
            header: ["ข้อ item", "จำนวนคำตอบ answers", "ค่าเฉลี่ย mean", "S.D.", "ระดับ band"],
            rows: (results.items + [results.overall]).map {
                [
                    .text($0.text.th), .integer($0.answers), .number($0.mean, decimals: 2), .number($0.standardDeviation, decimals: 2),
                    .text($0.band?.th ?? "")
                ]
            })
    }
}
