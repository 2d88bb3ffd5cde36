import Foundation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// People: the searchable list and adding a person (GOV.UK form: error summary, one thing per page). A new
/// person gets a first password shown once on the next page; they must change it at first sign-in.
struct AdminPeoplePages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/people") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            let text = String((request.query("q") ?? "").prefix(100))
            let inactive = request.query("inactive") == "1"
            let (people, schools) = try await web.store.read { db in
                (
                    try PeopleAdmin.search(db, text: text, includeInactive: inactive),
                    Dictionary(uniqueKeysWithValues: try PeopleAdmin.schools(db).map { ($0.id, $0) })
                )
            }
            let body = group {
                AdminPages.heading(context, context.t("บุคลากรและนักเรียน", "People"))
                el("p") { el("a", .href("/admin/people/new"), .class("button primary")) { context.t("เพิ่มผู้ใช้", "Add a person") } }
                el("form", Attribute("method", "get"), Attribute("action", "/admin/people"), Attribute("role", "search"), .class("search-row")) {
                    el("label", Attribute("for", "q")) { context.t("ค้นหาชื่อหรือชื่อผู้ใช้", "Search by name or username") }
                    void("input", .type("search"), .id("q"), .name("q"), .value(text))
                    el("label", .class("check")) {
                        void("input", .type("checkbox"), .name("inactive"), .value("1"), .flag("checked", inactive))
                        context.t(" รวมบัญชีที่ปิดแล้ว", " Include deactivated")
                    }
                    el("button", .type("submit")) { context.t("ค้นหา", "Search") }
                }
                if people.isEmpty { el("p", .class("empty")) { context.t("ไม่พบผู้ใช้", "Nobody found.") } }
                el(
                    "div", .class("grid-wrap"), Attribute("tabindex", "0"), Attribute("role", "region"),
                    .aria("label", context.t("รายชื่อผู้ใช้", "People"))
                ) {
                    el("table", .class("grid people")) {
                        el("thead") {
                            el("tr") {
                                el("th", Attribute("scope", "col")) { context.t("ชื่อ", "Name") }
                                el("th", Attribute("scope", "col")) { context.t("ชื่อผู้ใช้", "Username") }
                                el("th", Attribute("scope", "col")) { context.t("บทบาท", "Roles") }
                                el("th", Attribute("scope", "col")) { context.t("สถานะ", "Status") }
                            }
                        }
                        el("tbody") {
                            for person in people {
                                el("tr", .class(person.isActive ? "" : "inactive")) {
                                    el("th", Attribute("scope", "row")) { el("a", .href("/admin/people/\(person.id)")) { person.displayName } }
                                    el("td") { person.username }
                                    el("td") { person.grants.map { AdminPages.grantText($0, schools: schools, context) }.joined(separator: ", ") }
                                    el("td") { Self.status(person, context) }
                                }
                            }
                        }
                    }
                }
            }
            return Layout.response(context, title: context.t("บุคลากรและนักเรียน", "People"), body)
        }
        router.get("/admin/people/new") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            return try await Self.newPage(context, web: web, errors: FormErrors())
        }
        router.post("/admin/people/new", maxBodySize: 16384) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context)
            let form = try FormData(request)
            var errors = FormErrors()
            let username = form["username"].trimmingCharacters(in: .whitespaces)
            let name = form["name"].trimmingCharacters(in: .whitespaces)
            let role = Role(rawValue: form["role"])
            let schoolID = form.id("school")
            if username.isEmpty || username.contains(where: \.isWhitespace) || username.count > 64 {
                errors.add("username", context.t("กรอกชื่อผู้ใช้เป็นคำเดียว ไม่มีช่องว่าง", "Enter a username: one word without spaces"))
            }
            if name.isEmpty { errors.add("name", context.t("กรอกชื่อที่แสดง", "Enter the name shown in Klai")) }
            if role == nil { errors.add("role", context.t("เลือกบทบาท", "Choose a role")) }
            if let role, role != .admin, schoolID == nil { errors.add("school", context.t("เลือกโรงเรียน", "Choose a school")) }
            guard errors.isEmpty, let role else {
                return try await Self.newPage(context, web: web, errors: errors, form: form, status: .unprocessableContent)
            }
            let password = Accounts.temporaryPassword()
            let hash = PasswordHash(password: password, iterations: web.accounts.policy.iterations)
            let actor = user.userID
            let grant = role == .admin ? RoleGrant(.admin) : RoleGrant(role, schoolID: schoolID)
            let id: Int64
            do {
                id = try await web.store.write { db in
                    let id = try Directory.addUser(db, username: username, displayName: name, password: hash, grants: [grant], actor: actor)
                    try db.execute("UPDATE learning_user SET must_change_password = 1 WHERE id = ?", [id])
                    return id
                }
            } catch let problem as LearningError {
                if case .conflict = problem {
                    errors.add("username", context.t("ชื่อผู้ใช้ \(username) มีผู้ใช้แล้ว เลือกชื่ออื่น", "The username \(username) is taken; choose another"))
                } else {
                    errors.add("username", AdminPages.sentence(problem, context))
                }
                return try await Self.newPage(context, web: web, errors: errors, form: form, status: .unprocessableContent)
            }
            return AdminPersonPages.passwordShown(
                context, username: username, name: name, password: password, userID: id,
                title: context.t("เพิ่มผู้ใช้แล้ว", "Person added"))
        }
    }

    static func status(_ person: PeopleAdmin.Person, _ context: PageContext) -> String {
        if !person.isActive { return context.t("ปิดบัญชีแล้ว", "Deactivated") }
        if !person.hasPassword { return context.t("ยังไม่มีรหัสผ่าน", "No password yet") }
        if person.mustChangePassword { return context.t("รอเปลี่ยนรหัสผ่านแรกเข้า", "First password not changed yet") }
        return context.t("ใช้งาน", "Active")
    }

    static func newPage(
        _ context: PageContext, web: KlaiWeb, errors: FormErrors, form: FormData? = nil,
        status: HTTPStatus = .ok
    ) async throws -> HTTPResponse {
        let schools = try await web.store.read { db in try PeopleAdmin.schools(db) }
        let chosenRole = form?["role"] ?? "teacher"
        let chosenSchool = form?["school"] ?? ""
        let body = group {
            errors.summary(context)
            AdminPages.heading(context, context.t("เพิ่มผู้ใช้", "Add a person"))
            el("form", Attribute("method", "post"), Attribute("action", "/admin/people/new"), .class("narrow")) {
                context.csrfField
                errors.field(
                    "name", label: context.t("ชื่อที่แสดง", "Name shown in Klai"), value: form?["name"] ?? "",
                    hint: context.t("เช่น ครูสมหญิง รักเรียน", "For example ครูสมหญิง รักเรียน"))
                errors.field(
                    "username", label: context.t("ชื่อผู้ใช้", "Username"), value: form?["username"] ?? "",
                    hint: context.t("ใช้ตอนเข้าสู่ระบบ ตัวอักษรภาษาอังกฤษหรือตัวเลข ไม่มีช่องว่าง", "Used to sign in; one word, no spaces"),
                    autocomplete: "off")
                AdminSelect.field(
                    errors, "role", label: context.t("บทบาท", "Role"), chosen: chosenRole,
                    options: [Role.teacher, .director, .supervisor, .admin].map { ($0.rawValue, context.roleName($0)) })
                AdminSelect.field(
                    errors, "school", label: context.t("โรงเรียน", "School"), chosen: chosenSchool,
                    options: [("", context.t("— ไม่มี (ผู้ดูแลระบบ) —", "— none (administrator) —"))]
                        + schools.map { (String($0.id), "\($0.name) (\($0.code))") })
                el("button", .type("submit"), .class("primary")) { context.t("เพิ่มผู้ใช้", "Add person") }
            }
        }
        return Layout.response(context, title: context.t("เพิ่มผู้ใช้", "Add a person"), status: status, body)
    }
}

/// A labelled `<select>` with its error above it, like `FormErrors.field`.
enum AdminSelect {
    static func field(_ errors: FormErrors, _ id: String, label: String, chosen: String, options: [(String, String)]) -> HTML {
        let message = errors.message(for: id)
        return el("div", .class(message == nil ? "field" : "field has-error")) {
            el("label", Attribute("for", id)) { label }
            if let message { el("p", .class("field-error"), .id("\(id)-error")) { message } }
            el("select", .id(id), .name(id), message != nil ? .aria("describedby", "\(id)-error") : nil) {
                for (value, text) in options { el("option", .value(value), .flag("selected", value == chosen)) { text } }
            }
        }
    }
}
