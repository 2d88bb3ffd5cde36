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
            let otherPupil = try Directory.addUser(db, username: "far", displayName: "ไกล", password: nil,
                                                   grants: [RoleGrant(.student, schoolID: otherSchool)])
            try db.execute("""
                INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name)
                VALUES (?, ?, '9', 'G000000000009', 'ไกล', 'บ้าน')
                """, [otherPupil, otherSchool])
            let otherTeacher = try Directory.addUser(db, username: "kru.far", displayName: "ครูไกล", password: nil,
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
