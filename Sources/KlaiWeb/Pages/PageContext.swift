import Foundation
import KlaiHTTP
import KlaiLearning

/// What every page needs to know about its request: language, person, role, CSRF token, TV mode.
struct PageContext: Sendable {
    let request: HTTPRequest
    let language: Language
    let user: SignedInUser?
    let role: Role?
    let csrf: String
    /// A classroom TV seen from 3 m: large type and controls (`?tv=1`, kept in a cookie).
    let tvMode: Bool
    /// The content-hashed prefix of every asset (`/assets/3f9a0c21`).
    let assetPrefix: String
    /// Now, by the web clock (which `--pretend-time` may shift).
    let now: Date

    static let roleCookie = "klai_role"
    static let tvCookie = "klai_tv"

    init(_ request: HTTPRequest) {
        self.request = request
        language = request.language
        user = request.user
        role = request.user?.activeRole(preferred: request.cookies[Self.roleCookie].flatMap(Role.init(rawValue:)))
        csrf = request.storage[CSRFToken.self] ?? ""
        assetPrefix = request.storage[AssetPrefix.self] ?? "/assets/none"
        now = request.storage[RequestTime.self] ?? Date()
        if let tv = request.query("tv") { tvMode = tv == "1" } else { tvMode = request.cookies[Self.tvCookie] == "1" }
    }

    /// Thai or English text for this page.
    func t(_ thai: String, _ english: String) -> String { language.pick(thai, english) }

    /// The hidden field every state-changing form carries.
    var csrfField: HTML { void("input", .type("hidden"), .name(CSRFMiddleware.field), .value(csrf)) }

    /// A role's name in the page's language.
    func roleName(_ role: Role) -> String {
        switch role {
        case .admin: t("ผู้ดูแลระบบ", "Administrator")
        case .supervisor: t("ศึกษานิเทศก์", "Supervisor")
        case .director: t("ผู้บริหารสถานศึกษา", "Director")
        case .teacher: t("ครู", "Teacher")
        case .student: t("นักเรียน", "Pupil")
        }
    }
}
