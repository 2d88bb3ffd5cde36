import Foundation
import KlaiStore

/// How smoothly one class screening played, read from its stored playback events.
///
/// Players report `stalls` (rebuffering episodes since the previous event). Between two events of a
/// playing player, wall-clock time that the media position did not advance is time the screen waited;
/// it is counted as stalled only when the closing event reports a stall, so a slow timer or a paused
/// tab is never taken for a bad network.
struct ScreeningHealth: Sendable, Equatable {
    var eventCount = 0
    var stallSeconds = 0.0
    var stallCount = 0

    /// Share of a screening's time above which it counts as stalled.
    static let stalledShare = 0.05

    /// Whether a screening that played `playSeconds` spent more than 5 % of its time stalled.
    func isStalled(playSeconds: Double) -> Bool {
        let total = playSeconds + stallSeconds
        return total > 0 && stallSeconds / total > Self.stalledShare
    }

    /// Reads the events of one screening (one player session and item) in device-time order.
    static func read(_ db: Database, sessionID: Data, itemID: Int64) throws -> ScreeningHealth {
        var health = ScreeningHealth()
        var previous: (position: Double, time: Double)?
        var playing = false
        // Kind codes are KlaiLearning's stored codes: 0 started, 1 progress, 2 paused, 3 seeked, 4 ended.
        try db.forEachRow(
            """
            SELECT kind, position, from_position, device_time, stalls FROM learning_event
            WHERE session_id = ? AND item_id = ? ORDER BY device_time, id
            """, [sessionID, itemID]
        ) { row in
            let kind = row.int64(at: 0)
            let position = row.double(at: 1)
            let time = row.double(at: 3)
            let stalls = Int(clamping: row.int64(at: 4))
            if let previous, playing, kind != 0, stalls > 0 {
                let end = kind == 3 && !row.isNull(at: 2) ? row.double(at: 2) : position
                let waited = (time - previous.time) - max(0, end - previous.position)
                health.stallSeconds += max(0, waited)
            }
            health.stallCount += max(0, stalls)
            health.eventCount += 1
            if kind == 0 || kind == 1 { playing = true } else if kind == 2 || kind == 4 { playing = false }
            previous = (position, time)
        }
        return health
    }
}
