import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning

/// `/`: the start page for the signed-in person's role; the pupil home; a course page.
struct HomePages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/") { request in
            let context = PageContext(request)
            guard context.user != nil else { return .redirect(to: "/sign-in") }
            let user = try Components.requireUser(context)
            switch context.role {
            case .student?: return try await Self.pupilHome(context, user, web: web)
            case .teacher?: return .redirect(to: "/teach")
            default: return Self.overview(context, user)
            }
        }
        router.get("/courses/:id") { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            guard let courseID = Int64(request.parameters["id"] ?? ""), courseID > 0 else { throw WebError.notFound() }
            return try await Self.course(context, user, courseID: courseID, web: web)
        }
    }

    /// Continue watching, assigned lessons with due dates and progress, today's DLTV, my courses.
    static func pupilHome(_ context: PageContext, _ user: SignedInUser, web: KlaiWeb) async throws -> HTTPResponse {
        let userID = user.userID
        let today = LocalDate(context.now)
        let data = try await web.store.read { db in
            let resume = try ClassOverview.continueWatching(db, userID: userID)
            let assigned = try ClassOverview.assignments(db, studentID: userID)
            let courses = try ClassOverview.courses(db, studentID: userID)
            let items = try Catalog.items(ids: resume.map(\.itemID) + assigned.map(\.itemID), in: db)
            var slots: [ScheduledSlot] = []
            var channel: String?
            if let grade = try ClassOverview.grade(db, studentID: userID), let code = try CatalogBrowse.gradeCode(grade, in: db) {
                channel = try CatalogBrowse.channel(forGrade: code, on: today, in: db)
                if let channel { slots = try Catalog.day(channel: channel, on: today, in: db) }
            }
            let relayed = try channel.map { try LivePages.relayed(in: db).contains($0) } ?? false
            return (resume, assigned, courses, items, slots, channel, relayed)
        }
        let (resume, assigned, courses, items, slots, channel, relayed) = data
        let body = group {
            el("h1") { context.t("สวัสดี \(user.profile.displayName)", "Hello \(user.profile.displayName)") }
            if !resume.isEmpty {
                el("section", .aria("labelledby", "continue")) {
                    el("h2", .id("continue")) { context.t("ดูต่อ", "Continue watching") }
                    el("ul", .class("cards")) {
                        for progress in resume {
                            if let item = items[progress.itemID] {
                                Components.lessonCard(
                                    context, item, progress: progress.coverage,
                                    note: context.t(
                                        "ดูถึง \(CalendarText.clock(progress.lastPosition))",
                                        "stopped at \(CalendarText.clock(progress.lastPosition))"))
                            }
                        }
                    }
                }
            }
            el("section", .aria("labelledby", "assigned")) {
                el("h2", .id("assigned")) { context.t("บทเรียนที่ครูมอบหมาย", "Lessons from your teacher") }
                if assigned.isEmpty {
                    el("p", .class("empty")) { context.t("ยังไม่มีบทเรียนที่มอบหมาย", "Nothing assigned yet.") }
                } else {
                    el("ul", .class("cards")) {
                        for assignment in assigned {
                            if let item = items[assignment.itemID] {
                                Components.lessonCard(
                                    context, item, progress: assignment.coverage,
                                    note: assignment.completed
                                        ? context.t("เรียนจบแล้ว", "Completed")
                                        : context.t(
                                            "ส่งภายใน \(CalendarText.date(assignment.dueAt, .thai, short: true))",
                                            "Due \(CalendarText.date(assignment.dueAt, .english, short: true))"))
                            }
                        }
                    }
                }
            }
            el("section", .aria("labelledby", "today")) {
                el("h2", .id("today")) {
                    context.t("DLTV วันนี้", "DLTV today")
                    if let channel { " · \(channel)" }
                }
                if relayed, let channel { LivePages.watchLink(context, channel) }
                CatalogPages.slotList(context, slots, now: context.now)
            }
            if !courses.isEmpty {
                el("section", .aria("labelledby", "courses")) {
                    el("h2", .id("courses")) { context.t("รายวิชาของฉัน", "My courses") }
                    el("ul", .class("plain")) {
                        for course in courses { el("li") { el("a", .href("/courses/\(course.courseID)")) { course.title } } }
                    }
                }
            }
        }
        return Layout.response(context, title: context.t("หน้าแรก", "Home"), body)
    }

    /// A course: each item with the pupil's coverage.
    static func course(_ context: PageContext, _ user: SignedInUser, courseID: Int64, web: KlaiWeb) async throws -> HTTPResponse {
        let principal = user.principal
        let data = try await web.store.read { db -> (String, [(CatalogItem, Double, Bool)])? in
            guard Authorization.may(principal, .view, try Courses.target(db, courseID: courseID)) else { return nil }
            let title = try db.scalar("SELECT title FROM learning_course WHERE id = ?", [courseID], as: String.self) ?? ""
            let progress = try Courses.progress(db, courseID: courseID, studentID: principal.userID)
            return (
                title,
                try progress.items.compactMap { entry in
                    try Catalog.item(id: entry.itemID, in: db).map { ($0, entry.coverage, entry.completed) }
                }
            )
        }
        guard let (title, entries) = data else { throw WebError.forbidden() }
        let body = group {
            el("h1") { title }
            el("ul", .class("cards")) {
                for (item, coverage, done) in entries {
                    Components.lessonCard(context, item, progress: coverage, note: done ? context.t("เรียนจบแล้ว", "Completed") : nil)
                }
            }
        }
        return Layout.response(context, title: title, body)
    }

    /// Roles without a page of their own yet see where to go.
    static func overview(_ context: PageContext, _ user: SignedInUser) -> HTTPResponse {
        let body = group {
            el("h1") { context.t("สวัสดี \(user.profile.displayName)", "Hello \(user.profile.displayName)") }
            el("ul", .class("big-choices")) {
                el("li") { el("a", .class("big-choice"), .href("/catalog")) { context.t("คลังบทเรียน", "Lessons") } }
                el("li") { el("a", .class("big-choice"), .href("/today")) { context.t("DLTV วันนี้", "DLTV today") } }
            }
        }
        return Layout.response(context, title: context.t("หน้าแรก", "Home"), body)
    }
}
