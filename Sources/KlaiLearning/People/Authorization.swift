/// Something a person may want to do.
public enum Action: String, Sendable, CaseIterable {
    /// See a school, class, course or account (names, lists).
    case view
    /// See a student's progress (or a class's/school's progress).
    case viewProgress
    /// See teacher usage sessions and the supervisor summary.
    case viewUsage
    /// See a national ID unmasked (personal data: audited).
    case viewNationalID
    case importRoster
    /// Add users, deactivate them.
    case manageUsers
    case grantRole
    case resetPassword
    /// Create or change a course, its items and assignments; enroll classes in it.
    case editCourse
    /// Post playback events for a student (a student's own player).
    case postEvents
    /// Play a lesson for a class on the classroom screen (teacher usage session).
    case playForClass
    case recordVisit
    /// See a supervision visit (its supervisor's school, the school's director, the teacher visited).
    case viewVisit
    /// Answer a visit with a comment (the teacher visited).
    case commentOnVisit
    /// Report broken equipment (แจ้งซ่อม): teachers and the director of the school.
    case reportRepair
    /// Keep the equipment list and move repair requests on (acknowledge, fixed, close): the director.
    case manageEquipment
    /// Answer a satisfaction survey of the school (teachers, pupils).
    case answerSurvey
    /// Fill in and submit the school's self-assessment (the director).
    case assessSchool
    /// Open and close a school's satisfaction survey and read its results (the director, the school's supervisor).
    case runSurvey
    /// Close a school's term report so later edits never change it (the director, the school's supervisor).
    case closeTerm
    /// Upload a video as a local lesson of a school (teachers: their own school).
    case uploadContent
    /// Export data out of Klai (personal data: audited).
    case export
    case viewAudit
    /// Edit catalog items (titles, indicators, attachments) and import manifests. Target `.system` for what
    /// every school on the box shares (DLTV recordings, DLIT lessons, manifest imports): admins only. Target
    /// `.school(id)` for a school's own local lessons (`catalog_item.school_id`): also that school's director.
    /// Never teachers: they upload (`uploadContent`), they do not edit.
    case editCatalog
    /// Change one's own password (target: one's own account). The only action left to someone who
    /// must change a first or reset password.
    case changePassword
}

/// What an action is done to, with the facts authorization needs (its school, classes, owners).
public enum Target: Sendable, Hashable {
    /// The whole installation (user lists, audit log, backups).
    case system
    case school(id: Int64)
    case classroom(id: Int64, schoolID: Int64)
    /// A student's record and progress.
    case student(userID: Int64, schoolID: Int64, classIDs: Set<Int64>)
    /// An account (password reset, roles): the schools it belongs to, its roles and its student classes.
    case account(userID: Int64, schoolIDs: Set<Int64>, roles: Set<Role>, classIDs: Set<Int64>)
    case course(id: Int64, schoolID: Int64, teacherIDs: Set<Int64>, classID: Int64?, openToSchool: Bool)
    /// A supervision visit to a teacher's class.
    case visit(id: Int64, schoolID: Int64, teacherID: Int64)
}

/// The one place that answers "may this person do this to this thing".
public enum Authorization {
    /// Whether `principal` may perform `action` on `target`. Everything not allowed here is refused.
    public static func may(_ principal: Principal, _ action: Action, _ target: Target) -> Bool {
        // One's own password, and nothing else while a first or reset password must be changed: whoever
        // read that password over the admin's shoulder must not get to use the account.
        if action == .changePassword {
            guard case .account(let userID, _, _, _) = target else { return false }
            return userID == principal.userID
        }
        if principal.mustChangePassword { return false }
        if principal.holds(.admin) { return true }
        // Anyone with a role may record their own playback (a teacher previewing a lesson, a pupil learning).
        if action == .postEvents, case .student(let userID, _, _) = target {
            return userID == principal.userID && !principal.grants.isEmpty
        }
        // Admin-only actions: no scoped role reaches them.
        switch action {
        case .viewNationalID, .importRoster, .grantRole, .viewAudit, .manageUsers: return false
        default: break
        }
        return principal.grants.contains { grant in
            guard let school = grant.schoolID else { return false }
            return allows(grant.role, school: school, principal, action, target)
        }
    }

