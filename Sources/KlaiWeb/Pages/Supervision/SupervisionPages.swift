import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The supervision and evaluation pages over `KlaiEvaluation` (docs/EVALUATION.md): dashboards with
/// drill-down, visits (นิเทศ), readiness and repairs, surveys and the printable term report.
///
/// Handlers stay thin: decode, call the domain inside one transaction (every domain function checks
/// `Authorization.may` itself, and the pages check it again to decide which buttons to draw), then draw.
struct SupervisionPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        registerDashboards(on: &router)
        registerVisits(on: &router)
        registerVisitForm(on: &router)
        registerReadiness(on: &router)
        registerSurveys(on: &router)
        registerReports(on: &router)
        registerSelfAssessment(on: &router)
    }

    /// Evidence files live beside the database, in the library's data folder (the parent of `Media/`).
    var evidence: VisitEvidence { VisitEvidence(dataFolder: web.configuration.media.root.deletingLastPathComponent()) }
}

/// Small pieces the supervision pages share.
enum Supervision {
    /// A school term as Thai schools write it (`2/2569`).
    struct Term: Sendable {
        var id: Int64
        var name: String
        var startsOn: LocalDate
        var endsOn: LocalDate
    }

    /// The term `day` falls in; between terms, the latest that had started.
    static func term(_ db: Database, on day: LocalDate) throws -> Term {
        guard
            let row = try db.fetchOne(
                """
                SELECT id, academic_year, term, starts_on, ends_on FROM term WHERE starts_on <= ?
                ORDER BY (ends_on >= ?) DESC, starts_on DESC LIMIT 1
                """, [day, day])
        else {
            throw WebError.invalid("ยังไม่มีภาคเรียนในระบบ", "No school term is known yet.")
        }
        let year: Int = try row.get("academic_year")
        let number: Int = try row.get("term")
        return Term(
            id: try row.get("id"), name: "\(number)/\(LocalDate.isBuddhistYear(year) ? year : year + 543)",
            startsOn: try row.get("starts_on"), endsOn: try row.get("ends_on"))
    }

    /// The schools the signed-in person works with in any role, by name.
    static func schools(_ db: Database, _ principal: Principal) throws -> [(id: Int64, code: String, name: String)] {
        let ids =
            principal.holds(.admin)
            ? try db.fetchAll("SELECT id FROM learning_school").map { try $0.get(0, as: Int64.self) }
            : Array(Set(principal.grants.compactMap(\.schoolID)))
        var schools: [(id: Int64, code: String, name: String)] = []
        for id in ids {
            guard let row = try db.fetchOne("SELECT code, name FROM learning_school WHERE id = ?", [id]) else { continue }
            let code: String = try row.get("code")
            let name: String = try row.get("name")
            schools.append((id, code, name))
        }
        return schools.sorted { $0.code < $1.code }
    }

    static func schoolName(_ db: Database, _ schoolID: Int64) throws -> String {
        guard let name = try db.scalar("SELECT name FROM learning_school WHERE id = ?", [schoolID], as: String.self) else {
            throw WebError.notFound()
        }
        return name
    }

    static func userName(_ db: Database, _ userID: Int64) throws -> String {
        try db.scalar("SELECT display_name FROM learning_user WHERE id = ?", [userID], as: String.self) ?? "#\(userID)"
    }

    /// `ป.4/1` for a class id.
    static func className(_ db: Database, _ classID: Int64, _ context: PageContext) throws -> String {
        guard let row = try db.fetchOne("SELECT grade, room FROM learning_class WHERE id = ?", [classID]) else { return "#\(classID)" }
        return Components.className(grade: try row.get("grade"), room: try row.get("room"), context)
    }

    /// A positive id from a path parameter, or 404.
    static func id(_ request: HTTPRequest, _ name: String = "id") throws -> Int64 {
        guard let text = request.parameters[name], text.utf8.count <= 18, let id = Int64(text), id > 0 else {
            throw WebError.notFound()
        }
        return id
    }

    /// A table figure, written exactly as the CSV download writes it.
    static func cell(_ cell: CSVTable.Cell) -> String {
        let text = CSVTable.render(cell)
        return text.isEmpty ? "–" : text
    }

    /// A CSV download: UTF-8 with a byte-order mark (CSVTable.data), as an attachment.
    static func csv(_ table: CSVTable, name: String) -> HTTPResponse {
        HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"\(name)\""
            ],
            body: .bytes(Array(table.data)))
    }

    /// The "download CSV" link under a table.
    static func csvLink(_ context: PageContext, _ href: String) -> HTML {
        el("p", .class("csv-link")) { el("a", .href(href), Attribute("download", "")) { context.t("ดาวน์โหลด CSV", "Download CSV") } }
    }

    /// Thai or English from the instruments' two-language text.
    static func text(_ text: LocalizedText, _ context: PageContext) -> String { context.t(text.th, text.en.isEmpty ? text.th : text.en) }
}
