import KlaiHTTP
import KlaiLearning

/// The frame around every page: school name, the signed-in person and role (with a switch for people
/// with several roles), ไทย / English, sign out; then the page's own content.
enum Layout {
    static func response(
        _ context: PageContext, title: String, status: HTTPStatus = .ok, scripts: [String] = [],
        _ content: HTML
    ) -> HTTPResponse {
        var response = HTTPResponse(
            status: status, headers: ["Content-Type": "text/html; charset=utf-8"],
            body: .bytes(document(context, title: title, scripts: scripts, content).renderUTF8()))
        if let tv = context.request.query("tv") {
            var cookie = SetCookie(name: PageContext.tvCookie, value: tv == "1" ? "1" : "", maxAge: tv == "1" ? 86400 * 30 : 0)
            cookie.httpOnly = true
            response.setCookie(cookie)
        }
        return response
    }

    static func document(_ context: PageContext, title: String, scripts: [String], _ content: HTML) -> HTML {
        let assetPrefix = context.assetPrefix
        return group {
            HTML.trusted("<!doctype html>")
            el("html", Attribute("lang", context.language.rawValue)) {
                el("head") {
                    void("meta", Attribute("charset", "utf-8"))
                    void("meta", .name("viewport"), Attribute("content", "width=device-width, initial-scale=1"))
                    el("title") { "\(title) · Klai" }
                    void("link", Attribute("rel", "stylesheet"), .href("\(assetPrefix)/css/site.css"))
                    void("link", Attribute("rel", "icon"), .href("\(assetPrefix)/icons/klai.svg"), .type("image/svg+xml"))
                    for script in scripts {
                        el("script", .type("module"), Attribute("src", "\(assetPrefix)/js/\(script)"))
                    }
                }
                el("body", .class(context.tvMode ? "tv" : "")) {
                    el("a", .class("skip"), .href("#main")) { context.t("ข้ามไปยังเนื้อหา", "Skip to content") }
                    header(context)
                    el("main", .id("main")) { content }
                    el("footer", .class("site-footer")) {
                        el("p") { context.t("Klai · สื่อการเรียนทางไกล DLTV และ DLIT", "Klai · DLTV and DLIT distance learning") }
                    }
                }
            }
        }
    }

    static func header(_ context: PageContext) -> HTML {
        el("header", .class("site-header")) {
            el("div", .class("brand")) {
                el("a", .href("/"), .class("logo")) { "Klai" }
                if let school = context.user?.profile.schoolName, !school.isEmpty {
                    el("span", .class("school")) { school }
                }
            }
            el("nav", .aria("label", context.t("เมนูหลัก", "Main menu"))) {
                el("ul", .class("menu")) {
                    for (href, label) in menu(context) {
                        el("li") {
                            el("a", .href(href), context.request.path == href ? .aria("current", "page") : nil) { label }
                        }
                    }
                }
            }
            el("div", .class("who")) {
                if let user = context.user {
                    el("span", .class("person")) {
                        el("strong") { user.profile.displayName }
                        if let role = context.role { " · \(context.roleName(role))" }
                    }
                    roleSwitch(context, user)
                    el("form", Attribute("method", "post"), Attribute("action", "/sign-out"), .class("inline")) {
                        context.csrfField
                        el("button", .type("submit"), .class("link")) { context.t("ออกจากระบบ", "Sign out") }
                    }
                }
                el("form", Attribute("method", "post"), Attribute("action", "/language"), .class("inline lang")) {
                    context.csrfField
                    void("input", .type("hidden"), .name("back"), .value(context.request.head.target))
                    if context.language == .thai {
                        el("button", .type("submit"), .name("lang"), .value("en"), Attribute("lang", "en")) { "English" }
                    } else {
                        el("button", .type("submit"), .name("lang"), .value("th"), Attribute("lang", "th")) { "ไทย" }
                    }
                }
            }
        }
    }

    static func roleSwitch(_ context: PageContext, _ user: SignedInUser) -> HTML {
        let roles = Array(Set(user.principal.grants.map(\.role))).sorted { $0.rawValue < $1.rawValue }
        if roles.count < 2 { return .empty }
        return el("form", Attribute("method", "post"), Attribute("action", "/role"), .class("inline")) {
            context.csrfField
            el("label", Attribute("for", "role-switch"), .class("visually-hidden")) { context.t("บทบาท", "Role") }
            el("select", .id("role-switch"), .name("role")) {
                for role in roles {
                    el("option", .value(role.rawValue), .flag("selected", role == context.role)) { context.roleName(role) }
                }
            }
            el("button", .type("submit"), .class("small")) { context.t("เปลี่ยน", "Switch") }
        }
    }

    static func menu(_ context: PageContext) -> [(String, String)] {
        guard context.user != nil else { return [("/catalog", context.t("คลังบทเรียน", "Lessons"))] }
        var items: [(String, String)] = [("/", context.t("หน้าแรก", "Home"))]
        switch context.role {
        case .teacher?: items.append(("/teach", context.t("ห้องเรียนของฉัน", "My classes")))
        default: break
        }
        if [.admin, .director, .teacher].contains(context.role) { items.append(("/admin", context.t("ดูแลระบบ", "Admin"))) }
        items.append(
            context.role == .student
                ? ("/surveys", context.t("แบบสอบถาม", "Surveys")) : ("/supervision", context.t("นิเทศและติดตาม", "Supervision")))
        items += [
            ("/catalog", context.t("คลังบทเรียน", "Lessons")), ("/today", context.t("DLTV วันนี้", "DLTV today")),
            ("/account", context.t("บัญชีของฉัน", "My account"))
        ]
        return items
    }
}
