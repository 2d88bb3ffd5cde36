import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiWeb

/// Who may edit what on `/admin/catalog` on a district box: an admin everything; a director only the local lessons
/// their own school uploaded (and their worksheets), never the DLIT lessons and DLTV recordings every school shares,
/// never another school's lessons; a teacher nothing.
@Suite(.serialized) struct AdminCatalogAccessTests {
    /// The fixture's school with a director and a teacher, a second school, a shared DLIT lesson, and one uploaded
    /// lesson of each school (through `SchoolUpload`, as the teacher's upload page makes them).
    struct District {
        let web: WebServer
        let sharedID: Int64
        let ownID: Int64
        let otherID: Int64
        let otherSchoolID: Int64

        init() throws {
            web = try WebServer()
            let school = web.schoolID
            let hash = PasswordHash(password: "secret-password", iterations: 1000)
            otherSchoolID = try web.store.writeSync { db in
                _ = try Directory.addUser(
                    db, username: "director", displayName: "ผอ.ทดสอบ", password: hash,
                    grants: [RoleGrant(.director, schoolID: school)])
                _ = try Directory.addUser(
                    db, username: "kru", displayName: "ครูทดสอบ", password: hash,
                    grants: [RoleGrant(.teacher, schoolID: school)])
                let now = Date()
                try db.execute(
                    """
                    INSERT INTO catalog_item (kind, stable_key, title, grade, learning_area, created_at, updated_at)
                    VALUES ('dlit_lesson', 'dlit-p4-math-099', 'การบวกจำนวนที่มีหลายหลัก', 'P4', 'ค', ?, ?)
                    """, [now, now])
                return try Directory.addSchool(db, code: "1099999999", name: "โรงเรียนอื่น")
            }
            sharedID = try web.store.readSync { db in try db.scalar("SELECT id FROM catalog_item WHERE stable_key = 'dlit-p4-math-099'") ?? 0 }
            let upload = SchoolUpload(store: web.store, media: MediaLibrary(root: web.folder.appendingPathComponent("Media")))
            ownID = try upload.add(try Self.clip(in: web.folder, bytes: "own school"), title: "บทเรียนของโรงเรียนเรา", schoolID: school).itemID
            otherID = try upload.add(
                try Self.clip(in: web.folder, bytes: "other school"), title: "บทเรียนของโรงเรียนอื่น",
                schoolID: otherSchoolID
            ).itemID
        }

        static func clip(in folder: URL, bytes: String) throws -> URL {
            let file = folder.appendingPathComponent("\(UUID().uuidString).mp4")
            try Data(bytes.utf8).write(to: file)
            return file
        }

        func title(_ id: Int64) throws -> String? {
            try web.store.readSync { db in try db.scalar("SELECT title FROM catalog_item WHERE id = ?", [id]) }
        }

        /// Gets `path` as the signed-in `session`.
        func get(_ path: String, as session: (cookie: String, csrf: String)) throws -> WebServer.Answer {
            try web.send("GET", path, headers: ["Cookie": session.cookie])
        }

        /// Posts the edit form of item `id` with a new title.
        func rename(_ id: Int64, to title: String, as session: (cookie: String, csrf: String)) throws -> WebServer.Answer {
            let body = "_csrf=\(session.csrf)&title=" + (title.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            return try web.send(
                "POST", "/admin/catalog/\(id)",
                headers: [
                    "Cookie": session.cookie,
                    "Content-Type": "application/x-www-form-urlencoded"
                ], body: body)
        }
    }

    @Test func aDirectorMayNotRenameTheSharedDLITLessonsEverySchoolPlays() async throws {
        let district = try District()
        let director = try district.web.signIn("director", "secret-password")
        let page = try district.get("/admin/catalog/\(district.sharedID)", as: director)
        #expect(page.status == 403)
        #expect(page.body.contains("บทเรียนนี้ใช้ร่วมกันทุกโรงเรียน"), "the refusal says why, in Thai: \(page.body.prefix(600))")
        let save = try district.rename(district.sharedID, to: "ชื่อที่ผู้อำนวยการตั้ง", as: director)
        #expect(save.status == 403)
        #expect(try district.title(district.sharedID) == "การบวกจำนวนที่มีหลายหลัก", "nothing was saved")
        let audited: Int = try district.web.store.readSync { db in
            try db.scalar("SELECT count(*) FROM learning_audit WHERE action = 'catalog.edit'") ?? -1
        }
        #expect(audited == 0)
        // Manifests write shared items too: not the director's.
        #expect(try district.get("/admin/catalog/import", as: director).status == 403)
        await district.web.stop()
    }

