import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning

/// `/catalog`: browse grade → learning area → unit, or search (Thai substrings, the CLI's filters),
/// with posters and paging; `/today`: DLTV's periods today per channel or grade, with now/next.
struct CatalogPages {
    static let pageSize = 24
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/catalog") { request in
            let context = PageContext(request)
            _ = try Components.requireUser(context)
            return try await Self.catalog(context, web: web)
        }
        router.get("/today") { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            return try await Self.today(context, user, web: web)
        }
    }

    static func catalog(_ context: PageContext, web: KlaiWeb) async throws -> HTTPResponse {
        let request = context.request
        let text = String((request.query("q") ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let grade = String((request.query("grade") ?? "").prefix(4))
        let area = String((request.query("area") ?? "").prefix(4))
        let unit = String((request.query("unit") ?? "").prefix(200))
        let channel = String((request.query("channel") ?? "").prefix(10))
        let page = min(max(Int(request.query("page") ?? "") ?? 1, 1), 1000)
        let searching = !text.isEmpty || !channel.isEmpty
        let data = try await web.store.read { db in
            let grades = try CatalogBrowse.grades(in: db)
            let areas = try CatalogBrowse.learningAreas(in: db)
            let channels = try CatalogBrowse.channels(in: db)
            var units: [(unit: String, lessons: Int)] = []
            var results: [CatalogItem] = []
            var hasMore = false
            if searching || (!grade.isEmpty && !area.isEmpty && !unit.isEmpty) || (!grade.isEmpty && area.isEmpty) {
                var query = CatalogQuery(text: text.isEmpty ? nil : text)
                if !grade.isEmpty { query.grades = [grade] }
                if !area.isEmpty { query.learningAreas = [area] }
                if !channel.isEmpty { query.channel = channel }
                query.kinds = [.dlitLesson, .dltvRecording, .localLesson]
                query.sort = text.isEmpty ? .newest : .relevance
                query.limit = Self.pageSize
                query.offset = (page - 1) * Self.pageSize
                if !unit.isEmpty && !searching {
                    results = try CatalogBrowse.lessons(grade: grade, learningArea: area, unit: unit, in: db)
                } else {
                    let found = try Catalog.search(query, in: db)
                    results = found.items
                    hasMore = found.hasMore
                }
            } else if !grade.isEmpty && !area.isEmpty {
                units = try CatalogBrowse.units(grade: grade, learningArea: area, in: db)
            }
            return (grades, areas, channels, units, results, hasMore)
        }
        let (grades, areas, channels, units, results, hasMore) = data
        func link(grade g: String? = nil, area a: String? = nil, unit u: String? = nil) -> String {
            var parts: [String] = []
            if let g, !g.isEmpty { parts.append("grade=\(PercentEncodingForm.encode(g))") }
            if let a, !a.isEmpty { parts.append("area=\(PercentEncodingForm.encode(a))") }
            if let u, !u.isEmpty { parts.append("unit=\(PercentEncodingForm.encode(u))") }
            return "/catalog" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
        }
        let body = group {
            el("h1") { context.t("คลังบทเรียน", "Lessons") }
            el("form", Attribute("method", "get"), Attribute("action", "/catalog"), Attribute("role", "search"), .class("search")) {
                el("label", Attribute("for", "q")) { context.t("ค้นหาบทเรียน", "Search lessons") }
                el("div", .class("search-row")) {
                    void(
                        "input", .type("search"), .id("q"), .name("q"), .value(text),
                        Attribute("placeholder", context.t("เช่น เศษส่วน", "e.g. fractions")))
                    el("label", Attribute("for", "grade-filter"), .class("visually-hidden")) { context.t("ชั้น", "Grade") }
                    el("select", .id("grade-filter"), .name("grade")) {
                        el("option", .value("")) { context.t("ทุกชั้น", "All grades") }
                        for g in grades {
                            el("option", .value(g.code), .flag("selected", g.code == grade)) { context.t(g.thai, g.english) }
                        }
                    }
                    el("label", Attribute("for", "channel-filter"), .class("visually-hidden")) { context.t("ช่อง", "Channel") }
                    el("select", .id("channel-filter"), .name("channel")) {
                        el("option", .value("")) { context.t("ทุกช่อง", "All channels") }
                        for c in channels { el("option", .value(c.code), .flag("selected", c.code == channel)) { c.code } }
                    }
                    el("button", .type("submit"), .class("primary")) { context.t("ค้นหา", "Search") }
                }
            }
            if !searching {
                el("nav", .aria("label", context.t("ชั้นเรียน", "Grades")), .class("chips")) {
                    for g in grades {
                        el("a", .href(link(grade: g.code)), g.code == grade ? .aria("current", "true") : nil) { context.t(g.thai, g.english) }
                    }
                }
                if !grade.isEmpty {
                    el("nav", .aria("label", context.t("กลุ่มสาระการเรียนรู้", "Learning areas")), .class("chips")) {
                        for a in areas {
                            el("a", .href(link(grade: grade, area: a.code)), a.code == area ? .aria("current", "true") : nil) {
                                context.t(a.thai, a.english)
                            }
                        }
                    }
                }
                if !units.isEmpty {
                    el("h2") { context.t("หน่วยการเรียนรู้", "Units") }
                    el("ul", .class("plain units")) {
                        for entry in units {
                            el("li") {
                                el("a", .href(link(grade: grade, area: area, unit: entry.unit))) { entry.unit }
                                " "
                                el("span", .class("count")) { context.t("\(entry.lessons) บทเรียน", "\(entry.lessons) lessons") }
                            }
                        }
                    }
                } else if !grade.isEmpty && !area.isEmpty && unit.isEmpty {
                    el("p", .class("empty")) { context.t("ยังไม่มีบทเรียนในกลุ่มสาระนี้", "No lessons in this learning area yet.") }
                }
            }
            if !unit.isEmpty { el("h2") { unit } }
            if searching || !results.isEmpty {
                if results.isEmpty {
                    el("p", .class("empty"), Attribute("role", "status")) {
                        context.t("ไม่พบบทเรียนที่ตรงกับ “\(text)”", "No lesson matches “\(text)”.")
                    }
                } else {
                    el("p", Attribute("role", "status"), .class("visually-hidden")) {
                        context.t("พบ \(results.count) บทเรียน", "\(results.count) lessons found")
                    }
                    el("ul", .class("cards")) { for item in results { Components.lessonCard(context, item) } }
                }
                pager(context, page: page, hasMore: hasMore)
            }
        }
        return Layout.response(context, title: context.t("คลังบทเรียน", "Lessons"), body)
    }

    /// Previous/next links that keep the page's other query parameters; `base` is the page's path.
    static func pager(_ context: PageContext, page: Int, hasMore: Bool, base: String = "/catalog") -> HTML {
        let request = context.request
        func url(_ target: Int) -> String {
            let kept = request.queryItems.filter { $0.name != "page" }
                .map { "\($0.name)=\(PercentEncodingForm.encode($0.value))" }
            return base + "?" + (kept + ["page=\(target)"]).joined(separator: "&")
        }
        if page == 1 && !hasMore { return .empty }
        return el("nav", .class("pager"), .aria("label", context.t("หน้า", "Pages"))) {
            if page > 1 { el("a", .href(url(page - 1)), Attribute("rel", "prev")) { context.t("← ก่อนหน้า", "← Previous") } }
            el("span") { context.t("หน้า \(page)", "Page \(page)") }
            if hasMore { el("a", .href(url(page + 1)), Attribute("rel", "next")) { context.t("ถัดไป →", "Next →") } }
        }
    }

    /// Today's (or a week's) periods per channel or grade, each linked to its recording when Klai has it.
    static func today(_ context: PageContext, _ user: SignedInUser, web: KlaiWeb) async throws -> HTTPResponse {
        let request = context.request
        let week = request.query("week") == "1"
        let date = request.query("date").flatMap { LocalDate(parsing: String($0.prefix(10))) } ?? LocalDate(context.now)
        let userID = user.userID
        let asked = String((request.query("channel") ?? "").prefix(10))
        let askedGrade = String((request.query("grade") ?? "").prefix(6))
        let data = try await web.store.read { db -> ([CatalogBrowse.Named], [CatalogBrowse.Named], String, String?, [ScheduledSlot], Bool) in
            let channels = try CatalogBrowse.channels(in: db)
            let grades = try CatalogBrowse.grades(in: db)
            var grade = askedGrade.isEmpty ? nil : try CatalogBrowse.gradeCode(askedGrade, in: db)
            if grade == nil, asked.isEmpty, let own = try ClassOverview.grade(db, studentID: userID) {
                grade = try CatalogBrowse.gradeCode(own, in: db)
            }
            var channel = channels.contains { $0.code == asked.uppercased() } ? asked.uppercased() : ""
            if channel.isEmpty, let grade { channel = try CatalogBrowse.channel(forGrade: grade, on: date, in: db) ?? "" }
            if channel.isEmpty { channel = channels.first?.code ?? "" }
            let slots =
                week && grade != nil
                ? try Catalog.week(grade: grade ?? "", containing: date, in: db)
                : try Catalog.day(channel: channel, on: date, in: db)
            return (channels, grades, channel, grade, slots, try LivePages.relayed(in: db).contains(channel))
        }
        let (channels, grades, channel, grade, slots, relayed) = data
        let title = context.t("DLTV วันนี้", "DLTV today")
        let body = group {
            el("h1") { title }
            el("p", .class("lead")) {
                CalendarText.date(year: date.year, month: date.month, day: date.day, context.language)
                " · \(channel)"
            }
            el("form", Attribute("method", "get"), Attribute("action", "/today"), .class("search")) {
                el("div", .class("search-row")) {
                    el("label", Attribute("for", "channel")) { context.t("ช่อง", "Channel") }
                    el("select", .id("channel"), .name("channel")) {
                        for c in channels { el("option", .value(c.code), .flag("selected", c.code == channel)) { c.code } }
                    }
                    el("label", Attribute("for", "grade")) { context.t("หรือชั้น", "or grade") }
                    el("select", .id("grade"), .name("grade")) {
                        el("option", .value("")) { "—" }
                        for g in grades { el("option", .value(g.code), .flag("selected", g.code == grade)) { context.t(g.thai, g.english) } }
                    }
                    el("button", .type("submit")) { context.t("ดู", "Show") }
                }
            }
            if relayed && !week { LivePages.watchLink(context, channel) }
            el("p") {
                if week {
                    el("a", .href("/today?channel=\(channel)")) { context.t("ดูเฉพาะวันนี้", "Today only") }
                } else if let grade {
                    el("a", .href("/today?grade=\(grade)&week=1")) { context.t("ดูทั้งสัปดาห์", "The whole week") }
                }
            }
            slotList(context, slots, now: context.now, showDate: week)
        }
        return Layout.response(context, title: title, body)
    }

    /// The indexes of the period on air at `now` and of the next one today (by the minute, Bangkok time).
    static func nowAndNext(_ slots: [ScheduledSlot], now: Date) -> (current: Int?, next: Int?) {
        let today = LocalDate(now)
        let p = CalendarText.parts(now)
        let minute = p.hour * 60 + p.minute
        let current = slots.firstIndex { $0.date == today && $0.slot.startsAt.seconds / 60 <= minute && minute < $0.slot.endsAt.seconds / 60 }
        let next = slots.firstIndex { $0.date == today && $0.slot.startsAt.seconds / 60 > minute }
        return (current, next)
    }

    /// Periods with time, subject, now/next badges and a link to the recording when present.
    static func slotList(_ context: PageContext, _ slots: [ScheduledSlot], now: Date, showDate: Bool = false) -> HTML {
        if slots.isEmpty {
            return el("p", .class("empty")) { context.t("วันนี้ไม่มีการออกอากาศตามตาราง", "No broadcast periods on this day.") }
        }
        let (current, next) = nowAndNext(slots, now: now)
        return el("ol", .class("slots")) {
            for (index, entry) in slots.enumerated() {
                el("li", .class(index == current ? "slot now" : "slot")) {
                    el("span", .class("time")) {
                        if showDate {
                            CalendarText.weekday(entry.date.weekday % 7, context.language) + " "
                        }
                        "\(entry.slot.startsAt)–\(entry.slot.endsAt)"
                    }
                    el("span", .class("subject")) {
                        context.t("คาบ \(entry.slot.period) · \(entry.slot.subject)", "Period \(entry.slot.period) · \(entry.slot.subject)")
                    }
                    if index == current { el("strong", .class("badge")) { context.t("กำลังออกอากาศ", "On air") } }
                    if index == next { el("span", .class("badge next")) { context.t("ถัดไป", "Next") } }
                    if let recording = entry.recording {
                        el("a", .href("/lessons/\(recording.id)"), .class("watch")) { context.t("ดูย้อนหลัง", "Watch recording") }
                    }
                }
            }
        }
    }
}
