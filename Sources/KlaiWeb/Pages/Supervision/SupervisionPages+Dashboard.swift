import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Dashboards: the supervisor's schools, the director's school, the teacher's own classes, drilling
/// down school → class → teacher → lesson. Every figure comes from `Dashboard` (precomputed tables) and is
/// written as the CSV under the table writes it.
extension SupervisionPages {
    /// A CSV of this term's figures: the signed-in viewer, the route's id (school or class) when `keyed`, the
    /// term running on the web clock's day. The table is built in a read transaction; its audit entry is
    /// written (and committed) before the file is sent.
    static func termCSV(
        _ request: HTTPRequest, web: KlaiWeb, keyed: Bool = true, name: @escaping @Sendable (Int64) -> String,
        _ export: @escaping @Sendable (Database, Principal, Int64, Int64) throws -> TermExports.Export
    )
        async throws -> HTTPResponse
    {
        let context = PageContext(request)
        let principal = try Components.requireUser(context).principal
        let id = keyed ? try Supervision.id(request) : 0
        let now = context.now
        let built = try await web.store.read { db in try export(db, principal, id, try Supervision.term(db, on: LocalDate(now)).id) }
        try await web.store.write { db in try TermExports.record(db, built, by: principal, now: now) }
        return Supervision.csv(built.table, name: name(id))
    }

    func registerDashboards(on router: inout Router) {
        let web = web
        router.get("/supervision") { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            let principal = user.principal
            let today = LocalDate(context.now)
            let (term, rows, schools) = try await web.store.read { db in
                let term = try Supervision.term(db, on: today)
                return (term, try Dashboard.schools(db, viewer: principal, termID: term.id), try Supervision.schools(db, principal))
            }
            if rows.count == 1, context.role == .director, let only = rows.first {
                return .redirect(to: "/supervision/schools/\(only.schoolID)")
            }
            let body = group {
                el("h1") { context.t("การนิเทศและติดตามผล", "Supervision and follow-up") }
                el("p", .class("lead")) { context.t("ภาคเรียนที่ \(term.name)", "Term \(term.name)") }
                SupervisionViews.actions(context, principal: principal, schools: schools.map(\.id))
                if !rows.isEmpty {
                    el("h2") { context.t("โรงเรียนที่ดูแล", "Schools") }
                    SupervisionViews.schoolTable(context, rows)
                    Supervision.csvLink(context, "/supervision/schools.csv")
                }
                if context.role == .teacher {
                    for school in schools {
                        el("p") {
                            el("a", .href("/supervision/schools/\(school.id)")) {
                                context.t("การใช้สื่อในห้องเรียนของฉัน", "Media use in my classes")
                            }
                        }
                    }
                }
            }
            return Layout.response(context, title: context.t("การนิเทศ", "Supervision"), body)
        }
        router.get("/supervision/schools.csv") { request in
            try await Self.termCSV(request, web: web, keyed: false, name: { _ in "klai-schools.csv" }) { db, principal, _, termID in
                try TermExports.schools(db, by: principal, termID: termID)
            }
        }
        router.get("/supervision/schools/:id") { request in
            try await SchoolDashboard.page(request, web: web)
        }
        router.get("/supervision/schools/:id/classes.csv") { request in
            try await Self.termCSV(request, web: web, name: { "klai-classes-\($0).csv" }) { db, principal, schoolID, termID in
                try TermExports.classes(db, by: principal, schoolID: schoolID, termID: termID)
            }
        }
        router.get("/supervision/classes/:id") { request in
            try await ClassDashboard.page(request, web: web)
        }
        router.get("/supervision/classes/:id/teachers.csv") { request in
            try await Self.termCSV(request, web: web, name: { "klai-teachers-\($0).csv" }) { db, principal, classID, termID in
                try TermExports.teachers(db, by: principal, classID: classID, termID: termID)
            }
        }
    }
}
