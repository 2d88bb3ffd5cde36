import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Recording a visit: start it (class and teacher, day, period, form), fill it in with autosaved drafts,
/// attach evidence, submit. Without script the "save draft" button saves; with script
/// `visit-autosave.js` posts the same fields every 20 s and on change, carrying the revision.
extension SupervisionPages {
    func registerVisitForm(on router: inout Router) {
        let web = web
        let evidence = evidence
        router.get("/supervision/visits/new") { request in
            try await VisitForm.startPage(PageContext(request), web: web, errors: FormErrors())
        }
        router.post("/supervision/visits", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let form = try FormData(request)
            var errors = FormErrors()
            let pair = form["target"].split(separator: "-").compactMap { Int64($0) }
            if pair.count != 2 { errors.add("target", context.t("เลือกห้องเรียนและครู", "Choose a class and teacher")) }
            let date = LocalDate(parsing: form["date"])
            if date == nil { errors.add("date", context.t("กรอกวันที่นิเทศ", "Enter the day of the visit")) }
            let instrumentID = form.id("instrument")
            if instrumentID == nil { errors.add("instrument", context.t("เลือกแบบนิเทศ", "Choose a form")) }
            let period = form["period"].isEmpty ? nil : Int(form["period"].prefix(2))
            guard errors.isEmpty, pair.count == 2, let date, let instrumentID else {
                return try await VisitForm.startPage(context, web: web, errors: errors)
            }
            let now = context.now
            let visit = try await web.store.write { db in
                try Visits.create(
                    db, by: principal, classID: pair[0], teacherID: pair[1], date: date, period: period,
                    instrumentID: instrumentID, now: now)
            }
            return .redirect(to: "/supervision/visits/\(visit.id)/edit")
        }
        router.get("/supervision/visits/:id/edit") { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let visitID = try Supervision.id(request)
            return try await VisitForm.page(context, web: web, evidence: evidence, principal: principal, visitID: visitID)
        }
        router.post("/supervision/visits/:id/edit", maxBodySize: 256 * 1024) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let visitID = try Supervision.id(request)
            let form = try FormData(request)
            let draft = VisitForm.draft(form)
            let revision = Int(form["revision"].prefix(9)) ?? 0
            let submit = form["action"] == "submit"
            let now = context.now
            do {
                try await web.store.write { db in
                    let saved = try Visits.saveDraft(db, by: principal, visitID: visitID, basedOn: revision, draft, now: now)
                    if submit { _ = try Visits.submit(db, by: principal, visitID: visitID, revision: saved, now: now) }
                }
            } catch let error as EvaluationError {
                let refusal = WebError.refusal(error)
                return try await VisitForm.page(
                    context, web: web, evidence: evidence, principal: principal, visitID: visitID,
                    posted: (draft, revision), problem: context.t(refusal.thai, refusal.english),
                    status: refusal.status)
            }
            return .redirect(to: submit ? "/supervision/visits/\(visitID)" : "/supervision/visits/\(visitID)/edit?saved=1")
        }
        router.post("/supervision/visits/:id/autosave", maxBodySize: 256 * 1024) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let visitID = try Supervision.id(request)
            let form = try FormData(request)
            let revision = Int(form["revision"].prefix(9)) ?? 0
            let draft = VisitForm.draft(form)
            let now = context.now
            let saved = try await web.store.write { db in
                try Visits.saveDraft(db, by: principal, visitID: visitID, basedOn: revision, draft, now: now)
            }
            var response = try HTTPResponse.json(["revision": saved])
            response.headers.set("Cache-Control", "no-store")
            return response
        }
        router.post("/supervision/visits/:id/evidence", maxBodySize: 21 << 20) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let visitID = try Supervision.id(request)
            let form = try request.multipartForm()
            guard let file = form.files.first(where: { $0.fieldName == "file" }), file.file.size > 0 else {
                throw WebError.invalid("เลือกไฟล์รูปหรือ PDF ก่อนแนบ", "Choose a photo or PDF to attach.")
            }
            let bytes = Data(try file.file.readAll())
            let caption = form.fields["caption"] ?? ""
            let now = context.now
            try await web.store.write { db in
                _ = try evidence.attach(
                    db, by: principal, visitID: visitID, bytes: bytes, originalName: file.fileName,
                    caption: caption, now: now)
            }
            return .redirect(to: "/supervision/visits/\(visitID)/edit?attached=1#evidence")
        }
    }
}
