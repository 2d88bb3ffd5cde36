import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning

/// The teacher's pages: my classes; a class's pupils × assigned lessons grid (who has not started, who
/// is stuck); assigning a lesson with a due date; playing a lesson for the class.
struct TeacherPages {
    /// A pupil who started a lesson but has not moved for this long, under completion, is "stuck".
    static let stuckAfter: TimeInterval = 3 * 86400
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/teach") { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            let userID = user.userID
            let classes = try await web.store.read { db in try ClassOverview.taughtClasses(db, teacherID: userID) }
            let body = group {
                el("h1") { context.t("ห้องเรียนของฉัน", "My classes") }
                el("p") { el("a", .href("/teach/uploads")) { context.t("อัปโหลดวิดีโอบทเรียนของโรงเรียน", "Upload your school's lesson videos") } }
                if classes.isEmpty {
                    el("p", .class("empty")) { context.t("ยังไม่มีห้องเรียนที่สอน ติดต่อผู้ดูแลระบบ", "You teach no class yet; ask the administrator.") }
                }
                el("ul", .class("big-choices")) {
                    for c in classes {
                        el("li") {
                            el("a", .class("big-choice"), .href("/teach/classes/\(c.classID)")) {
                                Components.className(grade: c.grade, room: c.room, context)
                                el("small") {
                                    context.t(
                                        "นักเรียน \(c.pupils) คน · ปีการศึกษา \(c.academicYear)",
                                        "\(c.pupils) pupils · academic year \(c.academicYear - 543)")
                                }
                            }
                        }
                    }
                }
            }
            return Layout.response(context, title: context.t("ห้องเรียนของฉัน", "My classes"), body)
        }
        router.get("/teach/classes/:id") { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            return try await Self.classPage(context, user, errors: FormErrors(), web: web)
        }
        router.post("/teach/classes/:id/assign", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            let form = try FormData(request)
            guard let classID = Int64(request.parameters["id"] ?? "") else { throw WebError.notFound() }
            var errors = FormErrors()
            let itemID = form.id("item")
            if itemID == nil { errors.add("item", context.t("เลือกบทเรียนที่จะมอบหมาย", "Choose a lesson to assign")) }
            let due = LocalDate(parsing: form["due"])
            if due == nil { errors.add("due", context.t("กรอกวันที่ส่ง เช่น 2569-12-15", "Enter a due date, e.g. 2026-12-15")) }
            guard errors.isEmpty, let itemID, let due else {
                return try await Self.classPage(context, user, errors: errors, web: web, status: .unprocessableContent)
            }
            let principal = user.principal
            let title = context.t("บทเรียนที่มอบหมาย", "Assigned lessons")
            // Due at the end of that day in Bangkok.
            let dueAt = due.adding(days: 1).startInstant.addingTimeInterval(-1)
            try await web.store.write { db in
                guard try Catalog.item(id: itemID, in: db) != nil else { throw WebError.notFound() }
                try ClassOverview.assignLesson(db, by: principal, classID: classID, itemID: itemID, dueAt: dueAt, title: title)
            }
            return .redirect(to: "/teach/classes/\(classID)?assigned=\(itemID)")
        }
    }

    struct ClassData: Sendable {
        var classroom: ClassOverview.TaughtClass
        var pupils: [ClassOverview.Pupil]
        var assignments: [Courses.AssignmentStatus]
        var items: [Int64: CatalogItem]
        var cells: [Int64: [Int64: ClassOverview.Cell]]
        var choices: [CatalogItem]
    }

    static func classPage(
        _ context: PageContext, _ user: SignedInUser, errors: FormErrors, web: KlaiWeb,
        status: HTTPStatus = .ok
    ) async throws -> HTTPResponse {
        guard let classID = Int64(context.request.parameters["id"] ?? ""), classID > 0 else { throw WebError.notFound() }
        let principal = user.principal
        let data = try await web.store.read { db -> ClassData? in
            guard let classroom = try ClassOverview.taughtClass(db, classID: classID),
                Authorization.may(principal, .viewProgress, .classroom(id: classID, schoolID: classroom.schoolID))
            else { return nil }
            let assignments = try ClassOverview.pupils(db, classID: classID).isEmpty ? [] : try Courses.assignments(db, classID: classID)
            let items = try Catalog.items(ids: assignments.map(\.itemID), in: db)
            var choices: [CatalogItem] = []
            if let code = try CatalogBrowse.gradeCode(classroom.grade, in: db) {
                var query = CatalogQuery()
                query.grades = [code]
                query.kinds = [.dlitLesson, .dltvRecording, .localLesson]
                query.sort = .newest
                query.limit = 100
                choices = try Catalog.search(query, in: db).items
            }
            return ClassData(
                classroom: classroom, pupils: try ClassOverview.pupils(db, classID: classID),
                assignments: assignments, items: items,
                cells: try ClassOverview.grid(db, classID: classID, itemIDs: assignments.map(\.itemID)), choices: choices)
        }
        guard let data else { throw WebError.forbidden() }
        let classroom = data.classroom
        let name = Components.className(grade: classroom.grade, room: classroom.room, context)
        let now = context.now
        let body = group {
            errors.summary(context)
            el("h1") { context.t("ชั้น \(name)", "Class \(name)") }
            el("p", .class("lead")) { context.t("นักเรียน \(classroom.pupils) คน", "\(classroom.pupils) pupils") }
            el("section", .aria("labelledby", "grid-title")) {
                el("h2", .id("grid-title")) { context.t("ความก้าวหน้าของนักเรียน", "Pupils' progress") }
                if data.assignments.isEmpty {
                    el("p", .class("empty")) { context.t("ยังไม่ได้มอบหมายบทเรียน", "No lesson assigned yet.") }
                } else {
                    el(
                        "div", .class("grid-wrap"), Attribute("tabindex", "0"), Attribute("role", "region"),
                        .aria("labelledby", "grid-title")
                    ) {
                        el("table", .class("grid")) {
                            el("thead") {
                                el("tr") {
                                    el("th", Attribute("scope", "col")) { context.t("นักเรียน", "Pupil") }
                                    for a in data.assignments {
                                        el("th", Attribute("scope", "col")) {
                                            el("a", .href("/lessons/\(a.itemID)")) { data.items[a.itemID]?.title ?? "#\(a.itemID)" }
                                            el("small") {
                                                context.t(
                                                    "ส่ง \(CalendarText.date(a.dueAt, .thai, short: true))",
                                                    "due \(CalendarText.date(a.dueAt, .english, short: true))")
                                            }
                                            el("small") { context.t("จบ \(a.completed)/\(a.pupils)", "done \(a.completed)/\(a.pupils)") }
                                        }
                                    }
                                }
                            }
                            el("tbody") {
                                for pupil in data.pupils {
                                    el("tr") {
                                        el("th", Attribute("scope", "row")) { pupil.name }
                                        for a in data.assignments { cell(context, data.cells[pupil.userID]?[a.itemID], due: a.dueAt, now: now) }
                                    }
                                }
                            }
                        }
                    }
                    el("p", .class("legend")) {
                        context.t(
                            "✓ จบแล้ว · ตัวเลข = ดูไปแล้ว · ยังไม่เริ่ม · ค้าง = ไม่ได้ดูต่อเกิน 3 วัน",
                            "✓ completed · number = share watched · not started · stuck = no progress for 3 days")
                    }
                }
            }
            el("section", .aria("labelledby", "assign-title"), .class("card")) {
                el("h2", .id("assign-title")) { context.t("มอบหมายบทเรียน", "Assign a lesson") }
                el("form", Attribute("method", "post"), Attribute("action", "/teach/classes/\(classID)/assign")) {
                    context.csrfField
                    el("div", .class(errors.message(for: "item") == nil ? "field" : "field has-error")) {
                        el("label", Attribute("for", "item")) { context.t("บทเรียน", "Lesson") }
                        if let message = errors.message(for: "item") { el("p", .class("field-error")) { message } }
                        el("select", .id("item"), .name("item"), .flag("required")) {
                            el("option", .value("")) { context.t("— เลือกบทเรียน —", "— choose a lesson —") }
                            for item in data.choices { el("option", .value(String(item.id))) { "\(item.title) (\(Components.meta(context, item)))" } }
                        }
                    }
                    errors.field(
                        "due", label: context.t("วันที่ต้องดูให้จบ", "Due date"), type: "date",
                        value: LocalDate(now.addingTimeInterval(7 * 86400)).description)
                    el("button", .type("submit"), .class("primary")) { context.t("มอบหมาย", "Assign") }
                }
            }
            el("section", .aria("labelledby", "play-title")) {
                el("h2", .id("play-title")) { context.t("เปิดบทเรียนให้ทั้งชั้นดู", "Play a lesson for the class") }
                el("p") {
                    context.t(
                        "เลือกบทเรียนเพื่อเปิดบนจอทีวีของห้องเรียน ระบบจะบันทึกการใช้สื่อในชั้นเรียนให้ศึกษานิเทศก์",
                        "Choose a lesson to show on the classroom TV; Klai records the class screening for supervisors.")
                }
                el("ul", .class("plain play-list")) {
                    for item in data.choices.prefix(30) {
                        el("li") {
                            el("a", .href("/lessons/\(item.id)?class=\(classID)&tv=1"), .class("play-link")) {
                                context.t("▶ เปิดให้ชั้นดู: ", "▶ Play for the class: ") + item.title
                            }
                        }
                    }
                }
            }
        }
        return Layout.response(context, title: context.t("ชั้น \(name)", "Class \(name)"), status: status, body)
    }

    static func cell(_ context: PageContext, _ cell: ClassOverview.Cell?, due: Date, now: Date) -> HTML {
        guard let cell else {
            return el("td", .class(now > due ? "cell late" : "cell none")) { context.t("ยังไม่เริ่ม", "not started") }
        }
        if cell.completed {
            return el("td", .class("cell done")) {
                "✓"; el("span", .class("visually-hidden")) { context.t("จบแล้ว", "completed") }
            }
        }
        let percent = Int((min(max(cell.coverage, 0), 1) * 100).rounded())
        let stuck = now.timeIntervalSince(cell.lastActivity) > stuckAfter
        return el("td", .class(stuck ? "cell stuck" : "cell some")) {
            "\(percent)%"
            if stuck { el("small") { context.t(" ค้าง", " stuck") } }
        }
    }
}
