import Foundation
import KlaiCrypto

#if canImport(Glibc)
    import Glibc
#endif

extension MediaLibrary {
    /// Where an original now lives in `sources/`, and whether this call put it there (so a refused
    /// ingest or manifest removes exactly what it added, never a copy that was there before).
    struct KeptOriginal: Sendable {
        /// Relative to `Media/`.
        var path: String
        var placedNow: Bool
    }

    /// Puts a verified copy of `file` at `sources/<hash16>-<name>`; the original is never touched here.
    ///
    /// The order is what makes a power cut harmless: the bytes go to a hidden temporary name in
    /// `sources/`, are flushed with fsync(2), hashed again and compared with `hash`, and only then renamed
    /// to the final name, after which the folder itself is fsynced so the new name survives (POSIX
    /// rename(2) is atomic; the directory fsync makes it durable). A file already at the final name is
    /// trusted only when its SHA-256 is `hash`: a truncated leftover of an earlier cut is replaced.
    /// The caller removes the original only after its database commit (see `Ingestor.ingest`).
    /// - Parameter link: allow a hard link instead of a copy when both are on one filesystem (for moves:
    ///   the original is unlinked afterwards, so nobody can edit the kept bytes through it).
    /// - Parameter closed: the caller wrote `file` itself, closed it and hashed it afterwards (the live
    ///   recorder), so a hard link to it needs no second hash; an inbox file may still have been changing.
    /// - Throws: when the copy cannot be written or does not hash to `hash` (nothing is left behind).
    func keepOriginal(_ file: URL, hash: String, link: Bool, closed: Bool = false) throws -> KeptOriginal {
        try createFolders()
        let destination = sourceDestination(hash: hash, originalName: file.lastPathComponent)
        let relative = "sources/" + destination.lastPathComponent
        if file.standardizedFileURL == destination.standardizedFileURL {
            return KeptOriginal(path: relative, placedNow: false)
        }
        removeTemporaryCopies(of: destination)
        if FileManager.default.fileExists(atPath: destination.path), (try? SHA256.hashFile(destination)) == hash {
            return KeptOriginal(path: relative, placedNow: false)
        }
        let temporary = sources.appendingPathComponent(
            ".\(destination.lastPathComponent).partial-\(UInt32.random(in: 0...UInt32.max))")
        do {
            let linked = link && Glibc.link(file.path, temporary.path) == 0
            if !linked { try Self.copyDurably(file, to: temporary) }
            // A hard link is the very inode the caller hashed: when nothing can have written to it since
            // (`closed`), only a copy needs checking.
            guard try (linked && closed) || SHA256.hashFile(temporary) == hash else {
                throw CatalogError(
                    "the copy of \(file.lastPathComponent) in \(sources.path) does not match the original (disk or medium error); the original was left where it is"
                )
            }
            guard rename(temporary.path, destination.path) == 0 else {
                throw CatalogError("could not rename the copy to \(destination.path): \(String(cString: strerror(errno)))")
            }
            try Self.syncFolder(sources)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        return KeptOriginal(path: relative, placedNow: true)
    }

    /// Removes a copy this run placed (the catalog refused it); a copy that was there before stays.
    func discard(_ kept: KeptOriginal) {
        guard kept.placedNow else { return }
        try? FileManager.default.removeItem(at: url(kept.path))
    }

    /// Removes hidden `.NAME.partial-*` copies of one source left by a power cut or a kill mid-copy.
    private func removeTemporaryCopies(of destination: URL) {
        let prefix = ".\(destination.lastPathComponent).partial-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(at: sources.appendingPathComponent(name))
        }
    }

    /// Copies in 1 MiB chunks into a new file and fsyncs it before returning.
    static func copyDurably(_ source: URL, to target: URL) throws {
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: target.path, contents: nil) else {
            throw CatalogError("could not create \(target.path): \(String(cString: strerror(errno)))")
        }
        let output = try FileHandle(forWritingTo: target)
        defer { try? output.close() }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try output.write(contentsOf: chunk)
        }
        try output.synchronize()
    }

    /// fsync(2) on a folder, so a rename or unlink inside it survives a power cut.
    static func syncFolder(_ folder: URL) throws {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else {
            throw CatalogError("could not open \(folder.path) to flush it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw CatalogError("could not flush \(folder.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Removes an original once the catalog holds its verified copy, and makes the removal durable.
    static func removeOriginal(_ file: URL) {
        guard (try? FileManager.default.removeItem(at: file)) != nil else { return }
        try? syncFolder(file.deletingLastPathComponent())
    }
}
