import Dispatch
import Foundation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// The JSON API of KlaiLearning wired into `klai serve`: sign-in, sign-out, password change and `POST /api/events`.
///
/// The session token travels in an HttpOnly cookie (or `Authorization: Bearer`, for scripts). Blocking
/// work (SQLite, PBKDF2) runs on a dispatch queue, never on Swift's cooperative pool.
enum LearningRoutes {
    static let cookieName = "klai_session"
    /// Largest batch accepted; a player sends a few dozen events at a time.
    static let maximumBatch = 1000

    static func add(to router: inout Router, store: Store) {
        let accounts = Accounts(store: store)
        let ingest = PlaybackIngest(store: store)

        router.post("/api/sign-in", maxBodySize: 4096) { request in
            struct Credentials: Decodable { let username: String; let password: String }
            let credentials = try request.decodeJSON(Credentials.self)
            do {
                let signedIn = try await offPool {
                    try accounts.signIn(username: credentials.username, password: credentials.password,
                                        address: request.remoteAddress.host)
                }
                var response = try HTTPResponse.json(SignInAnswer(userID: signedIn.userID, mustChangePassword: signedIn.mustChangePassword))
                response.setCookie(SetCookie(name: cookieName, value: signedIn.token.text, maxAge: Int(accounts.policy.sessionLifetime)))
                response.account = credentials.username
                return response
            } catch let refusal as Accounts.SignInError {
                switch refusal {
                case .wrongNameOrPassword:
                    return .error(.unauthorized, refusal.description)
                case .throttled(let seconds):
                    var response = HTTPResponse.error(HTTPStatus(code: 429, reason: "Too Many Requests"), refusal.description)
                    response.headers.add("Retry-After", String(Int(seconds.rounded(.up))))
                    return response
                }
            }
        }

        router.post("/api/sign-out", maxBodySize: 0) { request in
            if let token = token(of: request) { try await offPool { try accounts.signOut(token) } }
            var response = HTTPResponse(status: .noContent)
            response.setCookie(SetCookie(name: cookieName, value: "", maxAge: 0))
            return response
        }

        router.post("/api/password", maxBodySize: 4096) { request in
            struct Change: Decodable { let current: String; let new: String }
            guard let token = token(of: request), let principal = try await offPool({ try accounts.authenticate(token) }) else {
                return .error(.unauthorized, "Please sign in.")
            }
            let change = try request.decodeJSON(Change.self)
            do {
                // Other sessions end; this one stays signed in.
                try await offPool { try accounts.changePassword(userID: principal.userID, current: change.current, new: change.new, keeping: token) }
            } catch let refusal as Accounts.SignInError {
                return .error(.forbidden, refusal.description)
            } catch let problem as LearningError {
                return .error(.unprocessableContent, problem.description)
            }
            return HTTPResponse(status: .noContent)
        }

        router.post("/api/events", maxBodySize: 512 * 1024) { request in
            guard let token = token(of: request), let principal = try await offPool({ try accounts.authenticate(token) }) else {
                return .error(.unauthorized, "Please sign in.")
            }
            let batch = try request.decodeJSON(EventBatch.self)
            guard batch.events.count <= maximumBatch else {
                return .error(.contentTooLarge, "At most \(maximumBatch) events in one batch.")
            }
            // Answered only after the transaction holding the batch has committed.
            let result = try await ingest.ingest(batch, from: principal)
            var response = try HTTPResponse.json(result)
            response.account = "user:\(principal.userID)"
            return response
        }
    }

    /// The answer to a successful sign-in (the token itself is only in the cookie).
    struct SignInAnswer: Encodable {
        let userID: Int64
        let mustChangePassword: Bool
        enum CodingKeys: String, CodingKey { case userID = "user_id", mustChangePassword = "must_change_password" }
    }

    static func token(of request: HTTPRequest) -> SessionToken? {
        if let cookie = request.cookies[cookieName], !cookie.isEmpty { return SessionToken(text: cookie) }
        if let authorization = request.headers["Authorization"], authorization.hasPrefix("Bearer ") {
            return SessionToken(text: String(authorization.dropFirst(7)))
        }
        return nil
    }

    /// Runs blocking work on a dispatch queue and resumes the caller with its result.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try work() }) }
        }
    }
}
