import Foundation
import KlaiHTTP
import KlaiLearning

/// Picture sign-in for อ.1–ป.3 where the school allows it: class → own name → 4 pictures.
///
/// Works without script: each picture is a submit button whose value is the sequence so far plus
/// itself, so the page only ever holds what the child has tapped; the fourth tap signs in.
struct PictureSignIn {
    static let pictures: [(file: String, thai: String, english: String)] = [
        ("00-sun", "ดวงอาทิตย์", "sun"), ("01-moon", "พระจันทร์", "moon"), ("02-star", "ดาว", "star"),
        ("03-heart", "หัวใจ", "heart"), ("04-tree", "ต้นไม้", "tree"), ("05-house", "บ้าน", "house"),
        ("06-fish", "ปลา", "fish"), ("07-flower", "ดอกไม้", "flower"), ("08-apple", "แอปเปิล", "apple"),
        ("09-car", "รถยนต์", "car"), ("10-boat", "เรือ", "boat"), ("11-umbrella", "ร่ม", "umbrella"),
        ("12-cloud", "เมฆ", "cloud"), ("13-leaf", "ใบไม้", "leaf"), ("14-bell", "กระดิ่ง", "bell"),
        ("15-ball", "ลูกบอล", "ball")
    ]
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/sign-in/pictures") { request in
            let context = PageContext(request)
            let classes = try await offPool { try web.accounts.pictureSignInClasses() }
            let body = el("section", .class("card")) {
                el("h1") { context.t("เข้าสู่ระบบด้วยรูปภาพ", "Sign in with pictures") }
                if classes.isEmpty {
                    el("p") { context.t("ยังไม่มีห้องเรียนที่เปิดให้เข้าสู่ระบบด้วยรูปภาพ", "No class signs in with pictures yet.") }
                } else {
                    el("p") { context.t("แตะห้องเรียนของหนู", "Tap your class") }
                    el("ul", .class("big-choices")) {
                        for item in classes {
                            el("li") {
                                el("a", .class("big-choice"), .href("/sign-in/pictures/\(item.classID)")) {
                                    Components.className(grade: item.grade, room: item.room, context)
                                    el("small") { item.schoolName }
                                }
                            }
                        }
                    }
                }
                el("p") { el("a", .href("/sign-in")) { context.t("เข้าสู่ระบบด้วยรหัสผ่าน", "Sign in with a password") } }
            }
            return Layout.response(context, title: context.t("เข้าสู่ระบบด้วยรูปภาพ", "Sign in with pictures"), body)
        }
        router.get("/sign-in/pictures/:class") { request in
            let context = PageContext(request)
            guard let classID = Int64(request.parameters["class"] ?? ""), classID > 0 else { throw WebError.notFound() }
            let names = try await offPool { try web.accounts.pictureSignInList(classID: classID) }
            guard !names.isEmpty else { throw WebError.notFound() }
            let body = el("section", .class("card")) {
                el("h1") { context.t("หนูชื่ออะไร", "What is your name?") }
                el("ul", .class("big-choices")) {
                    for name in names {
                        el("li") {
                            el("a", .class("big-choice"), .href("/sign-in/pictures/\(classID)/\(name.userID)")) { name.shownName }
                        }
                    }
                }
            }
            return Layout.response(context, title: context.t("เลือกชื่อ", "Choose your name"), body)
        }
        router.get("/sign-in/pictures/:class/:user") { request in
            try await Self.grid(request, web: web, sequence: [], failed: false)
        }
        router.post("/sign-in/pictures/:class/:user", maxBodySize: 4096) { request in
            let form = try FormData(request)
            let sequence = form["seq"].split(separator: ",").prefix(PicturePassword.length).compactMap { Int($0) }
                .filter { (0..<PicturePassword.alphabet).contains($0) }
            guard sequence.count == PicturePassword.length else {
                return try await Self.grid(request, web: web, sequence: sequence, failed: false)
            }
            guard let userID = Int64(request.parameters["user"] ?? ""), userID > 0 else { throw WebError.notFound() }
            let address = request.remoteAddress.host
            do {
                let signedIn = try await passwordWork {
                    try web.accounts.signInWithPicture(userID: userID, pictures: sequence, address: address)
                }
                return SignInPages.signedIn(signedIn, web: web, next: "/", secure: request.isHTTPS)
            } catch let refusal as Accounts.SignInError {
                if case .throttled = refusal {
                    let wait = SignIn.refusal(refusal)
                    return WebError.page(wait.status, request, th: wait.thai, en: wait.english)
                }
                return try await Self.grid(request, web: web, sequence: [], failed: true)
            }
        }
    }

    static func grid(_ request: HTTPRequest, web: KlaiWeb, sequence: [Int], failed: Bool) async throws -> HTTPResponse {
        let context = PageContext(request)
        guard let classID = Int64(request.parameters["class"] ?? ""), let userID = Int64(request.parameters["user"] ?? ""),
            let name = try await offPool({ try web.accounts.pictureSignInList(classID: classID) }).first(where: { $0.userID == userID })
        else { throw WebError.notFound() }
        let sofar = sequence.map(String.init).joined(separator: ",")
        let body = el("section", .class("card pictures")) {
            el("h1") { context.t("สวัสดี \(name.shownName)", "Hello \(name.shownName)") }
            if failed {
                el("p", .class("field-error"), Attribute("role", "alert")) {
                    context.t("รูปยังไม่ถูก ลองใหม่อีกครั้งนะ", "Not quite. Let's try again.")
                }
            }
            el("p") { context.t("แตะรูปของหนู 4 รูปตามลำดับ", "Tap your 4 pictures in order") }
            el(
                "p", .class("dots"),
                .aria(
                    "label",
                    context.t(
                        "เลือกแล้ว \(sequence.count) จาก 4 รูป",
                        "\(sequence.count) of 4 chosen"))
            ) {
                for index in 0..<PicturePassword.length { el("span", .class(index < sequence.count ? "dot on" : "dot")) }
            }
            el("form", Attribute("method", "post"), Attribute("action", "/sign-in/pictures/\(classID)/\(userID)")) {
                context.csrfField
                el("div", .class("picture-grid")) {
                    for (index, picture) in pictures.enumerated() {
                        el(
                            "button", .type("submit"), .name("seq"), .value(sofar.isEmpty ? "\(index)" : "\(sofar),\(index)"),
                            .class("picture")
                        ) {
                            void(
                                "img", Attribute("src", "\(context.assetPrefix)/pictures/\(picture.file).svg"),
                                Attribute("alt", context.t(picture.thai, picture.english)), Attribute("width", "64"),
                                Attribute("height", "64"))
                        }
                    }
                }
            }
            el("p") { el("a", .href("/sign-in/pictures/\(classID)")) { context.t("ไม่ใช่หนู? เลือกชื่อใหม่", "Not you? Choose again") } }
        }
        return Layout.response(context, title: context.t("รูปของหนู", "Your pictures"), body)
    }
}
