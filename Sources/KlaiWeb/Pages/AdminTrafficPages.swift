import Foundation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The traffic log on the System page: verify every day's hash chain, and export records by date range and
/// account as CSV (UTF-8 with BOM, so Excel shows Thai) for an authority's request. The export is written
/// to a temporary file and streamed from it, so a month of records never sits in memory.
struct AdminTrafficPages {
    let web: KlaiWeb

    var trafficFolder: String { web.dataFolder.appendingPathComponent("traffic", isDirectory: true).path }

    func register(on router: inout Router) {
        let web = web
        let folder = trafficFolder
        router.get("/admin/system/traffic/verify") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context, .viewAudit)
            let days = try await offPool { try TrafficLog.openForReading(folder).verifyAll() }
            let body = group {
                AdminPages.heading(context, context.t("ตรวจบันทึกการใช้งาน", "Traffic log check"))
                let broken = days.filter { !$0.isIntact }
                el("p", .class(broken.isEmpty ? "lead" : "lead field-error"), Attribute("role", "status")) {
                    broken.isEmpty
                        ? context.t("ครบถ้วน ไม่มีการแก้ไข (\(days.count) วัน)", "Intact: nothing changed (\(days.count) days)")
                        : context.t("พบปัญหา \(broken.count) วัน", "\(broken.count) days have problems")
                }
                el("ul", .class("plain")) {
                    for day in days {
                        el("li") { "\(day.day): " + (day.problem ?? context.t("ครบถ้วน \(day.lines) รายการ", "intact, \(day.lines) records")) }
                    }
                }
            }
            return Layout.response(context, title: context.t("ตรวจบันทึกการใช้งาน", "Traffic log check"), body)
        }
        router.get("/admin/system/traffic.csv") { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context, .export)
            guard let from = TrafficLog.parseDate(request.query("from") ?? ""),
                let lastDay = TrafficLog.parseDate(request.query("to") ?? ""), lastDay >= from
            else {
                throw WebError.invalid(
                    "กรอกวันที่เริ่มและวันที่สิ้นสุด (วันสิ้นสุดต้องไม่ก่อนวันเริ่ม)",
                    "Enter a start and an end date (the end not before the start).")
            }
            var account = (request.query("account") ?? "").trimmingCharacters(in: .whitespaces)
            // The log names accounts `user:<id>`; an admin types the username.
            if !account.isEmpty, !account.hasPrefix("user:") {
                let username = account
                guard let id = try await web.store.read({ db in try Directory.userID(db, username: username) }) else {
                    throw WebError.invalid("ไม่พบบัญชี \(username)", "There is no account \(username).")
                }
                account = "user:\(id)"
            }
            let to = lastDay + 86400  // the end day is included
            let chosen = account
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("klai-traffic-\(UUID().uuidString).csv").path
            let file = try await offPool { () -> OpenFile in
                guard FileManager.default.createFile(atPath: temporary, contents: Data([0xEF, 0xBB, 0xBF])),
                    let handle = FileHandle(forWritingAtPath: temporary)
                else {
                    throw WebError.invalid("เขียนไฟล์ชั่วคราวไม่ได้", "A temporary file cannot be written.")
                }
                // Unlinked once open: the open descriptor keeps it readable until the response is sent.
                defer { unlink(temporary) }
                handle.seekToEndOfFile()
                try TrafficLog.openForReading(folder).exportCSV(from: from, to: to, account: chosen.isEmpty ? nil : chosen) {
                    handle.write(Data($0.utf8))
                }
                try handle.close()
                return try OpenFile(path: temporary)
            }
            let actor = user.userID
            try await web.store.write { db in
                try AuditLog.record(
                    db, actor: actor, action: "traffic.export", target: "traffic",
                    detail: "\(request.query("from") ?? "")..\(request.query("to") ?? "") \(chosen)")
            }
            let name = "klai-traffic-\(request.query("from") ?? "")-\(request.query("to") ?? "").csv".filter { $0.isASCII && $0 != "\"" }
            return HTTPResponse(
                status: .ok,
                headers: [
                    "Content-Type": "text/csv; charset=utf-8",
                    "Content-Disposition": "attachment; filename=\"\(name)\"",
                    "Cache-Control": "no-store"
                ],
                body: .file(file, range: 0..<file.size))
        }
    }

    /// The traffic section of the System page.
    static func section(_ context: PageContext) -> HTML {
        let today = String(ISO8601Timestamp.format(context.now).prefix(10))
        return el("section", .class("card"), .aria("labelledby", "traffic-title")) {
            el("h2", .id("traffic-title")) { context.t("บันทึกการใช้งาน (พ.ร.บ.คอมพิวเตอร์)", "Traffic log (Computer Crime Act)") }
            el("p") { el("a", .href("/admin/system/traffic/verify")) { context.t("ตรวจความครบถ้วนของบันทึก", "Verify the log") } }
            el("form", Attribute("method", "get"), Attribute("action", "/admin/system/traffic.csv"), .class("search-row")) {
                el("div", .class("field")) {
                    el("label", Attribute("for", "from")) { context.t("ตั้งแต่วันที่", "From") }
                    void("input", .type("date"), .id("from"), .name("from"), .value(today), .flag("required"))
                }
                el("div", .class("field")) {
                    el("label", Attribute("for", "to")) { context.t("ถึงวันที่", "To") }
                    void("input", .type("date"), .id("to"), .name("to"), .value(today), .flag("required"))
                }
                el("div", .class("field")) {
                    el("label", Attribute("for", "account")) { context.t("ชื่อผู้ใช้ (ไม่ใส่ = ทุกบัญชี)", "Username (empty: all)") }
                    void("input", .type("text"), .id("account"), .name("account"))
                }
                el("button", .type("submit")) { context.t("ส่งออก CSV", "Export CSV") }
            }
        }
    }
}
