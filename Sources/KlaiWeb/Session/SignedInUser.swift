import Foundation
import KlaiHTTP
import KlaiLearning

/// The person a request belongs to, found once per request by `SessionMiddleware`.
struct SignedInUser: Sendable, RequestStorageKey {
    typealias Value = SignedInUser
    let principal: Principal
    let profile: Profile
    let token: SessionToken
    /// Signed in with a cookie (a browser): state-changing requests then need the CSRF token.
    let viaCookie: Bool

    var userID: Int64 { principal.userID }

    /// The role shown in the header: the one chosen with the role switch, else the most specific held.
    func activeRole(preferred: Role?) -> Role? {
        let held = Set(principal.grants.map(\.role))
        if let preferred, held.contains(preferred) { return preferred }
        for role in [Role.student, .teacher, .director, .supervisor, .admin] where held.contains(role) { return role }
        return nil
    }
}

/// The page language chosen for this request.
struct RequestLanguage: RequestStorageKey {
    typealias Value = Language
}

/// The moment this request is handled at, by the web clock.
struct RequestTime: RequestStorageKey {
    typealias Value = Date
}

extension HTTPRequest {
    /// The signed-in person, when there is one.
    var user: SignedInUser? { storage[SignedInUser.self] }
    /// Thai unless the person or the browser chose English.
    var language: Language { storage[RequestLanguage.self] ?? .thai }
}
