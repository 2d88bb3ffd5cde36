import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning

/// The readiness page of a school: equipment per classroom, the report form, the term's requests.
enum ReadinessPage {
    struct Data: Sendable {
        var name: String
        var rooms: [ClassroomReadiness]
        var repairs: [RepairRequest]
        var summary: RepairSummary
        var reporters: [Int64: String]
    }

    static func page(_ context: PageContext, web: KlaiWeb) async throws -> HTTPResponse {
        let principal = try Components.requireUser(context).principal
        let schoolID = try Supervision.id(context.request)
        let today = LocalDate(context.now)
        let data = try await web.store.read { db -> Data in
            let term = try Supervision.term(db, on: today)
            let repairs = try Repairs.list(db, viewer: principal, schoolID: schoolID, from: term.startsOn, through: today)
            var reporters: [Int64: String] = [:]
            for r in repairs { reporters[r.reportedBy] = try Supervision.userName(db, r.reportedBy) }
            return Data(
                name: try Supervision.schoolName(db, schoolID),
                rooms: try Readiness.classrooms(db, viewer: principal, schoolID: schoolID),
                repairs: repairs.reversed(), summary: RepairSummary(repairs, asOf: today), reporters: reporters)
        }
        let manages = Authorization.may(principal, .manageEquipment, .school(id: schoolID))
        let title = context.t("อุปกรณ์และการแจ้งซ่อม", "Equipment and repairs")
        let body = group {
            el("h1") { title }
            el("p", .class("lead")) { data.name }
            if context.request.query("reported") != nil {
                el("p", .class("notice"), Attribute("role", "status")) { context.t("ส่งเรื่องแจ้งซ่อมแล้ว", "Repair request sent.") }
            }
            el("ul", .class("figures")) {
                el("li") {
                    el("strong") { String(data.summary.open) }; el("span") { context.t("รายการค้างซ่อม", "open requests") }
                }
                el("li") {
                    el("strong") { Supervision.cell(.number(data.summary.meanDaysToFix, decimals: 1)) }
                    el("span") { context.t("วันซ่อมเฉลี่ย", "mean days to fix") }
                }
                el("li") {
                    el("strong") { String(data.summary.classroomDaysLost) }; el("span") { context.t("ห้อง-วันที่เสียไป", "classroom-days lost") }
                }
            }
            el("h2") { context.t("อุปกรณ์แต่ละห้อง", "Equipment by classroom") }
            el("ul", .class("cards rooms")) {
                for room in data.rooms {
                    el("li", .class("card")) {
                        el("h3") { room.name }
                        el("p", .class(room.canWatchBroadcast ? "ready" : "not-ready")) {
                            room.canWatchBroadcast ? context.t("✓ ดู DLTV ได้", "✓ Can watch DLTV") : context.t("✗ ดู DLTV ไม่ได้", "✗ Cannot watch DLTV")
                        }
                        el("ul", .class("plain")) {
                            for e in room.equipment {
                                el("li") {
                                    ReadinessText.kind(e.kind, context) + (e.label.isEmpty ? "" : " (\(e.label))") + ": "
                                    el("strong", .class("status-\(e.status.rawValue)")) { ReadinessText.status(e.status, context) }
                                }
                            }
                        }
                    }
                }
            }
            if Authorization.may(principal, .reportRepair, .school(id: schoolID)) && !data.rooms.isEmpty {
                reportForm(context, schoolID: schoolID, rooms: data.rooms)
            }
            el("h2") { context.t("รายการแจ้งซ่อมภาคเรียนนี้", "Repair requests this term") }
            if data.repairs.isEmpty { el("p", .class("empty")) { context.t("ยังไม่มีการแจ้งซ่อม", "No request yet.") } }
            el("ul", .class("plain repairs")) {
                for r in data.repairs {
                    el("li", .id("repair-\(r.id)"), .class("card")) {
                        el("h3") {
                            ReadinessText.problem(r.problem.rawValue, context) + " · "
                                + (data.rooms.first { $0.classroomID == r.classroomID }?.name ?? "")
                        }
                        el("p") {
                            el("strong", .class("state-\(r.state.rawValue)")) { ReadinessText.state(r.state, context) }
                            " · " + context.t("แจ้งโดย ", "reported by ") + (data.reporters[r.reportedBy] ?? "") + " "
                                + VisitList.day(r.reportedOn, context)
                            if let days = r.daysToFix { " · " + context.t("ซ่อมเสร็จใน \(days) วัน", "fixed in \(days) days") }
                        }
                        if !r.description.isEmpty { el("p") { r.description } }
                        if manages { stepForm(context, r) }
                    }
                }
            }
        }
        return Layout.response(context, title: title, body)
    }

