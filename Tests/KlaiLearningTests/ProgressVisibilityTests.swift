import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

@Suite struct ProgressVisibilityTests {
    @Test func pupilsSeeOnlyTheirOwnProgressTeachersTheirSchools() throws {
        let f = try PlaybackFixture()
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 120, at: 0))
        let classmate = Principal(userID: 4242, grants: [RoleGrant(.student, schoolID: f.school)], studentClassIDs: [f.classID])
        let otherSchoolTeacher = Principal(userID: 4343, grants: [RoleGrant(.teacher, schoolID: f.school + 1)])
        try f.library.store.readSync { (db: Database) throws in
            let own = try LearnerProgress.forStudent(db, studentID: f.student.userID, viewer: f.student)
            #expect(own.count == 1 && own[0].coverage == 0.2 && own[0].lastPosition == 120)
            #expect(try LearnerProgress.forStudent(db, studentID: f.student.userID, viewer: f.teacher) == own)
            #expect(throws: LearningError.self) { try LearnerProgress.forStudent(db, studentID: f.student.userID, viewer: classmate) }
            #expect(throws: LearningError.self) { try LearnerProgress.forStudent(db, studentID: f.student.userID, viewer: otherSchoolTeacher) }
            #expect(try LearnerProgress.resumePosition(db, userID: f.student.userID, itemID: f.mathItem) == 120)
            #expect(try LearnerProgress.resumePosition(db, userID: f.student.userID, itemID: f.dlitItem) == 0)
            let board = try LearnerProgress.forClass(db, classID: f.classID, itemID: f.mathItem, viewer: f.teacher)
            #expect(board.count == 1 && board[0].studentID == f.student.userID && board[0].progress?.coverage == 0.2)
            #expect(throws: LearningError.self) { try LearnerProgress.forClass(db, classID: f.classID, itemID: f.mathItem, viewer: f.student) }
        }
    }

    @Test func assignmentsShowDueDatesAndHowManyCompleted() throws {
        let f = try PlaybackFixture()
        let due = PlaybackFixture.mondayPeriod1.addingTimeInterval(7 * 86_400)
        try f.library.store.writeSync { db in
            let course = try Courses.create(db, by: f.teacher, schoolID: f.school, title: "คณิต", classID: f.classID)
            let unit = try Courses.addUnit(db, by: f.teacher, courseID: course, title: "หน่วย 1")
            let item = try Courses.addItem(db, by: f.teacher, unitID: unit, itemID: f.mathItem)
            try Courses.assign(db, by: f.teacher, courseItemID: item, classID: f.classID, dueAt: due)
        }
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 600, at: 0))
        let assignments = try f.library.store.readSync { db in try Courses.assignments(db, classID: f.classID) }
        #expect(assignments.count == 1)
        #expect(assignments[0].itemID == f.mathItem && assignments[0].completed == 1 && assignments[0].pupils == 1)
        #expect(abs(assignments[0].dueAt.timeIntervalSince(due)) < 0.001)
    }

    @Test func directorsTeachersAndPupilsBelongToOneSchool() throws {
        let library = try TemporaryLibrary()
        try library.store.writeSync { (db: Database) throws in
            let a = try Directory.addSchool(db, code: "1000000001", name: "A")
            let b = try Directory.addSchool(db, code: "1000000002", name: "B")
            let person = try Directory.addUser(db, username: "p", displayName: "P", password: nil, grants: [RoleGrant(.director, schoolID: a)])
            #expect(throws: LearningError.self) { try Directory.grant(db, userID: person, RoleGrant(.director, schoolID: b), actor: nil) }
            try Directory.grant(db, userID: person, RoleGrant(.teacher, schoolID: a), actor: nil)  // a director who teaches
            try Directory.grant(db, userID: person, RoleGrant(.supervisor, schoolID: a), actor: nil)
            try Directory.grant(db, userID: person, RoleGrant(.supervisor, schoolID: b), actor: nil)  // supervisors span schools
            #expect(try Directory.grants(db, userID: person).count == 4)
        }
    }
}
