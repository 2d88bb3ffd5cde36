import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning

/// The lesson page (player, title, grade, learning area, indicators, description, worksheets, the other
/// lessons of the unit), play-for-the-class mode, and attachment downloads.
struct LessonPages {
    let web: KlaiWeb

    struct Lesson: Sendable {
        var item: CatalogItem
        var asset: MediaAsset?
        var attachments: [CatalogItem]
        var siblings: [CatalogItem]
        var resume: Double
        var classroom: ClassOverview.TaughtClass?
        var slot: TimetableSlot?
    }

    func register(on router: inout Router) {
        let web = web
        router.get("/lessons/:id") { request in
            let context = PageContext(request)
            // DLTV recordings may be open to the school's network (a setting, off by default): without a
            // session the page plays and records nothing; any other lesson still asks the visitor to sign in.
            let principal: Principal? = context.user == nil && web.dltvOpen(to: request) ? nil : try Components.requireUser(context).principal
            guard let id = Int64(request.parameters["id"] ?? ""), id > 0 else { throw WebError.notFound() }
            let classID = principal == nil ? nil : request.query("class").flatMap { Int64($0) }
            let lesson = try await Self.load(id, principal: principal, classID: classID, now: context.now, web: web)
            if principal == nil && lesson.item.kind != .dltvRecording { _ = try Components.requireUser(context) }
            return Self.page(context, lesson, web: web)
        }
        router.get("/attachments/:id") { request in
            let context = PageContext(request)
            _ = try Components.requireUser(context)
            guard let id = Int64(request.parameters["id"] ?? ""), id > 0 else { throw WebError.notFound() }
            let media = web.configuration.media
            guard let item = try await web.store.read({ db in try Catalog.item(id: id, in: db) }), item.kind == .attachment,
                let path = item.filePath
            else { throw WebError.notFound() }
            let file = media.url(path).standardizedFileURL
            guard file.path.hasPrefix(media.root.standardizedFileURL.path + "/") else { throw WebError.notFound() }
            let server = try FileServer(root: file.deletingLastPathComponent().path)
            var response = server.respond(to: request, relativePath: file.lastPathComponent)
            if request.query("download") == "1" {
                let name = "\(item.title).\(file.pathExtension)"
                response.headers.set("Content-Disposition", Self.attachment(filename: name))
            }
            return response
        }
        router.post("/teach/attendance", maxBodySize: 4096) { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            let form = try FormData(request)
            guard let itemID = form.id("item"), let session = UUID(uuidString: form["session"]) else { throw WebError.notFound() }
            let count = Int(form["present"].trimmingCharacters(in: .whitespaces))
            guard let count, (0...200).contains(count) else {
                throw WebError.invalid(
                    "กรอกจำนวนนักเรียนที่มาเรียนเป็นตัวเลข 0 ถึง 200",
                    "Enter how many pupils were present as a number from 0 to 200.")
            }
            let principal = user.principal
            let saved = try await web.store.write { db -> Bool in
                guard let usage = try ClassOverview.usageSessionID(db, playerSession: session, itemID: itemID) else { return false }
                try UsageSession.setAttendance(db, by: principal, sessionID: usage, count: count)
                return true
            }
            guard saved else {
                throw WebError.invalid(
                    "ยังไม่พบการเปิดบทเรียนนี้ให้ชั้นเรียน กรุณาเปิดวิดีโอก่อน แล้วบันทึกจำนวนนักเรียนอีกครั้ง",
                    "Klai has not seen this lesson played for the class yet. Play it first, then record attendance.")
            }
            let classID = form.id("class") ?? 0
            return .redirect(to: "/lessons/\(itemID)?class=\(classID)&session=\(session.uuidString)&saved=\(count)")
        }
    }

