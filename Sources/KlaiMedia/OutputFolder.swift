import Foundation

/// The temporary folder a transcode writes into, beside its destination, published by one rename.
///
/// Readers (the web server, a teacher's player) see either the old tree or the complete new one,
/// never a half-written one: `rename(2)` within one file system is atomic.
final class OutputFolder {
    let destination: String
    let temporary: String
    private var published = false

    /// Temporary folders are named `.<destination name>.partial-<random>` so a crashed run's leftovers
    /// can be found and removed by `removeLeftovers(beside:)`.
    static let marker = ".partial-"

    init(destination: String) throws(MediaError) {
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        self.destination = url.path
        // Publishing removes what was at the destination: only an earlier HLS tree may go, never a
        // source file or a folder of other files that `--out` names by mistake (`--out .`).
        guard OutputFolder.isReplaceable(url.path) else {
            throw MediaError(
                .outputFailed,
                "Klai will not replace \(destination): it exists and is not an HLS folder "
                    + "from an earlier transcode (no master.m3u8).", file: destination)
        }
        let parent = url.deletingLastPathComponent().path
        temporary = parent + "/." + url.lastPathComponent + OutputFolder.marker + UUID().uuidString.prefix(8)
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw MediaError(
                .outputFailed, "Klai cannot create a folder beside \(destination).", file: destination,
                detail: "\(error)")
        }
    }

    /// Creates and returns `<temporary>/<name>`.
    func subfolder(_ name: String) throws(MediaError) -> String {
        let path = temporary + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw MediaError(.outputFailed, "Klai cannot create the folder \(path).", file: path, detail: "\(error)")
        }
        return path
    }

    /// Whether `path` may be replaced by a new tree: absent, an empty folder, or a folder holding a
    /// `master.m3u8` (an earlier transcode's output).
    static func isReplaceable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return true }
        guard isDirectory.boolValue else { return false }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.isEmpty || names.contains("master.m3u8")
    }

    /// Moves the finished tree to the destination, replacing an older tree there.
    func publish() throws(MediaError) {
        let manager = FileManager.default
        var old: String?
        if manager.fileExists(atPath: destination) {
            let aside = temporary + ".old"
            if rename(destination, aside) != 0 {
                throw MediaError(
                    .outputFailed, "Klai cannot replace the existing folder \(destination).", file: destination,
                    detail: String(cString: strerror(errno)))
            }
            old = aside
        }
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            if let old { _ = rename(old, destination) }
            throw MediaError(
                .outputFailed, "Klai cannot move the finished HLS folder into \(destination).",
                file: destination, detail: reason)
        }
        published = true
        if let old { try? manager.removeItem(atPath: old) }
    }

    /// Removes the temporary tree (after a failure or cancellation).
    func discard() {
        if !published { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// Removes temporary folders a crashed or killed transcode left in `folder` (for a job runner's start-up).
    /// - Returns: the paths removed.
    @discardableResult
    static func removeLeftovers(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix(".") && $0.contains(marker) }.map { name in
            let path = folder + "/" + name
            try? FileManager.default.removeItem(atPath: path)
            return path
        }
    }

    deinit { discard() }
}
