import KlaiStore

extension Courses {
    /// The school a course belongs to.
    static func school(_ db: Database, courseID: Int64) throws -> Int64 {
        guard let school = try db.scalar("SELECT school_id FROM learning_course WHERE id = ?", [courseID], as: Int64.self) else {
            throw LearningError.notFound("no course \(courseID)")
        }
        return school
    }

    /// Refuses a class of another school: a teacher may edit their own course, but its reach ends at
    /// their school, so enrolling or assigning must not put another school's class into it.
    static func requireClass(_ db: Database, _ classID: Int64, inSchoolOf courseID: Int64) throws {
        let school = try school(db, courseID: courseID)
        guard
            let classSchool = try db.scalar(
                "SELECT school_id FROM learning_class WHERE id = ?", [classID],
                as: Int64.self)
        else {
            throw LearningError.notFound("no class \(classID)")
        }
        guard classSchool == school else { throw LearningError.forbidden("class \(classID) is not in this course's school") }
    }

    /// Refuses a pupil of another school (or someone who is not a pupil).
    static func requireStudent(_ db: Database, _ studentID: Int64, inSchoolOf courseID: Int64) throws {
        let school = try school(db, courseID: courseID)
        guard
            let pupilSchool = try db.scalar(
                "SELECT school_id FROM learning_student WHERE user_id = ?", [studentID],
                as: Int64.self)
        else {
            throw LearningError.notFound("no pupil \(studentID)")
        }
        guard pupilSchool == school else { throw LearningError.forbidden("pupil \(studentID) is not in this course's school") }
    }

    /// Refuses a co-teacher who does not teach at the course's school.
    static func requireTeacher(_ db: Database, _ userID: Int64, inSchoolOf courseID: Int64) throws {
        let school = try school(db, courseID: courseID)
        guard
            try db.scalar(
                "SELECT 1 FROM learning_role WHERE user_id = ? AND role = 'teacher' AND school_id = ?",
                [userID, school], as: Int.self) != nil
        else {
            throw LearningError.forbidden("user \(userID) does not teach at this course's school")
        }
    }
}
