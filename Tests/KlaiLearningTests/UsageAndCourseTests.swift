import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

@Suite struct UsageAndCourseTests {
    @Test func classScreeningBecomesAUsageSessionMatchedToTheTimetable() throws {
        let f = try PlaybackFixture()
        let session = UUID()
        // Period 1 (ค, 08:30) on Monday: the teacher plays the ค recording for ป.4/1, starting 2 minutes late.
        let events = PlaybackFixture.play(session: session, item: f.mathItem, from: 0, to: 300, at: 120, classID: f.classID)
        let result = try f.post(events, as: f.teacher)
        #expect(result.accepted == events.count)
        // The browser is closed without a "paused" or "ended": the session ends at its last event.
        _ = try f.post(
            PlaybackFixture.events(
                session: session, item: f.mathItem, classID: f.classID,
                [(.started, 300, 500, nil), (.progress, 310, 510, nil)]), as: f.teacher)
        let sessions = try f.library.store.readSync { db in
            try UsageSession.forClass(db, classID: f.classID, from: .distantPast, to: .distantFuture)
        }
        #expect(sessions.count == 1)
        let usage = try #require(sessions.first)
        #expect(usage.teacherID == f.teacher.userID && usage.itemID == f.mathItem && usage.source == .dltvRecorded)
        #expect(usage.startedAt == PlaybackFixture.mondayPeriod1.addingTimeInterval(120))
        #expect(usage.endedAt == PlaybackFixture.mondayPeriod1.addingTimeInterval(510))
        #expect(usage.secondsPlayed == 310)
        #expect(usage.timetableSlotID == 1 && usage.matchedTimetable)
        // Class screenings are the teacher's usage, not anyone's personal progress.
        #expect(try f.library.store.readSync { db in try db.scalar("SELECT count(*) FROM learning_progress", as: Int.self) } == 0)
        try f.library.store.writeSync { (db: Database) throws in
            try UsageSession.setAttendance(db, by: f.teacher, sessionID: usage.id, count: 23)
            #expect(throws: LearningError.self) { try UsageSession.setAttendance(db, by: f.student, sessionID: usage.id, count: 1) }
        }
    }

    @Test func screeningOutsideItsPeriodOrOfAnotherSubjectDoesNotMatch() throws {
        let f = try PlaybackFixture()
        // The ท DLIT lesson in period 1 (ค): a slot is on air but the subject differs.
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.dlitItem, from: 0, to: 60, at: 0, classID: f.classID), as: f.teacher)
        // The ค recording at 14:00, when no period is on air.
        _ = try f.post(
            PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 60, at: 5.5 * 3600, classID: f.classID),
            as: f.teacher, now: PlaybackFixture.mondayPeriod1.addingTimeInterval(7 * 3600))
        let sessions = try f.library.store.readSync { db in
            try UsageSession.forTeacher(db, teacherID: f.teacher.userID, from: .distantPast, to: .distantFuture)
        }
        #expect(sessions.map(\.source) == [.dlit, .dltvRecorded])
        #expect(sessions.map(\.matchedTimetable) == [false, false])
        #expect(sessions.map(\.timetableSlotID) == [1, nil])
        let summary = try f.library.store.readSync { db in
            try SchoolTermSummary.compute(
                db, schoolID: f.school, from: .distantPast, to: .distantFuture,
                viewer: Principal(userID: 77, grants: [RoleGrant(.supervisor, schoolID: f.school)]))
        }
        #expect(summary.screenings == 2 && summary.matchedTimetableShare == 0 && summary.screeningsBySource == ["dlit": 1, "dltv_recorded": 1])
    }

    @Test func classEnrollmentFollowsTheRosterAndLeavingKeepsProgress() throws {
        let f = try PlaybackFixture()
        let (course, unit, newPupil) = try f.library.store.writeSync { db -> (Int64, Int64, Int64) in
            let course = try Courses.create(db, by: f.teacher, schoolID: f.school, title: "คณิต ป.4/1", classID: f.classID)
            let unit = try Courses.addUnit(db, by: f.teacher, courseID: course, title: "หน่วยที่ 1 เศษส่วน")
            _ = try Courses.addItem(db, by: f.teacher, unitID: unit, itemID: f.mathItem)
            let dlit = try Courses.addItem(db, by: f.teacher, unitID: unit, itemID: f.dlitItem)
            try Courses.assign(db, by: f.teacher, courseItemID: dlit, classID: f.classID, dueAt: PlaybackFixture.mondayPeriod1.addingTimeInterval(7 * 86400))
            #expect(throws: LearningError.self) { try Courses.addItem(db, by: f.teacher, unitID: unit, itemID: 999) }
            #expect(throws: LearningError.self) { try Courses.addUnit(db, by: f.student, courseID: course, title: "x") }
            // A pupil added to the class later is enrolled without anyone touching the course.
            let pupil = try Directory.addUser(
                db, username: "new", displayName: "ใหม่", password: nil,
                grants: [RoleGrant(.student, schoolID: f.school)])
            try db.execute(
                "INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name) "
                    + "VALUES (?, ?, '2', 'G000000000002', 'ใหม่', 'มา')", [pupil, f.school])
            try db.execute(
                "INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at) VALUES (?, ?, 2569, ?)",
                [pupil, f.classID, Date()])
            return (course, unit, pupil)
        }
        _ = unit
        #expect(try f.library.store.readSync { db in try Courses.students(db, courseID: course) } == [f.student.userID, newPupil])
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 600, at: 0))
        let progress = try f.library.store.readSync { db in try Courses.progress(db, courseID: course, studentID: f.student.userID) }
        #expect(progress.completed == 1 && progress.total == 2 && progress.items.map(\.itemID) == [f.mathItem, f.dlitItem])
        // The class leaves the course: nobody is enrolled, the pupil's progress stays.
        try f.library.store.writeSync { db in try Courses.leave(db, by: f.teacher, courseID: course, classID: f.classID) }
        #expect(try f.library.store.readSync { db in try Courses.students(db, courseID: course) }.isEmpty)
        #expect(try f.library.store.readSync { db in try Courses.progress(db, courseID: course, studentID: f.student.userID) }.completed == 1)
    }

    @Test func joinCodeEnrollsPupilsOfTheSchoolOnly() throws {
        let f = try PlaybackFixture()
        let (course, code) = try f.library.store.writeSync { db -> (Int64, String) in
            let course = try Courses.create(db, by: f.teacher, schoolID: f.school, title: "ชุมนุมวิทยาศาสตร์", openToSchool: true)
            return (course, try Courses.makeJoinCode(db, by: f.teacher, courseID: course))
        }
        #expect(code.count == 6)
        let outsider = Principal(userID: 500, grants: [RoleGrant(.student, schoolID: 9999)])
        try f.library.store.writeSync { (db: Database) throws in
            #expect(try Courses.join(db, as: f.student, code: code.lowercased()) == course)
            #expect(throws: LearningError.self) { try Courses.join(db, as: outsider, code: code) }
            #expect(throws: LearningError.self) { try Courses.join(db, as: f.student, code: "ZZZZZZ") }
        }
        #expect(try f.library.store.readSync { db in try Courses.students(db, courseID: course) } == [f.student.userID])
        try f.library.store.writeSync { db in try Courses.leave(db, by: f.student, courseID: course, studentID: f.student.userID) }
        #expect(try f.library.store.readSync { db in try Courses.students(db, courseID: course) }.isEmpty)
    }
}
