import KlaiCatalog

/// One pupil as listed in a roster file.
public struct RosterEntry: Sendable, Equatable {
    public var row: Int
    public var studentNumber: String
    public var nationalID: NationalID
    public var prefix: String
    public var firstName: String
    public var lastName: String
    /// `male`, `female` or empty.
    public var sex: String
    public var birthDate: LocalDate?
    public var grade: Grade
    public var room: Int
}
