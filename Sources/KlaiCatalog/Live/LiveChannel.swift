import Foundation
import KlaiMedia
import KlaiStore

/// A channel Klai relays live (and, when `records` is set, records period by period).
public struct LiveChannel: Sendable, Equatable {
    /// The channel code (`DLTV4`).
    public var channel: String
    /// The upstream address: an HLS URL, an HTTP MPEG-TS stream, or `udp://`/`rtp://`.
    public var sourceURL: String
    /// Whether the timetable recorder records this channel's periods.
    public var records: Bool
    /// Seconds recorded before each period starts and after it ends (broadcasts drift).
    public var preRoll: Int
    public var postRoll: Int

    public init(channel: String, sourceURL: String, records: Bool = false, preRoll: Int = 30, postRoll: Int = 30) {
        self.channel = channel
        self.sourceURL = sourceURL
        self.records = records
        self.preRoll = preRoll
        self.postRoll = postRoll
    }

    /// Adds or replaces a channel's live configuration.
    /// - Throws: `CatalogError` when the channel is unknown, the address is not one Klai can pull, or a
    ///   roll is outside 0–600 seconds.
    public static func save(_ live: LiveChannel, in db: Database, now: Date = Date()) throws {
        guard try db.scalar("SELECT count(*) FROM channel WHERE code = ?", [live.channel], as: Int.self) ?? 0 > 0 else {
            throw CatalogError("\(live.channel) is not a channel in the catalog (see `klai catalog channels`).")
        }
        do { _ = try LiveSource(url: live.sourceURL) } catch { throw CatalogError(error.sentence) }
        guard (0...600).contains(live.preRoll), (0...600).contains(live.postRoll) else {
            throw CatalogError("Pre- and post-roll must each be between 0 and 600 seconds.")
        }
        try db.execute(
            """
            INSERT INTO live_channel (channel, source_url, records, pre_roll_seconds, post_roll_seconds, added_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (channel) DO UPDATE SET source_url = excluded.source_url, records = excluded.records,
                pre_roll_seconds = excluded.pre_roll_seconds, post_roll_seconds = excluded.post_roll_seconds
            """, [live.channel, live.sourceURL, live.records ? 1 : 0, live.preRoll, live.postRoll, now])
    }

    /// Removes a channel's live configuration (its recordings stay). - Returns: whether it was there.
    @discardableResult
    public static func remove(_ channel: String, in db: Database) throws -> Bool {
        try db.execute("DELETE FROM live_channel WHERE channel = ?", [channel])
        return db.changes > 0
    }

    /// Every configured channel, by code.
    public static func all(in db: Database) throws -> [LiveChannel] {
        try db.fetchAll(
            """
            SELECT channel, source_url, records, pre_roll_seconds, post_roll_seconds FROM live_channel ORDER BY channel
            """
        ).map { row in
            LiveChannel(
                channel: try row.get("channel"), sourceURL: try row.get("source_url"),
                records: try row.get("records", as: Int.self) == 1,
                preRoll: try row.get("pre_roll_seconds"), postRoll: try row.get("post_roll_seconds"))
        }
    }
}
