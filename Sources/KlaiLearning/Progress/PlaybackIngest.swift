import Foundation
import KlaiStore

/// Stores batches of playback events and updates every summary they touch, in one transaction.
///
/// `ingest` returns only after the transaction has committed (`Store.write` group-commits concurrent
/// batches under one fsync), so an acknowledged event is durable. Events are idempotent by `event_id`:
/// a batch resent after a lost answer is counted as duplicates and changes nothing.
public struct PlaybackIngest: Sendable {
    public let store: Store
    public let policy: ProgressPolicy

    public init(store: Store, policy: ProgressPolicy = ProgressPolicy()) {
        self.store = store
        self.policy = policy
    }

    /// Stores `batch` posted by `principal`; returns once committed.
    public func ingest(_ batch: EventBatch, from principal: Principal, now: Date = Date()) async throws -> EventBatchResult {
        let policy = policy
        return try await store.write { db in try Self.apply(batch, from: principal, now: now, policy: policy, in: db) }
    }

    /// Removes the per-person daily event counts of days before yesterday (only today's are consulted).
    /// Call it periodically, like `Accounts.prune(now:)`. - Returns: how many counts were removed.
    @discardableResult
    public func prune(now: Date = Date()) throws -> Int {
        let today = Int64((min(max(now.timeIntervalSince1970, 0), 1e12) / 86_400).rounded(.down))
        return try store.writeSync { db in
            try db.execute("DELETE FROM learning_event_day WHERE day < ?", [today - 1])
            return db.changes
        }
    }

    /// Blocking form of `ingest`.
    public func ingestSync(_ batch: EventBatch, from principal: Principal, now: Date = Date()) throws -> EventBatchResult {
        let policy = policy
        return try store.writeSync { db in try Self.apply(batch, from: principal, now: now, policy: policy, in: db) }
    }

    /// The work of one batch, inside the caller's transaction.
    ///
    /// The work is bounded per event: each touched session's summary is read once and continued with the
    /// new events (never rebuilt from its stored events), and each person's progress is updated from what
    /// the session added (never rescanned across their sessions). Sessions and people have event caps
    /// (`ProgressPolicy`), and events past them are refused with the reason.
    public static func apply(
        _ batch: EventBatch, from principal: Principal, now: Date, policy: ProgressPolicy,
        in db: Database
    ) throws -> EventBatchResult {
        var context = IngestContext(db: db, principal: principal, now: now, policy: policy)
        var result = EventBatchResult()
        var touched: [PlaybackKey: [PlaybackEvent]] = [:]
        var order: [PlaybackKey] = []
        // Stored in the order they are folded (device time within the batch), so that a recomputation
        // folding each session's events by row id sees exactly what this transaction saw.
        for event in PlaybackTimeline.arrivalOrder(batch.events, time: \.deviceTime) {
            if let reason = try context.refusal(for: event) {
                result.rejected.append(.init(eventID: event.eventID, reason: reason))
                continue
            }
            try db.execute(
                """
                INSERT INTO learning_event (event_id, session_id, user_id, item_id, class_id, kind, position, from_position,
                    device_time, received_at, rendition, stalls, live)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, item_id, event_id) DO NOTHING
                """,
                [
                    event.eventID.blob, event.sessionID.blob, principal.userID, event.item, event.classID, event.kind.code,
                    event.position, event.from, event.deviceTime.timeIntervalSince1970, now.timeIntervalSince1970,
                    event.rendition, event.stalls ?? 0, event.live ?? false
                ])
            guard db.changes == 1 else {
                result.duplicates += 1
                continue
            }
            result.accepted += 1
            context.count(event)
            let key = PlaybackKey(session: event.sessionID, item: event.item)
            if touched[key] == nil { order.append(key) }
            touched[key, default: []].append(event)
        }
        // Rejections listed in the order the events were sent.
        let sent = Dictionary(batch.events.enumerated().map { ($0.element.eventID, $0.offset) }, uniquingKeysWith: { a, _ in a })
        result.rejected.sort { sent[$0.eventID, default: 0] < sent[$1.eventID, default: 0] }
        for key in order {
            guard let events = touched[key], let classID = events.first.map(\.classID) else { continue }
            let (before, after) = try PlaybackSummaries.updatePlayback(
                db, key: key, userID: principal.userID, classID: classID,
                newEvents: events, received: now)
            if let classID {
                try PlaybackSummaries.updateUsage(
                    db, key: key, teacherID: principal.userID, classID: classID,
                    timeline: after, live: events.contains { $0.live == true }, policy: policy)
            } else if !events.contains(where: { $0.live == true }) {
                // Watching the broadcast live is kept (the session's summary, `live` = 1) but is not coverage
                // of the recording: its positions are the broadcast's, not the recording's.
                try PlaybackSummaries.updateProgress(
                    db, PersonItem(user: principal.userID, item: key.item), before: before,
                    after: after, duration: context.duration(of: key.item), policy: policy)
            }
        }
        if context.acceptedToday > 0 {
            try db.execute(
                """
                INSERT INTO learning_event_day (user_id, day, events) VALUES (?, ?, ?)
                ON CONFLICT (user_id, day) DO UPDATE SET events = events + excluded.events
                """, [principal.userID, context.day, context.acceptedToday])
        }
        return result
    }
}

/// A player session's timeline of one item.
struct PlaybackKey: Hashable {
    let session: UUID
    let item: Int64
}

/// A person's progress on one item.
struct PersonItem: Hashable {
    let user: Int64
    let item: Int64
}
