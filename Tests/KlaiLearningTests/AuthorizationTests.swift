import Testing

@testable import KlaiLearning

@Suite struct AuthorizationTests {
    // Two schools; ป.4/1 (class 41) and ป.5/1 (class 51) at school 1, ป.4/1 (class 241) at school 2.
    static let admin = Principal(userID: 1, grants: [RoleGrant(.admin)])
    static let supervisor = Principal(userID: 2, grants: [RoleGrant(.supervisor, schoolID: 1), RoleGrant(.supervisor, schoolID: 3)])
    static let director = Principal(userID: 3, grants: [RoleGrant(.director, schoolID: 1)])
    static let teacher = Principal(userID: 4, grants: [RoleGrant(.teacher, schoolID: 1)], teacherClassIDs: [41])
    static let directorWhoTeaches = Principal(
        userID: 5, grants: [RoleGrant(.director, schoolID: 2), RoleGrant(.teacher, schoolID: 2)],
        teacherClassIDs: [241])
    static let student = Principal(userID: 6, grants: [RoleGrant(.student, schoolID: 1)], studentClassIDs: [41])
    static let otherStudent = Target.student(userID: 7, schoolID: 1, classIDs: [41])
    static let ownRecord = Target.student(userID: 6, schoolID: 1, classIDs: [41])
    static let class41 = Target.classroom(id: 41, schoolID: 1)
    static let class241 = Target.classroom(id: 241, schoolID: 2)
    static let pupilAccount = Target.account(userID: 6, schoolIDs: [1], roles: [.student], classIDs: [41])
    static let pupilOfClass51 = Target.account(userID: 8, schoolIDs: [1], roles: [.student], classIDs: [51])
    static let teacherAccount = Target.account(userID: 4, schoolIDs: [1], roles: [.teacher], classIDs: [])
    static let adminAccount = Target.account(userID: 1, schoolIDs: [], roles: [.admin], classIDs: [])
    static let courseOf4 = Target.course(id: 9, schoolID: 1, teacherIDs: [4], classID: 41, openToSchool: false)
    static let courseOfOther = Target.course(id: 10, schoolID: 1, teacherIDs: [99], classID: 51, openToSchool: false)
    static let openCourse = Target.course(id: 11, schoolID: 1, teacherIDs: [99], classID: nil, openToSchool: true)

