import Foundation
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// Schools and their classes, and the printable class sheet: each pupil's username and a first password
/// (A4, cut into slips along the dashed lines). Making the sheet gives every pupil without a password
/// of their own a new first password, so it is a POST and the passwords exist only on that page.
struct AdminClassPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/schools") { request in
            let context = PageContext(request)
            let user = try AdminPages.requireStaff(context)
            let principal = user.principal
            let schools = try await web.store.read { db in
                try PeopleAdmin.schools(db).filter { Authorization.may(principal, .view, .school(id: $0.id)) }
                    .map { ($0, try PeopleAdmin.classes(db, schoolID: $0.id)) }
            }
            let body = group {
                AdminPages.heading(context, context.t("โรงเรียนและห้องเรียน", "Schools and classes"))
                if schools.isEmpty { el("p", .class("empty")) { context.t("ยังไม่มีโรงเรียน", "No school yet.") } }
                for (school, classes) in schools {
                    el("section", .class("card")) {
                        el("h2") { "\(school.name) (\(school.code))" }
                        if classes.isEmpty {
                            el("p", .class("empty")) { context.t("ยังไม่มีห้องเรียน นำเข้ารายชื่อนักเรียนก่อน", "No class yet: import a roster first.") }
                        }
                        el("ul", .class("plain class-list")) {
                            for c in classes {
                                el("li") {
                                    el("span") {
                                        context.t(
                                            "ชั้น \(Components.className(grade: c.grade, room: c.room, context)) ปีการศึกษา \(c.academicYear) · นักเรียน \(c.pupils) คน",
                                            "Class \(Components.className(grade: c.grade, room: c.room, context)), year \(c.academicYear - 543) · \(c.pupils) pupils"
                                        )
                                    }
                                    " "
                                    if c.pupils > 0 {
                                        AdminPages.button(
                                            context, action: "/admin/classes/\(c.id)/sheet",
                                            label: context.t(
                                                "พิมพ์ใบรหัสผ่าน \(Components.className(grade: c.grade, room: c.room, context))",
                                                "Print sign-in sheet \(Components.className(grade: c.grade, room: c.room, context))"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return Layout.response(context, title: context.t("โรงเรียนและห้องเรียน", "Schools and classes"), body)
        }
        router.post("/admin/classes/:id/sheet", maxBodySize: 4096) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireStaff(context)
            guard let classID = Int64(request.parameters["id"] ?? ""), classID > 0 else { throw WebError.notFound() }
            let principal = user.principal
            // Allowed only when the person may reset the password of every pupil on it (admin, the school's
            // director, a teacher of the class): the sheet sets those passwords.
            let allowed = try await web.store.read { db -> (PeopleAdmin.ClassRow, String)? in
                guard let row = try PeopleAdmin.classRow(db, classID: classID) else { return nil }
                for (line, _) in try PeopleAdmin.classPupils(db, classID: classID) {
                    guard Authorization.may(principal, .resetPassword, try Directory.accountTarget(db, userID: line.userID)) else { return nil }
                }
                let school = try db.scalar("SELECT name FROM learning_school WHERE id = ?", [row.schoolID], as: String.self) ?? ""
                return (row, school)
            }
            guard let (classRow, schoolName) = allowed else { throw WebError.forbidden() }
            let iterations = web.accounts.policy.iterations
            let store = web.store
            let lines = try await offPool {
                try PeopleAdmin.issueFirstPasswords(store, classID: classID, actor: principal.userID) {
                    PasswordHash(password: $0, iterations: iterations).description
                }
            }
            let name = Components.className(grade: classRow.grade, room: classRow.room, context)
            let title = context.t("ใบรหัสผ่านแรกเข้า ชั้น \(name)", "First passwords, class \(name)")
            let body = group {
                el("div", .class("no-print")) {
                    AdminPages.heading(context, title)
                    el("p", .class("lead")) {
                        context.t(
                            "พิมพ์หน้านี้ (Ctrl+P) แล้วตัดแจกนักเรียนทีละคน รหัสแสดงครั้งเดียว นักเรียนต้องเปลี่ยนรหัสเมื่อเข้าระบบครั้งแรก",
                            "Print this page (Ctrl+P) and cut it into slips. Shown once only; each pupil changes it at first sign-in.")
                    }
                }
                el("ol", .class("class-sheet")) {
                    for line in lines {
                        el("li", .class("slip")) {
                            el("span", .class("slip-school")) { "\(schoolName) · \(name)" }
                            el("span", .class("slip-name")) { line.studentNumber.isEmpty ? line.displayName : "\(line.studentNumber) \(line.displayName)" }
                            el("span", .class("slip-user")) {
                                context.t("ชื่อผู้ใช้ ", "Username "); el("strong") { line.username }
                            }
                            el("span", .class("slip-password")) {
                                if let password = line.firstPassword {
                                    context.t("รหัสผ่าน ", "Password "); el("strong") { password }
                                } else {
                                    context.t("ใช้รหัสผ่านที่ตั้งเองแล้ว", "Uses a password of their own")
                                }
                            }
                        }
                    }
                }
            }
            var response = Layout.response(context, title: title, body)
            response.headers.set("Cache-Control", "no-store")
            return response
        }
    }
}
