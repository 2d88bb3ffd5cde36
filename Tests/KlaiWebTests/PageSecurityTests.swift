import Foundation
import KlaiCatalog
import KlaiStore
import Testing

@testable import KlaiWeb

/// What a browser gets from Klai's pages, on a live server: Thai pages, the security headers, CSRF tokens,
/// the gate in front of video, and escaping of what comes from the catalog.
@Suite(.serialized) struct PageSecurityTests {
    @Test func aStrangerIsSentToTheSignInPageWhichIsThaiAndCarriesTheSecurityHeaders() async throws {
        let web = try WebServer()
        let home = try web.send("GET", "/")
        #expect(home.status == 303 && home.field("Location") == "/sign-in")
        let page = try web.send("GET", "/sign-in")
        #expect(page.status == 200)
        #expect(page.body.contains(#"<html lang="th">"#) && page.body.contains("เข้าสู่ระบบ"))
        let policy = try #require(page.field("Content-Security-Policy"))
        #expect(policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
        #expect(!page.body.contains("<script>"), "no inline script")
        #expect(page.field("X-Content-Type-Options") == "nosniff")
        await web.stop()
    }

    @Test func aSignInFormWithoutItsTokenIsRefusedAndWithItSignsInWithAnHttpOnlyLaxCookie() async throws {
        let web = try WebServer()
        let form = try web.send("GET", "/sign-in")
        let token = try #require(form.csrf)
        let forged = try web.send(
            "POST", "/sign-in",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": form.cookies
            ],
            body: "username=pupil&password=pupil-password")
        #expect(forged.status == 403)
        let signedIn = try web.send(
            "POST", "/sign-in",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": form.cookies
            ],
            body: "_csrf=\(token)&username=pupil&password=pupil-password&next=%2Fcatalog")
        #expect(signedIn.status == 303 && signedIn.field("Location") == "/catalog")
        let session = try #require(signedIn.fields.first { $0.name == "set-cookie" && $0.value.hasPrefix("klai_session=") })
        #expect(session.value.contains("HttpOnly") && session.value.contains("SameSite=Lax"))
        await web.stop()
    }

    @Test func aSignInFormNeverRedirectsToAnotherSite() async throws {
        let web = try WebServer()
        let form = try web.send("GET", "/sign-in")
        let answer = try web.send(
            "POST", "/sign-in",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": form.cookies
            ],
            body: "_csrf=\(form.csrf ?? "")&username=pupil&password=pupil-password&next=%2F%2Fevil.example%2F")
        #expect(answer.status == 303 && answer.field("Location") == "/")
        await web.stop()
    }

    @Test func aLessonTitleWithMarkupIsShownAsText() async throws {
        let web = try WebServer()
        let manifest = web.folder.appendingPathComponent("hostile.json")
        try Data(#"{"records":[{"key":"hostile","kind":"dlit_lesson","grade":"P4","title":"<script>alert(\"x\")</script> เศษส่วน"}]}"#.utf8)
            .write(to: manifest)
        _ = try ManifestImporter(media: MediaLibrary(root: web.folder.appendingPathComponent("Media"))).importFile(manifest, into: web.store)
        let signIn = try web.send(
            "POST", "/api/sign-in", headers: ["Content-Type": "application/json"],
            body: #"{"username":"pupil","password":"pupil-password"}"#)
        let page = try web.send("GET", "/catalog?q=%E0%B9%80%E0%B8%A8%E0%B8%A9", headers: ["Cookie": signIn.cookies])
        #expect(page.status == 200)
        #expect(page.body.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; เศษส่วน"))
        #expect(!page.body.contains("<script>alert"))
        await web.stop()
    }

    @Test func videoNeedsASessionOrAGenuineSignedLink() async throws {
        let web = try WebServer()
        #expect(try web.send("GET", "/hls/1-v1/master.m3u8").status == 401)
        let link = VideoLink(secret: ServerSecret(key: Array(repeating: 7, count: 32)))
        let genuine = link.url(folder: "1-v1")
        #expect(try web.send("GET", genuine).status == 404, "genuine, but there is no such tree")
        let forged = genuine.replacingOccurrences(of: "/1-v1/", with: "/2-v1/")
        #expect(try web.send("GET", forged).status == 403)
        await web.stop()
    }

    @Test func eventsFromAStrangerAreRefusedAndACookieWithoutItsTokenCannotPost() async throws {
        let web = try WebServer()
        let batch = #"{"events":[]}"#
        #expect(try web.send("POST", "/api/events", headers: ["Content-Type": "application/json"], body: batch).status == 401)
        let signIn = try web.send(
            "POST", "/api/sign-in", headers: ["Content-Type": "application/json"],
            body: #"{"username":"pupil","password":"pupil-password"}"#)
        let token = try #require(signIn.body.firstRange(of: #""csrf_token":""#).map { String(signIn.body[$0.upperBound...].prefix(32)) })
        let withoutToken = try web.send(
            "POST", "/api/events", headers: ["Content-Type": "application/json", "Cookie": signIn.cookies],
            body: batch)
        #expect(withoutToken.status == 403)
        let withToken = try web.send(
            "POST", "/api/events",
            headers: [
                "Content-Type": "application/json", "Cookie": signIn.cookies,
                "X-CSRF-Token": token
            ], body: batch)
        #expect(withToken.status == 200 && withToken.body.contains(#""accepted":0"#))
        await web.stop()
    }

    @Test func aPageAskedForUnderAnotherSitesNameIsRefused() async throws {
        let web = try WebServer()
        #expect(try web.send("GET", "/sign-in", headers: ["Host": "attacker.example"]).status == 421)
        #expect(try web.send("GET", "/sign-in", headers: ["Host": "klai.school.local"]).status == 200)
        await web.stop()
    }
}
