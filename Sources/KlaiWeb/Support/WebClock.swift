import Foundation

/// The time Klai's pages and the events API treat as now: the real clock, or the real clock shifted
/// by a fixed offset so that a demo (or a browser test) can live in a school morning at any hour.
/// Time still passes at its real rate; only the starting point moves.
public struct WebClock: Sendable {
    public let offset: TimeInterval

    public init(offset: TimeInterval = 0) { self.offset = offset }

    /// A clock that reads `moment` now and runs on from there.
    public init(pretending moment: Date) { offset = moment.timeIntervalSinceNow }

    public func now() -> Date { Date().addingTimeInterval(offset) }
}
