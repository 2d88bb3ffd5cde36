import Foundation
import KlaiCatalog
import KlaiStore
import Testing

@testable import KlaiLearning

/// The teacher's grid as `ClassOverview.progressGrid` reads it: the right pupils, lessons and cells, and counts
/// that leave out pupils who left the class.
@Suite struct ClassGridTests {
    @Test func gridHoldsEachCurrentPupilsProgressPerAssignedLesson() throws {
        let f = try PlaybackFixture()
        let due = PlaybackFixture.mondayPeriod1.addingTimeInterval(7 * 86400)
        let (second, gone) = try f.library.store.writeSync { db -> (Int64, Int64) in
            try ClassOverview.assignLesson(db, by: f.teacher, classID: f.classID, itemID: f.dlitItem, dueAt: due.addingTimeInterval(86400), title: "งาน")
            try ClassOverview.assignLesson(db, by: f.teacher, classID: f.classID, itemID: f.mathItem, dueAt: due, title: "งาน")
            var ids: [Int64] = []
            for (number, name) in [("2", "ขวัญใจ"), ("3", "ย้ายออก")] {
                let user = try Directory.addUser(
                    db, username: "p\(number)", displayName: name, password: nil, grants: [RoleGrant(.student, schoolID: f.school)])
                try db.execute(
                    "INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name) VALUES (?, ?, ?, ?, ?, 'ดี')",
                    [user, f.school, number, "G00000000000\(number)", name])
                try db.execute(
                    "INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at) VALUES (?, ?, 2569, ?)",
                    [user, f.classID, Date()])
                ids.append(user)
            }
            // ขวัญใจ watched half of the DLIT lesson; the pupil who left had finished the recording.
            let progress = """
                INSERT INTO learning_progress (user_id, item_id, intervals, covered_seconds, duration_seconds, coverage, time_spent,
                    last_position, completed_at, first_activity, last_activity) VALUES (?, ?, '', ?, 600, ?, ?, ?, ?, 1796000000, 1796000300)
                """
            try db.execute(progress, [ids[0], f.dlitItem, 300.0, 0.5, 300.0, 300.0, nil as Double?])
            try db.execute(progress, [ids[1], f.mathItem, 600.0, 1.0, 600.0, 600.0, 1_796_000_300.0])
            try db.execute("UPDATE learning_class_member SET left_at = ? WHERE student_id = ?", [Date(), ids[1]])
            return (ids[0], ids[1])
        }
        // The fixture's pupil finishes the recording through the real playback path.
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 600, at: 0))

        let grid = try f.library.store.readSync { db in try ClassOverview.progressGrid(db, classID: f.classID) }
        #expect(grid.pupils.map(\.userID) == [f.student.userID, second])
        #expect(!grid.pupils.map(\.userID).contains(gone))
        #expect(grid.pupilCount == 2)
        // By due date: the recording first; titles from the catalog.
        #expect(grid.lessons.map(\.itemID) == [f.mathItem, f.dlitItem])
        #expect(grid.lessons.map(\.title) == ["เศษส่วน", "คำควบกล้ำ"])
        // One pupil completed the recording: the pupil who left is not counted.
        #expect(grid.lessons.map(\.completed) == [1, 0])
        #expect(grid.cell(pupil: 0, lesson: 0)?.completed == true)
        #expect(grid.cell(pupil: 0, lesson: 1) == nil)
        #expect(grid.cell(pupil: 1, lesson: 0) == nil)
        #expect(grid.cell(pupil: 1, lesson: 1)?.coverage == 0.5)
        #expect(grid.cell(pupil: 1, lesson: 1)?.lastActivity == Date(timeIntervalSince1970: 1_796_000_300))
        #expect(grid.cell(pupil: 2, lesson: 0) == nil)
    }

    @Test func lessonChoicesListWhatCatalogSearchListsForTheGrade() throws {
        let f = try PlaybackFixture()
        let (choices, searched) = try f.library.store.readSync { db in
            var query = CatalogQuery()
            query.grades = ["P4"]
            query.kinds = [.dlitLesson, .dltvRecording, .localLesson]
            query.sort = .newest
            query.limit = 100
            return (try ClassOverview.lessonChoices(db, gradeCode: "P4"), try Catalog.search(query, in: db).items)
        }
        #expect(choices.map(\.itemID) == searched.map(\.id))
        #expect(choices.map(\.itemID) == [f.mathItem, f.dlitItem])
        #expect(choices.map(\.title) == searched.map(\.title))
        #expect(choices.first?.channel == "DLTV4" && choices.first?.period == 1 && choices.first?.airDate == LocalDate(parsing: "2026-06-15"))
        #expect(choices.last?.learningArea == "ท" && choices.last?.durationSeconds == 600 && choices.last?.airDate == nil)
    }
}
