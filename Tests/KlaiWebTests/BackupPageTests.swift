import Foundation
import KlaiStore
import Testing

@testable import KlaiWeb

/// "Back up now" on the System page writes where the nightly backup does (the configured folder, the
/// same names and rotation), the page says where, its link downloads the copy, and a failure is shown.
@Suite(.serialized) struct BackupPageTests {
    @Test func backUpNowWritesIntoTheConfiguredFolderWithTheNightlyRotationAndTheLinkDownloadsIt() async throws {
        let backups = FileManager.default.temporaryDirectory.appendingPathComponent("klai-backups-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: backups) }
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        // Ten old daily copies and someone's own file: rotation keeps 7 days + 4 weeks and never touches the other file.
        let old = (1...10).map { String(format: "klai-2026-01-%02d.sqlite", $0) }
        for name in old + ["notes.txt"] { try Data("x".utf8).write(to: backups.appendingPathComponent(name)) }
        let web = try WebServer(web: { $0.backupFolder = backups })
        let admin = try web.signIn("admin", "admin-password")
        let system = try web.send("GET", "/admin/system", headers: ["Cookie": admin.cookie])
        #expect(system.body.contains(backups.path), "the page names the folder")

        let made = try web.send(
            "POST", "/admin/system/backup",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": admin.cookie
            ], body: "_csrf=\(admin.csrf)")
        #expect(made.status == 303)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: backups.path))
        let today = try #require(names.first { $0.hasPrefix("klai-") && !old.contains($0) })
        #expect(today.count == "klai-2026-12-02.sqlite".count, "named like the nightly backup: \(today)")
        #expect(names.contains("notes.txt"))
        #expect(names.count < old.count + 2, "older copies were thinned: \(names.sorted())")
        #expect(!FileManager.default.fileExists(atPath: web.folder.appendingPathComponent("backups").path), "nothing in DATA/backups")

        let page = try web.send("GET", "/admin/system", headers: ["Cookie": admin.cookie])
        #expect(page.body.contains("/admin/system/backups/\(today)"))
        let download = try web.send("GET", "/admin/system/backups/\(today)", headers: ["Cookie": admin.cookie])
        #expect(download.status == 200 && download.body.hasPrefix("SQLite format 3"))
        await web.stop()
    }

    @Test func aBackupThatCannotBeWrittenIsReportedOnThePage() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("klai-not-a-folder-\(UUID().uuidString)")
        try Data("a file where the folder should be".utf8).write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let web = try WebServer(web: { $0.backupFolder = blocker.appendingPathComponent("backups") })
        let admin = try web.signIn("admin", "admin-password")
        _ = try web.send(
            "POST", "/admin/system/backup",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": admin.cookie
            ], body: "_csrf=\(admin.csrf)")
        let page = try web.send("GET", "/admin/system", headers: ["Cookie": admin.cookie])
        #expect(page.body.contains("ไม่สำเร็จ"), "the failure is on the page")
        #expect(!page.body.contains("ดาวน์โหลด klai-"))
        await web.stop()
    }
}
