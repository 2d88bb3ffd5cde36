import Foundation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// One person: their name, roles and classes taught, password reset (a one-time password shown once) and
/// deactivation. Deactivating never deletes: the account stops signing in, its history stays.
struct AdminPersonPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/people/:id") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            return try await Self.page(context, web: web, errors: FormErrors())
        }
        router.post("/admin/people/:id/:change", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            guard let userID = Int64(request.parameters["id"] ?? ""), userID > 0 else { throw WebError.notFound() }
            let form = try FormData(request)
            let actor = user.userID
            let principal = user.principal
            let change = request.parameters["change"] ?? ""
            if change == "password" {
                // Directors and teachers may reach this one (their teachers' and pupils' passwords).
                let password = Accounts.temporaryPassword()
                try await passwordWork { try web.accounts.resetPassword(by: principal, userID: userID, to: password) }
                let person = try await web.store.read { db in try PeopleAdmin.person(db, id: userID) }
                guard let person else { throw WebError.notFound() }
                return Self.passwordShown(
                    context, username: person.username, name: person.displayName, password: password,
                    userID: userID, title: context.t("ตั้งรหัสผ่านใหม่แล้ว", "Password reset"))
            }
            guard Authorization.may(principal, .manageUsers, .system) else { throw WebError.forbidden() }
            var errors = FormErrors()
            do {
                try await web.store.write { db in
                    switch change {
                    case "name": try PeopleAdmin.rename(db, userID: userID, displayName: form["name"], actor: actor)
                    case "deactivate": try PeopleAdmin.setActive(db, userID: userID, active: false, actor: actor)
                    case "reactivate": try PeopleAdmin.setActive(db, userID: userID, active: true, actor: actor)
                    case "grant", "revoke":
                        // The add form names its fields grant-role/grant-school (ids unique on the page).
                        let roleText = form["role"].isEmpty ? form["grant-role"] : form["role"]
                        guard let role = Role(rawValue: roleText) else { throw LearningError.invalid("choose a role") }
                        let school = form.id("school") ?? form.id("grant-school")
                        let grant = RoleGrant(role, schoolID: role == .admin ? nil : school)
                        if change == "grant" {
                            try Directory.grant(db, userID: userID, grant, actor: actor)
                        } else {
                            try Directory.revoke(db, userID: userID, grant, actor: actor)
                        }
                    case "teach":
                        guard let classID = form.id("class") else { throw LearningError.invalid("choose a class") }
                        try Directory.assignTeacher(db, userID: userID, classID: classID)
                        try AuditLog.record(db, actor: actor, action: "class.teacher", target: "user:\(userID)", detail: "class:\(classID)")
                    default: throw WebError.notFound()
                    }
                }
            } catch let problem as LearningError {
                errors.add(change == "name" ? "name" : "role", AdminPages.sentence(problem, context))
                return try await Self.page(context, web: web, errors: errors, status: .unprocessableContent)
            }
            return .redirect(to: "/admin/people/\(userID)?done=\(change)")
        }
    }

    /// The page that shows a new one-time password, once; printing it is the usual way to hand it over.
    static func passwordShown(
        _ context: PageContext, username: String, name: String, password: String, userID: Int64,
        title: String
    ) -> HTTPResponse {
        let body = group {
            AdminPages.heading(context, title)
            el("div", .class("card one-time")) {
                el("p") {
                    context.t("ชื่อ: ", "Name: "); el("strong") { name }
                }
                el("p") {
                    context.t("ชื่อผู้ใช้: ", "Username: "); el("strong", .class("username")) { username }
                }
                el("p") {
                    context.t("รหัสผ่านครั้งเดียว: ", "One-time password: "); el("strong", .class("password"), .id("one-time-password")) { password }
                }
                el("p", .class("hint")) {
                    context.t(
                        "รหัสนี้แสดงครั้งเดียว ผู้ใช้ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งแรก",
                        "Shown once only; the person must change it at their first sign-in.")
                }
            }
            el("p") { el("a", .href("/admin/people/\(userID)")) { context.t("กลับไปที่ข้อมูลผู้ใช้", "Back to this person") } }
        }
        var response = Layout.response(context, title: title, body)
        response.headers.set("Cache-Control", "no-store")
        return response
    }

    static func page(_ context: PageContext, web: KlaiWeb, errors: FormErrors, status: HTTPStatus = .ok) async throws -> HTTPResponse {
        guard let userID = Int64(context.request.parameters["id"] ?? ""), userID > 0 else { throw WebError.notFound() }
        let data = try await web.store.read { db -> (PeopleAdmin.Person, [PeopleAdmin.School], [PeopleAdmin.ClassRow])? in
            guard let person = try PeopleAdmin.person(db, id: userID) else { return nil }
            let schools = try PeopleAdmin.schools(db)
            let mine = Set(person.grants.compactMap(\.schoolID))
            let classes = try schools.filter { mine.contains($0.id) }.flatMap { try PeopleAdmin.classes(db, schoolID: $0.id) }
            return (person, schools, classes)
        }
        guard let (person, schools, classes) = data else { throw WebError.notFound() }
        let byID = Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0) })
        let base = "/admin/people/\(userID)"
        let body = group {
            errors.summary(context)
            AdminPages.heading(context, person.displayName)
            el("p", .class("lead")) { "\(person.username) · \(AdminPeoplePages.status(person, context))" }
            el("section", .class("card")) {
                el("h2") { context.t("ชื่อที่แสดง", "Name") }
                el("form", Attribute("method", "post"), Attribute("action", "\(base)/name")) {
                    context.csrfField
                    errors.field("name", label: context.t("ชื่อที่แสดง", "Name shown in Klai"), value: person.displayName)
                    el("button", .type("submit")) { context.t("บันทึกชื่อ", "Save name") }
                }
            }
            el("section", .class("card")) {
                el("h2", .id("role")) { context.t("บทบาท", "Roles") }
                el("ul", .class("plain")) {
                    for grant in person.grants {
                        el("li") {
                            AdminPages.grantText(grant, schools: byID, context) + " "
                            AdminPages.button(
                                context, action: "\(base)/revoke", label: context.t("ถอนบทบาท", "Revoke"),
                                fields: [("role", grant.role.rawValue), ("school", grant.schoolID.map(String.init) ?? "")])
                        }
                    }
                }
                el("form", Attribute("method", "post"), Attribute("action", "\(base)/grant"), .class("search-row")) {
                    context.csrfField
                    AdminSelect.field(
                        errors, "grant-role", label: context.t("เพิ่มบทบาท", "Add a role"), chosen: "teacher",
                        options: Role.allCases.map { ($0.rawValue, context.roleName($0)) })
                    AdminSelect.field(
                        FormErrors(), "grant-school", label: context.t("ที่โรงเรียน", "At school"), chosen: "",
                        options: schools.map { (String($0.id), $0.name) })
                    el("button", .type("submit")) { context.t("เพิ่มบทบาท", "Add role") }
                }
                if person.grants.contains(where: { $0.role == .teacher }) && !classes.isEmpty {
                    el("form", Attribute("method", "post"), Attribute("action", "\(base)/teach"), .class("search-row")) {
                        context.csrfField
                        AdminSelect.field(
                            FormErrors(), "class", label: context.t("สอนห้อง", "Teaches class"), chosen: "",
                            options: classes.map {
                                (
                                    String($0.id),
                                    Components.className(grade: $0.grade, room: $0.room, context)
                                        + " · \($0.academicYear)"
                                )
                            })
                        el("button", .type("submit")) { context.t("มอบหมายห้อง", "Assign class") }
                    }
                }
            }
            el("section", .class("card")) {
                el("h2") { context.t("รหัสผ่านและบัญชี", "Password and account") }
                AdminPages.button(context, action: "\(base)/password", label: context.t("ตั้งรหัสผ่านใหม่", "Reset password"), primary: true)
                if person.isActive {
                    el("p", .class("hint")) {
                        context.t(
                            "ปิดบัญชีแล้วผู้ใช้จะเข้าสู่ระบบไม่ได้ ประวัติการเรียนและการใช้งานยังเก็บไว้ครบ",
                            "A deactivated person can no longer sign in; their history is kept.")
                    }
                    AdminPages.button(context, action: "\(base)/deactivate", label: context.t("ปิดบัญชี", "Deactivate"))
                } else {
                    AdminPages.button(context, action: "\(base)/reactivate", label: context.t("เปิดบัญชีอีกครั้ง", "Reactivate"))
                }
            }
        }
        return Layout.response(context, title: person.displayName, status: status, body)
    }
}
