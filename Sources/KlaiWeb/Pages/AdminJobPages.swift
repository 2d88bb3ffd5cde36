import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The unmatched recording page (the timetable of the chosen channel and day shown beside the form, as
/// `klai ingest --assign` takes channel, date and start) and the transcode job queue with retry and
/// cancel. The queue page refreshes itself every few seconds while work is going on (the `Refresh`
/// header, so it needs no script).
struct AdminJobPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/content/unmatched/:id") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            return try await Self.unmatchedPage(context, web: web, errors: FormErrors())
        }
        router.post("/admin/content/unmatched/:id", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context)
            guard let id = Int64(request.parameters["id"] ?? ""), id > 0 else { throw WebError.notFound() }
            let form = try FormData(request)
            var errors = FormErrors()
            let date = LocalDate(parsing: form["date"])
            let start = TimeOfDay(parsing: form["start"])
            if form["channel"].isEmpty { errors.add("channel", context.t("เลือกช่อง", "Choose a channel")) }
            if date == nil { errors.add("date", context.t("กรอกวันที่ออกอากาศ", "Enter the broadcast date")) }
            if start == nil { errors.add("start", context.t("กรอกเวลาเริ่มบันทึก เช่น 08:30", "Enter the start time, e.g. 08:30")) }
            guard errors.isEmpty else { return try await Self.unmatchedPage(context, web: web, errors: errors, status: .unprocessableContent) }
            var ingestor = Ingestor(store: web.store, media: web.configuration.media)
            // A person assigning by hand has looked at the file: on request, a piece covering less than half a
            // period is kept too (marked partial), where the automatic ingest would refuse it.
            if form["partial"] == "1" { ingestor.split.minimumCoverage = 0 }
            let hint = Ingestor.Hint(channel: form["channel"], date: date, start: start)
            let assigner = ingestor
            let result = try await offPool { try assigner.assign(unmatchedID: id, hint: hint) }
            let actor = user.userID
            try await web.store.write { db in
                try AuditLog.record(db, actor: actor, action: "content.assign", target: "unmatched:\(id)", detail: result.summary)
            }
            if case .recordings(let items) = result.outcome { return .redirect(to: "/admin/content?made=\(items.count)") }
            errors.add("start", context.t("ยังจับคู่ไม่ได้: \(result.summary)", "Still unmatched: \(result.summary)"))
            return try await Self.unmatchedPage(context, web: web, errors: errors, status: .unprocessableContent)
        }
        router.get("/admin/jobs") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            let jobs = try await web.store.read { db in try TranscodeQueue.jobs(limit: 100, in: db) }
            var response = Layout.response(context, title: context.t("คิวงานแปลงไฟล์", "Job queue"), AdminJobList.html(context, jobs))
            if jobs.contains(where: { $0.state == .queued || $0.state == .running }) { response.headers.set("Refresh", "3") }
            return response
        }
        router.post("/admin/jobs/:id/:change", maxBodySize: 4096) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context)
            guard let id = Int64(request.parameters["id"] ?? ""), id > 0 else { throw WebError.notFound() }
            let change = request.parameters["change"] ?? ""
            let actor = user.userID
            try await web.store.write { db in
                switch change {
                case "retry": _ = try TranscodeQueue.retry(id, in: db)
                case "cancel": _ = try TranscodeQueue.cancel(id, in: db)
                default: throw WebError.notFound()
                }
                try AuditLog.record(db, actor: actor, action: "job.\(change)", target: "job:\(id)")
            }
            return .redirect(to: "/admin/jobs")
        }
    }

    static func unmatchedPage(_ context: PageContext, web: KlaiWeb, errors: FormErrors, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        guard let id = Int64(context.request.parameters["id"] ?? ""), id > 0 else { throw WebError.notFound() }
        let form = context.request.method == "POST" ? try? FormData(context.request) : nil
        let channel = form?["channel"] ?? context.request.query("show-channel") ?? context.request.query("channel") ?? ""
        let dateText = form?["date"] ?? context.request.query("date") ?? LocalDate(context.now).description
        let date = LocalDate(parsing: dateText)
        let data = try await web.store.read { db -> (UnmatchedFile, [(String, String)], [TimetableSlot])? in
            guard let file = try Ingestor.unmatchedFiles(in: db).first(where: { $0.id == id }) else { return nil }
            let channels = try db.fetchAll("SELECT code, name FROM channel ORDER BY number").map {
                (try $0.get(0, as: String.self), try $0.get(1, as: String.self))
            }
            let slots = try date.map { try Timetable.slots(channel: channel, on: $0, in: db) } ?? []
            return (file, channels, slots)
        }
        guard let (file, channels, slots) = data else { throw WebError.notFound() }
        let title = context.t("กำหนดช่องและเวลาให้ไฟล์", "Assign a recording")
        let action = "/admin/content/unmatched/\(id)"
        let body = group {
            errors.summary(context)
            AdminPages.heading(context, title)
            el("p", .class("lead")) { file.originalName }
            el("p") {
                context.t("เหตุผล: ", "Why: "); AdminContentText.reason(file.reason, context)
            }
            el("form", Attribute("method", "get"), Attribute("action", action), .class("search-row")) {
                AdminSelect.field(
                    FormErrors(), "show-channel", label: context.t("ดูตารางช่อง", "Timetable of channel"), chosen: channel,
                    options: channels.map { ($0.0, "\($0.0) \($0.1)") })
                void("input", .type("hidden"), .name("date"), .value(dateText))
                el("button", .type("submit"), .name("show"), .value("1")) { context.t("แสดงตาราง", "Show timetable") }
            }
            el("section", .class("card"), .aria("labelledby", "slots-title")) {
                el("h2", .id("slots-title")) { context.t("ตารางออกอากาศ \(channel) \(dateText)", "Timetable \(channel) \(dateText)") }
                if slots.isEmpty { el("p", .class("empty")) { context.t("ไม่มีคาบในวันนี้ (หรือยังไม่ได้เลือกช่อง)", "No period on that day (or no channel chosen).") } }
                el("table", .class("grid timetable")) {
                    el("tbody") {
                        for slot in slots {
                            el("tr") {
                                el("th", Attribute("scope", "row")) { context.t("คาบ \(slot.period)", "Period \(slot.period)") }
                                el("td") { "\(slot.startsAt)–\(slot.endsAt)" }
                                el("td") { slot.subject }
                            }
                        }
                    }
                }
            }
            el("form", Attribute("method", "post"), Attribute("action", action), .class("narrow")) {
                context.csrfField
                AdminSelect.field(
                    errors, "channel", label: context.t("ช่อง", "Channel"), chosen: channel,
                    options: [("", context.t("— เลือกช่อง —", "— choose —"))] + channels.map { ($0.0, "\($0.0) \($0.1)") })
                errors.field("date", label: context.t("วันที่ออกอากาศ", "Broadcast date"), type: "date", value: dateText)
                errors.field(
                    "start", label: context.t("เวลาเริ่มบันทึก", "Recording start time"), type: "time",
                    value: form?["start"] ?? slots.first.map { $0.startsAt.description } ?? "")
                el("div", .class("field")) {
                    el("label", .class("check")) {
                        void("input", .type("checkbox"), .name("partial"), .value("1"), .flag("checked", form?["partial"] == "1"))
                        context.t(" เก็บไว้แม้บันทึกได้ไม่ถึงครึ่งคาบ", " Keep it even if it covers less than half a period")
                    }
                }
                el("button", .type("submit"), .class("primary")) { context.t("จับคู่", "Assign") }
            }
        }
        return Layout.response(context, title: title, status: status, body)
    }
}
