import Foundation
import KlaiCatalog
import KlaiStore

/// The term a report covers: its days and how Thai schools write it (`1/2569`).
struct TermFacts: Sendable {
    var id: Int64
    var startsOn: LocalDate
    var endsOn: LocalDate
    /// ปีการศึกษา (Buddhist Era): what `learning_class.academic_year` holds.
    var academicYear: Int
    var name: String

    static func load(_ db: Database, id: Int64) throws -> TermFacts {
        guard let row = try db.fetchOne("SELECT academic_year, term, starts_on, ends_on FROM term WHERE id = ?", [id]) else {
            throw EvaluationError.notFound("there is no term \(id)")
        }
        let year: Int = try row.get("academic_year")
        let number: Int = try row.get("term")
        return TermFacts(
            id: id, startsOn: try row.get("starts_on"), endsOn: try row.get("ends_on"), academicYear: year + 543,
            name: "\(number)/\(year + 543)")
    }

    /// Unix seconds of the first instant of the term and of the day after `last` (or the term's end).
    func instants(through last: LocalDate? = nil) -> (from: Double, before: Double) {
        (
            startsOn.startInstant.timeIntervalSince1970,
            min(last ?? endsOn, endsOn).adding(days: 1).startInstant.timeIntervalSince1970
        )
    }
}
