import Foundation
import KlaiCatalog
import KlaiCrypto
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Content: upload a recording from the browser, then ingest it as `klai ingest` does (matched to the
/// DLTV timetable by its name, split into periods, a transcode job each), or keep it in the unmatched
/// queue for a person to assign. Receiving the upload (disk floor, streaming, cleaning up) is `UploadReceiving`.
struct AdminContentPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/content") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            return try await Self.page(context, web: web, errors: FormErrors())
        }
        router.post(
            "/admin/content/upload", maxBodySize: UploadReceiving.maxUpload,
            admit: UploadReceiving.admission(web, allowed: { Authorization.may($0, .manageUsers, .system) })
        ) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context)
            let (_, received) = try await UploadReceiving.receive(request, web: web)
            guard let received else {
                var errors = FormErrors()
                errors.add("file", context.t("เลือกไฟล์วิดีโอที่จะอัปโหลด", "Choose a video file to upload"))
                return try await Self.page(context, web: web, errors: errors, status: .unprocessableContent)
            }
            defer { received.discard() }
            let target = received.file
            var configured = Ingestor(store: web.store, media: web.configuration.media)
            configured.diskFloor = web.configuration.diskFloor
            let ingestor = configured
            let result: Ingestor.Result
            do {
                result = try await offPool { try ingestor.ingest(target) }
            } catch let error as CatalogError {
                if (try? web.configuration.diskFloor?.status().isBelowFloor) == true { throw UploadReceiving.diskFull(web) }
                throw WebError.invalid("รับไฟล์ไม่ได้: \(error.description)", "The file was not taken: \(error.description)")
            }
            let actor = user.userID
            try await web.store.write { db in
                try AuditLog.record(
                    db, actor: actor, action: "content.upload", target: "file:\(target.lastPathComponent)",
                    detail: result.summary)
            }
            switch result.outcome {
            case .recordings(let items): return .redirect(to: "/admin/content?made=\(items.count)")
            case .duplicate: return .redirect(to: "/admin/content?duplicate=1")
            case .unmatched(let id, _): return .redirect(to: "/admin/content/unmatched/\(id)")
            }
        }
    }

    static func page(_ context: PageContext, web: KlaiWeb, errors: FormErrors, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        let (unmatched, jobs) = try await web.store.read { db in
            (try Ingestor.unmatchedFiles(in: db), try TranscodeQueue.jobs(states: [.queued, .running, .failed], limit: 20, in: db))
        }
        let query = context.request
        let body = group {
            errors.summary(context)
            AdminPages.heading(context, context.t("สื่อการสอน", "Content"))
            if let made = query.query("made") {
                el("div", .class("notice success"), Attribute("role", "status")) {
                    context.t(
                        "รับไฟล์แล้ว แบ่งเป็นบทเรียน \(made) คาบ กำลังแปลงไฟล์ (ดูคิวงาน)",
                        "Received: \(made) lesson period(s) made; transcoding (see the job queue)")
                }
            }
            if query.query("duplicate") != nil {
                el("div", .class("notice"), Attribute("role", "status")) {
                    context.t("มีไฟล์นี้ในคลังแล้ว ไม่ได้สร้างรายการใหม่", "That file is already in the library; nothing new was made.")
                }
            }
            el("section", .class("card"), .aria("labelledby", "upload-title")) {
                el("h2", .id("upload-title")) { context.t("อัปโหลดวิดีโอบันทึก DLTV", "Upload a DLTV recording") }
                el("p", .class("hint")) {
                    context.t(
                        "ชื่อไฟล์แบบ DLTV04_2026-06-12_0830.ts จะจับคู่กับตารางออกอากาศให้เอง ไฟล์อื่นจะรอให้กำหนดช่อง วันที่ และเวลา",
                        "Names like DLTV04_2026-06-12_0830.ts are matched to the timetable; others wait for a channel, date and time.")
                }
                UploadReceiving.form(
                    context, web: web, action: "/admin/content/upload", errors: errors,
                    label: context.t("ไฟล์วิดีโอ", "Video file"))
            }
            el("section", .class("card"), .aria("labelledby", "unmatched-title")) {
                el("h2", .id("unmatched-title")) { context.t("ไฟล์ที่ยังจับคู่ไม่ได้ (\(unmatched.count))", "Unmatched recordings (\(unmatched.count))") }
                if unmatched.isEmpty { el("p", .class("empty")) { context.t("ไม่มี", "None.") } }
                el("ul", .class("plain")) {
                    for file in unmatched {
                        el("li") {
                            el("a", .href("/admin/content/unmatched/\(file.id)")) { file.originalName }
                            el("small") { " · " + CalendarText.dateTime(file.arrivedAt, context.language) }
                        }
                    }
                }
            }
            el("section", .class("card")) {
                el("h2") { context.t("คิวงานแปลงไฟล์", "Job queue") }
                el("p") {
                    context.t("กำลังรอหรือมีปัญหา \(jobs.count) งาน ", "\(jobs.count) waiting, running or failed. ")
                    el("a", .href("/admin/jobs")) { context.t("ดูคิวงานทั้งหมด", "See the whole queue") }
                }
            }
        }
        return Layout.response(context, title: context.t("สื่อการสอน", "Content"), status: status, scripts: ["admin-upload.js"], body)
    }
}
