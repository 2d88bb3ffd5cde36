import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning

/// The admin area's start page and the pieces its pages share. Every page decides through
/// `Authorization.may`: an admin sees everything; a director or teacher reaches the parts the
/// authorization matrix allows them (password resets, class sheets, uploads to their own school).
struct AdminPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        router.get("/admin") { request in
            let context = PageContext(request)
            let user = try Self.requireStaff(context)
            let principal = user.principal
            let isAdmin = Authorization.may(principal, .manageUsers, .system)
            let body = group {
                el("h1") { context.t("ดูแลระบบ", "Administration") }
                el("ul", .class("big-choices admin-choices")) {
                    if isAdmin {
                        Self.choice(
                            "/admin/people", context.t("บุคลากรและนักเรียน", "People"),
                            context.t("เพิ่ม แก้ไข ปิดบัญชี ตั้งรหัสผ่านใหม่ บทบาท", "Add, edit, deactivate, reset passwords, roles"))
                        Self.choice(
                            "/admin/roster", context.t("นำเข้ารายชื่อนักเรียน", "Import a roster"),
                            context.t("ไฟล์ DMC (CSV) ตรวจก่อนนำเข้า", "DMC file (CSV), checked before import"))
                    }
                    Self.choice(
                        "/admin/schools", context.t("โรงเรียนและห้องเรียน", "Schools and classes"),
                        context.t("ใบรายชื่อผู้ใช้และรหัสผ่านแรกเข้าของแต่ละห้อง", "Printable sheets of usernames and first passwords"))
                    if let catalog = try? AdminCatalogScope(context) {
                        Self.choice(
                            "/admin/catalog", context.t("แก้ไขคลังบทเรียน", "Edit the catalog"),
                            catalog.editsEverything
                                ? context.t("แก้ไขชื่อ ตัวชี้วัด ใบงาน นำเข้าไฟล์รายการบทเรียน", "Edit titles, indicators, worksheets; import manifests")
                                : context.t("แก้ไขบทเรียนที่โรงเรียนอัปโหลดและใบงาน", "Edit your school's uploaded lessons and their worksheets"))
                    }
                    if isAdmin {
                        Self.choice(
                            "/admin/content", context.t("สื่อการสอน", "Content"),
                            context.t("อัปโหลดวิดีโอ งานแปลงไฟล์ รายการที่ยังไม่จับคู่", "Upload videos, the job queue, unmatched recordings"))
                        Self.choice(
                            "/admin/system", context.t("ระบบ", "System"),
                            context.t("พื้นที่ดิสก์ สำรองข้อมูล บันทึกการใช้งาน ตั้งค่า", "Disk, backups, traffic log, audit log, settings"))
                    }
                }
            }
            return Layout.response(context, title: context.t("ดูแลระบบ", "Administration"), body)
        }
    }

    static func choice(_ href: String, _ title: String, _ note: String) -> HTML {
        el("li") {
            el("a", .class("big-choice"), .href(href)) {
                title; el("small") { note }
            }
        }
    }

    /// The signed-in admin, director or teacher; others get 403.
    static func requireStaff(_ context: PageContext) throws -> SignedInUser {
        let user = try Components.requireUser(context)
        guard user.principal.grants.contains(where: { [.admin, .director, .teacher].contains($0.role) }) else {
            throw WebError.forbidden()
        }
        return user
    }

    /// The signed-in person when they may do `action` to the whole system (in practice: an admin).
    static func requireSystem(_ context: PageContext, _ action: Action = .manageUsers) throws -> SignedInUser {
        let user = try Components.requireUser(context)
        guard Authorization.may(user.principal, action, .system) else { throw WebError.forbidden() }
        return user
    }

    /// A learning-layer refusal said in the page's language (the English sentence is the domain's own).
    static func sentence(_ error: any Error, _ context: PageContext) -> String {
        switch error {
        case let problem as LearningError: return context.t("ทำรายการไม่ได้: \(problem.description)", problem.description)
        case let refusal as WebError.Refusal: return context.t(refusal.thai, refusal.english)
        default: return String(describing: error)
        }
    }

    /// A page title with the admin area's breadcrumb back to `/admin`.
    static func heading(_ context: PageContext, _ title: String) -> HTML {
        group {
            el("p", .class("breadcrumb")) { el("a", .href("/admin")) { context.t("← ดูแลระบบ", "← Administration") } }
            el("h1") { title }
        }
    }

    /// A small POST form with one button (deactivate, retry, cancel …).
    static func button(
        _ context: PageContext, action: String, label: String, fields: [(String, String)] = [],
        primary: Bool = false
    ) -> HTML {
        el("form", Attribute("method", "post"), Attribute("action", action), .class("inline")) {
            context.csrfField
            for (name, value) in fields { void("input", .type("hidden"), .name(name), .value(value)) }
            el("button", .type("submit"), .class(primary ? "primary" : "secondary")) { label }
        }
    }

    /// A role's Thai-first name for the roles' select and list.
    static func grantText(_ grant: RoleGrant, schools: [Int64: PeopleAdmin.School], _ context: PageContext) -> String {
        let role = context.roleName(grant.role)
        guard let id = grant.schoolID else { return role }
        return "\(role) · \(schools[id]?.name ?? "#\(id)")"
    }
}
