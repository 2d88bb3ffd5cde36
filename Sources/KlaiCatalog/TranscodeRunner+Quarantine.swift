import Foundation
import KlaiStore

extension MediaLibrary {
    /// `Media/quarantine/`: originals that crashed the media worker on every attempt, kept for a person.
    public var quarantine: URL { root.appendingPathComponent("quarantine", isDirectory: true) }
}

extension TranscodeRunner {
    /// Moves the source of `jobID` to `Media/quarantine/` and fails the job and every queued job cut from
    /// the same source with a sentence for the admin, so one bad file cannot crash-loop the workers.
    ///
    /// The file is moved first (one rename(2) in `Media/`, folder fsynced), then the catalog follows in
    /// one transaction; a kill between the two leaves the file in quarantine and the jobs failing with
    /// "source file missing" on their next attempt: nothing is lost, and a person finds the file there.
    /// - Returns: the sentence recorded, or nil when the job or its source is not in the catalog.
    @discardableResult
    func quarantine(jobID: Int64, because cause: String) -> String? {
        guard
            let found = try? store.readSync({ db -> (sourceID: Int64, path: String)? in
                guard let job = try TranscodeQueue.job(jobID, in: db), let asset = try MediaAsset.find(job.assetID, in: db),
                    let sourceID = asset.sourceFileID, let source = try SourceFile.find(sourceID, in: db)
                else { return nil }
                return (sourceID, source.path)
            })
        else { return nil }
        let name = (found.path as NSString).lastPathComponent
        var relative = found.path
        let original = media.url(found.path)
        if !found.path.hasPrefix("quarantine/"), FileManager.default.fileExists(atPath: original.path) {
            do {
                try FileManager.default.createDirectory(at: media.quarantine, withIntermediateDirectories: true)
                let target = media.quarantine.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.moveItem(at: original, to: target)
                try? MediaLibrary.syncFolder(media.quarantine)
                try? MediaLibrary.syncFolder(original.deletingLastPathComponent())
                relative = "quarantine/" + name
            } catch {
                // Not moved: the jobs still fail below, so the file is not tried again until a person retries.
            }
        }
        let sentence =
            "\(cause); after \(TranscodeQueue.crashLimit) crashed attempts the file was moved to "
            + "Media/\(relative) so it cannot stop other work. Check it (klai probe) and ingest it again if it is sound, or delete it."
        let failed = TranscodeJob.State.failed
        let newPath = relative
        _ = try? store.writeSync { db in
            let now = Date()
            try db.execute("UPDATE source_file SET path = ? WHERE id = ?", [newPath, found.sourceID])
            try db.execute(
                """
                UPDATE transcode_job SET state = ?, last_error = ?, run_after = NULL, temp_path = NULL,
                    finished_at = ?, updated_at = ?
                WHERE (id = ? OR state = ?) AND asset_id IN (SELECT id FROM media_asset WHERE source_file_id = ?)
                """, [failed, sentence, now, now, jobID, TranscodeJob.State.queued, found.sourceID])
            try db.execute(
                """
                UPDATE media_asset SET status = ?, error = ?, updated_at = ? WHERE source_file_id = ? AND status != ?
                """, [MediaAsset.Status.failed, sentence, now, found.sourceID, MediaAsset.Status.ready])
        }
        return sentence
    }
}
