import Foundation
import KlaiHTTP
import KlaiLearning

/// `/account` (language, password) and `/password`: changing one's password, which is also the forced
/// first step after signing in with a password someone else set.
struct AccountPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/account") { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            let body = group {
                el("h1") { context.t("บัญชีของฉัน", "My account") }
                el("dl", .class("facts")) {
                    el("dt") { context.t("ชื่อ", "Name") }
                    el("dd") { user.profile.displayName }
                    el("dt") { context.t("ชื่อผู้ใช้", "Username") }
                    el("dd") { user.profile.username }
                    el("dt") { context.t("บทบาท", "Roles") }
                    el("dd") { Set(user.principal.grants.map(\.role)).map(context.roleName).sorted().joined(separator: ", ") }
                }
                el("p") { el("a", .href("/password"), .class("button")) { context.t("เปลี่ยนรหัสผ่าน", "Change password") } }
                el("form", Attribute("method", "post"), Attribute("action", "/language"), .class("card")) {
                    context.csrfField
                    void("input", .type("hidden"), .name("back"), .value("/account"))
                    el("fieldset") {
                        el("legend") { context.t("ภาษา", "Language") }
                        for language in Language.allCases {
                            el("label", .class("choice")) {
                                void(
                                    "input", .type("radio"), .name("lang"), .value(language.rawValue),
                                    .flag("checked", language == context.language))
                                language == .thai ? "ไทย" : "English"
                            }
                        }
                    }
                    el("button", .type("submit")) { context.t("บันทึก", "Save") }
                }
            }
            return Layout.response(context, title: context.t("บัญชีของฉัน", "My account"), body)
        }
        router.get("/password") { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            return Self.form(context, user, errors: FormErrors())
        }
        router.post("/password", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let user = try Components.requireUser(context)
            let form = try FormData(request)
            var errors = FormErrors()
            let current = form["current"], new = form["new"], again = form["again"]
            if current.isEmpty { errors.add("current", context.t("กรอกรหัสผ่านปัจจุบัน", "Enter your current password")) }
            if new.count < 8 { errors.add("new", context.t("รหัสผ่านใหม่ต้องยาวอย่างน้อย 8 ตัวอักษร", "The new password needs at least 8 characters")) }
            if new != again { errors.add("again", context.t("รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน", "The two new passwords do not match")) }
            if errors.isEmpty,
                let refusal = try await SignIn.changePassword(web.accounts, user, current: current, new: new, request)
            {
                errors.add(refusal.status == .forbidden ? "current" : "new", context.t(refusal.thai, refusal.english))
            }
            guard errors.isEmpty else { return Self.form(context, user, errors: errors, status: .unprocessableContent) }
            return .redirect(to: "/?password=changed")
        }
    }

    static func form(_ context: PageContext, _ user: SignedInUser, errors: FormErrors, status: HTTPStatus = .ok) -> HTTPResponse {
        let forced = user.profile.mustChangePassword
        let body = el("section", .class("narrow card")) {
            errors.summary(context)
            el("h1") { forced ? context.t("ตั้งรหัสผ่านของคุณเอง", "Choose your own password") : context.t("เปลี่ยนรหัสผ่าน", "Change password") }
            if forced {
                el("p") {
                    context.t(
                        "รหัสผ่านนี้มีคนตั้งให้ กรุณาตั้งรหัสผ่านใหม่ที่คุณจำได้ก่อนใช้งาน",
                        "Someone else set this password. Choose one of your own before you continue.")
                }
            }
            el("form", Attribute("method", "post"), Attribute("action", "/password"), Attribute("novalidate", "")) {
                context.csrfField
                void(
                    "input", .type("text"), .name("username"), .value(user.profile.username), Attribute("autocomplete", "username"),
                    .class("visually-hidden"), Attribute("tabindex", "-1"), .aria("hidden", "true"))
                errors.field(
                    "current", label: context.t("รหัสผ่านปัจจุบัน", "Current password"), type: "password",
                    autocomplete: "current-password")
                errors.field(
                    "new", label: context.t("รหัสผ่านใหม่", "New password"), type: "password",
                    hint: context.t("อย่างน้อย 8 ตัวอักษร", "At least 8 characters"), autocomplete: "new-password")
                errors.field(
                    "again", label: context.t("พิมพ์รหัสผ่านใหม่อีกครั้ง", "New password again"), type: "password",
                    autocomplete: "new-password")
                el("button", .type("submit"), .class("primary")) { context.t("บันทึกรหัสผ่าน", "Save password") }
            }
        }
        return Layout.response(context, title: context.t("เปลี่ยนรหัสผ่าน", "Change password"), status: status, body)
    }
}
