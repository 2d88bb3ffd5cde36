import KlaiLearning
import Testing

/// The actions KlaiEvaluation added to `Authorization.may`, case by case.
@Suite struct EvaluationAuthorizationTests {
    static let supervisor = Principal(userID: 2, grants: [RoleGrant(.supervisor, schoolID: 1)])
    static let director = Principal(userID: 3, grants: [RoleGrant(.director, schoolID: 1)])
    static let teacher = Principal(userID: 4, grants: [RoleGrant(.teacher, schoolID: 1)], teacherClassIDs: [41])
    static let otherTeacher = Principal(userID: 5, grants: [RoleGrant(.teacher, schoolID: 1)], teacherClassIDs: [51])
    static let pupil = Principal(userID: 6, grants: [RoleGrant(.student, schoolID: 1)], studentClassIDs: [41])
    static let visitToTeacher4 = Target.visit(id: 9, schoolID: 1, teacherID: 4)
    static let visitElsewhere = Target.visit(id: 10, schoolID: 2, teacherID: 7)

    typealias Case = (String, Principal, Action, Target, Bool)
    static let matrix: [Case] = [
        ("supervisor sees a visit in scope", supervisor, .viewVisit, visitToTeacher4, true),
        ("supervisor refused a visit elsewhere", supervisor, .viewVisit, visitElsewhere, false),
        ("supervisor refused commenting", supervisor, .commentOnVisit, visitToTeacher4, false),
        ("supervisor runs a survey", supervisor, .runSurvey, .school(id: 1), true),
        ("supervisor closes a term", supervisor, .closeTerm, .school(id: 1), true),
        ("supervisor refused equipment", supervisor, .manageEquipment, .school(id: 1), false),
        ("supervisor refused reporting repairs", supervisor, .reportRepair, .school(id: 1), false),
        ("director sees the school's visits", director, .viewVisit, visitToTeacher4, true),
        ("director refused commenting", director, .commentOnVisit, visitToTeacher4, false),
        ("director manages equipment", director, .manageEquipment, .school(id: 1), true),
        ("director refused equipment elsewhere", director, .manageEquipment, .school(id: 2), false),
        ("director reports a repair", director, .reportRepair, .school(id: 1), true),
        ("director closes the term", director, .closeTerm, .school(id: 1), true),
        ("director assesses the school", director, .assessSchool, .school(id: 1), true),
        ("supervisor refused filling the self-assessment", supervisor, .assessSchool, .school(id: 1), false),
        ("teacher refused filling the self-assessment", teacher, .assessSchool, .school(id: 1), false),
        ("teacher sees her visit", teacher, .viewVisit, visitToTeacher4, true),
        ("teacher comments on her visit", teacher, .commentOnVisit, visitToTeacher4, true),
        ("teacher refused a colleague's visit", otherTeacher, .viewVisit, visitToTeacher4, false),
        ("teacher reports a repair", teacher, .reportRepair, .school(id: 1), true),
        ("teacher refused managing equipment", teacher, .manageEquipment, .school(id: 1), false),
        ("teacher sees her class's usage", teacher, .viewUsage, .classroom(id: 41, schoolID: 1), true),
        ("teacher refused another class's usage", teacher, .viewUsage, .classroom(id: 51, schoolID: 1), false),
        ("teacher answers a survey", teacher, .answerSurvey, .school(id: 1), true),
        ("teacher refused closing the term", teacher, .closeTerm, .school(id: 1), false),
        ("pupil answers a survey", pupil, .answerSurvey, .school(id: 1), true),
        ("pupil refused another school's survey", pupil, .answerSurvey, .school(id: 2), false),
        ("pupil refused a visit", pupil, .viewVisit, visitToTeacher4, false),
        ("pupil refused reporting repairs", pupil, .reportRepair, .school(id: 1), false)
    ]

    @Test(arguments: matrix.indices)
    func eachRoleMayDoOnlyItsPartOfSupervision(_ index: Int) {
        let (name, principal, action, target, expected) = Self.matrix[index]
        #expect(Authorization.may(principal, action, target) == expected, "\(name)")
    }
}