    /// `attachment; filename="ascii"; filename*=UTF-8''name` (RFC 6266 §4.3, RFC 8187) so Thai names survive.
    static func attachment(filename: String) -> String {
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" && $0.value >= 0x20 ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "!#$&+-.^_`|~")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }

    /// The lesson and what this person sees of it; `principal` is nil for a visitor on the LAN (no resume, no class).
    static func load(_ id: Int64, principal: Principal?, classID: Int64?, now: Date, web: KlaiWeb) async throws -> Lesson {
        let lesson = try await web.store.read { db -> Lesson? in
            guard let item = try Catalog.item(id: id, in: db), item.kind != .attachment else { return nil }
            let asset = try item.assetID.flatMap { try MediaAsset.find($0, in: db) }
            var siblings: [CatalogItem] = []
            if let grade = item.grade, let area = item.learningArea, let unit = item.unit {
                siblings = try CatalogBrowse.lessons(grade: grade, learningArea: area, unit: unit, in: db).filter { $0.id != id }
            }
            var classroom: ClassOverview.TaughtClass?
            var slot: TimetableSlot?
            if let classID, let principal, let found = try ClassOverview.taughtClass(db, classID: classID),
                Authorization.may(principal, .playForClass, .classroom(id: classID, schoolID: found.schoolID))
            {
                classroom = found
                if let code = try CatalogBrowse.gradeCode(found.grade, in: db),
                    let channel = try CatalogBrowse.channel(forGrade: code, on: LocalDate(now), in: db)
                {
                    let p = CalendarText.parts(now)
                    let minute = p.hour * 60 + p.minute
                    let slots = try Catalog.day(channel: channel, on: LocalDate(now), in: db).map(\.slot)
                    slot = slots.first { $0.startsAt.seconds / 60 - 10 <= minute && minute < $0.endsAt.seconds / 60 }
                }
            }
            return Lesson(
                item: item, asset: asset, attachments: try Catalog.attachments(of: id, in: db), siblings: siblings,
                resume: try principal.map { classroom == nil ? try LearnerProgress.resumePosition(db, userID: $0.userID, itemID: id) : 0 } ?? 0,
                classroom: classroom, slot: slot)
        }
        guard let lesson else { throw WebError.notFound() }
        if classID != nil && lesson.classroom == nil { throw WebError.forbidden() }
        return lesson
    }

    static func page(_ context: PageContext, _ lesson: Lesson, web: KlaiWeb) -> HTTPResponse {
        let item = lesson.item
        let session = context.request.query("session").flatMap(UUID.init(uuidString:)) ?? UUID()
        let links = VideoLink(secret: web.configuration.secret)
        let body = group {
            if let classroom = lesson.classroom {
                let name = Components.className(grade: classroom.grade, room: classroom.room, context)
                el("p", .class("class-mode"), Attribute("role", "status")) {
                    context.t("เปิดให้ชั้น \(name) ดู", "Playing for class \(name)")
                    if let slot = lesson.slot {
                        " · "
                            + context.t(
                                "คาบ \(slot.period) (\(slot.startsAt)–\(slot.endsAt)) \(slot.subject) ตามตาราง DLTV",
                                "period \(slot.period) (\(slot.startsAt)–\(slot.endsAt)) \(slot.subject) on the DLTV timetable")
                    }
                }
            }
            el("h1") { item.title }
            el("p", .class("meta")) { Components.meta(context, item) }
            if let asset = lesson.asset, let folder = VideoLink.folder(of: asset) {
                el(
                    "figure", .class("player"), Attribute("data-player", ""),
                    .data("master", links.url(folder: folder)),
                    // Item 0 tells the player to record nothing: a visitor without a session has no progress to keep.
                    .data("item", context.user == nil ? "0" : String(item.id)),
                    .data("session", session.uuidString.lowercased()),
                    .data("resume", lesson.resume > 5 ? String(format: "%.1f", lesson.resume) : ""),
                    .data("class-id", lesson.classroom.map { String($0.classID) } ?? ""),
                    .data("events", "/api/events"), .data("csrf", context.csrf), .data("title", item.title)
                ) {
                    el(
                        "video", Attribute("playsinline", ""), Attribute("preload", "none"), Attribute("controls", ""),
                        Attribute("poster", links.url(folder: folder, file: "poster.jpg")),
                        .aria("label", context.t("วิดีโอบทเรียน \(item.title)", "Lesson video \(item.title)")))
                }
            } else {
                el("p", .class("notice")) {
                    switch lesson.asset?.status {
                    case .failed?: context.t("วิดีโอนี้แปลงไฟล์ไม่สำเร็จ แจ้งผู้ดูแลระบบ", "This video could not be converted; tell the administrator.")
                    case nil: context.t("บทเรียนนี้ยังไม่มีวิดีโอ", "This lesson has no video yet.")
                    default: context.t("กำลังเตรียมวิดีโอ กรุณากลับมาอีกครั้งในไม่กี่นาที", "The video is being prepared; come back in a few minutes.")
                    }
                }
            }
            if let classroom = lesson.classroom { attendanceForm(context, classroom, item: item, session: session) }
            if !item.indicators.isEmpty {
                el("section", .aria("labelledby", "indicators")) {
                    el("h2", .id("indicators")) { context.t("ตัวชี้วัด", "Indicators") }
                    el("ul", .class("plain tags")) { for code in item.indicators { el("li") { code } } }
                }
            }
            if !item.description.isEmpty {
                el("section") {
                    el("h2") { context.t("เกี่ยวกับบทเรียน", "About this lesson") }
                    el("p") { item.description }
                    if !item.objectives.isEmpty { el("p") { item.objectives } }
                }
            }
            if !lesson.attachments.isEmpty {
                el("section", .aria("labelledby", "sheets")) {
                    el("h2", .id("sheets")) { context.t("ใบงานและใบความรู้", "Worksheets and knowledge sheets") }
                    el("ul", .class("plain files")) {
                        for sheet in lesson.attachments {
                            el("li") {
                                el("a", .href("/attachments/\(sheet.id)")) { sheet.title }
                                " · "
                                el("a", .href("/attachments/\(sheet.id)?download=1"), Attribute("download", "")) {
                                    context.t("ดาวน์โหลด", "Download")
                                }
                            }
                        }
                    }
                }
            }
            if !lesson.siblings.isEmpty {
                el("section", .aria("labelledby", "unit")) {
                    el("h2", .id("unit")) { context.t("บทเรียนอื่นในหน่วย \(item.unit ?? "")", "Other lessons of the unit \(item.unit ?? "")") }
                    el("ul", .class("cards")) { for other in lesson.siblings.prefix(12) { Components.lessonCard(context, other) } }
                }
            }
        }
        return Layout.response(context, title: item.title, scripts: ["player.js"], body)
    }

    static func attendanceForm(_ context: PageContext, _ classroom: ClassOverview.TaughtClass, item: CatalogItem, session: UUID) -> HTML {
        let saved = context.request.query("saved")
        return el("form", Attribute("method", "post"), Attribute("action", "/teach/attendance"), .class("attendance card")) {
            context.csrfField
            void("input", .type("hidden"), .name("item"), .value(String(item.id)))
            void("input", .type("hidden"), .name("class"), .value(String(classroom.classID)))
            void("input", .type("hidden"), .name("session"), .value(session.uuidString))
            if let saved {
                el("p", Attribute("role", "status"), .class("saved")) {
                    context.t("บันทึกแล้ว: นักเรียนมาเรียน \(saved) คน", "Saved: \(saved) pupils present")
                }
            }
            el("label", Attribute("for", "present")) {
                context.t("นักเรียนที่มาเรียนคาบนี้ (จาก \(classroom.pupils) คน)", "Pupils present this period (of \(classroom.pupils))")
            }
            el("div", .class("search-row")) {
                void(
                    "input", .type("number"), .id("present"), .name("present"), Attribute("min", "0"), Attribute("max", "200"),
                    Attribute("inputmode", "numeric"), .value(saved ?? String(classroom.pupils)), .flag("required"))
                el("button", .type("submit"), .class("primary")) { context.t("บันทึกจำนวนนักเรียน", "Save attendance") }
            }
        }
    }
}
