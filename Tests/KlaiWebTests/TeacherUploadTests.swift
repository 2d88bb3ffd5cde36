import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiWeb

/// A teacher uploads a lesson video for their own school (`/teach/uploads`): it becomes a local lesson of that
/// school with a queued transcode, whose progress the page shows; another school's is refused.
@Suite(.serialized) struct TeacherUploadTests {
    /// A teacher of the fixture's school, and a second school.
    static func addTeacher(_ web: WebServer) throws -> Int64 {
        let school = web.schoolID
        return try web.store.writeSync { db in
            _ = try Directory.addUser(
                db, username: "kru", displayName: "ครูทดสอบ", password: PasswordHash(password: "kru-password", iterations: 1000),
                grants: [RoleGrant(.teacher, schoolID: school)])
            return try Directory.addSchool(db, code: "1099999999", name: "โรงเรียนอื่น")
        }
    }

    @Test func aTeacherUploadsAVideoToTheirSchoolAndSeesItsTranscodeProgress() async throws {
        let web = try WebServer()
        _ = try Self.addTeacher(web)
        let kru = try web.signIn("kru", "kru-password")
        let page = try web.send("GET", "/teach/uploads", headers: ["Cookie": kru.cookie])
        #expect(page.status == 200 && page.body.contains(#"id="upload-form""#) && page.body.contains("upload-cancel"))

        let upload = try UploadTests.RawUpload(
            web, session: kru, fileBytes: 1_000_000, name: "แรงเสียดทาน.mp4", path: "/teach/uploads",
            fields: [("title", "การทดลองแรงเสียดทาน ป.4"), ("school", String(web.schoolID))])
        upload.sendFile(1_000_000, andFinish: true)
        let answer = upload.answer()
        #expect(answer.status == 303 && answer.field("Location")?.hasPrefix("/teach/uploads?made=") == true, "\(answer.status) \(answer.body.prefix(400))")

        let (school, kind, jobState): (Int64?, String?, String?) = try web.store.readSync { db in
            let row = try db.fetchOne(
                """
                SELECT i.school_id, i.kind, j.state FROM catalog_item i JOIN transcode_job j ON j.asset_id = i.asset_id
                WHERE i.title = 'การทดลองแรงเสียดทาน ป.4'
                """)
            return (try row?.get("school_id"), try row?.get("kind"), try row?.get("state"))
        }
        #expect(school == web.schoolID && kind == "local_lesson" && jobState == "queued")
        #expect(WebServer.files(under: web.uploads).isEmpty, "the upload's temporary files are gone")
        let queued = try web.send("GET", "/teach/uploads", headers: ["Cookie": kru.cookie])
        #expect(queued.body.contains("การทดลองแรงเสียดทาน ป.4") && queued.body.contains("รอคิวแปลงไฟล์"))
        #expect(queued.body.contains(#"data-refresh="5""#), "the page refreshes itself while a job waits")

        // The transcoder takes the job and reports 40 %: the teacher sees it.
        try web.store.writeSync { db in
            let job = try #require(try TranscodeQueue.claim(tempFolder: { _, _ in "/nonexistent" }, in: db))
            _ = try TranscodeQueue.reportProgress(job.id, percent: 40, in: db)
        }
        let running = try web.send("GET", "/teach/uploads", headers: ["Cookie": kru.cookie])
        #expect(running.body.contains("กำลังแปลงไฟล์ 40%"))
        await web.stop()
    }

    @Test func aTeacherCannotUploadToAnotherSchoolAndNothingIsKept() async throws {
        let web = try WebServer()
        let other = try Self.addTeacher(web)
        let kru = try web.signIn("kru", "kru-password")
        let upload = try UploadTests.RawUpload(
            web, session: kru, fileBytes: 1_000_000, name: "clip.mp4", path: "/teach/uploads",
            fields: [("title", "ไม่ใช่โรงเรียนของฉัน"), ("school", String(other))])
        upload.sendFile(1_000_000, andFinish: true)
        #expect(upload.answer().status == 403)
        let items: Int64 = try web.store.readSync { db in try db.scalar("SELECT count(*) FROM catalog_item WHERE school_id IS NOT NULL") ?? -1 }
        #expect(items == 0)
        #expect(UploadTests.eventually { UploadTests.filesLeft(web).isEmpty }, "\(UploadTests.filesLeft(web))")
        await web.stop()
    }

    @Test func aPupilHasNoUploadPage() async throws {
        let web = try WebServer()
        let pupil = try web.signIn("pupil", "pupil-password")
        #expect(try web.send("GET", "/teach/uploads", headers: ["Cookie": pupil.cookie]).status == 403)
        let upload = try UploadTests.RawUpload(
            web, session: pupil, fileBytes: 1_000_000, path: "/teach/uploads",
            fields: [("title", "x"), ("school", String(web.schoolID))])
        #expect(upload.answer().status == 403, "refused from the head, before the content")
        await web.stop()
    }
}
