import Foundation
import KlaiCatalog
import KlaiCrypto
import KlaiHTTP
import KlaiLearning

/// What the upload routes share (an admin's DLTV recordings, a teacher's lessons): the check on the request's
/// head (who, and whether the declared size fits above the disk floor), the 507 sentence, receiving the file
/// part into a folder of its own, and the form with its progress bar and Cancel (admin-upload.js).
///
/// The upload streams to disk, never into memory: KlaiHTTP spools a large body to a temporary file in
/// `Media/uploads/`, and the multipart parser writes the file part beside it in 64 KiB pieces. Both are
/// removed when the request ends or fails, so a failed or cancelled upload leaves nothing behind.
enum UploadReceiving {
    /// A DLTV day recorded in one file is a few gigabytes; the limit is for the upload routes only.
    static let maxUpload = 8 << 30

    /// Runs on the upload's head, before any content is read: someone `allowed` refuses gets 403, and a declared
    /// length that would take the data disk below its floor gets 507 with the sentence (RFC 4918 §11.5), so a
    /// 3 GB upload to a nearly full disk is refused at once rather than after half an hour.
    static func admission(_ web: KlaiWeb, allowed: @escaping @Sendable (Principal) -> Bool) -> Router.Admission {
        { request in
            var request = request
            request.storage[RequestLanguage.self] = SessionMiddleware.language(of: request, otherwise: web.siteSettings.language)
            let accounts = web.accounts
            guard let (token, _) = SessionMiddleware.token(of: request),
                let principal = try? await offPool({ try accounts.authenticate(token) }), allowed(principal)
            else {
                return WebError.response(for: WebError.forbidden(), request)
            }
            guard let floor = web.configuration.diskFloor, let length = request.headers["Content-Length"].flatMap({ Int64($0) }),
                (try? floor.check(adding: length)) == nil
            else { return nil }
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
                + ", and Klai keeps at least \(floor) free, so the file was not taken. Delete old recordings or move the data to a bigger disk, then upload again."
        )
    }

    /// The uploaded file under its browser-sent name (ingest matches DLTV names), alone in a folder of its own
    /// so two uploads of one name never meet; `discard()` removes the folder.
    struct Received: Sendable {
        let file: URL
        let folder: URL
        func discard() { try? FileManager.default.removeItem(at: folder) }
    }

    /// Parses the multipart body (off the cooperative pool: gigabytes of reading) and moves its `file` part into a
    /// folder of its own. A disk that fills meanwhile is the 507 page.
    /// - Returns: the text fields, and the file (nil when none was chosen).
    static func receive(_ request: HTTPRequest, web: KlaiWeb) async throws -> (fields: [String: String], received: Received?) {
        let uploads = web.configuration.media.root.appendingPathComponent("uploads", isDirectory: true)
        try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
        let form: MultipartForm
        do {
            form = try await offPool { try request.multipartForm(directory: uploads.path) }
        } catch let error as HTTPError where error.status == .insufficientStorage {
            throw diskFull(web)
        }
        guard let upload = form.files.first(where: { $0.fieldName == "file" && $0.file.size > 0 }) else { return (form.fields, nil) }
        let folder = uploads.appendingPathComponent(SHA256.hex(SecureRandom.bytes(8)), isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let received = Received(file: folder.appendingPathComponent(safeName(upload.fileName)), folder: folder)
        do {
            try upload.file.move(to: received.file.path)
        } catch {
            received.discard()
            throw error
        }
        return (form.fields, received)
    }

    /// The last path component of a browser-sent name, without anything that could leave the folder.
    static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.filter { !$0.isNewline && $0 != "\0" }.prefix(120))
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "upload" + cleaned : cleaned
    }

    /// The upload form: `fields`, the file chooser, the progress bar with Cancel, and the sentences the script
    /// shows (in the page's language). A file bigger than the room above the floor is refused by the script
    /// before a byte is sent, with the sentence the server would answer (507); below the floor the page says so.
    static func form(
        _ context: PageContext, web: KlaiWeb, action: String, errors: FormErrors, label: String,
        @HTMLBuilder fields: () -> HTML = { .empty }
    ) -> HTML {
        let disk = try? web.configuration.diskFloor?.status()
        return group {
            if let disk, disk.isBelowFloor {
                el("p", .class("notice field-error"), Attribute("role", "alert"), .id("disk-full")) {
                    context.t(diskFull(web).thai, diskFull(web).english)
                }
            }
            el(
                "form", Attribute("method", "post"), Attribute("enctype", "multipart/form-data"), .id("upload-form"),
                Attribute("action", "\(action)?_csrf=\(context.csrf)"),
                .data("room", disk.map { String(max(0, $0.availableBytes - $0.floorBytes)) } ?? ""),
                .data(
                    "room-message",
                    context.t(
                        "พื้นที่ดิสก์ไม่พอสำหรับไฟล์นี้: เหลือที่ว่างให้อัปโหลดได้ {room} แต่ไฟล์ใช้ {size} ลบวิดีโอเก่าหรือย้ายข้อมูลไปดิสก์ที่ใหญ่กว่า",
                        "Not enough disk space for this file: {room} may be uploaded, the file is {size}. Delete old recordings or move the data to a bigger disk."
                    )),
                .data(
                    "failed-message",
                    context.t(
                        "อัปโหลดไม่สำเร็จ (การเชื่อมต่อขาดหรือเครื่องแม่ข่ายไม่รับไฟล์) ไม่มีไฟล์ค้างอยู่ที่เครื่องแม่ข่าย ลองอีกครั้ง",
                        "The upload failed (the connection broke or the server refused it); nothing was kept on the server. Try again.")),
                .data("cancelled-message", context.t("ยกเลิกการอัปโหลดแล้ว ไม่มีไฟล์ค้างอยู่ที่เครื่องแม่ข่าย", "Upload cancelled; nothing was kept on the server."))
            ) {
                fields()
                errors.field("file", label: label, type: "file", extra: [Attribute("accept", "video/*,.ts,.mp4,.mkv")])
                el("div", .class("upload-progress"), .id("upload-progress"), .flag("hidden")) {
                    el(
                        "progress", .id("upload-bar"), Attribute("max", "100"), .value("0"),
                        .aria("label", context.t("ความคืบหน้าการอัปโหลด", "Upload progress"))
                    ) { "0%" }
                    el("span", .id("upload-percent"), Attribute("aria-live", "polite")) { "" }
                    el("button", .type("button"), .id("upload-cancel"), .class("secondary")) { context.t("ยกเลิก", "Cancel") }
                }
                el("button", .type("submit"), .class("primary")) { context.t("อัปโหลด", "Upload") }
            }
        }
    }
}
