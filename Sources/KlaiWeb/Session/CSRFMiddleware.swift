import KlaiCrypto
import KlaiHTTP

/// Refuses a state-changing request made with the browser's cookies unless it carries the page's
/// token (form field `_csrf`, or header `X-CSRF-Token` from scripts).
///
/// The token is an HMAC of the session (or, before signing in, of a random `klai_pre` cookie) under the
/// server secret, so it needs no storage and dies with the session (OWASP's "HMAC-based token" pattern).
/// Requests with `Authorization: Bearer` carry no ambient credential and need no token.
struct CSRFMiddleware: HTTPMiddleware {
    static let preCookie = "klai_pre"
    static let field = "_csrf"
    let secret: ServerSecret

    /// The token pages must send back for a seed (the session token, or the `klai_pre` cookie).
    static func token(seed: String, secret: ServerSecret) -> String { String(secret.sign("csrf|" + seed).prefix(32)) }

    func respond(
        to request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var request = request
        var newPre: String?
        let seed: String?
        if let user = request.user {
            seed = user.viaCookie ? user.token.text : nil
        } else if let pre = request.cookies[Self.preCookie], pre.utf8.count == 32 {
            seed = pre
        } else {
            let pre = SHA256.hex(SecureRandom.bytes(16))
            newPre = pre
            seed = pre
        }
        if let seed { request.storage[CSRFToken.self] = Self.token(seed: seed, secret: secret) }

        let changesState = !["GET", "HEAD", "OPTIONS"].contains(request.method)
        // A browser request riding on cookies it would send on its own. Bearer scripts are exempt, and an
        // anonymous JSON call has no credential to abuse (the handler answers 401 where it needs one).
        let isJSON = request.headers["Content-Type"]?.hasPrefix("application/json") == true
        let ambient = request.user?.viaCookie ?? !isJSON
        if changesState && ambient && !Self.exempt(request) {
            guard let expected = request.storage[CSRFToken.self], let sent = Self.sentToken(request),
                ServerSecret.equal(expected, sent)
            else {
                return WebError.page(
                    .forbidden, request,
                    th: "แบบฟอร์มนี้หมดอายุแล้ว กรุณากลับไปที่หน้าเดิม โหลดหน้าใหม่ แล้วลองอีกครั้ง",
                    en: "This form has expired. Go back, reload the page and try again.")
            }
        }
        var response = try await next(request)
        if let newPre {
            var cookie = SetCookie(name: Self.preCookie, value: newPre)
            cookie.sameSite = "Lax"
            response.setCookie(cookie)
        }
        return response
    }

    /// JSON sign-in needs no token: a cross-site page cannot send `application/json` without a CORS
    /// preflight, which Klai never grants, and there is no session to ride on yet.
    static func exempt(_ request: HTTPRequest) -> Bool {
        request.path == "/api/sign-in" && request.headers["Content-Type"]?.hasPrefix("application/json") == true
    }

    static func sentToken(_ request: HTTPRequest) -> String? {
        if let header = request.headers["X-CSRF-Token"] { return header }
        if let query = request.query("_csrf") { return query }
        if request.headers["Content-Type"]?.hasPrefix("application/x-www-form-urlencoded") == true,
            let form = try? request.urlencodedForm()
        {
            return form.last { $0.name == field }?.value
        }
        return nil
    }
}

/// The CSRF token for pages of this request.
struct CSRFToken: RequestStorageKey {
    typealias Value = String
}
