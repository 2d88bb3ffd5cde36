import Foundation
import KlaiCatalog
import KlaiStore

/// Validation of one batch's events, with the look-ups cached for the batch.
struct IngestContext {
    let db: Database
    let principal: Principal
    let now: Date
    let policy: ProgressPolicy
    private var items: [Int64: ItemState] = [:]
    private var classSchools: [Int64: Int64?] = [:]
    private var sessionOwners: [PlaybackKey: (user: Int64, classID: Int64?)?] = [:]
    private var studentSchool: Int64??
    /// Events stored so far per session (from its summary, plus this batch's).
    private var sessionEvents: [PlaybackKey: Int] = [:]
    /// Events the person has sent today (UTC day `day`), plus this batch's.
    private var dayEvents: Int?
    /// Events accepted in this batch, to add to the day's count.
    private(set) var acceptedToday = 0

    init(db: Database, principal: Principal, now: Date, policy: ProgressPolicy) {
        self.db = db
        self.principal = principal
        self.now = now
        self.policy = policy
    }

    enum ItemState { case missing, noDuration, playable(Double) }

    /// Whether a catalog item exists and its playable duration (the item's, else its media asset's).
    mutating func state(of item: Int64) throws -> ItemState {
        if let known = items[item] { return known }
        let state: ItemState
        if let playable = try Catalog.playable(id: item, in: db) {
            state = playable.durationSeconds.map { $0 > 0 ? .playable($0) : .noDuration } ?? .noDuration
        } else {
            state = .missing
        }
        items[item] = state
        return state
    }

    /// The playable duration of an item already validated.
    mutating func duration(of item: Int64) throws -> Double {
        if case .playable(let duration) = try state(of: item) { return duration }
        return 0
    }

    /// Why `event` is refused, or nil when it is acceptable.
    mutating func refusal(for event: PlaybackEvent) throws -> String? {
        // A live event names the period airing (its catalog item) and its position is seconds into that
        // broadcast, which need not match the recording's length: only decoding's 0…48 h range holds it.
        let live = event.live == true
        let duration: Double
        switch try state(of: event.item) {
        case .missing: return "no such item \(event.item)"
        case .noDuration where !live: return "item \(event.item) cannot be played yet (its duration is not known)"
        case .noDuration: duration = PlaybackEvent.Limits.longestPosition
        case .playable(let seconds): duration = live ? PlaybackEvent.Limits.longestPosition : seconds
        }
        for position in [event.position, event.from].compactMap({ $0 }) {
            guard position.isFinite, position >= 0, position <= duration + policy.durationTolerance else {
                return "position \(position) is outside the item (0…\(duration) s)"
            }
        }
        let seconds = event.deviceTime.timeIntervalSince(now)
        if seconds > policy.maximumClockSkew {
            return "device time is \(String(format: "%.0f", seconds)) s in the future"
        }
        if -seconds > policy.maximumEventAge { return "device time is too old" }
        if let stalls = event.stalls, stalls < 0 { return "stalls cannot be negative" }
        if let classID = event.classID {
            let school: Int64?
            if let known = classSchools[classID] {
                school = known
            } else {
                school = try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID])
                classSchools[classID] = .some(school)
            }
            guard let school, Authorization.may(principal, .playForClass, .classroom(id: classID, schoolID: school)) else {
                return "you may not play for class \(classID)"
            }
        } else {
            let school: Int64?
            if let known = studentSchool {
                school = known
            } else {
                school = try db.scalar("SELECT school_id FROM learning_student WHERE user_id = ?", [principal.userID])
                studentSchool = .some(school)
            }
            let target = Target.student(userID: principal.userID, schoolID: school ?? 0, classIDs: principal.studentClassIDs)
            guard Authorization.may(principal, .postEvents, target) else { return "you may not post playback events" }
        }
        let key = PlaybackKey(session: event.sessionID, item: event.item)
        let owner: (user: Int64, classID: Int64?)
        if let known = sessionOwners[key], let known {
            owner = known
        } else {
            let row = try db.fetchOne(
                """
                SELECT user_id, class_id, event_count FROM learning_playback WHERE session_id = ? AND item_id = ?
                """, [event.sessionID.blob, event.item])
            owner = try row.map { (try $0.get("user_id"), try $0.get("class_id")) } ?? (principal.userID, event.classID)
            sessionOwners[key] = .some(owner)
            sessionEvents[key] = try row?.get("event_count", as: Int.self) ?? 0
        }
        if owner.user != principal.userID { return "the player session belongs to someone else" }
        if owner.classID != event.classID { return "class mode cannot change within a player session" }
        if sessionEvents[key, default: 0] >= policy.maximumEventsPerSession {
            return "this player session has sent \(policy.maximumEventsPerSession) events, the most one session may send"
        }
        if try eventsToday() >= policy.maximumEventsPerPersonPerDay {
            return "you have sent \(policy.maximumEventsPerPersonPerDay) events today, the most one person may send in a day"
        }
        return nil
    }

    /// The server's UTC day number, the key of the per-person daily count.
    var day: Int64 {
        // Clamped so that no clock reading can trap the conversion.
        Int64((min(max(now.timeIntervalSince1970, 0), 1e12) / 86_400).rounded(.down))
    }

    private mutating func eventsToday() throws -> Int {
        if let dayEvents { return dayEvents }
        let stored =
            try db.scalar(
                "SELECT events FROM learning_event_day WHERE user_id = ? AND day = ?",
                [principal.userID, day], as: Int.self) ?? 0
        dayEvents = stored
        return stored
    }

    /// Counts an accepted (newly stored) event towards its session's and the person's caps.
    mutating func count(_ event: PlaybackEvent) {
        sessionEvents[PlaybackKey(session: event.sessionID, item: event.item), default: 0] += 1
        dayEvents = (dayEvents ?? 0) + 1
        acceptedToday += 1
    }
}
