import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiLearning
import KlaiStore

/// System: disk use and free space (statvfs(3)), the job queue, the last backup, "back up now" and the
/// download of a backup, the traffic log's verification and export, the audit log and the settings.
struct AdminSystemPages {
    let web: KlaiWeb

    func register(on router: inout Router) {
        let web = web
        router.get("/admin/system") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            let (backups, jobs, audit, schools) = try await web.store.read { db in
                (
                    try BackupLog.recent(db, limit: 10),
                    try TranscodeQueue.jobs(states: [.queued, .running, .failed], limit: 500, in: db),
                    try AuditLog.recent(db, limit: 30), try PeopleAdmin.schools(db)
                )
            }
            let disk = DiskSpace(path: web.dataFolder.path)
            let database = (try? FileManager.default.attributesOfItem(atPath: web.store.configuration.path)[.size] as? NSNumber)?.int64Value ?? 0
            let body = group {
                AdminPages.heading(context, context.t("ระบบ", "System"))
                el("section", .class("card"), .aria("labelledby", "disk-title")) {
                    el("h2", .id("disk-title")) { context.t("พื้นที่ดิสก์", "Disk") }
                    if let disk {
                        el("p") {
                            context.t(
                                "ว่าง \(Self.size(disk.free)) จาก \(Self.size(disk.total)) · ฐานข้อมูล \(Self.size(database))",
                                "\(Self.size(disk.free)) free of \(Self.size(disk.total)) · database \(Self.size(database))")
                        }
                        Components.bar(context, disk.total > 0 ? Double(disk.total - disk.free) / Double(disk.total) : 0)
                    } else {
                        el("p") { context.t("อ่านข้อมูลดิสก์ไม่ได้", "The disk cannot be read.") }
                    }
                    el("p") {
                        context.t("งานแปลงไฟล์ที่รอหรือมีปัญหา: \(jobs.count) ", "Transcode jobs waiting or failed: \(jobs.count) ")
                        el("a", .href("/admin/jobs")) { context.t("ดูคิวงาน", "See the queue") }
                    }
                }
                el("section", .class("card"), .aria("labelledby", "backup-title")) {
                    el("h2", .id("backup-title")) { context.t("สำรองข้อมูล", "Backups") }
                    if let last = backups.first {
                        el("p", .class(last.succeeded ? "" : "field-error")) {
                            last.succeeded
                                ? context.t(
                                    "สำรองล่าสุด \(CalendarText.dateTime(last.finishedAt, .thai)) สำเร็จ (\(Self.size(last.bytes)))",
                                    "Last backup \(CalendarText.dateTime(last.finishedAt, .english)) succeeded (\(Self.size(last.bytes)))")
                                : context.t(
                                    "สำรองล่าสุด \(CalendarText.dateTime(last.finishedAt, .thai)) ไม่สำเร็จ: \(last.failure ?? "")",
                                    "Last backup \(CalendarText.dateTime(last.finishedAt, .english)) FAILED: \(last.failure ?? "")")
                        }
                    } else {
                        el("p", .class("field-error")) { context.t("ยังไม่เคยสำรองข้อมูล", "No backup was ever made.") }
                    }
                    el("p", .id("backup-folder")) {
                        context.t("โฟลเดอร์สำรองข้อมูล: ", "Backup folder: ")
                        el("code") { web.backupFolder.path }
                        context.t(
                            " (เก็บรายวัน 7 วัน และรายสัปดาห์ 4 สัปดาห์ ชุดเดียวกับการสำรองทุกคืน)",
                            " (7 daily and 4 weekly copies kept, shared with the nightly backup)")
                    }
                    AdminPages.button(context, action: "/admin/system/backup", label: context.t("สำรองข้อมูลเดี๋ยวนี้", "Back up now"), primary: true)
                    el("ul", .class("plain backups")) {
                        for record in Self.downloadable(backups) {
                            let name = URL(fileURLWithPath: record.file).lastPathComponent
                            el("li") {
                                el("a", .href("/admin/system/backups/\(name)"), Attribute("download", name)) {
                                    context.t("ดาวน์โหลด \(name)", "Download \(name)")
                                }
                                " · \(Self.size(record.bytes))"
                            }
                        }
                    }
                }
                AdminTrafficPages.section(context)
                el("section", .class("card"), .aria("labelledby", "audit-title")) {
                    el("h2", .id("audit-title")) { context.t("บันทึกการดำเนินการ (ล่าสุด 30 รายการ)", "Audit log (latest 30)") }
                    el("ul", .class("plain audit")) {
                        for entry in audit {
                            el("li") {
                                "\(CalendarText.dateTime(entry.at, context.language)) · \(entry.action) · \(entry.target)"
                                    + (entry.actorUserID.map { " · user:\($0)" } ?? "") + (entry.detail.isEmpty ? "" : " · \(entry.detail)")
                            }
                        }
                    }
                }
                AdminSettingsPages.section(context, web: web, schools: schools)
            }
            return Layout.response(context, title: context.t("ระบบ", "System"), body)
        }
        router.post("/admin/system/backup", maxBodySize: 4096) { request in
            let context = PageContext(request)
            let user = try AdminPages.requireSystem(context)
            let rotation = BackupRotation(folder: web.backupFolder)
            let started = Date()
            let database = web.store.configuration
            // The nightly backup's own path: today's klai-YYYY-MM-DD.sqlite in the configured folder, checked,
            // then the folder thinned (7 daily, 4 weekly). The copy is blocking work: off the cooperative pool.
            let record: BackupRecord
            do {
                let outcome = try await offPool {
                    try rotation.backUp(databasePath: database.path, at: started, busyTimeout: database.busyTimeout)
                }
                record = BackupRecord(
                    startedAt: started, finishedAt: Date(), file: outcome.path, bytes: outcome.bytes,
                    succeeded: true, failure: nil)
            } catch {
                record = BackupRecord(
                    startedAt: started, finishedAt: Date(), file: rotation.file(for: started).path, bytes: 0,
                    succeeded: false, failure: BackupFailure.sentence(for: error))
            }
            let actor = user.userID
            try await offPool {
                try web.store.withWriterOutsideTransaction { db in try BackupLog.append(record, to: db) }
            }
            try await web.store.write { db in
                try AuditLog.record(
                    db, actor: actor, action: "backup.web", target: "file:\(record.file)",
                    detail: record.succeeded ? "ok" : "failed: \(record.failure ?? "")")
            }
            return .redirect(to: "/admin/system#backup-title")
        }
        router.get("/admin/system/backups/:name") { request in
            let context = PageContext(request)
            _ = try AdminPages.requireSystem(context)
            let name = request.parameters["name"] ?? ""
            // Only files the backup log names (written by Klai itself), found by their last path component.
            let records = try await web.store.read { db in try BackupLog.recent(db, limit: 50) }
            guard let record = records.first(where: { $0.succeeded && URL(fileURLWithPath: $0.file).lastPathComponent == name }),
                let file = try? OpenFile(path: record.file)
            else { throw WebError.notFound() }
            return HTTPResponse(
                status: .ok,
                headers: [
                    "Content-Type": "application/vnd.sqlite3",
                    "Content-Disposition": "attachment; filename=\"\(name)\"",
                    "Cache-Control": "no-store"
                ],
                body: .file(file, range: 0..<file.size))
        }
    }

    /// The successful backups whose files still exist (rotation removes old ones), newest first, one per file:
    /// each backup of a day rewrites that day's file.
    static func downloadable(_ records: [BackupRecord]) -> [BackupRecord] {
        var seen = Set<String>()
        return records.filter { record in
            record.succeeded && FileManager.default.fileExists(atPath: record.file) && seen.insert(record.file).inserted
        }
    }

    /// `1.4 GB` (decimal units, as disk makers and file managers show them).
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(max(bytes, 0))
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}

/// Free and total bytes of the filesystem holding a path (statvfs(3)).
struct DiskSpace {
    let free: Int64
    let total: Int64

    init?(path: String) {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        let block = UInt64(info.f_frsize)
        let (free, o1) = UInt64(info.f_bavail).multipliedReportingOverflow(by: block)
        let (total, o2) = UInt64(info.f_blocks).multipliedReportingOverflow(by: block)
        guard !o1, !o2, free <= UInt64(Int64.max), total <= UInt64(Int64.max) else { return nil }
        self.free = Int64(free)
        self.total = Int64(total)
    }
}
