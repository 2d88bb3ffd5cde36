import Foundation

/// Writes an `InstallPlan` to disk: each file written beside its final name and renamed into place, so a
/// running service never sees half a binary or half a unit, and an interrupted install can simply be rerun.
struct Installer {
    let plan: InstallPlan

    /// The service account's user and group ids; nil when staging (nothing is chowned under a DESTDIR).
    var account: (uid: uid_t, gid: gid_t)? {
        guard !plan.isStaged, let entry = getpwnam(plan.user) else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    /// Writes the binary, reference data, configuration, units, folders and (with TLS) the nginx front.
    func writeFiles(binary: String, catalog: String, assets: String) throws {
        try makeFolder(plan.prefix + "/bin", mode: 0o755)
        try install(contentsOf: binary, at: plan.binary, mode: 0o755)
        try installFolder(from: catalog, to: plan.catalogFolder)
        try installFolder(from: assets, to: plan.assetsFolder)
        try makeFolder("/etc/klai", mode: 0o755)
        try write(plan.configurationText, to: plan.configurationFile, mode: 0o640, groupOnly: true)
        try makeFolder(plan.unitFolder, mode: 0o755)
        try write(plan.serverUnit, to: plan.unitFolder + "/klai.service", mode: 0o644)
        try write(plan.backupUnit, to: plan.unitFolder + "/klai-backup.service", mode: 0o644)
        try write(plan.backupTimer, to: plan.unitFolder + "/klai-backup.timer", mode: 0o644)
        try makeFolder(plan.dataFolder, mode: 0o750, owned: true)
        try makeFolder(plan.backupFolder, mode: 0o750, owned: true)
        if plan.tls.isEnabled { try installFront() }
        print(
            "installed: \(plan.binary), \(plan.catalogFolder), \(plan.configurationFile), "
                + "\(plan.unitFolder)/klai.service, klai-backup.service, klai-backup.timer"
                + (plan.tls.isEnabled ? ", \(plan.nginxSite)" : "") + (plan.isStaged ? " (under \(plan.destdir))" : ""))
        print("data folder \(plan.dataFolder), backups in \(plan.backupFolder); Klai listens on \(plan.bind):\(plan.port)")
    }

    /// Makes `path` (staged) with `mode`; `owned` gives it to the service account.
    func makeFolder(_ path: String, mode: mode_t, owned: Bool = false) throws {
        let target = plan.staged(path)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        try apply(mode: mode, owner: owned ? account.map { ($0.uid, $0.gid) } : nil, to: target)
    }

    /// Writes `text` to `path` (staged). `groupOnly` makes it root's, readable by the service account's group.
    func write(_ text: String, to path: String, mode: mode_t, groupOnly: Bool = false) throws {
        try replace(path, mode: mode, owner: groupOnly ? account.map { (0, $0.gid) } : nil) { temporary in
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        }
    }

    /// Copies the file at `source` to `path` (staged).
    func install(contentsOf source: String, at path: String, mode: mode_t, owner: (uid_t, gid_t)? = nil) throws {
        try replace(path, mode: mode, owner: owner) { temporary in
            // Read, not copyItem: /proc/self/exe is a symlink, and the program is what must be copied.
            try Data(contentsOf: URL(fileURLWithPath: source)).write(to: URL(fileURLWithPath: temporary))
        }
    }

    /// Writes through `fill` into a hidden file beside `path`, sets its mode and owner, then renames it over
    /// `path` (rename(2) replaces atomically; a running `klai` keeps its old, unlinked binary).
    private func replace(_ path: String, mode: mode_t, owner: (uid_t, gid_t)?, fill: (String) throws -> Void) throws {
        let target = plan.staged(path)
        let url = URL(fileURLWithPath: target)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).new").path
        try? FileManager.default.removeItem(atPath: temporary)
        try fill(temporary)
        try apply(mode: mode, owner: owner, to: temporary)
        guard rename(temporary, target) == 0 else {
            throw InstallError("cannot put \(target) in place: \(String(cString: strerror(errno)))")
        }
    }

    private func apply(mode: mode_t, owner: (uid_t, gid_t)?, to path: String) throws {
        if let (uid, gid) = owner, chown(path, uid, gid) != 0 {
            throw InstallError("cannot give \(path) to \(plan.user): \(String(cString: strerror(errno)))")
        }
        guard chmod(path, mode) == 0 else {
            throw InstallError("cannot set the permissions of \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Shipped files (the reference data, the web pages' assets), swapped in as a whole folder.
    private func installFolder(from source: String, to destination: String) throws {
        let manager = FileManager.default
        let target = plan.staged(destination)
        let parent = URL(fileURLWithPath: target).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: target).lastPathComponent
        try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let incoming = parent + "/.\(name).new", outgoing = parent + "/.\(name).old"
        for leftover in [incoming, outgoing] { try? manager.removeItem(atPath: leftover) }
        try manager.copyItem(atPath: source, toPath: incoming)
        if manager.fileExists(atPath: target) { try manager.moveItem(atPath: target, toPath: outgoing) }
        try manager.moveItem(atPath: incoming, toPath: target)
        try? manager.removeItem(atPath: outgoing)
    }
}
