import Foundation
import KlaiCrypto
import KlaiMedia
import KlaiStore

extension LiveRecorder {
    /// Writes the period's row before recording starts. - Returns: false when the period already has one.
    static func claim(_ period: LivePeriod, file: String, start: Date, end: Date, in db: Database) throws -> Bool {
        try db.execute(
            """
            INSERT INTO live_recording (channel, air_date, period, state, planned_start, planned_end, file)
            VALUES (?, ?, ?, 'recording', ?, ?, ?) ON CONFLICT (channel, air_date, period) DO NOTHING
            """, [period.channel, period.date, period.period, start, end, file])
        return db.changes > 0
    }

    /// Crash recovery, run once before `start()`: recordings left `recording` by a power cut or a kill
    /// are kept as far as they play, marked incomplete with their missing seconds, and put in the catalog.
    /// A period claimed ahead of time whose recording had not begun is freed to be scheduled again.
    /// - Returns: how many recordings were kept.
    @discardableResult
    public func recover() throws -> Int {
        let rows = try store.readSync { db in
            try db.fetchAll(
                """
                SELECT channel, air_date, period, planned_start, planned_end, file FROM live_recording WHERE state = 'recording'
                """)
        }
        var kept = 0
        for row in rows {
            let channel: String = try row.get("channel")
            let date: LocalDate = try row.get("air_date")
            let periodNumber: Int = try row.get("period")
            let start: Date = try row.get("planned_start")
            let end: Date = try row.get("planned_end")
            let file: String = try row.get("file")
            if !FileManager.default.fileExists(atPath: file) {
                // Claimed (up to `lookAhead` early) but nothing written yet: free the period so it is
                // scheduled again; nothing of it was recorded, so recording it cannot make a second copy.
                try store.writeSync { db in
                    try db.execute(
                        "DELETE FROM live_recording WHERE channel = ? AND air_date = ? AND period = ? AND state = 'recording'",
                        [channel, date, periodNumber])
                }
                continue
            }
            let planned = end.timeIntervalSince(start)
            let seconds = (try? LiveRecordingCheck.playableSeconds(file)) ?? 0
            let period =
                try store.readSync { db in
                    try periods(channel, date, db).first { $0.period == periodNumber }
                } ?? LivePeriod(channel: channel, date: date, period: periodNumber, subject: "", start: start, end: end)
            let cut = LiveCut(id: period.stableKey, path: file, start: start, end: end)
            finish(
                LiveRecordingResult(
                    cut: cut, recordedSeconds: seconds, missingSeconds: max(0, planned - seconds), gaps: 0,
                    stoppedEarly: true, error: nil),
                period: period, note: "Klai stopped while recording (power cut or restart).")
            kept += 1
        }
        return kept
    }

    /// A relay finished a cut: record the outcome, and put what plays into the catalog with a transcode job.
    func finish(_ result: LiveRecordingResult) {
        let parts = result.cut.id.split(separator: ":")
        guard parts.count == 4, let date = LocalDate(parsing: String(parts[2])), let number = Int(parts[3]) else { return }
        let channel = String(parts[1])
        let period =
            (try? store.readSync { db in try periods(channel, date, db).first { $0.period == number } })
            ?? LivePeriod(channel: channel, date: date, period: number, subject: "", start: result.cut.start, end: result.cut.end)
        finish(result, period: period, note: result.stoppedEarly ? "Klai stopped before the period ended." : nil)
    }

    private func finish(_ result: LiveRecordingResult, period: LivePeriod, note: String?) {
        let file = URL(fileURLWithPath: result.cut.path)
        let playable = result.recordedSeconds > 0 && FileManager.default.fileExists(atPath: file.path)
        let complete = playable && result.missingSeconds <= configuration.completeTolerance && !result.stoppedEarly
        let state = !playable ? "failed" : complete ? "complete" : "incomplete"
        let sentence = [note, result.error].compactMap { $0 }.joined(separator: " ")
        var kept: String?
        var hash = ""
        var size: Int64 = 0
        if playable, let digest = try? SHA256.hashFile(file) {
            hash = digest
            size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
            // A verified copy (or hard link) in sources/; the recorded file goes once the catalog has it.
            kept = (try? media.keepOriginal(file, hash: hash, link: true, closed: true))?.path
        }
        _ = try? store.writeSync { [kept, hash, size] db in
            var itemID: Int64?
            if let kept {
                let sourceID = try SourceFile.insert(
                    path: kept, originalName: file.lastPathComponent, hash: hash, size: size,
                    duration: result.recordedSeconds, in: db)
                let assetID = try MediaAsset.create(sourceFileID: sourceID, in: db)
                try TranscodeQueue.enqueue(assetID: assetID, in: db)
                itemID = try LiveRecorder.upsertItem(period, assetID: assetID, seconds: result.recordedSeconds, in: db)
            }
            try db.execute(
                """
                UPDATE live_recording SET state = ?, recorded_seconds = ?, missing_seconds = ?, gaps = ?,
                    catalog_item_id = ?, note = ?, file = COALESCE(?, file)
                WHERE channel = ? AND air_date = ? AND period = ?
                """,
                [
                    state, result.recordedSeconds, result.missingSeconds.rounded(), result.gaps, itemID,
                    sentence.isEmpty ? nil : sentence as String?, kept, period.channel, period.date, period.period
                ])
        }
        if kept != nil { try? FileManager.default.removeItem(at: file) }
    }

    /// The period's catalog item (one per channel, date and period: the stable key), pointing at the new asset.
    static func upsertItem(_ period: LivePeriod, assetID: Int64, seconds: Double, in db: Database) throws -> Int64 {
        let grade = try Timetable.grade(for: period.channel, on: period.date, in: db)
        let termID = try Timetable.term(containing: period.date, in: db)?.id
        var draft = CatalogItemDraft(
            kind: .dltvRecording, stableKey: period.stableKey,
            title: "\(period.subject) คาบ \(period.period) \(period.channel) "
                + "\(period.date.day)/\(period.date.month)/\(period.date.buddhistYear)")
        if !period.subject.isEmpty { draft.subject = period.subject }
        draft.learningArea = period.learningArea
        draft.grade = grade
        draft.channel = period.channel
        draft.airDate = period.date
        draft.period = period.period
        draft.termID = termID
        draft.captureStart = TimeOfDay(period.start)
        draft.captureEnd = TimeOfDay(period.end)
        draft.durationSeconds = seconds
        let (id, _) = try draft.upsert(in: db)
        try db.execute("UPDATE catalog_item SET asset_id = ? WHERE id = ?", [assetID, id])
        return id
    }
}