    typealias Case = (String, Principal, Action, Target, Bool)
    static let matrix: [Case] = [
        ("admin views national IDs", admin, .viewNationalID, .school(id: 2), true),
        ("teacher uploads videos to own school", teacher, .uploadContent, .school(id: 1), true),
        ("teacher refused uploading to another school", teacher, .uploadContent, .school(id: 2), false),
        ("supervisor refused uploading", supervisor, .uploadContent, .school(id: 1), false),
        ("admin uploads to any school", admin, .uploadContent, .school(id: 2), true),
        ("admin imports rosters", admin, .importRoster, .school(id: 1), true),
        ("admin grants roles", admin, .grantRole, .system, true),
        ("admin reads the audit log", admin, .viewAudit, .system, true),
        ("supervisor sees usage in scope", supervisor, .viewUsage, .school(id: 1), true),
        ("supervisor sees usage in second school", supervisor, .viewUsage, .school(id: 3), true),
        ("supervisor refused outside scope", supervisor, .viewUsage, .school(id: 2), false),
        ("supervisor records a visit", supervisor, .recordVisit, class41, true),
        ("supervisor sees progress in scope", supervisor, .viewProgress, otherStudent, true),
        ("supervisor refused national IDs", supervisor, .viewNationalID, .school(id: 1), false),
        ("supervisor refused course edits", supervisor, .editCourse, courseOf4, false),
        ("supervisor refused roster import", supervisor, .importRoster, .school(id: 1), false),
        ("director sees own school", director, .viewProgress, otherStudent, true),
        ("director refused other school", director, .view, class241, false),
        ("director exports own school", director, .export, .school(id: 1), true),
        ("director resets a teacher", director, .resetPassword, teacherAccount, true),
        ("director refused resetting an admin", director, .resetPassword, adminAccount, false),
        ("director refused roles", director, .grantRole, teacherAccount, false),
        ("director refused recording visits", director, .recordVisit, class41, false),
        ("director refused renaming the shared DLIT and DLTV catalog", director, .editCatalog, .system, false),
        ("director edits own school's local lessons", director, .editCatalog, .school(id: 1), true),
        ("director refused another school's local lessons", director, .editCatalog, .school(id: 2), false),
        ("director who teaches edits only own school's lessons", directorWhoTeaches, .editCatalog, .school(id: 1), false),
        ("teacher refused catalog edits", teacher, .editCatalog, .system, false),
        ("teacher refused editing own school's lessons", teacher, .editCatalog, .school(id: 1), false),
        ("supervisor refused editing lessons in scope", supervisor, .editCatalog, .school(id: 1), false),
        ("admin edits any school's lessons", admin, .editCatalog, .school(id: 2), true),
        ("supervisor refused catalog edits", supervisor, .editCatalog, .system, false),
        ("student refused catalog edits", student, .editCatalog, .system, false),
        ("admin edits the catalog", admin, .editCatalog, .system, true),
        ("teacher sees a class of the school", teacher, .view, .classroom(id: 51, schoolID: 1), true),
        ("teacher sees pupils' progress in school", teacher, .viewProgress, otherStudent, true),
        ("teacher refused other school", teacher, .viewProgress, .student(userID: 70, schoolID: 2, classIDs: [241]), false),
        ("teacher plays for a class", teacher, .playForClass, class41, true),
        ("teacher refused playing for another school", teacher, .playForClass, class241, false),
        ("teacher edits own course", teacher, .editCourse, courseOf4, true),
        ("teacher refused others' course", teacher, .editCourse, courseOfOther, false),
        ("teacher creates a course in school", teacher, .editCourse, .school(id: 1), true),
        ("teacher resets own pupil", teacher, .resetPassword, pupilAccount, true),
        ("teacher refused pupil of another class", teacher, .resetPassword, pupilOfClass51, false),
        ("teacher refused resetting a teacher", teacher, .resetPassword, teacherAccount, false),
        ("teacher refused national IDs", teacher, .viewNationalID, .school(id: 1), false),
        ("teacher refused usage summary", teacher, .viewUsage, .school(id: 1), false),
        ("teacher refused posting a pupil's events", teacher, .postEvents, otherStudent, false),
        ("director who teaches plays for a class", directorWhoTeaches, .playForClass, class241, true),
        ("director who teaches sees usage", directorWhoTeaches, .viewUsage, .school(id: 2), true),
        ("director who teaches refused school 1", directorWhoTeaches, .view, class41, false),
        ("student sees own progress", student, .viewProgress, ownRecord, true),
        ("student posts own events", student, .postEvents, ownRecord, true),
        ("student refused classmate's progress", student, .viewProgress, otherStudent, false),
        ("student refused posting for a classmate", student, .postEvents, otherStudent, false),
        ("student views class course", student, .view, courseOf4, true),
        ("student views school-wide course", student, .view, openCourse, true),
        ("student refused another class's course", student, .view, courseOfOther, false),
        ("student refused the class list", student, .view, class41, false),
        ("student refused playing for class", student, .playForClass, class41, false),
        ("student refused own password reset by this route", student, .resetPassword, pupilAccount, false),
        ("no roles: refused", Principal(userID: 50, grants: []), .view, .school(id: 1), false)
    ]

    @Test(arguments: matrix.indices)
    func authorizationMatrix(_ index: Int) {
        let (name, principal, action, target, expected) = Self.matrix[index]
        #expect(Authorization.may(principal, action, target) == expected, "\(name)")
    }

    @Test func everyActionIsRefusedToSomeoneWithoutRoles() {
        let nobody = Principal(userID: 99, grants: [])
        for action in Action.allCases {
            #expect(!Authorization.may(nobody, action, .system))
            #expect(!Authorization.may(nobody, action, Self.class41))
        }
    }
}
