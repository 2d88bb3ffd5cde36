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
        var code: Int { Self.allCases.firstIndex(of: self)! }
        init?(code: Int) { guard Self.allCases.indices.contains(code) else { return nil }; self = Self.allCases[code] }
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
    /// The DLTV live stream.
    public var live: Bool?

    public init(eventID: UUID = UUID(), sessionID: UUID, item: Int64, kind: Kind, position: Double, from: Double? = nil,
                deviceTime: Date, rendition: String? = nil, stalls: Int? = nil, classID: Int64? = nil, live: Bool? = nil) {
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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventID = try c.decode(UUID.self, forKey: .eventID)
        sessionID = try c.decode(UUID.self, forKey: .sessionID)
        item = try c.decode(Int64.self, forKey: .item)
        kind = try c.decode(Kind.self, forKey: .kind)
        position = try c.decode(Double.self, forKey: .position)
        from = try c.decodeIfPresent(Double.self, forKey: .from)
        // ISO-8601 with or without milliseconds, or Unix milliseconds (what Date.now() gives a script).
        if let text = try? c.decode(String.self, forKey: .deviceTime) {
            guard let date = ISO8601Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: .deviceTime, in: c, debugDescription: "not an ISO-8601 time: \(text)")
            }
            deviceTime = date
        } else {
            deviceTime = Date(timeIntervalSince1970: try c.decode(Double.self, forKey: .deviceTime) / 1000)
        }
        rendition = try c.decodeIfPresent(String.self, forKey: .rendition)
        stalls = try c.decodeIfPresent(Int.self, forKey: .stalls)
        classID = try c.decodeIfPresent(Int64.self, forKey: .classID)
        live = try c.decodeIfPresent(Bool.self, forKey: .live)
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

    var point: PlaybackTimeline.Point { .init(kind: kind, position: position, from: from, time: deviceTime.timeIntervalSince1970) }
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
