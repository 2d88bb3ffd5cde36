import Foundation
import KlaiStore

extension Ingestor {
    /// Records what a kept source becomes: recordings with assets and jobs, or an unmatched entry.
    static func place(sourceID: Int64, file: String, match: MatchPlan, split: RecordingSplit, in db: Database) throws -> Result {
        func unmatched(_ reason: String) throws -> Result {
            try db.execute("INSERT INTO unmatched_file (source_file_id, reason, arrived_at) VALUES (?, ?, ?)", [sourceID, reason, Date()])
            return Result(file: file, outcome: .unmatched(id: db.lastInsertRowID, reason: reason), summary: "unmatched: \(reason)")
        }
        if let problem = match.problem { return try unmatched(problem) }
        guard let channel = match.channel, let date = match.date, let start = match.start, let duration = match.duration else {
            return try unmatched("channel, date or start time unknown")
        }
        guard try db.scalar("SELECT count(*) FROM channel WHERE code = ?", [channel], as: Int.self) ?? 0 > 0 else {
            return try unmatched("unknown channel \(channel)")
        }
        let slots = try Timetable.slots(channel: channel, on: date, in: db)
        // A probed duration comes from the file: a crafted one can be NaN, negative or 1e300.
        guard duration.isFinite, duration > 0, duration < 7 * 86_400 else {
            return try unmatched("the file's duration (\(duration) s) is not a plausible recording length")
        }
        let end = TimeOfDay(seconds: start.seconds + Int(duration.rounded()))
        guard !slots.isEmpty else {
            return try unmatched("\(channel) has no timetable for \(date) (weekday \(date.weekday)); is the date inside a term?")
        }
        let pieces = split.pieces(start: start, duration: duration, slots: slots)
        guard !pieces.isEmpty else {
            return try unmatched("no \(channel) period on \(date) falls within the recording (\(start)–\(end))")
        }
        let grade = try Timetable.grade(for: channel, on: date, in: db)
        let termID = try Timetable.term(containing: date, in: db)?.id
        var items: [Int64] = []
        for piece in pieces {
            let assetID = try MediaAsset.create(sourceFileID: sourceID, cutStart: piece.cutStart, cutEnd: piece.cutEnd, in: db)
            try TranscodeQueue.enqueue(assetID: assetID, in: db)
            let key = "dltv:\(channel):\(date):\(piece.slot.period)"
            let captureStart = TimeOfDay(seconds: start.seconds + Int(piece.cutStart.rounded()))
            let captureEnd = TimeOfDay(seconds: start.seconds + Int(piece.cutEnd.rounded()))
            if let existing: Int64 = try db.scalar("SELECT id FROM catalog_item WHERE stable_key = ?", [key]) {
                // A manifest may have described this episode already: keep its title and details.
                try db.execute(
                    """
                    UPDATE catalog_item SET asset_id = ?, capture_start = ?, capture_end = ?, duration_seconds = ?, updated_at = ?
                    WHERE id = ?
                    """, [assetID, captureStart, captureEnd, piece.cutEnd - piece.cutStart, Date(), existing])
                items.append(existing)
                continue
            }
            var draft = CatalogItemDraft(
                kind: .dltvRecording, stableKey: key,
                title: "\(piece.slot.subject) คาบ \(piece.slot.period) \(channel) \(date.day)/\(date.month)/\(date.buddhistYear)")
            draft.subject = piece.slot.subject
            draft.learningArea = piece.slot.learningArea
            draft.grade = grade
            draft.channel = channel
            draft.airDate = date
            draft.period = piece.slot.period
            draft.termID = termID
            draft.captureStart = captureStart
            draft.captureEnd = captureEnd
            draft.durationSeconds = piece.cutEnd - piece.cutStart
            let (id, _) = try draft.upsert(in: db)
            try db.execute("UPDATE catalog_item SET asset_id = ? WHERE id = ?", [assetID, id])
            items.append(id)
        }
        let periods = pieces.map { "\($0.slot.period)\($0.isPartial ? " (partial)" : "")" }.joined(separator: ", ")
        return Result(
            file: file, outcome: .recordings(items),
            summary: "\(channel) \(date) \(start)–\(end): \(pieces.count) recording(s), period(s) \(periods); transcodes queued")
    }

    /// Files waiting for a person, oldest first.
    public static func unmatchedFiles(in db: Database) throws -> [UnmatchedFile] {
        try db.fetchAll(
            """
            SELECT u.id, u.reason, u.arrived_at, s.id AS source_id, s.original_name, s.path FROM unmatched_file u
            JOIN source_file s ON s.id = u.source_file_id WHERE u.resolved_at IS NULL ORDER BY u.id
            """
        ).map(UnmatchedFile.init(row:))
    }

    /// Matches an unmatched file with what a person now says about it (channel, date, start).
    /// - Returns: the new outcome; the entry is resolved when it became recordings.
    public func assign(unmatchedID: Int64, hint: Hint) throws -> Result {
        guard let entry = try store.readSync({ db in try Self.unmatchedFiles(in: db).first { $0.id == unmatchedID } }) else {
            throw CatalogError("there is no unmatched file #\(unmatchedID)")
        }
        let url = media.url(entry.path)
        let plan = matchPlan(file: URL(fileURLWithPath: entry.originalName), hint: hint, probe: Swift.Result { try pipeline.probe(url.path) })
        let split = self.split
        return try store.writeSync { db in
            let result = try Self.place(sourceID: entry.sourceFileID, file: entry.originalName, match: plan, split: split, in: db)
            if case .recordings = result.outcome {
                try db.execute("UPDATE unmatched_file SET resolved_at = ? WHERE id = ?", [Date(), unmatchedID])
            } else if case .unmatched(let newID, _) = result.outcome {
                try db.execute("DELETE FROM unmatched_file WHERE id = ?", [newID])
            }
            return result
        }
    }
}

/// A kept file that could not be matched, waiting for a person.
public struct UnmatchedFile: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var reason: String
    public var arrivedAt: Date
    public var sourceFileID: Int64
    public var originalName: String
    /// Relative to `Media/`.
    public var path: String

    init(row: Row) throws {
        id = try row.get("id")
        reason = try row.get("reason")
        arrivedAt = try row.get("arrived_at")
        sourceFileID = try row.get("source_id")
        originalName = try row.get("original_name")
        path = try row.get("path")
    }
}
