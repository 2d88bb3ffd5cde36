import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

extension SurveyPages {
    /// A school's survey rounds this term, and opening a new one.
    static func schoolSurveys(_ context: PageContext, web: KlaiWeb) async throws -> HTTPResponse {
        let principal = try Components.requireUser(context).principal
        let schoolID = try Supervision.id(context.request)
        guard Authorization.may(principal, .runSurvey, .school(id: schoolID)) else { throw WebError.forbidden() }
        let today = LocalDate(context.now)
        let (rounds, choices) = try await web.store.read { db -> ([Round], [(Int64, String)]) in
            let term = try Supervision.term(db, on: today)
            let rounds = try db.fetchAll(
                "SELECT id FROM evaluation_survey WHERE school_id = ? AND term_id = ? ORDER BY id",
                [schoolID, term.id]
            ).map { try Self.round(db, try $0.get(0)) }
            var choices: [(Int64, String)] = []
            for key in try db.fetchAll("SELECT DISTINCT key FROM evaluation_instrument WHERE kind = 'survey' ORDER BY key") {
                guard let id = try InstrumentLibrary.latestID(db, key: try key.get(0)) else { continue }
                choices.append((id, Supervision.text(try InstrumentLibrary.instrument(db, id: id).title, context)))
            }
            return (rounds, choices)
        }
        let title = context.t("แบบสอบถามความพึงพอใจ", "Satisfaction surveys")
        let body = group {
            el("h1") { title }
            el("ul", .class("plain")) {
                for r in rounds {
                    el("li") {
                        el("a", .href("/supervision/surveys/\(r.id)/results")) { Supervision.text(r.instrument.title, context) }
                        " · " + (r.open ? context.t("เปิดรับคำตอบ", "open") : context.t("ปิดแล้ว", "closed"))
                    }
                }
            }
            el("form", .class("card"), Attribute("method", "post"), Attribute("action", "/supervision/schools/\(schoolID)/surveys")) {
                context.csrfField
                ReadinessPage.field(context, "instrument", context.t("เปิดแบบสอบถามใหม่", "Open a new survey")) {
                    for (id, name) in choices { el("option", .value(String(id))) { name } }
                }
                el("button", .type("submit"), .class("primary")) { context.t("เปิดรับคำตอบ", "Open") }
            }
        }
        return Layout.response(context, title: title, body)
    }

    static func resultsPage(_ context: PageContext, web: KlaiWeb) async throws -> HTTPResponse {
        let principal = try Components.requireUser(context).principal
        let surveyID = try Supervision.id(context.request)
        let (round, results) = try await web.store.read { db in
            (try Self.round(db, surveyID), try Surveys.results(db, viewer: principal, surveyID: surveyID))
        }
        let title = Supervision.text(round.instrument.title, context)
        let body = group {
            el("h1") { title }
            el("p", .class("lead")) {
                context.t("ผู้ตอบ \(results.respondents) คน · เกณฑ์แปลผล \(results.bandSet)", "\(results.respondents) respondents · bands \(results.bandSet)")
            }
            resultTable(context, results)
            Supervision.csvLink(context, "/supervision/surveys/\(surveyID)/results.csv")
            if round.open {
                el("form", Attribute("method", "post"), Attribute("action", "/supervision/surveys/\(surveyID)/close")) {
                    context.csrfField
                    el("button", .type("submit")) { context.t("ปิดรับคำตอบ", "Stop taking answers") }
                }
            }
        }
        return Layout.response(context, title: title, body)
    }

    static func resultTable(_ context: PageContext, _ results: SurveyResults) -> HTML {
        SupervisionViews.wrap(context, caption: context.t("ผลแบบสอบถาม", "Survey results")) {
            el("thead") {
                el("tr") {
                    for head in [
                        context.t("ข้อ", "Item"), context.t("จำนวนคำตอบ", "Answers"), context.t("ค่าเฉลี่ย", "Mean"), "S.D.",
                        context.t("ระดับ", "Band")
                    ] {
                        el("th", Attribute("scope", "col")) { head }
                    }
                }
            }
            el("tbody") {
                for line in results.items + [results.overall] {
                    el("tr", .class(line.itemID == "overall" ? "total" : "")) {
                        el("th", Attribute("scope", "row")) { Supervision.text(line.text, context) }
                        el("td") { Supervision.cell(.integer(line.answers)) }
                        el("td") { Supervision.cell(.number(line.mean, decimals: 2)) }
                        el("td") { Supervision.cell(.number(line.standardDeviation, decimals: 2)) }
                        el("td") { line.band.map { Supervision.text($0, context) } ?? "–" }
                    }
                }
            }
        }
    }
}

/// Five faces drawn as SVG (no emoji font needed): the mouth curves up for 5, flat for 3, down for 1.
enum Faces {
    static func svg(_ level: Int) -> HTML {
        let curves: [Int: Int] = [1: 30, 2: 36, 3: 42, 4: 50, 5: 56]
        let curve = curves[level] ?? 42
        return el(
            "svg", Attribute("viewBox", "0 0 64 64"), Attribute("width", "64"), Attribute("height", "64"),
            .aria("hidden", "true"), .class("face-\(level)")
        ) {
            el("circle", Attribute("cx", "32"), Attribute("cy", "32"), Attribute("r", "29"), .class("face-head"))
            el("circle", Attribute("cx", "22"), Attribute("cy", "25"), Attribute("r", "4"), .class("face-eye"))
            el("circle", Attribute("cx", "42"), Attribute("cy", "25"), Attribute("r", "4"), .class("face-eye"))
            el("path", Attribute("d", "M 18 42 Q 32 \(curve) 46 42"), .class("face-mouth"))
        }
    }
}
