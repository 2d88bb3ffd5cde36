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
        // Past the last interval, not touching it: appended (reading a stored set, playing on).
        guard let last = intervals.last, last.upperBound >= range.lowerBound else {
            intervals.append(range)
            return
        }
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

    /// Whether one of the intervals ends exactly at `bound`.
    public func hasInterval(endingAt bound: Double) -> Bool {
        let index = intervals.partitionPoint { $0.upperBound < bound }
        return index < intervals.count && intervals[index].upperBound == bound
    }

    /// Total length covered.
    public var length: Double { intervals.reduce(0) { $0 + $1.upperBound - $1.lowerBound } }

    /// Stored form: `0.0-12.5,30.0-45.0`, each bound the shortest decimal that reads back to the same
    /// `Double`, always in plain notation (`0.00005`, never `5e-05`, whose `-` would split the interval).
    public var description: String {
        // Bytes grown in place: the events writer writes a session's and a pupil's set on every batch.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(intervals.count * 24)
        for (index, range) in intervals.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            Self.appendPlain(range.lowerBound, to: &bytes)
            bytes.append(UInt8(ascii: "-"))
            Self.appendPlain(range.upperBound, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `plain(value)`; whole seconds (most bounds) are written digit by digit, without a String.
    static func appendPlain(_ value: Double, to bytes: inout [UInt8]) {
        guard value >= 0, value < 1e15, value.rounded(.towardZero) == value, value.sign == .plus else {
            bytes += plain(value).utf8
            return
        }
        var whole = UInt64(value)
        let first = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(whole % 10))
            whole /= 10
        } while whole > 0
        bytes[first...].reverse()
        bytes += [UInt8(ascii: "."), UInt8(ascii: "0")]
    }

    /// Parses the stored form; nil when malformed. Also reads exponents (`5e-05-10.0`), as older versions wrote.
    public init?(stored: String) {
        guard !stored.isEmpty else { return }
        // Read as UTF-8 bytes, not Characters: the events writer parses a session's and a pupil's set on every
        // batch, and a set clipped by the playback credit bound can hold hundreds of intervals.
        var text = stored
        let ranges = text.withUTF8 { bytes -> [ClosedRange<Double>]? in
            var ranges: [ClosedRange<Double>] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
                defer { start = end + 1 }
                if end == start { continue }  // an empty part, as `split` skips
                // The separator is the first `-` after the first byte that is not an exponent's sign.
                var cut = start + 1
                while cut < end {
                    let previous = bytes[cut - 1]
                    if bytes[cut] == UInt8(ascii: "-") && previous != UInt8(ascii: "e") && previous != UInt8(ascii: "E") { break }
                    cut += 1
                }
                guard cut < end, let lower = Self.number(bytes, start..<cut), let upper = Self.number(bytes, (cut + 1)..<end),
                    lower <= upper
                else { return nil }
                ranges.append(lower...upper)
            }
            return ranges
        }
        guard let ranges else { return nil }
        for range in ranges { insert(range) }
    }

    /// A finite `Double` from `bytes[range]`, as `Double(String)` reads it.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        if let value = plainNumber(bytes, range) { return value }
        guard !range.isEmpty, let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)),
            value.isFinite
        else { return nil }
        return value
    }

    /// `digits[.digits]` with at most 15 significant digits, read without a String: the digits as an
    /// integer (exact below 2^53) divided by a power of ten (exact up to 10^22) is one correctly rounded
    /// division, the same `Double` that `strtod` gives (Clinger's fast path). Nil for anything else.
    private static func plainNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var digits: UInt64 = 0
        var count = 0
        var decimals = 0
        var point = false
        for index in range {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                if point { return nil }
                point = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits = digits * 10 + UInt64(byte - UInt8(ascii: "0"))
                count += 1
                if point { decimals += 1 }
                if count > 15 { return nil }
            } else {
                return nil
            }
        }
        guard count > 0, decimals < powersOfTen.count else { return nil }
        return Double(digits) / powersOfTen[decimals]
    }

    private static let powersOfTen: [Double] = (0...15).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

    /// `value` in plain decimal notation with the digits of Swift's shortest round-tripping form.
    static func plain(_ value: Double) -> String {
        let text = "\(value)"
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
            let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...])
        else { return text }
        let negative = text.hasPrefix("-")
        let mantissa = text[text.index(text.startIndex, offsetBy: negative ? 1 : 0)..<e]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? "0"
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent  // where the decimal point falls within `digits`
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point >= digits.count {
            digits += String(repeating: "0", count: point - digits.count + 1)
        }
        let integer = digits.prefix(point)
        var decimals = String(digits.dropFirst(point))
        while decimals.count > 1 && decimals.hasSuffix("0") { decimals.removeLast() }
        return (negative ? "-" : "") + integer + "." + (decimals.isEmpty ? "0" : decimals)
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
