import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning

/// A teacher's videos for their own school (`/teach/uploads`): upload with a progress bar, and each upload's
/// transcode as it goes (queued, running with its percentage, ready with a link, failed with the reason).
/// Which schools a person may upload to is `Authorization.may(_, .uploadContent, .school(id))`.
struct TeacherUploadPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/teach/uploads") { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            return try await Self.page(context, user, web: web, errors: FormErrors())
        }
        router.post(
            "/teach/uploads", maxBodySize: UploadReceiving.maxUpload,
            admit: UploadReceiving.admission(
                web,
                allowed: {
                    !Self.schoolsAllowed($0, among: $0.grants.compactMap(\.schoolID)).isEmpty
                        || $0.holds(.admin)
                })
        ) { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            let (fields, received) = try await UploadReceiving.receive(request, web: web)
            defer { received?.discard() }
            let title = (fields["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let schoolID = Int64(fields["school"] ?? "") ?? 0
            var errors = FormErrors()
            if title.isEmpty || title.count > 200 {
                errors.add("title", context.t("กรอกชื่อบทเรียน (ไม่เกิน 200 ตัวอักษร)", "Enter the lesson's title (at most 200 characters)"))
            }
            if received == nil { errors.add("file", context.t("เลือกไฟล์วิดีโอที่จะอัปโหลด", "Choose a video file to upload")) }
            guard errors.isEmpty, let received else {
                return try await Self.page(context, user, web: web, errors: errors, status: .unprocessableContent)
            }
            guard Authorization.may(user.principal, .uploadContent, .school(id: schoolID)) else { throw WebError.forbidden() }
            var configured = SchoolUpload(store: web.store, media: web.configuration.media)
            configured.diskFloor = web.configuration.diskFloor
            let upload = configured
            let result: SchoolUpload.Result
            do {
                result = try await offPool { try upload.add(received.file, title: title, schoolID: schoolID) }
            } catch let error as CatalogError {
                if (try? web.configuration.diskFloor?.status().isBelowFloor) == true { throw UploadReceiving.diskFull(web) }
                throw WebError.invalid("รับไฟล์ไม่ได้: \(error.description)", "The file was not taken: \(error.description)")
            }
            let actor = user.userID
            try await web.store.write { db in
                try AuditLog.record(
                    db, actor: actor, action: "content.school-upload", target: "school:\(schoolID)",
                    detail: "item:\(result.itemID) \(received.file.lastPathComponent)")
            }
            return .redirect(to: "/teach/uploads?made=\(result.itemID)")
        }
    }

    /// Of `schools`, those this person may upload to.
    static func schoolsAllowed(_ principal: Principal, among schools: [Int64]) -> [Int64] {
        Set(schools).sorted().filter { Authorization.may(principal, .uploadContent, .school(id: $0)) }
    }

    static func page(
        _ context: PageContext, _ user: SignedInUser, web: KlaiWeb, errors: FormErrors,
        status: HTTPStatus = .ok
    ) async throws -> HTTPResponse {
        let principal = user.principal
        let (schools, lessons) = try await web.store.read { db -> ([PeopleAdmin.School], [Int64: [SchoolUpload.Lesson]]) in
            let all = try PeopleAdmin.schools(db)
            let allowed = Set(schoolsAllowed(principal, among: all.map(\.id)))
            let mine = all.filter { allowed.contains($0.id) }
            var lessons: [Int64: [SchoolUpload.Lesson]] = [:]
            for school in mine { lessons[school.id] = try SchoolUpload.lessons(schoolID: school.id, limit: 30, in: db) }
            return (mine, lessons)
        }
        guard !schools.isEmpty else { throw WebError.forbidden() }
        let busy = lessons.values.joined().contains { $0.job?.state == .queued || $0.job?.state == .running }
        let body = group {
            errors.summary(context)
            el("h1") { context.t("วิดีโอของโรงเรียน", "School videos") }
            if context.request.query("made") != nil {
                el("div", .class("notice success"), Attribute("role", "status")) {
                    context.t(
                        "รับไฟล์แล้ว กำลังแปลงไฟล์ให้เล่นได้ทุกอุปกรณ์ (ดูความคืบหน้าด้านล่าง)",
                        "Received; it is being converted to play on every device (progress below).")
                }
            }
            el("section", .class("card"), .aria("labelledby", "upload-title")) {
                el("h2", .id("upload-title")) { context.t("อัปโหลดวิดีโอบทเรียน", "Upload a lesson video") }
                UploadReceiving.form(context, web: web, action: "/teach/uploads", errors: errors, label: context.t("ไฟล์วิดีโอ", "Video file")) {
                    errors.field(
                        "title", label: context.t("ชื่อบทเรียน", "Lesson title"),
                        extra: [Attribute("maxlength", "200")])
                    if schools.count == 1, let only = schools.first {
                        void("input", .type("hidden"), .name("school"), .value(String(only.id)))
                    } else {
                        AdminSelect.field(
                            errors, "school", label: context.t("โรงเรียน", "School"), chosen: "",
                            options: schools.map { (String($0.id), $0.name) })
                    }
                }
            }
            for school in schools {
                el("section", .class("card"), .aria("label", school.name), busy ? .data("refresh", "5") : nil) {
                    el("h2") { context.t("วิดีโอที่อัปโหลดของ \(school.name)", "Uploads of \(school.name)") }
                    let list = lessons[school.id] ?? []
                    if list.isEmpty { el("p", .class("empty")) { context.t("ยังไม่มี", "None yet.") } }
                    el("ul", .class("plain uploads")) {
                        for lesson in list { Self.row(context, lesson) }
                    }
                }
            }
        }
        return Layout.response(
            context, title: context.t("วิดีโอของโรงเรียน", "School videos"), status: status,
            scripts: ["admin-upload.js", "upload-jobs.js"], body)
    }

    /// One upload: its title (a link once playable), when it came, and where its transcode is.
    static func row(_ context: PageContext, _ lesson: SchoolUpload.Lesson) -> HTML {
        el("li", .data("job-state", lesson.job?.state.rawValue ?? "none")) {
            if lesson.assetStatus == "ready" {
                el("a", .href("/lessons/\(lesson.itemID)")) { lesson.title }
            } else {
                el("strong") { lesson.title }
            }
            el("small") { " · " + CalendarText.dateTime(lesson.createdAt, context.language) + " · " }
            switch lesson.job?.state {
            case .queued?:
                el("span", .class("job-state")) { context.t("รอคิวแปลงไฟล์", "Waiting to be converted") }
            case .running?:
                let percent = Int(min(max(lesson.job?.progress ?? 0, 0), 100).rounded())
                el("span", .class("job-state")) { context.t("กำลังแปลงไฟล์ \(percent)%", "Converting: \(percent)%") }
                el(
                    "progress", Attribute("max", "100"), .value(String(percent)),
                    .aria("label", context.t("ความคืบหน้าการแปลงไฟล์ \(lesson.title)", "Conversion progress of \(lesson.title)"))
                ) { "\(percent)%" }
            case .done?:
                el("span", .class("job-state")) { context.t("พร้อมเล่น", "Ready to play") }
            case .failed?:
                el("span", .class("job-state field-error")) {
                    context.t("แปลงไฟล์ไม่สำเร็จ: ", "Conversion failed: ") + (lesson.job?.lastError ?? "")
                }
            case .cancelled?:
                el("span", .class("job-state")) { context.t("ยกเลิกแล้ว", "Cancelled") }
            case nil:
                el("span", .class("job-state")) { context.t("ไม่มีงานแปลงไฟล์", "No conversion") }
            }
        }
    }
}
