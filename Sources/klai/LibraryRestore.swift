import Foundation
import KlaiStore

/// Puts a backup in place of a library's database: copied beside it, checked, then swapped in one rename.
///
/// The caller holds the `LibraryLock`, so no server has the database open. SQLite applies a `-wal` file it
/// finds next to a database without asking whose it is (https://sqlite.org/wal.html), so the old
/// database's `-wal` and `-shm` move aside with it before the copy takes the name.
struct LibraryRestore {
    let library: LibraryLocation
    private var staging: String { library.dataFolder.appendingPathComponent(".Klai.sqlite.restoring").path }

    /// Copies `backup` into the data folder and checks the copy: intact, a Klai library, not from a newer Klai.
    /// - Returns: a few words about the library (its schema step, when it was created).
    /// - Throws: `RestoreError` saying what is wrong with the file.
    func stage(backup: String) throws -> String {
        let manager = FileManager.default
        guard manager.fileExists(atPath: backup) else { throw RestoreError("there is no file \(backup)") }
        removeStaging()
        do {
            try manager.copyItem(atPath: backup, toPath: staging)
        } catch {
            removeStaging()
            throw RestoreError("cannot copy \(backup) into \(library.dataFolder.path): \(BackupFailure.sentence(for: error))")
        }
        do {
            let summary = try checkStaging(backup: backup)
            try adoptOwnership()
            return summary
        } catch {
            removeStaging()
            throw error
        }
    }

    /// Swaps the staged copy in.
    /// - Returns: where the replaced database now is, or nil when there was none.
    func install() throws -> String? {
        let live = library.databasePath
        let manager = FileManager.default
        let stamp = Self.stamp(Date())
        let aside = "\(live).replaced-\(stamp)"
        var replaced: String?
        if manager.fileExists(atPath: live) {
            // Fold the old WAL in while it can be (a damaged file may refuse: its -wal still moves with it).
            if let old = try? Database(path: live) { try? old.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
            guard link(live, aside) == 0 else {
                throw RestoreError("cannot keep the current database as \(aside): \(String(cString: strerror(errno)))")
            }
            replaced = aside
        }
        for suffix in ["-wal", "-shm"] where manager.fileExists(atPath: live + suffix) {
            guard rename(live + suffix, aside + suffix) == 0 else {
                throw RestoreError("cannot move \(live + suffix) aside: \(String(cString: strerror(errno)))")
            }
        }
        guard rename(staging, live) == 0 else {
            throw RestoreError("cannot put the copy in place as \(live): \(String(cString: strerror(errno)))")
        }
        Self.syncFolder(library.dataFolder.path)
        return replaced
    }

    private func checkStaging(backup: String) throws -> String {
        let db: Database
        do {
            db = try Database(path: staging)
        } catch {
            throw RestoreError("\(backup) is not an SQLite database (\(error))")
        }
        let problems = try db.integrityCheck()
        guard problems.isEmpty else {
            throw RestoreError("\(backup) fails SQLite's integrity check: " + problems.prefix(5).joined(separator: "; "))
        }
        let isLibrary =
            try db.scalar(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('klai_library', 'klai_migration')",
                as: Int.self) ?? 0
        guard isLibrary == 2, let created = try db.scalar("SELECT created_at FROM klai_library", as: String.self) else {
            throw RestoreError("\(backup) is an SQLite database but not a Klai library (no klai_library table)")
        }
        do {
            try KlaiSchema.migrator.checkNotNewer(db)
        } catch {
            throw RestoreError("\(error)")
        }
        let steps = try Migrator.appliedIdentifiers(db).count
        // One self-contained file: no -wal or -shm of the copy's to leave behind.
        try db.executeScript("PRAGMA journal_mode = DELETE")
        return "a Klai library created \(created), schema step \(steps) of \(KlaiSchema.migrator.migrations.count)"
    }

    /// When root restores, the copy would belong to root and the server (user `klai`) could not write it:
    /// give it the data folder's owner, readable by its group only.
    private func adoptOwnership() throws {
        var folder = stat()
        guard stat(library.dataFolder.path, &folder) == 0 else { return }
        if getuid() == 0, chown(staging, folder.st_uid, folder.st_gid) != 0 {
            throw RestoreError("cannot give the copy to the data folder's owner: \(String(cString: strerror(errno)))")
        }
        chmod(staging, 0o640)
    }

    private func removeStaging() {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
    }

    /// `20261202T153000Z`: sortable, and without characters a shell or a Windows share would mind.
    static func stamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// fsync(2) on the folder makes the renames in it durable across a power cut.
    static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
