import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Visits: the list (a teacher's own, a director's school, a supervisor's schools and drafts), starting a
/// visit, a submitted visit's page with the teacher's comments, corrections and evidence files.
extension SupervisionPages {
    func registerVisits(on router: inout Router) {
        let web = web
        let evidence = evidence
        router.get("/supervision/visits") { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let today = LocalDate(context.now)
            let page = min(max(Int(request.query("page") ?? "") ?? 1, 1), 10_000)
            // The page's visits only: a supervisor's 20 schools hold hundreds in a term (the CSV-free list is for
            // opening a visit; the term report and the school pages count them all).
            let (drafts, submitted, total, names, classNames) = try await web.store.read { db in
                let term = try Supervision.term(db, on: today)
                let drafts =
                    page > 1
                    ? []
                    : try db.fetchAll(
                        "SELECT id FROM evaluation_visit WHERE supervisor_id = ? AND state = 'draft' ORDER BY id DESC",
                        [principal.userID]
                    ).map { try Visits.visit(db, id: try $0.get(0), viewer: principal) }
                let (submitted, total) = try Visits.submittedPage(
                    db, schoolIDs: try Supervision.schools(db, principal).map(\.id), from: term.startsOn, through: term.endsOn,
                    viewer: principal, offset: (page - 1) * VisitList.pageSize, limit: VisitList.pageSize)
                var names: [Int64: String] = [:]
                var classNames: [Int64: String] = [:]
                for v in drafts + submitted {
                    for person in [v.teacherID, v.supervisorID] where names[person] == nil {
                        names[person] = try Supervision.userName(db, person)
                    }
                    if classNames[v.classID] == nil { classNames[v.classID] = try Supervision.className(db, v.classID, context) }
                }
                return (drafts, submitted, total, names, classNames)
            }
            let title = context.role == .teacher ? context.t("การนิเทศของฉัน", "My visits") : context.t("รายการนิเทศ", "Visits")
            let body = group {
                el("h1") { title }
                if context.role == .supervisor || context.role == .admin {
                    el("p") { el("a", .class("button primary"), .href("/supervision/visits/new")) { context.t("บันทึกการนิเทศ", "Record a visit") } }
                }
                if !drafts.isEmpty {
                    el("h2") { context.t("ฉบับร่างของฉัน", "My drafts") }
                    VisitList.list(context, drafts, names: names, classNames: classNames)
                    el("h2") { context.t("การนิเทศที่ส่งแล้ว", "Submitted visits") }
                }
                VisitList.list(context, submitted, names: names, classNames: classNames)
                VisitList.pager(context, page: page, shown: submitted.count, total: total)
            }
            return Layout.response(context, title: title, body)
        }
        router.get("/supervision/visits/:id") { request in
            try await VisitPage.page(request, web: web, evidence: evidence)
        }
        router.post("/supervision/visits/:id/comment", maxBodySize: 16_384) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let visitID = try Supervision.id(request)
            let text = try FormData(request)["comment"]
            let now = context.now
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw WebError.invalid("กรุณาเขียนความเห็นก่อนส่ง", "Write a comment before sending it.")
            }
            try await web.store.write { db in _ = try Visits.comment(db, by: principal, visitID: visitID, text: text, now: now) }
            return .redirect(to: "/supervision/visits/\(visitID)#comments")
        }
        router.post("/supervision/visits/:id/correct", maxBodySize: 16_384) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let visitID = try Supervision.id(request)
            let reason = try FormData(request)["reason"]
            let now = context.now
            let correction = try await web.store.write { db in
                try Visits.startCorrection(db, by: principal, visitID: visitID, reason: reason, now: now)
            }
            return .redirect(to: "/supervision/visits/\(correction.id)/edit")
        }
        router.get("/supervision/evidence/:id") { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let fileID = try Supervision.id(request)
            let attachment = try await web.store.read { db -> VisitEvidence.Attachment in
                guard let visitID = try db.scalar("SELECT visit_id FROM evaluation_evidence WHERE id = ?", [fileID], as: Int64.self),
                    let found = try evidence.attachments(db, visitID: visitID, viewer: principal).first(where: { $0.id == fileID })
                else {
                    throw WebError.notFound()
                }
                return found
            }
            let bytes = try Data(contentsOf: evidence.url(of: attachment))
            return HTTPResponse(
                status: .ok,
                headers: [
                    "Content-Type": attachment.mediaType, "Cache-Control": "private, max-age=86400",
                    "Content-Disposition": "inline"
                ],
                body: .bytes(Array(bytes)))
        }
    }
}