    static func reportForm(_ context: PageContext, schoolID: Int64, rooms: [ClassroomReadiness]) -> HTML {
        el("section", .class("card"), .aria("labelledby", "report-heading")) {
            el("h2", .id("report-heading")) { context.t("แจ้งซ่อม", "Report a problem") }
            el("form", Attribute("method", "post"), Attribute("action", "/supervision/schools/\(schoolID)/repairs")) {
                context.csrfField
                field(context, "classroom", context.t("ห้อง", "Classroom")) {
                    for room in rooms { el("option", .value(String(room.classroomID))) { room.name } }
                }
                field(context, "equipment", context.t("อุปกรณ์ (ถ้าทราบ)", "Equipment (if known)"), required: false) {
                    el("option", .value("")) { "–" }
                    for room in rooms {
                        for e in room.equipment { el("option", .value(String(e.id))) { room.name + " · " + ReadinessText.kind(e.kind, context) } }
                    }
                }
                field(context, "problem", context.t("ปัญหา", "Problem")) {
                    for p in RepairRequest.Problem.allCases { el("option", .value(p.rawValue)) { ReadinessText.problem(p.rawValue, context) } }
                }
                el("div", .class("field")) {
                    el("label", Attribute("for", "description")) { context.t("รายละเอียด", "Details") }
                    el("textarea", .id("description"), .name("description"), Attribute("rows", "3"), Attribute("maxlength", "2000"))
                }
                el("button", .type("submit"), .class("primary")) { context.t("ส่งเรื่องแจ้งซ่อม", "Send the request") }
            }
        }
    }

    static func field(
        _ context: PageContext, _ id: String, _ label: String, required: Bool = true,
        @HTMLBuilder _ options: () -> HTML
    ) -> HTML {
        el("div", .class("field")) {
            el("label", Attribute("for", id)) { label }
            el("select", .id(id), .name(id), .flag("required", required)) { options() }
        }
    }

    /// The director's next step for a request.
    static func stepForm(_ context: PageContext, _ r: RepairRequest) -> HTML {
        if r.state == .closed { return .empty }
        return el("form", Attribute("method", "post"), Attribute("action", "/supervision/repairs/\(r.id)/step"), .class("inline-form")) {
            context.csrfField
            switch r.state {
            case .reported:
                el("button", .type("submit"), .name("step"), .value("acknowledge")) { context.t("รับเรื่อง", "Acknowledge") }
            case .acknowledged:
                el("label", Attribute("for", "repairer-\(r.id)")) { context.t("ผู้ซ่อม", "Repaired by") }
                el("select", .id("repairer-\(r.id)"), .name("repairer")) {
                    for x in RepairRequest.Repairer.allCases { el("option", .value(x.rawValue)) { ReadinessText.repairer(x, context) } }
                }
                el("button", .type("submit"), .name("step"), .value("fix")) { context.t("ซ่อมเสร็จแล้ว", "Mark fixed") }
            case .fixed:
                el("button", .type("submit"), .name("step"), .value("close")) { context.t("ปิดเรื่อง", "Close") }
            case .closed:
                HTML.empty
            }
        }
    }
}
