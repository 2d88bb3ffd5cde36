import KlaiStore

/// One term (ภาคเรียน) of an academic year (ปีการศึกษา).
public struct Term: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// Gregorian year the academic year starts in; ปีการศึกษา is this + 543.
    public var academicYear: Int
    /// 1 or 2.
    public var term: Int
    public var startsOn: LocalDate
    public var endsOn: LocalDate

    /// `1/2569`: how Thai schools write a term.
    public var thaiName: String { "\(term)/\(academicYear + 543)" }

    static let columns = "id, academic_year, term, starts_on, ends_on"

    init(row: Row) throws {
        id = try row.get("id")
        academicYear = try row.get("academic_year")
        term = try row.get("term")
        startsOn = try row.get("starts_on")
        endsOn = try row.get("ends_on")
    }
}
