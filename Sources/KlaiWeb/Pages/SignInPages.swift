import Foundation
import KlaiHTTP
import KlaiLearning

/// Signing in with a password or with pictures, the forced first-password change, signing out, and the
/// language and role switches in the header.
struct SignInPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/sign-in") { request in
            if request.user != nil { return .redirect(to: "/") }
            return Self.form(PageContext(request), errors: FormErrors(), username: "", next: Self.next(request))
        }
        router.post("/sign-in", maxBodySize: 8192) { request in
            let form = try FormData(request)
            let username = form["username"].trimmingCharacters(in: .whitespaces)
            let password = form["password"]
            let context = PageContext(request)
            var errors = FormErrors()
            if username.isEmpty { errors.add("username", context.t("กรอกชื่อผู้ใช้", "Enter your username")) }
            if password.isEmpty { errors.add("password", context.t("กรอกรหัสผ่าน", "Enter your password")) }
            if username.utf8.count > 200 || password.utf8.count > 1024 {
                errors.add("username", context.t("ชื่อผู้ใช้หรือรหัสผ่านยาวเกินไป", "The name or password is too long"))
            }
            if !errors.isEmpty {
                return Self.form(context, errors: errors, username: username, next: form["next"], status: .unprocessableContent)
            }
            do {
                let signedIn = try await SignIn.password(web.accounts, username, password, request)
                return Self.signedIn(signedIn, web: web, next: form["next"], secure: request.isHTTPS)
            } catch let refusal as WebError.Refusal {
                errors.add("password", context.t(refusal.thai, refusal.english))
                var response = Self.form(context, errors: errors, username: username, next: form["next"], status: refusal.status)
                if refusal.status.code == 429 { response.headers.set("Retry-After", String(refusal.retryAfter ?? 60)) }
                return response
            }
        }
        PictureSignIn(web: web).register(on: &router)

        router.post("/sign-out", maxBodySize: 4096) { request in
            if let user = request.user { try await offPool { try web.accounts.signOut(user.token) } }
            var response = HTTPResponse.redirect(to: "/sign-in")
            response.setCookie(SetCookie(name: SessionMiddleware.cookie, value: "", maxAge: 0))
            return response
        }
        router.post("/language", maxBodySize: 4096) { request in
            let form = try FormData(request)
            let language = Language(rawValue: form["lang"]) ?? .thai
            var response = HTTPResponse.redirect(to: Self.localPath(form["back"]) ?? "/")
            response.setCookie(SetCookie(name: Language.cookie, value: language.rawValue, maxAge: 365 * 86400))
            return response
        }
        router.post("/role", maxBodySize: 4096) { request in
            let form = try FormData(request)
            var response = HTTPResponse.redirect(to: "/")
            if let role = Role(rawValue: form["role"]), request.user?.principal.holds(role) == true {
                response.setCookie(SetCookie(name: PageContext.roleCookie, value: role.rawValue, maxAge: 365 * 86400))
            }
            return response
        }
    }

    /// After a sign-in: the cookie, then the first-password page or where the person was going.
    static func signedIn(_ signedIn: Accounts.SignedIn, web: KlaiWeb, next: String, secure: Bool) -> HTTPResponse {
        var response = HTTPResponse.redirect(to: signedIn.mustChangePassword ? "/password" : (localPath(next) ?? "/"))
        SignIn.setSessionCookie(&response, signedIn, web.accounts, secure: secure)
        response.setCookie(SetCookie(name: PageContext.roleCookie, value: "", maxAge: 0))
        return response
    }

    /// Only a path on this site (never `//other.host` or `https://…`): no open redirects.
    static func localPath(_ text: String) -> String? {
        guard text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"), text.utf8.count < 2000,
            !text.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return nil }
        return text
    }

    static func next(_ request: HTTPRequest) -> String { localPath(request.query("next") ?? "") ?? "" }

    static func form(
        _ context: PageContext, errors: FormErrors, username: String, next: String,
        status: HTTPStatus = .ok
    ) -> HTTPResponse {
        let body = el("section", .class("narrow card")) {
            errors.summary(context)
            el("h1") { context.t("เข้าสู่ระบบ", "Sign in") }
            el("form", Attribute("method", "post"), Attribute("action", "/sign-in"), Attribute("novalidate", "")) {
                context.csrfField
                void("input", .type("hidden"), .name("next"), .value(next))
                errors.field(
                    "username", label: context.t("ชื่อผู้ใช้", "Username"), value: username,
                    hint: context.t(
                        "นักเรียนใช้รหัสโรงเรียน-เลขประจำตัว เช่น 1099990001-01001",
                        "Pupils use school code-pupil number, e.g. 1099990001-01001"),
                    autocomplete: "username", extra: [Attribute("autocapitalize", "none"), Attribute("spellcheck", "false")])
                errors.field(
                    "password", label: context.t("รหัสผ่าน", "Password"), type: "password",
                    autocomplete: "current-password")
                el("button", .type("submit"), .class("primary")) { context.t("เข้าสู่ระบบ", "Sign in") }
            }
            el("p", .class("alt")) {
                el("a", .href("/sign-in/pictures")) { context.t("เด็กเล็ก: เข้าสู่ระบบด้วยรูปภาพ", "Young pupils: sign in with pictures") }
            }
        }
        return Layout.response(context, title: context.t("เข้าสู่ระบบ", "Sign in"), status: status, body)
    }
}

extension HTTPResponse {
    /// 303 See Other to a path on this site (after a form post, so reloading does not post again).
    static func redirect(to path: String) -> HTTPResponse {
        HTTPResponse(
            status: .seeOther, headers: ["Location": path, "Content-Type": "text/plain; charset=utf-8"],
            body: .bytes(Array("See \(path)\n".utf8)))
    }
}