    @Test func aDirectorEditsOnlyTheirOwnSchoolsLessonsAndTheListShowsOnlyThose() async throws {
        let district = try District()
        let director = try district.web.signIn("director", "secret-password")
        let list = try district.get("/admin/catalog", as: director)
        #expect(list.status == 200)
        #expect(list.body.contains("/admin/catalog/\(district.ownID)\""), "their school's lesson is listed")
        #expect(!list.body.contains("/admin/catalog/\(district.sharedID)\""), "the shared lesson is not")
        #expect(!list.body.contains("/admin/catalog/\(district.otherID)\""), "another school's lesson is not")
        #expect(!list.body.contains("/admin/catalog/import"), "no manifest import for a director")

        let saved = try district.rename(district.ownID, to: "บทเรียนของเรา (แก้ชื่อแล้ว)", as: director)
        #expect(saved.status == 303, "\(saved.status) \(saved.body.prefix(400))")
        #expect(try district.title(district.ownID) == "บทเรียนของเรา (แก้ชื่อแล้ว)")

        let other = try district.rename(district.otherID, to: "ไม่ใช่ของเรา", as: director)
        #expect(other.status == 403 && other.body.contains("บทเรียนนี้เป็นของโรงเรียนอื่น"), "\(other.body.prefix(600))")
        #expect(try district.title(district.otherID) == "บทเรียนของโรงเรียนอื่น")
        await district.web.stop()
    }

    @Test func aDirectorCannotAttachAWorksheetToAnotherSchoolsLessonAndNoFileIsKept() async throws {
        let district = try District()
        let director = try district.web.signIn("director", "secret-password")
        let upload = try UploadTests.RawUpload(
            district.web, session: director, fileBytes: 50_000, name: "sheet.pdf",
            path: "/admin/catalog/\(district.otherID)/attachments",
            fields: [("attachment-title", "ใบงานแปลกปลอม"), ("attachment-type", "worksheet")])
        upload.sendFile(50_000, andFinish: true)
        #expect(upload.answer().status == 403)
        let attachments: Int = try district.web.store.readSync { db in
            try db.scalar("SELECT count(*) FROM catalog_item WHERE kind = 'attachment'") ?? -1
        }
        #expect(attachments == 0)
        let folder = district.web.folder.appendingPathComponent("Media/attachments")
        #expect(WebServer.files(under: folder).isEmpty)
        #expect(UploadTests.eventually { WebServer.files(under: district.web.uploads).isEmpty }, "\(WebServer.files(under: district.web.uploads))")
        await district.web.stop()
    }

    @Test func anAdminStillEditsTheSharedCatalogAndATeacherNothing() async throws {
        let district = try District()
        let admin = try district.web.signIn("admin", "admin-password")
        let list = try district.get("/admin/catalog", as: admin)
        for id in [district.sharedID, district.ownID, district.otherID] {
            #expect(list.body.contains("/admin/catalog/\(id)\""), "the admin's list has item \(id)")
        }
        #expect(try district.rename(district.sharedID, to: "การบวกจำนวนหลายหลัก", as: admin).status == 303)
        #expect(try district.title(district.sharedID) == "การบวกจำนวนหลายหลัก")

        let teacher = try district.web.signIn("kru", "secret-password")
        for path in ["/admin/catalog", "/admin/catalog/\(district.ownID)"] {
            #expect(try district.get(path, as: teacher).status == 403, "\(path)")
        }
        #expect(try district.rename(district.ownID, to: "ครูแก้ชื่อ", as: teacher).status == 403)
        await district.web.stop()
    }
}
