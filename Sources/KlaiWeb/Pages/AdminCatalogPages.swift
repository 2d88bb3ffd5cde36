import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning
import KlaiStore
import KlaiText

/// Catalog editing: find a lesson (the catalog's own search, grade and learning-area filters, paging),
/// correct its title, grade, learning area, unit, indicators and description, and add or remove its
/// worksheets. Edits go through `CatalogItemEdit` (the manifest rules, the catalog's writer) and are
/// audited with every changed field. Who may edit what is `AdminCatalogScope`'s: admins everything, a
/// director only their own school's local lessons (the list shows only those; another item answers 403 with
/// a sentence saying whose it is), teachers nothing.
///
/// A worksheet upload streams to disk as the video upload does (KlaiHTTP's spool, then the multipart
/// part in `Media/uploads/`), is checked to be a whole PDF, and is moved into `Media/attachments/` and
/// flushed before its row is committed (`CatalogAttachments`); a refused or failed upload leaves nothing.
struct AdminCatalogPages {
    static let pageSize = 30
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/catalog") { request in
            let context = PageContext(request)
            let scope = try AdminCatalogScope(context)
            return try await Self.list(context, web: web, scope: scope)
        }
        router.get("/admin/catalog/:id") { request in
            let context = PageContext(request)
            let scope = try AdminCatalogScope(context)
            let id = try Self.itemID(request)
            try await scope.requireItem(id, store: web.store)
            return try await Self.editPage(context, web: web, id: id, edit: nil, errors: FormErrors())
        }
        router.post("/admin/catalog/:id", maxBodySize: 256 * 1024) { request in
            let context = PageContext(request)
            let scope = try AdminCatalogScope(context)
            let user = scope.user
            let id = try Self.itemID(request)
            try await scope.requireItem(id, store: web.store)
            let form = try FormData(request)
            let edit = CatalogItemEdit(
                title: form["title"], grade: form["grade"], learningArea: form["learningArea"],
                unit: form["unit"], indicators: form["indicators"].split(whereSeparator: \.isNewline).map(String.init),
                description: form["description"])
            let actor = user.userID
            let outcome = try await web.store.write { db -> CatalogItemEdit.Outcome? in
                guard try Catalog.item(id: id, in: db)?.kind.isEditable == true else { return nil }
                let outcome = try edit.save(to: id, in: db)
                if case .saved(let changes) = outcome, !changes.isEmpty {
                    try AuditLog.record(
                        db, actor: actor, action: "catalog.edit", target: "catalog_item:\(id)",
                        detail: changes.map(\.description).joined(separator: "; "))
                }
                return outcome
            }
            switch outcome {
            case nil: throw WebError.notFound()
            case .saved(let changes)?: return .redirect(to: "/admin/catalog/\(id)?saved=\(changes.count)")
            case .refused(let problems)?:
                var errors = FormErrors()
                // Each sentence already names its field ("ตัวชี้วัด 'ว 1.1 ป.4/1' เป็นของกลุ่มสาระ ว …"), shown above that field.
                for problem in problems {
                    errors.add(problem.field ?? "title", context.t(AdminCatalogText.thai(problem.message), problem.message))
                }
                return try await Self.editPage(context, web: web, id: id, edit: edit, errors: errors, status: .unprocessableContent)
            }
        }
        router.post("/admin/catalog/:id/attachments", maxBodySize: CatalogAttachments.maxBytes + 64 * 1024) { request in
            let context = PageContext(request)
            let scope = try AdminCatalogScope(context)
            let user = scope.user
            let id = try Self.itemID(request)
            // Refused before the body is read: another school's worksheet never reaches the disk.
            try await scope.requireItem(id, store: web.store)
            let media = web.configuration.media
            let uploads = media.root.appendingPathComponent("uploads", isDirectory: true)
            try FileManager.default.createDirectory(at: uploads, withIntermediateDirectories: true)
            let form = try await offPool { try request.multipartForm(directory: uploads.path) }
            let title = (form.fields["attachment-title"] ?? "").trimmed()
            let type = form.fields["attachment-type"] ?? "worksheet"
            var errors = FormErrors()
            if title.isEmpty || title.count > CatalogItemEdit.maxTitle {
                errors.add(
                    "attachment-title",
                    context.t(
                        "ตั้งชื่อใบงาน เช่น ใบงานที่ 1 (ไม่เกิน \(CatalogItemEdit.maxTitle) ตัวอักษร)",
                        "Give the worksheet a title, e.g. Worksheet 1 (at most \(CatalogItemEdit.maxTitle) characters)"))
            }
            if !CatalogAttachments.types.contains(type) {
                errors.add("attachment-type", context.t("เลือกประเภทไฟล์", "Choose the kind of file"))
            }
            let upload = form.files.first { $0.fieldName == "attachment-file" && $0.file.size > 0 }
            if let upload {
                do {
                    try CatalogAttachments.checkPDF(at: upload.file.path)
                } catch let error as CatalogError {
                    errors.add("attachment-file", context.t(AdminCatalogText.thai(error.sentence), error.sentence))
                }
            } else {
                errors.add("attachment-file", context.t("เลือกไฟล์ PDF ที่จะอัปโหลด", "Choose the PDF file to upload"))
            }
            guard errors.isEmpty, let upload else {
                return try await Self.editPage(
                    context, web: web, id: id, edit: nil, errors: errors, attachmentTitle: title,
                    status: .unprocessableContent)
            }
            let placed = try await offPool { try CatalogAttachments.place(for: id, media: media) { try upload.file.move(to: $0) } }
            let actor = user.userID
            let size = upload.file.size
            do {
                let attachmentID = try await web.store.write { db -> Int64 in
                    let attachmentID = try CatalogAttachments.insert(placed, title: title, type: type, parentID: id, in: db)
                    try AuditLog.record(
                        db, actor: actor, action: "catalog.attach", target: "catalog_item:\(id)",
                        detail: "attachment:\(attachmentID) '\(title)' \(placed.path) (\(size) bytes)")
                    return attachmentID
                }
                return .redirect(to: "/admin/catalog/\(id)?attached=\(attachmentID)#attachments")
            } catch let error as CatalogError {
                placed.discard()
                throw WebError.invalid(AdminCatalogText.thai(error.sentence), error.sentence)
            } catch {
                placed.discard()
                throw error
            }
        }
        router.post("/admin/catalog/:id/attachments/:attachment/remove", maxBodySize: 4096) { request in
            let context = PageContext(request)
            let scope = try AdminCatalogScope(context)
            let user = scope.user
            let id = try Self.itemID(request)
            try await scope.requireItem(id, store: web.store)
            _ = try FormData(request)
            guard let attachmentID = Int64(request.parameters["attachment"] ?? ""), attachmentID > 0 else { throw WebError.notFound() }
            let actor = user.userID
            let removed = try await web.store.write { db -> CatalogItem? in
                guard let attachment = try Catalog.item(id: attachmentID, in: db), attachment.kind == .attachment,
                    attachment.parentID == id
                else { return nil }
                _ = try CatalogAttachments.delete(attachmentID, in: db)
                try AuditLog.record(
                    db, actor: actor, action: "catalog.detach", target: "catalog_item:\(id)",
                    detail: "attachment:\(attachmentID) '\(attachment.title)' \(attachment.filePath ?? "")")
                return attachment
            }
            guard let removed else { throw WebError.notFound() }
            let media = web.configuration.media
            let store = web.store
            try await offPool { try CatalogAttachments.removeFile(of: removed, media: media, store: store) }
            return .redirect(to: "/admin/catalog/\(id)?removed=1#attachments")
        }
    }

    /// Someone who may edit the whole catalog (an admin): manifest imports write items every school shares.
    static func requireWholeCatalog(_ context: PageContext) throws -> SignedInUser {
        try AdminPages.requireSystem(context, .editCatalog)
    }

    static func itemID(_ request: HTTPRequest) throws -> Int64 {
        guard let text = request.parameters["id"], text.utf8.count <= 18, let id = Int64(text), id > 0 else {
            throw WebError.notFound()
        }
        return id
    }

    /// `/admin/catalog`: search and filters over the lessons and recordings `scope` may edit, each linked to its edit page.
    static func list(_ context: PageContext, web: KlaiWeb, scope: AdminCatalogScope) async throws -> HTTPResponse {
        let request = context.request
        let text = String((request.query("q") ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let grade = String((request.query("grade") ?? "").prefix(4))
        let area = String((request.query("area") ?? "").prefix(4))
        let page = min(max(Int(request.query("page") ?? "") ?? 1, 1), 1000)
        var query = CatalogQuery(text: text.isEmpty ? nil : text)
        if !grade.isEmpty { query.grades = [grade] }
        if !area.isEmpty { query.learningAreas = [area] }
        query.sort = text.isEmpty ? .newest : .relevance
        query.schoolIDs = scope.schoolIDs
        query.limit = Self.pageSize
        query.offset = (page - 1) * Self.pageSize
        let search = query
        let (grades, areas, found) = try await web.store.read { db in
            (try CatalogBrowse.grades(in: db), try CatalogBrowse.learningAreas(in: db), try Catalog.search(search, in: db))
        }
        let title = context.t("แก้ไขคลังบทเรียน", "Edit the catalog")
        let body = group {
            AdminPages.heading(context, title)
            if scope.editsEverything {
                el("p") {
                    el("a", .href("/admin/catalog/import"), .class("button")) { context.t("นำเข้าไฟล์รายการบทเรียน (manifest)", "Import a manifest") }
                }
            } else {
                el("p", .class("hint")) {
                    context.t(
                        "แสดงเฉพาะบทเรียนที่โรงเรียนของท่านอัปโหลด บทเรียน DLTV และ DLIT ใช้ร่วมกันทุกโรงเรียน ผู้ดูแลระบบเป็นผู้แก้ไข",
                        "Only the lessons your school uploaded are shown: DLTV and DLIT lessons are shared by every school and edited by an admin.")
                }
            }
            el("form", Attribute("method", "get"), Attribute("action", "/admin/catalog"), Attribute("role", "search"), .class("search")) {
                el("label", Attribute("for", "q")) { context.t("ค้นหาบทเรียน", "Search lessons") }
                el("div", .class("search-row")) {
                    void(
                        "input", .type("search"), .id("q"), .name("q"), .value(text),
                        Attribute("placeholder", context.t("ชื่อ ตัวชี้วัด หรือคำอธิบาย", "Title, indicator or description")))
                    el("label", Attribute("for", "grade-filter"), .class("visually-hidden")) { context.t("ชั้น", "Grade") }
                    el("select", .id("grade-filter"), .name("grade")) {
                        el("option", .value("")) { context.t("ทุกชั้น", "All grades") }
                        for g in grades { el("option", .value(g.code), .flag("selected", g.code == grade)) { context.t(g.thai, g.english) } }
                    }
                    el("label", Attribute("for", "area-filter"), .class("visually-hidden")) { context.t("กลุ่มสาระ", "Learning area") }
                    el("select", .id("area-filter"), .name("area")) {
                        el("option", .value("")) { context.t("ทุกกลุ่มสาระ", "All learning areas") }
                        for a in areas { el("option", .value(a.code), .flag("selected", a.code == area)) { context.t(a.thai, a.english) } }
                    }
                    el("button", .type("submit"), .class("primary")) { context.t("ค้นหา", "Search") }
                }
            }
            if found.items.isEmpty {
                el("p", .class("empty"), Attribute("role", "status")) { context.t("ไม่พบบทเรียน", "No lessons found.") }
            } else {
                el("ul", .class("plain catalog-admin-list")) {
                    for item in found.items {
                        el("li") {
                            el("a", .href("/admin/catalog/\(item.id)")) { item.title }
                            let details = [Components.meta(context, item), item.unit ?? ""].filter { !$0.isEmpty }
                            if !details.isEmpty { el("small") { " · " + details.joined(separator: " · ") } }
                        }
                    }
                }
            }
            CatalogPages.pager(context, page: page, hasMore: found.hasMore, base: "/admin/catalog")
        }
        return Layout.response(context, title: title, body)
    }

    /// `/admin/catalog/:id`: the edit form (with `edit` and `errors` after a refused save) and the attachments
    /// (with the typed `attachmentTitle` kept after a refused upload).
    static func editPage(
        _ context: PageContext, web: KlaiWeb, id: Int64, edit: CatalogItemEdit?, errors: FormErrors,
        attachmentTitle: String = "", status: HTTPStatus = .ok
    ) async throws -> HTTPResponse {
        let loaded = try await web.store.read { db -> (CatalogItem, [CatalogItem], [CatalogBrowse.Named], [CatalogBrowse.Named])? in
            guard let item = try Catalog.item(id: id, in: db), item.kind.isEditable else { return nil }
            return (item, try Catalog.attachments(of: id, in: db), try CatalogBrowse.grades(in: db), try CatalogBrowse.learningAreas(in: db))
        }
        guard let loaded else { throw WebError.notFound() }
        let (item, attachments, grades, areas) = loaded
        let shown = edit ?? CatalogItemEdit(item)
        let request = context.request
        let base = "/admin/catalog/\(id)"
        let body = group {
            errors.summary(context)
            el("p", .class("breadcrumb")) { el("a", .href("/admin/catalog")) { context.t("← แก้ไขคลังบทเรียน", "← Edit the catalog") } }
            el("h1") { item.title }
            el("p", .class("meta")) {
                [Components.meta(context, item), "key: \(item.stableKey)"].filter { !$0.isEmpty }.joined(separator: " · ")
                " · "
                el("a", .href("/lessons/\(id)")) { context.t("ดูหน้าบทเรียน", "See the lesson page") }
            }
            if let saved = request.query("saved") {
                el("div", .class("notice success"), Attribute("role", "status")) {
                    saved == "0" ? context.t("ไม่มีอะไรเปลี่ยน", "Nothing changed.") : context.t("บันทึกแล้ว", "Saved.")
                }
            }
            if request.query("attached") != nil {
                el("div", .class("notice success"), Attribute("role", "status")) { context.t("เพิ่มไฟล์แล้ว", "The file was added.") }
            }
            if request.query("removed") != nil {
                el("div", .class("notice success"), Attribute("role", "status")) { context.t("ลบไฟล์แล้ว", "The file was removed.") }
            }
            el("form", Attribute("method", "post"), Attribute("action", base), .class("narrow card")) {
                context.csrfField
                errors.field(
                    "title", label: context.t("ชื่อบทเรียน", "Title"), value: shown.title,
                    extra: [Attribute("maxlength", String(CatalogItemEdit.maxTitle))])
                AdminSelect.field(
                    errors, "grade", label: context.t("ชั้น", "Grade"), chosen: shown.grade,
                    options: [("", context.t("— ไม่ระบุ —", "— none —"))] + grades.map { ($0.code, context.t($0.thai, $0.english)) })
                AdminSelect.field(
                    errors, "learningArea", label: context.t("กลุ่มสาระการเรียนรู้", "Learning area"), chosen: shown.learningArea,
                    options: [("", context.t("— ไม่ระบุ —", "— none —"))]
                        + areas.map { ($0.code, "\($0.code) · " + context.t($0.thai, $0.english)) })
                errors.field("unit", label: context.t("หน่วยการเรียนรู้", "Unit"), value: shown.unit, required: false)
                textArea(
                    errors, "indicators", label: context.t("ตัวชี้วัด", "Indicators"),
                    hint: context.t("บรรทัดละหนึ่งรหัส เช่น ค 1.1 ป.4/2", "One code a line, e.g. ค 1.1 ป.4/2"),
                    value: shown.indicators.joined(separator: "\n"), rows: 4, maxLength: 4000)
                textArea(
                    errors, "description", label: context.t("คำอธิบาย", "Description"), hint: nil,
                    value: shown.description, rows: 5, maxLength: CatalogItemEdit.maxDescription)
                el("button", .type("submit"), .class("primary")) { context.t("บันทึก", "Save") }
            }
            el("section", .class("card"), .id("attachments"), .aria("labelledby", "attachments-title")) {
                el("h2", .id("attachments-title")) { context.t("ใบงานและไฟล์แนบ (\(attachments.count))", "Worksheets and attachments (\(attachments.count))") }
                if attachments.isEmpty { el("p", .class("empty")) { context.t("ยังไม่มีไฟล์แนบ", "No attachments yet.") } }
                el("ul", .class("plain files")) {
                    for sheet in attachments {
                        el("li") {
                            el("a", .href("/attachments/\(sheet.id)")) { sheet.title }
                            el("small") { " · " + typeName(sheet.attachmentType ?? "other", context) + " " }
                            AdminPages.button(
                                context, action: "\(base)/attachments/\(sheet.id)/remove",
                                label: context.t("ลบ", "Remove"))
                        }
                    }
                }
                el("h3") { context.t("เพิ่มใบงาน (PDF)", "Add a worksheet (PDF)") }
                el(
                    "form", Attribute("method", "post"), Attribute("enctype", "multipart/form-data"),
                    Attribute("action", "\(base)/attachments?_csrf=\(context.csrf)"), .class("narrow")
                ) {
                    errors.field(
                        "attachment-title", label: context.t("ชื่อไฟล์ที่นักเรียนเห็น", "Title pupils see"), value: attachmentTitle,
                        extra: [Attribute("maxlength", String(CatalogItemEdit.maxTitle))])
                    AdminSelect.field(
                        errors, "attachment-type", label: context.t("ประเภท", "Kind"), chosen: "worksheet",
                        options: CatalogAttachments.types.map { ($0, typeName($0, context)) })
                    errors.field(
                        "attachment-file", label: context.t("ไฟล์ PDF", "PDF file"), type: "file",
                        hint: context.t(
                            "ไฟล์ PDF ไม่เกิน \(CatalogAttachments.maxBytes >> 20) MB",
                            "A PDF of at most \(CatalogAttachments.maxBytes >> 20) MB"),
                        extra: [Attribute("accept", ".pdf,application/pdf")])
                    el("button", .type("submit"), .class("primary")) { context.t("อัปโหลด", "Upload") }
                }
            }
        }
        return Layout.response(context, title: context.t("แก้ไข: \(item.title)", "Edit: \(item.title)"), status: status, body)
    }

    /// A labelled textarea with its error above it, as `FormErrors.field` draws inputs.
    static func textArea(
        _ errors: FormErrors, _ id: String, label: String, hint: String?, value: String, rows: Int,
        maxLength: Int
    ) -> HTML {
        let message = errors.message(for: id)
        let described = [hint != nil ? "\(id)-hint" : nil, message != nil ? "\(id)-error" : nil].compactMap { $0 }
        return el("div", .class(message == nil ? "field" : "field has-error")) {
            el("label", Attribute("for", id)) { label }
            if let hint { el("p", .class("hint"), .id("\(id)-hint")) { hint } }
            if let message { el("p", .class("field-error"), .id("\(id)-error")) { message } }
            el(
                "textarea", .id(id), .name(id), Attribute("rows", String(rows)), Attribute("maxlength", String(maxLength)),
                described.isEmpty ? nil : .aria("describedby", described.joined(separator: " ")),
                message != nil ? .aria("invalid", "true") : nil
            ) { value }
        }
    }

    /// An attachment type's name.
    static func typeName(_ type: String, _ context: PageContext) -> String {
        switch type {
        case "worksheet": context.t("ใบงาน", "Worksheet")
        case "knowledge_sheet": context.t("ใบความรู้", "Knowledge sheet")
        case "lesson_plan": context.t("แผนการสอน", "Lesson plan")
        case "slides": context.t("สไลด์", "Slides")
        default: context.t("อื่น ๆ", "Other")
        }
    }
}

extension CatalogItem.Kind {
    /// Lessons and recordings are edited on their own page; an attachment is edited from its lesson's.
    var isEditable: Bool { self != .attachment }
}
