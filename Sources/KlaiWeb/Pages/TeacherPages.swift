import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning
import Synchronization

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
        var grid: ClassOverview.ProgressGrid
        var gradeCode: String?
        var choices: [ClassOverview.LessonChoice]
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
            let code = try CatalogBrowse.gradeCode(classroom.grade, in: db)
            let choices = try code.map { try ClassOverview.lessonChoices(db, gradeCode: $0, limit: 100) } ?? []
            return ClassData(
                classroom: classroom, grid: try ClassOverview.progressGrid(db, classID: classID), gradeCode: code, choices: choices)
        }
        guard let data else { throw WebError.forbidden() }
        let classroom = data.classroom
        let name = Components.className(grade: classroom.grade, room: classroom.room, context)
        let now = context.now
        let grid = data.grid
        let cells = CellMarkup.of(context.language)
        let body = group {
            errors.summary(context)
            el("h1") { context.t("ชั้น \(name)", "Class \(name)") }
            el("p", .class("lead")) { context.t("นักเรียน \(classroom.pupils) คน", "\(classroom.pupils) pupils") }
            el("section", .aria("labelledby", "grid-title")) {
                el("h2", .id("grid-title")) { context.t("ความก้าวหน้าของนักเรียน", "Pupils' progress") }
                if grid.lessons.isEmpty {
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
                                    for lesson in grid.lessons {
                                        el("th", Attribute("scope", "col")) {
                                            el("a", .href("/lessons/\(lesson.itemID)")) { lesson.title ?? "#\(lesson.itemID)" }
                                            // Only the page's language is formatted (`t` would format both), 40 times a page.
                                            el("small") {
                                                context.language == .thai
                                                    ? "ส่ง \(CalendarText.date(lesson.dueAt, .thai, short: true))"
                                                    : "due \(CalendarText.date(lesson.dueAt, .english, short: true))"
                                            }
                                            el("small") {
                                                context.t("จบ \(lesson.completed)/\(grid.pupilCount)", "done \(lesson.completed)/\(grid.pupilCount)")
                                            }
                                        }
                                    }
                                }
                            }
                            el("tbody") {
                                for (row, pupil) in grid.pupils.enumerated() {
                                    el("tr") {
                                        el("th", Attribute("scope", "row")) { pupil.name }
                                        RenderedHTML.joined(
                                            grid.lessons.indices.lazy.map { column in
                                                cells.markup(grid.cell(pupil: row, lesson: column), due: grid.lessons[column].dueAt, now: now)
                                            })
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
                            ChoiceOptions.shared.options(data.choices, grade: data.gradeCode ?? "", context).html
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
                            el("a", .href("/lessons/\(item.itemID)?class=\(classID)&tv=1"), .class("play-link")) {
                                context.t("▶ เปิดให้ชั้นดู: ", "▶ Play for the class: ") + item.title
                            }
                        }
                    }
                }
            }
        }
        return Layout.response(context, title: context.t("ชั้น \(name)", "Class \(name)"), status: status, body)
    }

    /// The `<option>`s of a grade's lesson choices, rendered once per language and reused while the catalog gives
    /// the same choices. Every request still reads the choices and compares them with the cached ones, so a
    /// change to the catalog shows on the next page with nothing to invalidate; what is saved is formatting
    /// 100 titles, dates and durations per page. Keys are grade codes from the `grade` table, so few.
    final class ChoiceOptions: Sendable {
        private struct Entry {
            var choices: [ClassOverview.LessonChoice]
            var options: RenderedHTML
        }
        private let entries = Mutex<[String: Entry]>([:])
        static let shared = ChoiceOptions()

        func options(_ choices: [ClassOverview.LessonChoice], grade: String, _ context: PageContext) -> RenderedHTML {
            let key = context.language.rawValue + "/" + grade
            if let entry = entries.withLock({ $0[key] }), entry.choices == choices { return entry.options }
            let options = RenderedHTML(
                group {
                    for item in choices { el("option", .value(String(item.itemID))) { "\(item.title) (\(Components.meta(context, item)))" } }
                })
            entries.withLock { $0[key] = Entry(choices: choices, options: options) }
            return options
        }
    }

    /// Every cell the grid can show, rendered once per language: not started (before or after the due date),
    /// completed, and each whole percentage watched, moving or stuck. A 30 × 40 grid then copies 1,200 small
    /// pieces of markup instead of building and writing 1,200 elements.
    struct CellMarkup: Sendable {
        let notStarted: RenderedHTML
        let late: RenderedHTML
        let done: RenderedHTML
        /// Indexed by the percentage watched, 0…100.
        let watched: [RenderedHTML]
        let stuck: [RenderedHTML]

        static let thai = CellMarkup(.thai)
        static let english = CellMarkup(.english)
        static func of(_ language: Language) -> CellMarkup { language == .thai ? thai : english }

        init(_ language: Language) {
            notStarted = RenderedHTML(TeacherPages.cell(.notStarted(late: false), language))
            late = RenderedHTML(TeacherPages.cell(.notStarted(late: true), language))
            done = RenderedHTML(TeacherPages.cell(.done, language))
            watched = (0...100).map { RenderedHTML(TeacherPages.cell(.watched(percent: $0, stuck: false), language)) }
            stuck = (0...100).map { RenderedHTML(TeacherPages.cell(.watched(percent: $0, stuck: true), language)) }
        }

        /// The markup of a pupil's cell for a lesson due at `due`.
        func markup(_ cell: ClassOverview.Cell?, due: Date, now: Date) -> RenderedHTML {
            switch CellState(cell, due: due, now: now) {
            case .notStarted(let isLate): return isLate ? late : notStarted
            case .done: return done
            case .watched(let percent, let isStuck): return isStuck ? stuck[percent] : watched[percent]
            }
        }
    }

    /// What a cell says: not started (late once the due date has passed), completed, or the share watched
    /// (stuck when the pupil has not moved for `stuckAfter`).
    enum CellState: Equatable {
        case notStarted(late: Bool)
        case done
        /// `percent` is 0…100.
        case watched(percent: Int, stuck: Bool)

        init(_ cell: ClassOverview.Cell?, due: Date, now: Date) {
            guard let cell else {
                self = .notStarted(late: now > due)
                return
            }
            if cell.completed {
                self = .done
                return
            }
            let share = cell.coverage.isNaN ? 0 : min(max(cell.coverage, 0), 1)
            self = .watched(percent: Int((share * 100).rounded()), stuck: now.timeIntervalSince(cell.lastActivity) > stuckAfter)
        }
    }

    static func cell(_ state: CellState, _ language: Language) -> HTML {
        switch state {
        case .notStarted(let late):
            return el("td", .class(late ? "cell late" : "cell none")) { language.pick("ยังไม่เริ่ม", "not started") }
        case .done:
            return el("td", .class("cell done")) {
                "✓"; el("span", .class("visually-hidden")) { language.pick("จบแล้ว", "completed") }
            }
        case .watched(let percent, let stuck):
            return el("td", .class(stuck ? "cell stuck" : "cell some")) {
                "\(percent)%"
                if stuck { el("small") { language.pick(" ค้าง", " stuck") } }
            }
        }
    }
}
