import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The school self-assessment: shown to the school's director and supervisors, saved (autosaved) and
/// submitted by the director. The first save starts the term's self-assessment, so opening the page
/// writes nothing.
extension SupervisionPages {
    func registerSelfAssessment(on router: inout Router) {
        let web = web
        router.get("/supervision/schools/:id/self-assessment") { request in
            try await SelfAssessmentPage.page(PageContext(request), web: web, schoolID: try Supervision.id(request))
        }
        router.post("/supervision/schools/:id/self-assessment", maxBodySize: 256 * 1024) { request in
            let context = PageContext(request)
            let schoolID = try Supervision.id(request)
            let form = try FormData(request)
            let draft = VisitForm.draft(form)
            let revision = Int(form["revision"].prefix(9)) ?? 0
            let submit = form["action"] == "submit"
            do {
                try await Self.saveSelfAssessment(context, web: web, schoolID: schoolID, draft, basedOn: revision, submit: submit)
            } catch let error as EvaluationError {
                let refusal = WebError.refusal(error)
                return try await SelfAssessmentPage.page(
                    context, web: web, schoolID: schoolID, posted: (draft, revision),
                    problem: context.t(refusal.thai, refusal.english), status: refusal.status)
            }
            let page = "/supervision/schools/\(schoolID)/self-assessment"
            return .redirect(to: submit ? page : page + "?saved=1")
        }
        router.post("/supervision/schools/:id/self-assessment/autosave", maxBodySize: 256 * 1024) { request in
            let form = try FormData(request)
            let saved = try await Self.saveSelfAssessment(
                PageContext(request), web: web, schoolID: try Supervision.id(request),
                VisitForm.draft(form), basedOn: Int(form["revision"].prefix(9)) ?? 0)
            var response = try HTTPResponse.json(["revision": saved])
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }

    /// Starts the term's self-assessment when needed, saves the draft on top of `revision` and, when asked,
    /// submits it, in one transaction. - Returns: the stored revision.
    @discardableResult
    static func saveSelfAssessment(
        _ context: PageContext, web: KlaiWeb, schoolID: Int64, _ draft: VisitDraft, basedOn revision: Int,
        submit: Bool = false
    ) async throws -> Int {
        let principal = try Components.requireUser(context).principal
        let now = context.now
        return try await web.store.write { db in
            let term = try Supervision.term(db, on: LocalDate(now))
            let started = try SelfAssessments.current(db, schoolID: schoolID, termID: term.id, viewer: principal)
            guard let instrumentID = try started?.instrumentID ?? InstrumentLibrary.latestID(db, key: SelfAssessmentPage.instrumentKey) else {
                throw WebError.invalid("ยังไม่มีแบบประเมินตนเองของโรงเรียนในระบบ", "No school self-assessment form is loaded.")
            }
            let assessment =
                try started
                ?? SelfAssessments.start(db, by: principal, schoolID: schoolID, termID: term.id, instrumentID: instrumentID, now: now)
            let saved = try SelfAssessments.save(db, by: principal, id: assessment.id, basedOn: revision, draft, now: now)
            if submit { try SelfAssessments.submit(db, by: principal, id: assessment.id, revision: saved, now: now) }
            return saved
        }
    }
}
