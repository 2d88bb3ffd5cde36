/// What one player session of one item has played, built by folding its events in device-time order.
///
/// Between two consecutive events of a playing player, the media position moved from `a` to `b`: that is
/// played, when it is forward and no faster than `maximumRate` × the wall-clock time between them
/// (anything faster is an unreported seek). A `seeked` event ends the played stretch at its `from`
/// position (where the viewer jumped from), so seeking ahead covers nothing, and rewinding then replaying
/// adds to time spent but not to coverage (`IntervalSet` merges).
public struct PlaybackTimeline: Sendable, Equatable {
    /// One event as the timeline needs it.
    public struct Point: Sendable, Equatable {
        public var kind: PlaybackEvent.Kind
        public var position: Double
        public var from: Double?
        public var time: Double

        public init(kind: PlaybackEvent.Kind, position: Double, from: Double? = nil, time: Double) {
            self.kind = kind
            self.position = position
            self.from = from
            self.time = time
        }
    }

    /// Fastest playback rate credited (players offer up to 2×).
    public static let maximumRate = 2.0
    /// Slack for timers firing late and clocks ticking unevenly, in seconds.
    public static let slack = 2.0

    public private(set) var played = IntervalSet()
    /// Seconds of media played, rewatching included (the person's time spent).
    public private(set) var secondsPlayed = 0.0
    public private(set) var firstTime: Double?
    public private(set) var lastTime = 0.0
    public private(set) var lastPosition = 0.0
    public private(set) var isPlaying = false
    public private(set) var eventCount = 0

    public init() {}

    /// Restores a timeline from its stored summary, to continue with later events.
    public init(played: IntervalSet, secondsPlayed: Double, firstTime: Double, lastTime: Double, lastPosition: Double,
                isPlaying: Bool, eventCount: Int) {
        self.played = played
        self.secondsPlayed = secondsPlayed
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.lastPosition = lastPosition
        self.isPlaying = isPlaying
        self.eventCount = eventCount
    }

    /// Builds the timeline of `points` in any order (sorted here by time, ties kept in the given order).
    public init(points: [Point]) {
        self.init()
        for point in points.enumerated().sorted(by: { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }) {
            apply(point.element)
        }
    }

    /// Folds in the next event (its time must not be before `lastTime`).
    public mutating func apply(_ point: Point) {
        if firstTime != nil, isPlaying, point.kind != .started {
            let end = point.kind == .seeked ? (point.from ?? lastPosition) : point.position
            let elapsed = max(0, point.time - lastTime)
            if end > lastPosition && end - lastPosition <= elapsed * Self.maximumRate + Self.slack {
                played.insert(lastPosition...end)
                secondsPlayed += end - lastPosition
            }
        }
        switch point.kind {
        case .started, .progress: isPlaying = true
        case .paused, .ended: isPlaying = false
        case .seeked: break  // a seek keeps playing or paused as it was
        }
        if firstTime == nil { firstTime = point.time }
        lastTime = point.time
        lastPosition = point.position
        eventCount += 1
    }
}
