/// What one player session of one item has played, built by folding its events in arrival order.
///
/// Between two consecutive events of a playing player, the media position moved from `a` to `b`: that is
/// played, when it is forward and no faster than `maximumRate` × the wall-clock time between them
/// (anything faster is an unreported seek). A `seeked` event ends the played stretch at its `from`
/// position (where the viewer jumped from), so seeking ahead covers nothing, and rewinding then replaying
/// adds to time spent but not to coverage (`IntervalSet` merges).
///
/// **Credit is bounded by what the server saw.** Device times come from the device and can be invented;
/// the server's own clock cannot. A session is credited at most `maximumRate` × (server time since its
/// first event arrived + `vouchedTolerance`) seconds of playback in all, checked at each event's arrival.
/// A batch delivered late from an offline queue is therefore credited only up to the wall time the server
/// can vouch for, and a back-dated synthetic timeline posted at once earns at most a couple of minutes.
/// A session at its bound is credited again in runs of at least `resumingCredit` seconds, so that an
/// over-claiming client cannot make its session's stored set (and the cost of its batches) grow per batch.
///
/// **Events are folded in arrival order** (each batch sorted by device time), so one event costs the same
/// whatever came before: an event older than the last one folded (a batch overtaken by a later one) does
/// not rebuild the session; it is credited only against the late event folded just before it
/// (`lateCursor`), so an overtaken batch is credited within itself and loses at most its edges.
public struct PlaybackTimeline: Sendable, Equatable {
    /// One event as the timeline needs it.
    public struct Point: Sendable, Equatable {
        public var kind: PlaybackEvent.Kind
        public var position: Double
        public var from: Double?
        /// The device's time of the event (Unix seconds).
        public var time: Double
        /// The server's time when the event arrived (Unix seconds).
        public var received: Double

        /// - Parameter received: when the server received it; defaults to `time` (a device the server trusts).
        public init(kind: PlaybackEvent.Kind, position: Double, from: Double? = nil, time: Double, received: Double? = nil) {
            self.kind = kind
            self.position = position
            self.from = from
            self.time = time
            self.received = received ?? time
        }
    }

    /// Where a run of late events has got to.
    public struct Cursor: Sendable, Equatable {
        public var time: Double
        public var position: Double
        public var isPlaying: Bool
    }

    /// Fastest playback rate credited (players offer up to 2×).
    public static let maximumRate = 2.0
    /// Slack for timers firing late and clocks ticking unevenly, in seconds.
    public static let slack = 2.0
    /// Server seconds granted on top of what the server saw pass: the player's first batch reports up to
    /// ~10 s played before it is sent, and requests queue on bad networks.
    public static let vouchedTolerance = 60.0
    /// Allowance a session that reached its bound needs before a stretch away from its credited ones counts.
    public static let resumingCredit = 10.0

    public private(set) var played = IntervalSet()
    /// Seconds of media played, rewatching included (the person's time spent).
    public private(set) var secondsPlayed = 0.0
    public private(set) var firstTime: Double?
    public private(set) var lastTime = 0.0
    public private(set) var lastPosition = 0.0
    public private(set) var isPlaying = false
    public private(set) var eventCount = 0
    /// Server time at which the session's first event arrived.
    public private(set) var firstReceived: Double?
    /// The last late event folded, while late events keep arriving in order among themselves.
    public private(set) var lateCursor: Cursor?

    public init() {}

    /// Restores a timeline from its stored summary, to continue with later events.
    public init(
        played: IntervalSet, secondsPlayed: Double, firstTime: Double, lastTime: Double, lastPosition: Double,
        isPlaying: Bool, eventCount: Int, firstReceived: Double?, lateCursor: Cursor?
    ) {
        self.played = played
        self.secondsPlayed = secondsPlayed
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.lastPosition = lastPosition
        self.isPlaying = isPlaying
        self.eventCount = eventCount
        self.firstReceived = firstReceived
        self.lateCursor = lateCursor
    }

    /// Builds the timeline of one batch of `points` (sorted here by device time, ties kept in the given order).
    public init(points: [Point]) {
        self.init()
        for point in Self.arrivalOrder(points, time: \.time) { apply(point) }
    }

    /// The order in which a batch is folded (and stored): by device time, ties in the order sent. The one
    /// ordering rule: ingest stores a batch in this order, and recomputation folds stored events by row id.
    public static func arrivalOrder<Element>(_ batch: [Element], time: (Element) -> some Comparable) -> [Element] {
        batch.enumerated().sorted { (time($0.element), $0.offset) < (time($1.element), $1.offset) }.map(\.element)
    }

    /// Folds in the next event to arrive.
    public mutating func apply(_ point: Point) {
        if firstReceived == nil { firstReceived = point.received }
        eventCount += 1
        if firstTime == nil {
            firstTime = point.time
            take(point)
            return
        }
        if point.time < lastTime {
            applyLate(point)
            return
        }
        if isPlaying, point.kind != .started {
            credit(
                from: lastPosition, to: end(of: point, after: lastPosition), elapsed: point.time - lastTime,
                received: point.received)
        }
        take(point)
        lateCursor = nil
    }

    /// A point older than the last one folded: credited only against the previous late point.
    private mutating func applyLate(_ point: Point) {
        var cursor =
            lateCursor.flatMap { $0.time <= point.time ? $0 : nil }
            ?? Cursor(time: point.time, position: point.position, isPlaying: false)
        if cursor.isPlaying, point.kind != .started {
            credit(
                from: cursor.position, to: end(of: point, after: cursor.position), elapsed: point.time - cursor.time,
                received: point.received)
        }
        cursor.isPlaying = Self.playing(after: point.kind, was: cursor.isPlaying)
        cursor.time = point.time
        cursor.position = point.position
        lateCursor = cursor
    }

    /// Where the stretch ending at `point` ends: a seek ends it where the viewer jumped from.
    private func end(of point: Point, after start: Double) -> Double {
        point.kind == .seeked ? (point.from ?? start) : point.position
    }

    /// Credits `start…end` when it is forward, no faster than `maximumRate`, and within what the server vouches for.
    private mutating func credit(from start: Double, to end: Double, elapsed: Double, received: Double) {
        guard end > start, end - start <= max(0, elapsed) * Self.maximumRate + Self.slack else { return }
        let vouched = Self.maximumRate * (received - (firstReceived ?? received) + Self.vouchedTolerance)
        let available = vouched - secondsPlayed
        let length = min(end - start, available)
        guard length > 0 else { return }
        // Near the bound, credit comes back in runs, not slivers: a stretch that does not continue what was
        // credited waits for `resumingCredit` seconds of allowance. An over-claiming session's set then gains
        // an interval per run instead of one per batch, each of which would make its later batches read and
        // write a longer set. (A player at 1× never comes near: its allowance grows twice as fast as it plays.)
        if available < Self.resumingCredit && !played.hasInterval(endingAt: start) { return }
        played.insert(start...(start + length))
        secondsPlayed += length
    }

    private mutating func take(_ point: Point) {
        isPlaying = Self.playing(after: point.kind, was: isPlaying)
        lastTime = point.time
        lastPosition = point.position
    }

    private static func playing(after kind: PlaybackEvent.Kind, was: Bool) -> Bool {
        switch kind {
        case .started, .progress: true
        case .paused, .ended: false
        case .seeked: was  // a seek keeps playing or paused as it was
        }
    }
}
