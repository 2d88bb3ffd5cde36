import Foundation
import KlaiCatalog
import KlaiCrypto
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Manifest import from the browser: upload a manifest (the CSV or JSON `klai catalog import` reads) →
/// a preview with how many items are new, changed and unchanged, or every problem by line or record in
/// Thai → confirm. Nothing is imported while any record has a problem. Admins only: a manifest writes items
/// every school on the box shares (`Authorization.may(_, .editCatalog, .system)`).
///
/// Between preview and confirm the file is kept on the server under a random token
/// (`Media/uploads/manifests/<token>.csv`), not carried back through the browser: a school's manifest can
/// be megabytes. The confirmation imports that file through `ManifestImporter.importFile`, which checks
/// every record again, so a catalog changed in between cannot let a bad record in. A confirmed or refused
/// file is removed at once; previews nobody confirmed are removed after `abandonedAfter`.
struct AdminCatalogImportPages {
    /// A manifest of a whole library (100,000 items) is about 40 MB as CSV.
    static let maxFile = 64 << 20
    /// Previews older than this were abandoned.
    static let abandonedAfter: TimeInterval = 3600
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/catalog/import") { request in
            let context = PageContext(request)
            _ = try AdminCatalogPages.requireWholeCatalog(context)
            return Self.uploadPage(context, errors: FormErrors())
        }
        router.post("/admin/catalog/import/preview", maxBodySize: Self.maxFile + 64 * 1024) { request in
            let context = PageContext(request)
            _ = try AdminCatalogPages.requireWholeCatalog(context)
            let folder = Self.folder(web)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            Self.removeAbandoned(in: folder, now: Date())
            let form = try await offPool { try request.multipartForm(directory: folder.path) }
            guard let upload = form.files.first(where: { $0.fieldName == "manifest" && $0.file.size > 0 }),
                let format = Self.format(of: upload.fileName)
            else {
                var errors = FormErrors()
                errors.add("manifest", context.t("เลือกไฟล์รายการบทเรียน (.csv หรือ .json)", "Choose a manifest file (.csv or .json)"))
                return Self.uploadPage(context, errors: errors, status: .unprocessableContent)
            }
            let token = SHA256.hex(SecureRandom.bytes(16))
            let kept = folder.appendingPathComponent("\(token).\(format)")
            try upload.file.move(to: kept.path)
            let name = UploadReceiving.safeName(upload.fileName)
            let store = web.store
            let result = try await offPool { Result { try Self.importer.preview(kept, into: store) } }
            if case .failure = result { try? FileManager.default.removeItem(at: kept) }
            return try Self.report(context, result, name: name, token: token, csv: format == "csv", confirmed: false)
        }
        router.post("/admin/catalog/import/confirm", maxBodySize: 4096) { request in
            let context = PageContext(request)
            let user = try AdminCatalogPages.requireWholeCatalog(context)
            let form = try FormData(request)
            let token = form["token"]
            let name = UploadReceiving.safeName(form["name"])
            guard token.utf8.count == 32, token.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }),
                let kept = ["csv", "json"].map({ Self.folder(web).appendingPathComponent("\(token).\($0)") })
                    .first(where: { FileManager.default.fileExists(atPath: $0.path) })
            else {
                throw WebError.invalid(
                    "ไม่พบไฟล์ที่ตรวจไว้ (อาจนำเข้าไปแล้วหรือค้างไว้นานเกินหนึ่งชั่วโมง) กรุณาอัปโหลดอีกครั้ง",
                    "The checked file is gone (already imported, or left for over an hour); upload it again.")
            }
            defer { try? FileManager.default.removeItem(at: kept) }
            let store = web.store
            let result = try await offPool { Result { try Self.importer.importFile(kept, into: store) } }
            if case .success(let summary) = result {
                let actor = user.userID
                try await store.write { db in
                    try AuditLog.record(
                        db, actor: actor, action: "catalog.import", target: "file:\(name)",
                        detail: "\(summary.inserted) new, \(summary.updated) updated, \(summary.unchanged) unchanged")
                }
            }
            return try Self.report(context, result, name: name, token: token, csv: kept.pathExtension == "csv", confirmed: true)
        }
    }

    /// Browser imports bring no media files and copy none.
    static let importer = ManifestImporter(media: nil, acceptsMediaFiles: false)

    static func folder(_ web: KlaiWeb) -> URL {
        web.configuration.media.root.appendingPathComponent("uploads/manifests", isDirectory: true)
    }

    /// `csv` or `json` from the uploaded file's name (the reader decides the format by it), nil for others.
    static func format(of fileName: String) -> String? {
        let ext = (fileName as NSString).pathExtension.lowercased()
        return ["csv", "json"].contains(ext) ? ext : nil
    }

    /// Removes kept previews older than `abandonedAfter` (and the multipart parts of requests a kill cut short).
    static func removeAbandoned(in folder: URL, now: Date) {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names {
            let file = folder.appendingPathComponent(name)
            guard let modified = (try? manager.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date,
                now.timeIntervalSince(modified) > abandonedAfter
            else { continue }
            try? manager.removeItem(at: file)
        }
    }

    static func uploadPage(_ context: PageContext, errors: FormErrors, status: HTTPStatus = .ok) -> HTTPResponse {
        let title = context.t("นำเข้าไฟล์รายการบทเรียน", "Import a manifest")
        let body = group {
            errors.summary(context)
            el("p", .class("breadcrumb")) { el("a", .href("/admin/catalog")) { context.t("← แก้ไขคลังบทเรียน", "← Edit the catalog") } }
            el("h1") { title }
            el("p", .class("lead")) {
                context.t(
                    "ไฟล์ CSV (UTF-8 หรือ Windows-874) หรือ JSON แบบเดียวกับที่คำสั่ง klai catalog import อ่าน ระบบจะตรวจทุกรายการและแสดงผลก่อนนำเข้า ถ้ามีรายการใดผิดจะไม่นำเข้าเลย",
                    "A CSV (UTF-8 or Windows-874) or JSON manifest, as `klai catalog import` reads. Every record is checked and shown before anything is imported; nothing is imported while any record is wrong."
                )
            }
            el("p", .class("hint")) {
                context.t("คอลัมน์ของไฟล์ CSV: ", "CSV columns: ") + ManifestReader.csvColumns.joined(separator: ", ")
            }
            el(
                "form", Attribute("method", "post"), Attribute("enctype", "multipart/form-data"),
                Attribute("action", "/admin/catalog/import/preview?_csrf=\(context.csrf)"), .class("narrow")
            ) {
                errors.field(
                    "manifest", label: context.t("ไฟล์รายการบทเรียน (.csv หรือ .json)", "Manifest (.csv or .json)"), type: "file",
                    hint: context.t("ไม่เกิน \(maxFile >> 20) MB", "At most \(maxFile >> 20) MB"),
                    extra: [Attribute("accept", ".csv,.json,text/csv,application/json")])
                el("button", .type("submit"), .class("primary")) { context.t("ตรวจไฟล์", "Check the file") }
            }
        }
        return Layout.response(context, title: title, status: status, body)
    }

    /// The preview (counts and the confirm button), the import's result, or every problem.
    static func report(
        _ context: PageContext, _ result: Result<ManifestImporter.Summary, any Error>, name: String, token: String,
        csv: Bool, confirmed: Bool
    ) throws -> HTTPResponse {
        let problems: [ManifestProblem]
        switch result {
        case .success: problems = []
        case .failure(let error as ManifestError): problems = error.problems
        case .failure(let error as CatalogError): problems = [ManifestProblem(file: name, record: nil, field: nil, message: error.sentence)]
        case .failure(let error): throw error
        }
        let title = confirmed ? context.t("นำเข้ารายการบทเรียน", "Manifest import") : context.t("ตรวจไฟล์รายการบทเรียน", "Manifest check")
        let body = group {
            if !problems.isEmpty {
                el("div", .class("error-summary"), Attribute("role", "alert"), Attribute("tabindex", "-1")) {
                    el("h2") {
                        context.t(
                            "ยังนำเข้าไม่ได้: พบปัญหา \(problems.count) รายการ ไม่มีข้อมูลใดถูกนำเข้า",
                            "Not imported: \(problems.count) problems found; nothing was imported")
                    }
                    el("ul", .class("manifest-problems")) {
                        for problem in problems.prefix(500) { el("li") { AdminCatalogText.line(problem, csv: csv, context) } }
                    }
                    if problems.count > 500 {
                        el("p") { context.t("… และอีก \(problems.count - 500) รายการ", "… and \(problems.count - 500) more") }
                    }
                }
            }
            el("p", .class("breadcrumb")) { el("a", .href("/admin/catalog")) { context.t("← แก้ไขคลังบทเรียน", "← Edit the catalog") } }
            el("h1") { title }
            el("p", .class("meta")) { name }
            if case .success(let summary) = result {
                let counts = context.t(
                    "ใหม่ \(summary.inserted) · เปลี่ยน \(summary.updated) · เหมือนเดิม \(summary.unchanged)",
                    "\(summary.inserted) new · \(summary.updated) changed · \(summary.unchanged) unchanged")
                if confirmed {
                    el("div", .class("notice success"), Attribute("role", "status")) {
                        el("p") { context.t("นำเข้าเรียบร้อย (\(summary.encoding.rawValue)): ", "Imported (\(summary.encoding.rawValue)): ") + counts }
                    }
                    el("p") { el("a", .href("/admin/catalog")) { context.t("กลับไปที่คลังบทเรียน", "Back to the catalog") } }
                } else {
                    el("p", .class("lead"), .id("manifest-counts")) {
                        context.t(
                            "ไฟล์ถูกต้อง (\(summary.encoding.rawValue)) ถ้ายืนยันจะมีผลดังนี้: ",
                            "The file is fine (\(summary.encoding.rawValue)); confirming will make: ") + counts
                    }
                    el("form", Attribute("method", "post"), Attribute("action", "/admin/catalog/import/confirm")) {
                        context.csrfField
                        void("input", .type("hidden"), .name("token"), .value(token))
                        void("input", .type("hidden"), .name("name"), .value(name))
                        el("button", .type("submit"), .class("primary")) { context.t("ยืนยันนำเข้า", "Confirm the import") }
                    }
                }
            } else {
                el("p") { context.t("แก้ไขไฟล์แล้วอัปโหลดอีกครั้ง", "Fix the file and upload it again.") }
                el("p") { el("a", .href("/admin/catalog/import"), .class("button primary")) { context.t("อัปโหลดไฟล์ที่แก้แล้ว", "Upload the fixed file") } }
            }
        }
        // The check itself succeeded (its report is the answer), so 200 either way, as the roster preview does.
        return Layout.response(context, title: title, body)
    }
}
