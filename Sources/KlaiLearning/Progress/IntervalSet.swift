/// A set of media-time intervals, kept sorted and merged: what of a lesson has actually been played.
///
/// Rewatching a part adds nothing (union), so covered time never double counts.
public struct IntervalSet: Sendable, Equatable, CustomStringConvertible {
    /// Disjoint, non-adjacent intervals in increasing order.
    public private(set) var intervals: [ClosedRange<Double>] = []

    public init() {}

    public init<S: Sequence>(_ ranges: S) where S.Element == ClosedRange<Double> {
        for range in ranges { insert(range) }
    }

    /// Adds `range`, merging it with any interval it overlaps or touches.
    public mutating func insert(_ range: ClosedRange<Double>) {
        guard range.upperBound > range.lowerBound else { return }
        var lower = range.lowerBound, upper = range.upperBound
        // First interval that ends at or after the new one starts; everything from there that starts
        // at or before the new one ends merges into it.
        let start = intervals.partitionPoint { $0.upperBound < lower }
        var end = start
        while end < intervals.count && intervals[end].lowerBound <= upper {
            lower = min(lower, intervals[end].lowerBound)
            upper = max(upper, intervals[end].upperBound)
            end += 1
        }
        intervals.replaceSubrange(start..<end, with: [lower...upper])
    }

    /// Adds every interval of `other`.
    public mutating func formUnion(_ other: IntervalSet) {
        for range in other.intervals { insert(range) }
    }

    /// Total length covered.
    public var length: Double { intervals.reduce(0) { $0 + $1.upperBound - $1.lowerBound } }

    /// Stored form: `0-12.5,30-45` (shortest round-tripping decimals).
    public var description: String {
        intervals.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }

    /// Parses the stored form; nil when malformed.
    public init?(stored: String) {
        guard !stored.isEmpty else { return }
        for part in stored.split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1)
            guard bounds.count == 2, let lower = Double(bounds[0]), let upper = Double(bounds[1]), lower <= upper else { return nil }
            insert(lower...upper)
        }
    }
}

extension Array {
    /// Index of the first element for which `predicate` is false, in an array partitioned by it.
    func partitionPoint(_ predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
