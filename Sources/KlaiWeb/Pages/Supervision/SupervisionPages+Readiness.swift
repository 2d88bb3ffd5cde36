import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Readiness: each classroom's equipment with its status, the repair requests (แจ้งซ่อม) of the term with
/// days to fix and classroom-days lost; teachers and the director report, the director moves a request
/// reported → acknowledged → fixed → closed.
extension SupervisionPages {
    func registerReadiness(on router: inout Router) {
        let web = web
        router.get("/supervision/schools/:id/readiness") { request in
            try await ReadinessPage.page(PageContext(request), web: web)
        }
        router.post("/supervision/schools/:id/repairs", maxBodySize: 16_384) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let schoolID = try Supervision.id(request)
            let form = try FormData(request)
            guard let classroomID = form.id("classroom") else {
                throw WebError.invalid("เลือกห้องที่มีปัญหา", "Choose the classroom with the problem.")
            }
            guard let problem = RepairRequest.Problem(rawValue: form["problem"]) else {
                throw WebError.invalid("เลือกประเภทปัญหา", "Choose what the problem is.")
            }
            let equipmentID = form.id("equipment")
            let description = form["description"]
            let today = LocalDate(context.now)
            try await web.store.write { db in
                _ = try Repairs.report(
                    db, by: principal, classroomID: classroomID, equipmentID: equipmentID, problem: problem,
                    description: description, on: today)
            }
            return .redirect(to: "/supervision/schools/\(schoolID)/readiness?reported=1")
        }
        router.post("/supervision/repairs/:id/step", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let principal = try Components.requireUser(context).principal
            let repairID = try Supervision.id(request)
            let form = try FormData(request)
            let today = LocalDate(context.now)
            let step = form["step"]
            let repairer = RepairRequest.Repairer(rawValue: form["repairer"])
            let schoolID = try await web.store.write { db -> Int64 in
                switch step {
                case "acknowledge": try Repairs.acknowledge(db, by: principal, repairID: repairID, on: today)
                case "fix":
                    guard let repairer else { throw WebError.invalid("เลือกผู้ซ่อม", "Choose who repaired it.") }
                    try Repairs.markFixed(db, by: principal, repairID: repairID, on: today, repairedBy: repairer)
                case "close": try Repairs.close(db, by: principal, repairID: repairID, on: today)
                default: throw WebError.invalid("ไม่รู้จักขั้นตอนนี้", "Unknown step.")
                }
                return try db.scalar("SELECT school_id FROM evaluation_repair WHERE id = ?", [repairID], as: Int64.self) ?? 0
            }
            return .redirect(to: "/supervision/schools/\(schoolID)/readiness#repair-\(repairID)")
        }
    }
}

/// Words for the readiness enums, Thai first.
enum ReadinessText {
    static func kind(_ kind: Equipment.Kind, _ c: PageContext) -> String {
        switch kind {
        case .tv: c.t("โทรทัศน์", "TV")
        case .satelliteReceiver: c.t("เครื่องรับสัญญาณดาวเทียม", "Satellite receiver")
        case .dishLNB: c.t("จานดาวเทียมและ LNB", "Dish and LNB")
        case .computer: c.t("คอมพิวเตอร์", "Computer")
        case .network: c.t("อินเทอร์เน็ต", "Network")
        }
    }

    static func status(_ status: Equipment.Status, _ c: PageContext) -> String {
        switch status {
        case .working: c.t("ใช้งานได้", "working")
        case .faulty: c.t("ขัดข้องบางครั้ง", "faulty")
        case .broken: c.t("เสีย", "broken")
        case .missing: c.t("ไม่มี", "missing")
        }
    }

    static func problem(_ problem: String, _ c: PageContext) -> String {
        switch RepairRequest.Problem(rawValue: problem) {
        case .signal?: c.t("สัญญาณขัดข้อง", "No signal")
        case .brokenDevice?: c.t("อุปกรณ์เสีย", "Broken device")
        case .electricity?: c.t("ไฟฟ้าขัดข้อง", "Electricity")
        case .network?: c.t("อินเทอร์เน็ตขัดข้อง", "Network")
        default: c.t("อื่น ๆ", "Other")
        }
    }

    static func state(_ state: RepairRequest.State, _ c: PageContext) -> String {
        switch state {
        case .reported: c.t("แจ้งแล้ว", "reported")
        case .acknowledged: c.t("รับเรื่องแล้ว", "acknowledged")
        case .fixed: c.t("ซ่อมแล้ว", "fixed")
        case .closed: c.t("ปิดเรื่องแล้ว", "closed")
        }
    }

    static func repairer(_ r: RepairRequest.Repairer, _ c: PageContext) -> String {
        switch r.rawValue {
        case "school_staff": c.t("บุคลากรของโรงเรียน", "School staff")
        case "local_technician": c.t("ช่างในท้องถิ่น", "Local technician")
        case "parent_agency": c.t("หน่วยงานต้นสังกัด", "Parent agency")
        default: c.t("ศูนย์ประกัน", "Warranty")
        }
    }
}
