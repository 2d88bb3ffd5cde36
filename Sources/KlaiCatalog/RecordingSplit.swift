/// How a broadcast recording is cut into one piece per timetable period.
public struct RecordingSplit: Sendable {
    /// Seconds a period may lie outside the recording and still count as recorded (broadcast drift).
    public var tolerance: Double = 120
    /// Seconds kept before each period's start and after its end.
    public var preRoll: Double = 30
    public var postRoll: Double = 30
    /// A period partly outside the recording is kept when at least this share of it was recorded.
    public var minimumCoverage: Double = 0.5

    public init() {}

    /// One piece: a period and where it is in the file.
    public struct Piece: Sendable, Equatable {
        public var slot: TimetableSlot
        /// Seconds into the source.
        public var cutStart: Double
        public var cutEnd: Double
        /// True when part of the period is missing from the recording.
        public var isPartial: Bool
    }

    /// The pieces of a recording that starts at `start` and lasts `duration` seconds.
    /// - Returns: one piece per period covered, in period order; periods not covered are left out.
    public func pieces(start: TimeOfDay, duration: Double, slots: [TimetableSlot]) -> [Piece] {
        let recordingStart = Double(start.seconds)
        let recordingEnd = recordingStart + duration
        return slots.compactMap { slot in
            let slotStart = Double(slot.startsAt.seconds)
            let slotEnd = Double(slot.endsAt.seconds)
            let covered = min(slotEnd, recordingEnd) - max(slotStart, recordingStart)
            guard covered > 0, covered >= minimumCoverage * (slotEnd - slotStart) else { return nil }
            let isPartial = slotStart < recordingStart - tolerance || slotEnd > recordingEnd + tolerance
            let cutStart = max(0, slotStart - recordingStart - preRoll)
            let cutEnd = min(duration, slotEnd - recordingStart + postRoll)
            return Piece(slot: slot, cutStart: cutStart, cutEnd: cutEnd, isPartial: isPartial)
        }
    }
}
