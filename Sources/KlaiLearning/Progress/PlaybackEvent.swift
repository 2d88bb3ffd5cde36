import Foundation
import KlaiStore

/// One thing a player reports, as sent in `POST /api/events` (JSON keys in snake_case):
///
/// ```json
/// { "event_id": "6f1c…-…", "session_id": "0b7e…-…", "item": 812, "kind": "progress",
///   "position": 125.4, "device_time": "2026-06-15T01:42:05.120Z",
///   "rendition": "360p", "stalls": 0 }
/// ```
/// Optional keys: `from` (on `seeked`: the position jumped from), `class_id` (class mode: a teacher
/// playing for a class on the classroom screen), `live` (the DLTV live stream rather than a recording).
public struct PlaybackEvent: Codable, Sendable, Equatable {
    /// What happened in the player.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case started, progress, paused, seeked, ended
        /// The stored code: fixed per kind, never a position in a list (a new kind must not renumber the others).
        var code: Int {
            switch self {
            case .started: 0
            case .progress: 1
            case .paused: 2
            case .seeked: 3
            case .ended: 4
            }
        }
        init?(code: Int) {
            switch code {
            case 0: self = .started
            case 1: self = .progress
            case 2: self = .paused
            case 3: self = .seeked
            case 4: self = .ended
            default: return nil
            }
        }
    }

    /// Unique per event, made by the player: resending an event changes nothing.
    public var eventID: UUID
    /// One per page load of the player; events of one session and item form one timeline.
    public var sessionID: UUID
    /// The catalog item played (`catalog_item.id`).
    public var item: Int64
    public var kind: Kind
    /// Media position in seconds.
    public var position: Double
    /// On `seeked`: where playback was before the jump.
    public var from: Double?
    /// The device's wall clock when it happened.
    public var deviceTime: Date
    public var rendition: String?
    /// Stalls (rebuffering) since the previous event.
    public var stalls: Int?
    /// Class mode: the class watching on the classroom screen.
    public var classID: Int64?
    /// The DLTV live stream (`/live/<channel>`): `item` is the catalog item of the timetable period airing
    /// when the page was opened (its DLTV recording entry) and `position` is seconds into that period's
    /// broadcast, so it is checked against 0…48 h rather than the recording's length, and it does not count
    /// as coverage of the recording.
    public var live: Bool?

    public init(
        eventID: UUID = UUID(), sessionID: UUID, item: Int64, kind: Kind, position: Double, from: Double? = nil,
        deviceTime: Date, rendition: String? = nil, stalls: Int? = nil, classID: Int64? = nil, live: Bool? = nil
    ) {
        self.eventID = eventID
        self.sessionID = sessionID
        self.item = item
        self.kind = kind
        self.position = position
        self.from = from
        self.deviceTime = deviceTime
        self.rendition = rendition
        self.stalls = stalls
        self.classID = classID
        self.live = live
    }

    enum CodingKeys: String, CodingKey {
        case eventID = "event_id", sessionID = "session_id", item, kind, position, from, deviceTime = "device_time"
        case rendition, stalls, classID = "class_id", live
    }

    /// Limits every decoded field is held to, so that no value from outside can reach arithmetic or
    /// storage out of range (a time of 1e22 ms once trapped a conversion and took the server down).
    public enum Limits {
        /// Device times outside 2000-01-01 … 2100-01-01 are not a clock, they are an attack or a bug.
        public static let earliest = Date(timeIntervalSince1970: 946_684_800)
        public static let latest = Date(timeIntervalSince1970: 4_102_444_800)
        /// No lesson is longer than a day and a half of broadcast.
        public static let longestPosition: Double = 48 * 3600
        /// Rendition names are short labels like `360p`.
        public static let renditionBytes = 32
        public static let mostStalls = 100_000
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventID = try c.decode(UUID.self, forKey: .eventID)
        sessionID = try c.decode(UUID.self, forKey: .sessionID)
        item = try c.decode(Int64.self, forKey: .item)
        guard item > 0 else { throw DecodingError.dataCorruptedError(forKey: .item, in: c, debugDescription: "an item id is positive") }
        kind = try c.decode(Kind.self, forKey: .kind)
        position = try Self.position(c, .position)
        from = try c.contains(.from) && !c.decodeNil(forKey: .from) ? Self.position(c, .from) : nil
        // ISO-8601 with or without milliseconds, or Unix milliseconds (what Date.now() gives a script).
        let time: Date
        if let text = try? c.decode(String.self, forKey: .deviceTime) {
            guard text.utf8.count <= 40, let date = ISO8601Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: .deviceTime, in: c, debugDescription: "not an ISO-8601 time")
            }
            time = date
        } else {
            let millis = try c.decode(Double.self, forKey: .deviceTime)
            guard millis.isFinite else {
                throw DecodingError.dataCorruptedError(forKey: .deviceTime, in: c, debugDescription: "not a finite number")
            }
            time = Date(timeIntervalSince1970: millis / 1000)
        }
        guard time >= Limits.earliest, time < Limits.latest else {
            throw DecodingError.dataCorruptedError(
                forKey: .deviceTime, in: c,
                debugDescription: "a device time must fall between 2000 and 2100")
        }
        deviceTime = time
        rendition = try c.decodeIfPresent(String.self, forKey: .rendition)
        if let rendition, rendition.utf8.count > Limits.renditionBytes {
            throw DecodingError.dataCorruptedError(
                forKey: .rendition, in: c,
                debugDescription: "a rendition name has at most \(Limits.renditionBytes) bytes")
        }
        stalls = try c.decodeIfPresent(Int.self, forKey: .stalls)
        if let stalls, !(0...Limits.mostStalls).contains(stalls) {
            throw DecodingError.dataCorruptedError(
                forKey: .stalls, in: c,
                debugDescription: "stalls must be between 0 and \(Limits.mostStalls)")
        }
        classID = try c.decodeIfPresent(Int64.self, forKey: .classID)
        if let classID, classID <= 0 {
            throw DecodingError.dataCorruptedError(forKey: .classID, in: c, debugDescription: "a class id is positive")
        }
        live = try c.decodeIfPresent(Bool.self, forKey: .live)
    }

    /// A media position: a finite number of seconds within `0…Limits.longestPosition`.
    private static func position(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Double {
        let value = try c.decode(Double.self, forKey: key)
        guard value.isFinite, value >= 0, value <= Limits.longestPosition else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c,
                debugDescription: "a position is a number of seconds from 0 to \(Int(Limits.longestPosition))")
        }
        return value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(eventID, forKey: .eventID)
        try c.encode(sessionID, forKey: .sessionID)
        try c.encode(item, forKey: .item)
        try c.encode(kind, forKey: .kind)
        try c.encode(position, forKey: .position)
        try c.encodeIfPresent(from, forKey: .from)
        try c.encode(ISO8601Timestamp.format(deviceTime), forKey: .deviceTime)
        try c.encodeIfPresent(rendition, forKey: .rendition)
        try c.encodeIfPresent(stalls, forKey: .stalls)
        try c.encodeIfPresent(classID, forKey: .classID)
        try c.encodeIfPresent(live, forKey: .live)
    }

    /// The event as the timeline folds it, received by the server at `received` (Unix seconds).
    func point(received: Double) -> PlaybackTimeline.Point {
        .init(kind: kind, position: position, from: from, time: deviceTime.timeIntervalSince1970, received: received)
    }
}

/// The body of `POST /api/events`: `{ "events": [ … ] }`.
public struct EventBatch: Codable, Sendable, Equatable {
    public var events: [PlaybackEvent]
    public init(events: [PlaybackEvent]) { self.events = events }
}

/// The answer to a batch, sent only after the transaction holding it has committed:
/// `{ "accepted": 9, "duplicates": 1, "rejected": [ { "event_id": "…", "reason": "…" } ] }`.
/// The player forgets every event listed in any of the three; it resends only on a failed request.
public struct EventBatchResult: Codable, Sendable, Equatable {
    /// An event refused for good (resending it will not help).
    public struct Rejection: Codable, Sendable, Equatable {
        public var eventID: UUID
        public var reason: String
        enum CodingKeys: String, CodingKey { case eventID = "event_id", reason }
    }

    public var accepted = 0
    public var duplicates = 0
    public var rejected: [Rejection] = []
    public init() {}
}

extension UUID {
    /// The 16 bytes, as stored in BLOB columns (smaller and faster to index than text).
    var blob: Data { withUnsafeBytes(of: uuid) { Data($0) } }
}
