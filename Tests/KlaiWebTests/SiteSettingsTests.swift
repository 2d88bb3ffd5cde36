import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiStore
import Testing

@testable import KlaiWeb

/// The System page's settings do what they say: DLTV recordings open to the school's network without
/// signing in (and to nobody else, and nothing else), and the default language for people who chose none.
@Suite(.serialized) struct SiteSettingsTests {
    /// A DLTV recording and a DLIT lesson, each with a published HLS tree; returns their item ids and folders.
    static func addPublishedLessons(_ web: WebServer) throws -> (dltv: Int64, dlit: Int64, dltvFolder: String, dlitFolder: String) {
        let now = Date()
        let ids = try web.store.writeSync { db -> (Int64, Int64, Int64, Int64) in
            var made: [(Int64, Int64)] = []
            for (kind, key, title) in [
                ("dltv_recording", "dltv:DLTV4:2026-06-12:1", "คณิตศาสตร์ ป.4 ออกอากาศ"),
                ("dlit_lesson", "dlit:math-p4-1", "บทเรียน DLIT เศษส่วน")
            ] {
                try db.execute(
                    """
                    INSERT INTO source_file (path, original_name, content_hash, size_bytes, arrived_at) VALUES (?, ?, ?, 1, ?)
                    """, ["sources/\(key).ts", "\(key).ts", key, now])
                let source = db.lastInsertRowID
                try db.execute(
                    """
                    INSERT INTO media_asset (source_file_id, status, created_at, updated_at) VALUES (?, 'ready', ?, ?)
                    """, [source, now, now])
                let asset = db.lastInsertRowID
                try db.execute("UPDATE media_asset SET hls_path = ? WHERE id = ?", ["hls/\(asset)-v1", asset])
                try db.execute(
                    """
                    INSERT INTO catalog_item (kind, stable_key, title, asset_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, [kind, key, title, asset, now, now])
                made.append((db.lastInsertRowID, asset))
            }
            return (made[0].0, made[1].0, made[0].1, made[1].1)
        }
        for asset in [ids.2, ids.3] {
            let folder = web.folder.appendingPathComponent("Media/hls/\(asset)-v1")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("#EXTM3U\n".utf8).write(to: folder.appendingPathComponent("master.m3u8"))
        }
        return (ids.0, ids.1, "\(ids.2)-v1", "\(ids.3)-v1")
    }

    static func set(_ web: WebServer, _ change: (inout SiteSettings) -> Void) throws {
        var settings = SiteSettings.load(dataFolder: web.folder)
        change(&settings)
        try settings.save(dataFolder: web.folder)
    }

    @Test func dltvRecordingsPlayWithoutSigningInOnlyFromTheLANAndOnlyWhenTheSettingIsOn() async throws {
        // 127.0.0.1 is the trusted proxy: its X-Forwarded-For stands for a client on a public address.
        let web = try WebServer(http: { $0.trustedProxy = "127.0.0.1" })
        let lessons = try Self.addPublishedLessons(web)
        let publicClient = ["X-Forwarded-For": "203.0.113.7"]
        let lanClient = ["X-Forwarded-For": "192.168.1.23"]

        // Off (the default): everyone signs in first.
        #expect(SiteSettings().dltvPublicOnLAN == false)
        #expect(try web.send("GET", "/lessons/\(lessons.dltv)", headers: lanClient).status == 303)
        #expect(try web.send("GET", "/hls/\(lessons.dltvFolder)/master.m3u8", headers: lanClient).status == 401)

        try Self.set(web) { $0.dltvPublicOnLAN = true }
        let page = try web.send("GET", "/lessons/\(lessons.dltv)", headers: lanClient)
        #expect(page.status == 200 && page.body.contains("คณิตศาสตร์ ป.4 ออกอากาศ"))
        #expect(page.body.contains(#"data-item="0""#), "a visitor's player records nothing")
        #expect(try web.send("GET", "/hls/\(lessons.dltvFolder)/master.m3u8", headers: lanClient).status == 200)
        #expect(try web.send("GET", "/hls/\(lessons.dltvFolder)/master.m3u8").status == 200, "loopback is local too")

        // Never from a public address; never DLIT or anything else.
        #expect(try web.send("GET", "/lessons/\(lessons.dltv)", headers: publicClient).status == 303)
        #expect(try web.send("GET", "/hls/\(lessons.dltvFolder)/master.m3u8", headers: publicClient).status == 401)
        #expect(try web.send("GET", "/lessons/\(lessons.dlit)", headers: lanClient).status == 303)
        #expect(try web.send("GET", "/hls/\(lessons.dlitFolder)/master.m3u8", headers: lanClient).status == 401)
        #expect(try web.send("GET", "/catalog", headers: lanClient).status == 303)

        // A signed-in pupil still plays and records as before.
        let pupil = try web.signIn("pupil", "pupil-password")
        let signedIn = try web.send("GET", "/lessons/\(lessons.dltv)", headers: ["Cookie": pupil.cookie])
        #expect(signedIn.status == 200 && signedIn.body.contains(#"data-item="\#(lessons.dltv)""#))
        await web.stop()
    }

    @Test func theDefaultLanguageIsForPeopleWhoHaveNotChosenOne() async throws {
        let web = try WebServer()
        #expect(try web.send("GET", "/sign-in").body.contains(#"<html lang="th">"#), "Thai by default")
        try Self.set(web) { $0.defaultLanguage = "en" }
        let english = try web.send("GET", "/sign-in")
        #expect(english.body.contains(#"<html lang="en">"#) && english.body.contains("Sign in"))
        let chosen = try web.send("GET", "/sign-in", headers: ["Cookie": "klai_lang=th"])
        #expect(chosen.body.contains(#"<html lang="th">"#), "someone's own choice wins")
        await web.stop()
    }

    @Test func theAdminSavesTheSettingsOnTheSystemPage() async throws {
        let web = try WebServer()
        let admin = try web.signIn("admin", "admin-password")
        let saved = try web.send(
            "POST", "/admin/system/settings",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": admin.cookie],
            body: "_csrf=\(admin.csrf)&dltv-public=1&language=en")
        #expect(saved.status == 303)
        let settings = SiteSettings.load(dataFolder: web.folder)
        #expect(settings.dltvPublicOnLAN && settings.defaultLanguage == "en")
        await web.stop()
    }
}

@Suite struct LocalNetworkAddressTests {
    @Test func privateRangesAndLoopbackAreLocalAndPublicAddressesAreNot() {
        for host in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.0.10", "::1", "fd12:3456::1", "fe80::1"] {
            #expect(SocketAddress(host: host, port: 0).isLocalNetwork, "\(host)")
        }
        for host in [
            "203.0.113.7", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.64.0.1", "192.169.0.1", "2001:db8::1",
            "::ffff:8.8.8.8", "unknown", ""
        ] {
            #expect(!SocketAddress(host: host, port: 0).isLocalNetwork, "\(host)")
        }
    }
}
