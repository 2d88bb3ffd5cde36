import Foundation
import KlaiHTTP
import KlaiLearning

/// `POST /api/sign-in`, `/api/sign-out`, `/api/password`: the JSON forms of signing in and out, for
/// scripts and the player. The session token travels in an HttpOnly cookie, or `Authorization: Bearer`.
struct AuthAPI {
    let web: KlaiWeb

    /// The answer to a successful sign-in (the token itself is only in the cookie, and in `token` for scripts).
    struct SignInAnswer: Encodable {
        let userID: Int64
        let mustChangePassword: Bool
        /// Send as `X-CSRF-Token` with state-changing requests made with the cookie.
        let csrfToken: String
        enum CodingKeys: String, CodingKey {
            case userID = "user_id", mustChangePassword = "must_change_password", csrfToken = "csrf_token"
        }
    }

    func register(on router: inout Router) {
        let accounts = web.accounts
        let secret = web.configuration.secret
        router.post("/api/sign-in", maxBodySize: 4096) { request in
            struct Credentials: Decodable { let username: String; let password: String }
            let credentials = try request.decodeJSON(Credentials.self)
            guard credentials.username.utf8.count <= 200, credentials.password.utf8.count <= 1024 else {
                return .error(.badRequest, "The name or password is too long.")
            }
            let signedIn: Accounts.SignedIn
            do {
                signedIn = try await SignIn.password(accounts, credentials.username, credentials.password, request)
            } catch let refusal as WebError.Refusal {
                var response = try HTTPResponse.json(["error": refusal.english], status: refusal.status)
                if refusal.status.code == 429 { response.headers.set("Retry-After", String(refusal.retryAfter ?? 60)) }
                return response
            }
            var response = try HTTPResponse.json(
                SignInAnswer(
                    userID: signedIn.userID, mustChangePassword: signedIn.mustChangePassword,
                    csrfToken: CSRFMiddleware.token(seed: signedIn.token.text, secret: secret)))
            SignIn.setSessionCookie(&response, signedIn, accounts, secure: request.isHTTPS)
            return response
        }

        router.post("/api/sign-out", maxBodySize: 0) { request in
            if let user = request.user { try await offPool { try accounts.signOut(user.token) } }
            var response = HTTPResponse(status: .noContent)
            response.setCookie(SetCookie(name: SessionMiddleware.cookie, value: "", maxAge: 0))
            return response
        }

        router.post("/api/password", maxBodySize: 4096) { request in
            struct Change: Decodable { let current: String; let new: String }
            guard let user = request.user else { return .error(.unauthorized, "Please sign in.") }
            let change = try request.decodeJSON(Change.self)
            if let refusal = try await SignIn.changePassword(accounts, user, current: change.current, new: change.new, request) {
                var response = try HTTPResponse.json(["error": refusal.english], status: refusal.status)
                if refusal.status.code == 429 { response.headers.set("Retry-After", String(refusal.retryAfter ?? 60)) }
                return response
            }
            return HTTPResponse(status: .noContent)
        }
    }
}
