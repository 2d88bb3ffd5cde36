import Foundation
import KlaiCatalog
import KlaiCrypto
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Content: upload a recording from the browser, then ingest it as `klai ingest` does (matched to the
/// DLTV timetable by its name, split into periods, a transcode job each), or keep it in the unmatched
/// queue for a person to assign.
///
/// The upload streams to disk twice over, never into memory: KlaiHTTP spools a large body to a temporary
/// file, and the multipart parser writes the file part into `Media/uploads/` in 64 KiB pieces. Both
/// are unlinked when the request ends, so a failed or cancelled upload leaves nothing behind.
struct AdminContentPages {
    /// A DLTV day recorded in one file is a few gigabytes; the limit is for this route only.
    static let maxUpload = 8 << 30
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/content") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            return try await Self.page(context, web: web, errors: FormErrors())
        }
        router.post("/admin/content/upload", maxBodySize: Self.maxUpload, admit: Self.admission(web)) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context)
            let uploads = web.configuration.media.root.appendingPathComponent("uploads", isDirectory: true)
            try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
            // Reading gigabytes back from the spool file is blocking work: off Swift's cooperative pool.
            let form: MultipartForm
            do {
                form = try await offPool { try request.multipartForm(directory: uploads.path) }
            } catch let error as HTTPError where error.status == .insufficientStorage {
                throw Self.diskFull(web)
            }
            guard let upload = form.files.first(where: { $0.fieldName == "file" && $0.file.size > 0 }) else {
                var errors = FormErrors()
                errors.add("file", context.t("เลือกไฟล์วิดีโอที่จะอัปโหลด", "Choose a video file to upload"))
                return try await Self.page(context, web: web, errors: errors, status: .unprocessableContent)
            }
            // The ingest matches by the original name (DLTV04_2026-06-12_0830.ts); it lives in a folder of its own
            // so two uploads of the same name never meet, and the folder goes when the request ends.
            let folder = uploads.appendingPathComponent(SHA256.hex(SecureRandom.bytes(8)), isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let target = folder.appendingPathComponent(Self.safeName(upload.fileName))
            try upload.file.move(to: target.path)
            var configured = Ingestor(store: web.store, media: web.configuration.media)
            configured.diskFloor = web.configuration.diskFloor
            let ingestor = configured
            let result: Ingestor.Result
            do {
                result = try await offPool { try ingestor.ingest(target) }
            } catch let error as CatalogError {
                if web.configuration.diskFloor.map({ (try? $0.status().isBelowFloor) == true }) == true { throw Self.diskFull(web) }
                throw WebError.invalid("รับไฟล์ไม่ได้: \(error.description)", "The file was not taken: \(error.description)")
            }
            let actor = user.userID
            try await web.store.write { db in
                try AuditLog.record(db, actor: actor, action: "content.upload", target: "file:\(target.lastPathComponent)",
                                    detail: result.summary)
            }
            switch result.outcome {
            case .recordings(let items): return .redirect(to: "/admin/content?made=\(items.count)")
            case .duplicate: return .redirect(to: "/admin/content?duplicate=1")
            case .unmatched(let id, _): return .redirect(to: "/admin/content/unmatched/\(id)")
            }
        }
    }

    /// Runs on the upload's head, before any content is read: someone not allowed to upload gets 403, and a
    /// declared length that would take the data disk below its floor gets 507 with the sentence (RFC 4918
    /// §11.5), so a 3 GB upload to a nearly full disk is refused at once rather than after half an hour.
    static func admission(_ web: KlaiWeb) -> Router.Admission {
        { request in
            var request = request
            request.storage[RequestLanguage.self] = SessionMiddleware.language(of: request, otherwise: web.siteSettings.language)
            let accounts = web.accounts
            guard let (token, _) = SessionMiddleware.token(of: request),
                  let principal = try? await offPool({ try accounts.authenticate(token) }),
                  Authorization.may(principal, .manageUsers, .system) else {
                return WebError.response(for: WebError.forbidden(), request)
            }
            guard let floor = web.configuration.diskFloor, let length = request.headers["Content-Length"].flatMap({ Int64($0) }),
                  (try? floor.check(adding: length)) == nil else { return nil }
            return WebError.response(for: diskFull(web, adding: length), request)
        }
    }

    /// The 507 refusal: how much is free, how much the floor keeps, what to do; Thai first.
    static func diskFull(_ web: KlaiWeb, adding bytes: Int64 = 0) -> WebError.Refusal {
        let status = try? web.configuration.diskFloor?.status(adding: bytes)
        let free = status.map { AdminSystemPages.size($0.availableBytes) } ?? "?"
        let floor = status.map { AdminSystemPages.size($0.floorBytes) } ?? "?"
        let needed = bytes > 0 ? AdminSystemPages.size(bytes) : nil
        return WebError.Refusal(
            status: .insufficientStorage,
            thai: "พื้นที่ดิสก์ไม่พอ: เหลือ \(free)" + (needed.map { " ไฟล์นี้ใช้ \($0)" } ?? "")
                + " แต่ Klai ต้องเหลือพื้นที่ไว้อย่างน้อย \(floor) จึงไม่รับไฟล์นี้ ลบวิดีโอเก่าหรือย้ายข้อมูลไปดิสก์ที่ใหญ่กว่า แล้วอัปโหลดอีกครั้ง",
            english: "Not enough disk space: \(free) free" + (needed.map { ", this file needs \($0)" } ?? "")
                + ", and Klai keeps at least \(floor) free, so the file was not taken. Delete old recordings or move the data to a bigger disk, then upload again.")
    }

    /// The last path component of a browser-sent name, without anything that could leave the folder.
    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.filter { !$0.isNewline && $0 != "\0" }.prefix(120))
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload" + cleaned : cleaned
    }

    static func page(_ context: PageContext, web: KlaiWeb, errors: FormErrors, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        let (unmatched, jobs) = try await web.store.read { db in
            (try Ingestor.unmatchedFiles(in: db), try TranscodeQueue.jobs(states: [.queued, .running, .failed], limit: 20, in: db))
        }
        let query = context.request
        let disk = try? web.configuration.diskFloor?.status()
        let body = group {
            errors.summary(context)
            AdminPages.heading(context, context.t("สื่อการสอน", "Content"))
            if let made = query.query("made") {
                el("div", .class("notice success"), Attribute("role", "status")) {
                    context.t("รับไฟล์แล้ว แบ่งเป็นบทเรียน \(made) คาบ กำลังแปลงไฟล์ (ดูคิวงาน)",
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
                    context.t("ชื่อไฟล์แบบ DLTV04_2026-06-12_0830.ts จะจับคู่กับตารางออกอากาศให้เอง ไฟล์อื่นจะรอให้กำหนดช่อง วันที่ และเวลา",
                              "Names like DLTV04_2026-06-12_0830.ts are matched to the timetable; others wait for a channel, date and time.")
                }
                if let disk, disk.isBelowFloor {
                    el("p", .class("notice field-error"), Attribute("role", "alert"), .id("disk-full")) {
                        context.t(Self.diskFull(web).thai, Self.diskFull(web).english)
                    }
                }
                // The script refuses a file bigger than the room above the floor before sending a byte,
                // with the same sentence the server would answer (507).
                el("form", Attribute("method", "post"), Attribute("enctype", "multipart/form-data"), .id("upload-form"),
                   Attribute("action", "/admin/content/upload?_csrf=\(context.csrf)"),
                   .data("room", disk.map { String(max(0, $0.availableBytes - $0.floorBytes)) } ?? ""),
                   .data("room-message", context.t("พื้นที่ดิสก์ไม่พอสำหรับไฟล์นี้: เหลือที่ว่างให้อัปโหลดได้ {room} แต่ไฟล์ใช้ {size} ลบวิดีโอเก่าหรือย้ายข้อมูลไปดิสก์ที่ใหญ่กว่า",
                                                   "Not enough disk space for this file: {room} may be uploaded, the file is {size}. Delete old recordings or move the data to a bigger disk.")),
                   .data("failed-message", context.t("อัปโหลดไม่สำเร็จ (การเชื่อมต่อขาดหรือเครื่องแม่ข่ายไม่รับไฟล์) ไม่มีไฟล์ค้างอยู่ที่เครื่องแม่ข่าย ลองอีกครั้ง",
                                                     "The upload failed (the connection broke or the server refused it); nothing was kept on the server. Try again.")),
                   .data("cancelled-message", context.t("ยกเลิกการอัปโหลดแล้ว ไม่มีไฟล์ค้างอยู่ที่เครื่องแม่ข่าย", "Upload cancelled; nothing was kept on the server."))) {
                    errors.field("file", label: context.t("ไฟล์วิดีโอ", "Video file"), type: "file",
                                 extra: [Attribute("accept", "video/*,.ts,.mp4,.mkv")])
                    el("div", .class("upload-progress"), .id("upload-progress"), .flag("hidden")) {
                        el("progress", .id("upload-bar"), Attribute("max", "100"), .value("0"),
                           .aria("label", context.t("ความคืบหน้าการอัปโหลด", "Upload progress"))) { "0%" }
                        el("span", .id("upload-percent"), Attribute("aria-live", "polite")) { "" }
                        el("button", .type("button"), .id("upload-cancel"), .class("secondary")) { context.t("ยกเลิก", "Cancel") }
                    }
                    el("button", .type("submit"), .class("primary")) { context.t("อัปโหลด", "Upload") }
                }
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
