import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Roster import from the browser: upload the DMC file → a preview that names every problem by row (in
/// Thai), or, when the file is clean, who is added, who moves and who left → confirm. Nothing changes
/// before the confirmation; the confirmation carries the checked file back (base64 in a hidden field),
/// so no half-finished import is kept on the server between the two steps.
struct AdminRosterPages {
    /// A DMC export of a large school is a few hundred kilobytes; this leaves room.
    static let maxFile = 4 * 1024 * 1024
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/roster") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context, .importRoster)
            return try await Self.uploadPage(context, web: web, errors: FormErrors())
        }
        router.post("/admin/roster/preview", maxBodySize: Self.maxFile + 64 * 1024) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context, .importRoster)
            let form = try request.multipartForm()
            var errors = FormErrors()
            let schoolID = form.fields["school"].flatMap { Int64($0) }
            let year = form.fields["year"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if schoolID == nil { errors.add("school", context.t("เลือกโรงเรียน", "Choose a school")) }
            if year.map({ (2400...2700).contains($0) || (1900...2200).contains($0) }) != true {
                errors.add("year", context.t("กรอกปีการศึกษา เช่น 2569", "Enter the academic year, e.g. 2569"))
            }
            let bytes = try form.files.first { $0.fieldName == "file" && $0.file.size > 0 }?.file.readAll()
            if bytes == nil { errors.add("file", context.t("เลือกไฟล์รายชื่อนักเรียน (CSV)", "Choose the roster file (CSV)")) }
            guard errors.isEmpty, let schoolID, let year, let bytes else {
                return try await Self.uploadPage(context, web: web, errors: errors, status: .unprocessableContent)
            }
            return try await Self.preview(context, web: web, bytes: bytes, schoolID: schoolID, year: year, actor: user.userID)
        }
        router.post("/admin/roster/import", maxBodySize: Self.maxFile * 2) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context, .importRoster)
            let form = try FormData(request)
            guard let schoolID = form.id("school"), let year = Int(form["year"]),
                let data = Data(base64Encoded: form["roster"])
            else {
                throw WebError.invalid("แบบฟอร์มไม่ครบ กรุณาอัปโหลดไฟล์อีกครั้ง", "The form is incomplete; upload the file again.")
            }
            let file: RosterFile
            do {
                file = try RosterFile(bytes: Array(data))
            } catch {
                return try await Self.preview(context, web: web, bytes: Array(data), schoolID: schoolID, year: year, actor: user.userID)
            }
            let actor = user.userID
            let report = try await web.store.write { db in
                try RosterImport.apply(file, to: db, schoolID: schoolID, year: year, actor: actor)
            }
            let body = group {
                AdminPages.heading(context, context.t("นำเข้ารายชื่อเรียบร้อย", "Roster imported"))
                el("div", .class("notice success"), Attribute("role", "status")) {
                    el("p") {
                        context.t(
                            "อ่าน \(report.rows) คน: เพิ่ม \(report.added) · แก้ไข \(report.updated) · ย้ายห้อง \(report.moved) · ออก \(report.deactivated) · เหมือนเดิม \(report.unchanged)",
                            "\(report.rows) read: \(report.added) added · \(report.updated) updated · \(report.moved) moved · \(report.deactivated) left · \(report.unchanged) unchanged"
                        )
                    }
                }
                el("p") { el("a", .href("/admin/schools")) { context.t("ไปที่ห้องเรียนเพื่อพิมพ์ใบรหัสผ่าน", "Go to the classes to print sign-in sheets") } }
            }
            return Layout.response(context, title: context.t("นำเข้ารายชื่อเรียบร้อย", "Roster imported"), body)
        }
    }

    static func uploadPage(_ context: PageContext, web: KlaiWeb, errors: FormErrors, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        let schools = try await web.store.read { db in try PeopleAdmin.schools(db) }
        let year = LocalDate(context.now).academicYear
        let body = group {
            errors.summary(context)
            AdminPages.heading(context, context.t("นำเข้ารายชื่อนักเรียน", "Import a roster"))
            el("p", .class("lead")) {
                context.t(
                    "ไฟล์ CSV จาก DMC (UTF-8 หรือ Windows-874) ทั้งโรงเรียน ระบบจะตรวจทุกแถวและแสดงผลก่อนนำเข้า นักเรียนที่ไม่อยู่ในไฟล์จะถูกบันทึกว่าออกแล้ว (ประวัติยังอยู่)",
                    "The whole school's CSV from DMC (UTF-8 or Windows-874). Every row is checked and shown before anything is imported; pupils missing from the file are marked as left (their history stays)."
                )
            }
            el(
                "form", Attribute("method", "post"), Attribute("enctype", "multipart/form-data"),
                Attribute("action", "/admin/roster/preview?_csrf=\(context.csrf)"), .class("narrow")
            ) {
                AdminSelect.field(
                    errors, "school", label: context.t("โรงเรียน", "School"), chosen: "",
                    options: schools.map { (String($0.id), "\($0.name) (\($0.code))") })
                errors.field(
                    "year", label: context.t("ปีการศึกษา (พ.ศ.)", "Academic year (Buddhist Era)"), value: String(year),
                    extra: [Attribute("inputmode", "numeric")])
                errors.field(
                    "file", label: context.t("ไฟล์รายชื่อ (CSV)", "Roster file (CSV)"), type: "file",
                    extra: [Attribute("accept", ".csv,text/csv")])
                el("button", .type("submit"), .class("primary")) { context.t("ตรวจไฟล์", "Check the file") }
            }
        }
        return Layout.response(context, title: context.t("นำเข้ารายชื่อนักเรียน", "Import a roster"), status: status, body)
    }

    /// The check: every problem by row, or what the import would do, with the confirm button.
    static func preview(_ context: PageContext, web: KlaiWeb, bytes: [UInt8], schoolID: Int64, year: Int, actor: Int64) async throws -> HTTPResponse {
        var problems: [(row: Int, message: String)] = []
        var preview: RosterImport.Preview?
        do {
            let file = try RosterFile(bytes: bytes)
            let store = web.store
            preview = try await offPool { try RosterImport.preview(file, store: store, schoolID: schoolID, year: year, actor: actor) }
        } catch let error as RosterImportError {
            problems = error.problems.map { ($0.row, $0.message) }
        } catch let error as LearningError {
            problems = [(0, error.description)]
        }
        let title = context.t("ตรวจไฟล์รายชื่อ", "Roster check")
        let body = group {
            if !problems.isEmpty {
                el("div", .class("error-summary"), Attribute("role", "alert"), Attribute("tabindex", "-1")) {
                    el("h2") {
                        context.t(
                            "ยังนำเข้าไม่ได้: พบปัญหา \(problems.count) รายการ ไม่มีข้อมูลใดถูกนำเข้า",
                            "Not imported: \(problems.count) problems found; nothing was imported")
                    }
                    el("ul", .class("roster-problems")) { for p in problems { el("li") { AdminRosterText.line(row: p.row, p.message, context) } } }
                }
                AdminPages.heading(context, title)
                el("p") { context.t("แก้ไขไฟล์แล้วอัปโหลดอีกครั้ง", "Fix the file and upload it again.") }
                el("p") { el("a", .href("/admin/roster"), .class("button primary")) { context.t("อัปโหลดไฟล์ที่แก้แล้ว", "Upload the fixed file") } }
            } else if let preview {
                AdminPages.heading(context, title)
                let r = preview.report
                el("p", .class("lead")) {
                    context.t(
                        "ไฟล์ถูกต้อง (\(r.encoding.rawValue)) อ่านได้ \(r.rows) คน: เพิ่ม \(r.added) · ย้ายห้อง \(r.moved) · ออก \(r.deactivated) · แก้ไข \(r.updated) · เหมือนเดิม \(r.unchanged)",
                        "The file is fine (\(r.encoding.rawValue)), \(r.rows) pupils: \(r.added) added · \(r.moved) move · \(r.deactivated) left · \(r.updated) updated · \(r.unchanged) unchanged"
                    )
                }
                changes(context, context.t("ย้ายห้อง", "Moving class"), preview.moved, id: "moved")
                changes(context, context.t("ออกจากโรงเรียน (ปิดบัญชี เก็บประวัติไว้)", "Left the school (deactivated, history kept)"), preview.left, id: "left")
                changes(context, context.t("นักเรียนใหม่", "New pupils"), preview.added, id: "added")
                el("form", Attribute("method", "post"), Attribute("action", "/admin/roster/import")) {
                    context.csrfField
                    void("input", .type("hidden"), .name("school"), .value(String(schoolID)))
                    void("input", .type("hidden"), .name("year"), .value(String(year)))
                    void("input", .type("hidden"), .name("roster"), .value(Data(bytes).base64EncodedString()))
                    el("button", .type("submit"), .class("primary")) { context.t("ยืนยันนำเข้า", "Confirm the import") }
                }
            }
        }
        // The check itself succeeded (its report is the answer), so 200 either way; nothing was imported.
        return Layout.response(context, title: title, body)
    }

    static func changes(_ context: PageContext, _ title: String, _ list: [RosterImport.Preview.Change], id: String) -> HTML {
        if list.isEmpty { return .empty }
        return el("section", .class("card"), .id(id)) {
            el("h2") { "\(title) (\(list.count))" }
            el("ul", .class("plain roster-changes")) {
                for change in list.prefix(500) {
                    el("li") { [change.name, [change.from, change.to].compactMap { $0 }.joined(separator: " → ")].joined(separator: " · ") }
                }
            }
        }
    }
}
