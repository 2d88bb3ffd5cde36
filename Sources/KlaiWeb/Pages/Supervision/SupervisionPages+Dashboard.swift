import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning

/// Dashboards: the supervisor's schools, the director's school, the teacher's own classes, drilling
/// down school → class → teacher → lesson. Every figure comes from `Dashboard` (precomputed tables) and is
/// written as the CSV under the table writes it.
extension SupervisionPages {
    func registerDashboards(on router: inout Router) {
        let web = web
        router.get("/supervision") { request in
            try await Supervision.mapped {
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
        }
        router.get("/supervision/schools.csv") { request in
            try await Supervision.mapped {
                let context = PageContext(request)
                let principal = try Components.requireUser(context).principal
                let now = context.now
                let table = try await web.store.write { db in
                    try TermExports.schools(db, by: principal, termID: try Supervision.term(db, on: LocalDate(now)).id, now: now)
                }
                return Supervision.csv(table, name: "klai-schools.csv")
            }
        }
        router.get("/supervision/schools/:id") { request in
            try await Supervision.mapped { try await SchoolDashboard.page(request, web: web) }
        }
        router.get("/supervision/schools/:id/classes.csv") { request in
            try await Supervision.mapped {
                let context = PageContext(request)
                let principal = try Components.requireUser(context).principal
                let schoolID = try Supervision.id(request)
                let now = context.now
                let table = try await web.store.write { db in
                    try TermExports.classes(db, by: principal, schoolID: schoolID,
                                            termID: try Supervision.term(db, on: LocalDate(now)).id, now: now)
                }
                return Supervision.csv(table, name: "klai-classes-\(schoolID).csv")
            }
        }
        router.get("/supervision/classes/:id") { request in
            try await Supervision.mapped { try await ClassDashboard.page(request, web: web) }
        }
        router.get("/supervision/classes/:id/teachers.csv") { request in
            try await Supervision.mapped {
                let context = PageContext(request)
                let principal = try Components.requireUser(context).principal
                let classID = try Supervision.id(request)
                let now = context.now
                let table = try await web.store.write { db in
                    try TermExports.teachers(db, by: principal, classID: classID,
                                             termID: try Supervision.term(db, on: LocalDate(now)).id, now: now)
                }
                return Supervision.csv(table, name: "klai-teachers-\(classID).csv")
            }
        }
    }
}
