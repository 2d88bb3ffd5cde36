import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Finds who a request belongs to (session cookie, or `Authorization: Bearer` for scripts), once, and
/// names the account the same way for the traffic log (`user:<id>`, Computer Crime Act s.26).
struct SessionMiddleware: HTTPMiddleware {
    static let cookie = "klai_session"
    let web: KlaiWeb

    func respond(
        to request: HTTPRequest,
        next: @Sendable (HTTPRequest) async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        var request = request
        if let (token, viaCookie) = Self.token(of: request) {
            // One read transaction for the session, the person's roles and their profile.
            let found = try await web.store.read { db -> (Principal, Profile)? in
                guard let principal = try Accounts.principal(db, token: token),
                    let profile = try Profile.load(db, userID: principal.userID)
                else { return nil }
                return (principal, profile)
            }
            if let (principal, profile) = found {
                request.storage[SignedInUser.self] = SignedInUser(
                    principal: principal, profile: profile, token: token,
                    viaCookie: viaCookie)
                request.account = "user:\(principal.userID)"
            }
        }
        request.storage[RequestLanguage.self] = Self.language(of: request, otherwise: web.siteSettings.language)
        request.storage[AssetPrefix.self] = web.assets.prefix
        request.storage[RequestTime.self] = web.configuration.clock.now()
        var response = try await next(request)
        if response.account == nil { response.account = request.account }
        return response
    }

    static func token(of request: HTTPRequest) -> (SessionToken, viaCookie: Bool)? {
        if let authorization = request.headers["Authorization"], authorization.hasPrefix("Bearer "),
            authorization.utf8.count < 200
        {
            return (SessionToken(text: String(authorization.dropFirst(7))), false)
        }
        if let cookie = request.cookies[Self.cookie], !cookie.isEmpty, cookie.utf8.count < 200 {
            return (SessionToken(text: cookie), true)
        }
        return nil
    }

    /// The `klai_lang` cookie (someone's own choice), else the site's default language (Thai unless the
    /// admin chose English on the System page).
    static func language(of request: HTTPRequest, otherwise fallback: Language) -> Language {
        request.cookies[Language.cookie].flatMap(Language.init(rawValue:)) ?? fallback
    }
}
