import Foundation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Settings on the System page: each school's name and picture sign-in (for อ.1–ป.3), and the
/// installation's `SiteSettings` (DLTV recordings public on the LAN, default language).
struct AdminSettingsPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.post("/admin/system/settings", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context)
            let form = try FormData(request)
            var settings = web.siteSettings
            settings.dltvPublicOnLAN = form["dltv-public"] == "1"
            settings.defaultLanguage = form["language"] == "en" ? "en" : "th"
            try settings.save(dataFolder: web.dataFolder)
            let actor = user.userID
            let detail = "dltvPublicOnLAN=\(settings.dltvPublicOnLAN) defaultLanguage=\(settings.defaultLanguage)"
            try await web.store.write { db in
                try AuditLog.record(db, actor: actor, action: "settings.change", target: "system", detail: detail)
            }
            return .redirect(to: "/admin/system?saved=1#settings-title")
        }
        router.post("/admin/system/schools/:id", maxBodySize: 8192) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context)
            guard let schoolID = Int64(request.parameters["id"] ?? ""), schoolID > 0 else { throw WebError.notFound() }
            let form = try FormData(request)
            let name = form["name"].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty, name.count <= 200 else {
                throw WebError.invalid("กรอกชื่อโรงเรียน", "Enter the school's name.")
            }
            let pictures = form["pictures"] == "1"
            let actor = user.userID
            try await web.store.write { db in
                try db.execute("UPDATE learning_school SET name = ? WHERE id = ?", [name, schoolID])
                guard db.changes == 1 else { throw WebError.notFound() }
                try AuditLog.record(db, actor: actor, action: "school.rename", target: "school:\(schoolID)", detail: name)
                try Directory.setPictureSignIn(db, schoolID: schoolID, allowed: pictures, actor: actor)
            }
            return .redirect(to: "/admin/system?saved=1#settings-title")
        }
    }

    /// The settings section of the System page.
    static func section(_ context: PageContext, web: KlaiWeb, schools: [PeopleAdmin.School]) -> HTML {
        let settings = web.siteSettings
        return el("section", .class("card"), .aria("labelledby", "settings-title")) {
            el("h2", .id("settings-title")) { context.t("ตั้งค่า", "Settings") }
            if context.request.query("saved") != nil {
                el("p", .class("notice success"), Attribute("role", "status")) { context.t("บันทึกแล้ว", "Saved.") }
            }
            el("form", Attribute("method", "post"), Attribute("action", "/admin/system/settings")) {
                context.csrfField
                el("div", .class("field")) {
                    el("label", .class("check")) {
                        void("input", .type("checkbox"), .name("dltv-public"), .value("1"), .id("dltv-public"), .flag("checked", settings.dltvPublicOnLAN))
                        context.t(" เปิดให้ดูวิดีโอ DLTV ในเครือข่ายโรงเรียนได้โดยไม่ต้องเข้าสู่ระบบ", " DLTV recordings play on the school network without signing in")
                    }
                }
                AdminSelect.field(
                    FormErrors(), "language", label: context.t("ภาษาเริ่มต้น", "Default language"), chosen: settings.defaultLanguage,
                    options: [("th", "ไทย"), ("en", "English")])
                el("button", .type("submit")) { context.t("บันทึกการตั้งค่า", "Save settings") }
            }
            for school in schools {
                el("form", Attribute("method", "post"), Attribute("action", "/admin/system/schools/\(school.id)"), .class("school-settings")) {
                    context.csrfField
                    el("h3") { "\(school.name) (\(school.code))" }
                    el("div", .class("field")) {
                        el("label", Attribute("for", "school-name-\(school.id)")) { context.t("ชื่อโรงเรียน", "School name") }
                        void("input", .type("text"), .id("school-name-\(school.id)"), .name("name"), .value(school.name), .flag("required"))
                    }
                    el("div", .class("field")) {
                        el("label", .class("check")) {
                            void("input", .type("checkbox"), .name("pictures"), .value("1"), .flag("checked", school.pictureSignIn))
                            context.t(" ให้นักเรียน อ.1–ป.3 เข้าสู่ระบบด้วยรูปภาพ", " Pupils of อ.1–ป.3 sign in with pictures")
                        }
                    }
                    el("button", .type("submit")) { context.t("บันทึกโรงเรียน", "Save school") }
                }
            }
        }
    }
}
