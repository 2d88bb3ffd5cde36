import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Satisfaction surveys: the director or supervisor opens a round; teachers and pupils answer (a ป.1
/// child taps one of five faces per question); results give mean, S.D. and band.
extension SupervisionPages {
    func registerSurveys(on router: inout Router) {
        let web = web
        router.get("/surveys") { request in
            try await SurveyPages.openList(PageContext(request), web: web)
        }
        router.get("/surveys/:id") { request in
            try await SurveyPages.answerPage(PageContext(request), web: web)
        }
        router.post("/surveys/:id", maxBodySize: 32_768) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let surveyID = try Supervision.id(request)
            let form = try FormData(request)
            var answers: [String: Int?] = [:]
            for (name, value) in form.fields where name.hasPrefix("q.") {
                answers[String(name.dropFirst(2))] = value.utf8.count == 1 ? Int(value) : nil
            }
            let now = context.now
            let given = answers
            try await web.store.write { db in _ = try Surveys.answer(db, by: principal, surveyID: surveyID, answers: given, now: now) }
            let body = el("section", .class("notice thanks")) {
                el("h1") { context.t("ขอบคุณ!", "Thank you!") }
                el("p") { context.t("ส่งคำตอบแล้ว", "Your answers are sent.") }
                el("p") { el("a", .class("button"), .href("/")) { context.t("กลับหน้าแรก", "Back to the start page") } }
            }
            return Layout.response(context, title: context.t("ขอบคุณ", "Thank you"), body)
        }
        router.get("/supervision/schools/:id/surveys") { request in
            try await SurveyPages.schoolSurveys(PageContext(request), web: web)
        }
        router.post("/supervision/schools/:id/surveys", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let schoolID = try Supervision.id(request)
            guard let instrumentID = try FormData(request).id("instrument") else {
                throw WebError.invalid("เลือกแบบสอบถาม", "Choose a survey.")
            }
            let now = context.now
            try await web.store.write { db in
                let term = try Supervision.term(db, on: LocalDate(now))
                _ = try Surveys.open(db, by: principal, schoolID: schoolID, termID: term.id, instrumentID: instrumentID, now: now)
            }
            return .redirect(to: "/supervision/schools/\(schoolID)/surveys")
        }
        router.post("/supervision/surveys/:id/close", maxBodySize: 4096) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let surveyID = try Supervision.id(request)
            let now = context.now
            try await web.store.write { db in try Surveys.close(db, by: principal, surveyID: surveyID, now: now) }
            return .redirect(to: "/supervision/surveys/\(surveyID)/results")
        }
        router.get("/supervision/surveys/:id/results") { request in
            try await SurveyPages.resultsPage(PageContext(request), web: web)
        }
        router.get("/supervision/surveys/:id/results.csv") { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let surveyID = try Supervision.id(request)
            let results = try await web.store.read { db in try Surveys.results(db, viewer: principal, surveyID: surveyID) }
            return Supervision.csv(SurveyPages.table(results), name: "klai-survey-\(surveyID).csv")
        }
    }
}
