import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiWeb

/// A teacher's class page (`/teach/classes/:id`) on a live server: the grid's cells, escaped titles, and lesson
/// choices that follow the catalog at once although their markup is reused between pages.
@Suite(.serialized) struct TeacherGridTests {
    @Test func theGridShowsProgressAndTheChoicesFollowTheCatalog() async throws {
        let web = try WebServer()
        let school = web.schoolID
        let pupil = web.pupilID
        let classID = try web.store.writeSync { db -> Int64 in
            try db.executeScript(
                """
                INSERT INTO catalog_item (id, kind, stable_key, title, grade, learning_area, duration_seconds, created_at, updated_at)
                VALUES (901, 'dlit_lesson', 'test:p4-1', '<b>เศษส่วน</b>', 'P4', 'ค', 600, 'x', 'x'),
                    (902, 'dlit_lesson', 'test:p4-2', 'การหารยาว', 'P4', 'ค', 754, 'x', 'x');
                """)
            let classID = try Directory.classID(db, schoolID: school, year: 2569, grade: Grade(parsing: "ป.4")!, room: 1)
            let teacher = try Directory.addUser(
                db, username: "kru", displayName: "ครูทดสอบ", password: PasswordHash(password: "kru-password", iterations: 1000),
                grants: [RoleGrant(.teacher, schoolID: school)])
            try Directory.assignTeacher(db, userID: teacher, classID: classID)
            try db.execute(
                """
                INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name)
                VALUES (?, ?, '1', 'G000000000001', 'ชนะ', 'ใจดี')
                """, [pupil, school])
            try db.execute(
                "INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at) VALUES (?, ?, 2569, ?)",
                [pupil, classID, Date()])
            let principal = try Principal.load(db, userID: teacher)!
            try ClassOverview.assignLesson(
                db, by: principal, classID: classID, itemID: 901, dueAt: Date().addingTimeInterval(7 * 86400), title: "งาน")
            // Half of the lesson, watched a minute ago.
            let now = Date().timeIntervalSince1970
            try db.execute(
                """
                INSERT INTO learning_progress (user_id, item_id, intervals, covered_seconds, duration_seconds, coverage, time_spent,
                    last_position, completed_at, first_activity, last_activity) VALUES (?, 901, '', 300, 600, 0.5, 300, 300, NULL, ?, ?)
                """, [pupil, now - 600, now - 60])
            return classID
        }
        let kru = try web.signIn("kru", "kru-password")
        let page = try web.send("GET", "/teach/classes/\(classID)", headers: ["Cookie": kru.cookie])
        #expect(page.status == 200)
        #expect(page.body.contains(#"<th scope="row">ชนะ ใจดี</th><td class="cell some">50%</td>"#))
        #expect(page.body.contains("จบ 0/1"))
        // A title is text wherever it shows: the column's link and the choice.
        #expect(page.body.contains("&lt;b&gt;เศษส่วน&lt;/b&gt;") && !page.body.contains("<b>เศษส่วน"))
        #expect(page.body.contains(#"<option value="902">การหารยาว (ป.4 · ค · 12:34)</option>"#))

        // The catalog changes: the next page shows it, though the options were rendered once before.
        try web.store.writeSync { db in try db.execute("UPDATE catalog_item SET title = 'การหารยาว ตอนที่ 2' WHERE id = 902") }
        let after = try web.send("GET", "/teach/classes/\(classID)", headers: ["Cookie": kru.cookie])
        #expect(after.body.contains(#"<option value="902">การหารยาว ตอนที่ 2 (ป.4 · ค · 12:34)</option>"#))
        #expect(!after.body.contains(">การหารยาว ("))
        // In English the same page has English cells and choices.
        let english = try web.send("GET", "/teach/classes/\(classID)", headers: ["Cookie": kru.cookie + "; klai_lang=en"])
        #expect(english.body.contains(#"<option value="902">การหารยาว ตอนที่ 2 (P4 · ค · 12:34)</option>"#))
        #expect(english.body.contains("done 0/1"))
        await web.stop()
    }
}
