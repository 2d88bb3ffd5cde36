import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

/// A teacher owns their course, but its reach ends at their school.
@Suite struct CourseScopeTests {
    @Test func aTeachersCourseRefusesClassesPupilsAndTeachersOfAnotherSchool() throws {
        let f = try PlaybackFixture()
        try f.library.store.writeSync { db in
            let otherSchool = try Directory.addSchool(db, code: "1099999999", name: "บ้านโคก")
            let otherClass = try Directory.classID(db, schoolID: otherSchool, year: 2569, grade: Grade(parsing: "ป.4")!, room: 1)
            let otherPupil = try Directory.addUser(
                db, username: "far", displayName: "ไกล", password: nil,
                grants: [RoleGrant(.student, schoolID: otherSchool)])
            try db.execute(
                """
                INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name)
                VALUES (?, ?, '9', 'G000000000009', 'ไกล', 'บ้าน')
                """, [otherPupil, otherSchool])
            let otherTeacher = try Directory.addUser(
                db, username: "kru.far", displayName: "ครูไกล", password: nil,
                grants: [RoleGrant(.teacher, schoolID: otherSchool)])
            let course = try Courses.create(db, by: f.teacher, schoolID: f.school, title: "คณิต")
            let unit = try Courses.addUnit(db, by: f.teacher, courseID: course, title: "1")
            let item = try Courses.addItem(db, by: f.teacher, unitID: unit, itemID: f.mathItem)
            #expect(throws: LearningError.forbidden("class \(otherClass) is not in this course's school")) {
                try Courses.enrollClass(db, by: f.teacher, courseID: course, classID: otherClass)
            }
            #expect(throws: LearningError.forbidden("pupil \(otherPupil) is not in this course's school")) {
                try Courses.enrollStudent(db, by: f.teacher, courseID: course, studentID: otherPupil)
            }
            #expect(throws: LearningError.self) {
                try Courses.assign(db, by: f.teacher, courseItemID: item, classID: otherClass, dueAt: Date())
            }
            #expect(throws: LearningError.self) {
                try Courses.addTeacher(db, by: f.teacher, courseID: course, userID: otherTeacher)
            }
            #expect(throws: LearningError.notFound("no class 9999")) {
                try Courses.enrollClass(db, by: f.teacher, courseID: course, classID: 9999)
            }
            // The teacher's own school works.
            try Courses.enrollClass(db, by: f.teacher, courseID: course, classID: f.classID)
            try Courses.enrollStudent(db, by: f.teacher, courseID: course, studentID: f.student.userID)
            try Courses.assign(db, by: f.teacher, courseItemID: item, classID: f.classID, dueAt: Date())
            #expect(try Courses.students(db, courseID: course) == [f.student.userID])
            let assigned = try db.scalar("SELECT count(*) FROM learning_assignment", as: Int.self)
            #expect(assigned == 1)
        }
    }
}

/// Calls that decide by ownership refuse too while a first password is due, like `Authorization.may`.
@Suite struct FirstPasswordTests {
    @Test func aPupilWithAFirstPasswordCanNeitherSeeNorPostNorJoinUntilItIsChanged() throws {
        let f = try PlaybackFixture()
        let pupil = Principal(
            userID: f.student.userID, grants: f.student.grants, studentClassIDs: f.student.studentClassIDs,
            mustChangePassword: true)
        let code = try f.library.store.writeSync { db in
            let course = try Courses.create(db, by: f.teacher, schoolID: f.school, title: "เปิด", openToSchool: true)
            return try Courses.makeJoinCode(db, by: f.teacher, courseID: course)
        }
        try f.library.store.writeSync { db in
            #expect(throws: LearningError.forbidden("change your password first")) {
                try Courses.join(db, as: pupil, code: code)
            }
            #expect(throws: LearningError.forbidden("change your password first")) {
                try LearnerProgress.forStudent(db, studentID: pupil.userID, viewer: pupil)
            }
        }
        let posted = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 20, at: 0), as: pupil)
        #expect(posted.accepted == 0 && posted.rejected.allSatisfy { $0.reason.contains("may not post") })
        // Once changed, all of it works.
        try f.library.store.writeSync { db in _ = try Courses.join(db, as: f.student, code: code) }
        #expect(try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 20, at: 0)).accepted > 0)
    }
}