    private static func allows(_ role: Role, school: Int64, _ principal: Principal, _ action: Action, _ target: Target) -> Bool {
        switch role {
        case .admin:
            return true
        case .supervisor:
            // Supervisors review (นิเทศ) their schools: read and record visits, never change teaching data.
            guard [.view, .viewProgress, .viewUsage, .recordVisit, .viewVisit, .runSurvey, .closeTerm, .export].contains(action) else {
                return false
            }
            return target.schoolID == school
        case .director:
            switch action {
            case .view, .viewProgress, .viewUsage, .export, .viewVisit, .reportRepair, .manageEquipment, .runSurvey,
                .closeTerm, .answerSurvey, .assessSchool:
                return target.schoolID == school
            case .editCatalog:
                // A district box's DLIT and DLTV items serve every school: one director must not rename them for all.
                guard case .school(let id) = target else { return false }
                return id == school
            case .resetPassword:
                guard case .account(let userID, let schools, let roles, _) = target else { return false }
                return userID != principal.userID && schools.contains(school) && roles.isSubset(of: [.teacher, .student])
            default: return false
            }
        case .teacher:
            return teacherAllows(school: school, principal, action, target)
        case .student:
            return studentAllows(principal, action, target)
        }
    }

    private static func teacherAllows(school: Int64, _ principal: Principal, _ action: Action, _ target: Target) -> Bool {
        switch (action, target) {
        case (.view, _), (.viewProgress, _):
            guard case .account = target else { return target.schoolID == school }
            return false
        case (.playForClass, .classroom(_, let classSchool)):
            return classSchool == school
        case (.viewUsage, .classroom(let id, let classSchool)):
            return classSchool == school && principal.teacherClassIDs.contains(id)
        case (.viewVisit, .visit(_, let visitSchool, let teacherID)), (.commentOnVisit, .visit(_, let visitSchool, let teacherID)):
            return visitSchool == school && teacherID == principal.userID
        case (.reportRepair, .school(let id)), (.answerSurvey, .school(let id)):
            return id == school
        case (.editCourse, .school(let id)):
            return id == school  // create a course in their school
        case (.uploadContent, .school(let id)):
            return id == school  // their own school's videos, never another school's
        case (.editCourse, .course(_, let courseSchool, let teachers, _, _)):
            return courseSchool == school && teachers.contains(principal.userID)
        case (.resetPassword, .account(_, _, let roles, let classIDs)):
            // Children forget passwords: a teacher may reset those of pupils in the classes they teach.
            return roles == [.student] && !classIDs.isDisjoint(with: principal.teacherClassIDs)
        default:
            return false
        }
    }

    private static func studentAllows(_ principal: Principal, _ action: Action, _ target: Target) -> Bool {
        switch (action, target) {
        case (.viewProgress, .student(let userID, _, _)), (.postEvents, .student(let userID, _, _)),
            (.view, .student(let userID, _, _)):
            return userID == principal.userID
        case (.view, .course(_, let school, _, let classID, let open)):
            if let classID, principal.studentClassIDs.contains(classID) { return true }
            return open && principal.grants.contains(RoleGrant(.student, schoolID: school))
        case (.answerSurvey, .school(let id)):
            return principal.grants.contains(RoleGrant(.student, schoolID: id))
        default:
            return false
        }
    }
}

extension Target {
    /// The school the target belongs to; nil for the whole system and for accounts.
    public var schoolID: Int64? {
        switch self {
        case .system, .account: return nil
        case .school(let id): return id
        case .classroom(_, let school), .student(_, let school, _), .course(_, let school, _, _, _), .visit(_, let school, _):
            return school
        }
    }
}
