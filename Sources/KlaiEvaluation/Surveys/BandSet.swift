import Foundation

/// How a 5-level mean is put into words: a list of bands covering 1.00–5.00.
///
/// Two sets are in common use in Thai survey reports and both ship: Boonchom Srisa-ard's (บุญชม ศรีสะอาด)
/// 4.51–5.00 มากที่สุด … 1.00–1.50 น้อยที่สุด, and equal-width bands of 0.80 (1.00–1.80 … 4.21–5.00).
/// A district may define its own; `init(name:bands:)` checks that they cover the scale without gaps.
public struct BandSet: Sendable, Equatable, Codable {
    /// One interpretation band, bounds inclusive, compared with the mean rounded to two decimals.
    public struct Band: Sendable, Equatable, Codable {
        public var lower: Double
        public var upper: Double
        public var label: LocalizedText

        public init(lower: Double, upper: Double, label: LocalizedText) {
            self.lower = lower
            self.upper = upper
            self.label = label
        }
    }

    public var name: String
    /// Highest first.
    public var bands: [Band]

    /// A checked band set.
    /// - Throws: `EvaluationError.invalid` when the bands do not run from 1.00 to 5.00 in steps of 0.01 without gaps.
    public init(name: String, bands: [Band]) throws {
        let sorted = bands.sorted { $0.lower < $1.lower }
        guard let first = sorted.first, let last = sorted.last, first.lower == 1, last.upper == 5,
            sorted.allSatisfy({ $0.lower.isFinite && $0.upper.isFinite && $0.lower <= $0.upper }),
            zip(sorted, sorted.dropFirst()).allSatisfy({ abs($1.lower - ($0.upper + 0.01)) < 0.000_1 })
        else {
            throw EvaluationError.invalid("bands must cover 1.00 to 5.00 without gaps or overlaps, each starting 0.01 above the last")
        }
        self.name = name
        self.bands = sorted.reversed()
    }

    /// The band a mean falls in (rounded to two decimals, as reports print it); nil outside 1–5.
    public func band(for mean: Double) -> Band? {
        let rounded = (mean * 100).rounded() / 100
        return bands.first { rounded >= $0.lower - 0.000_1 && rounded <= $0.upper + 0.000_1 }
    }

    private init(checked name: String, _ bands: [Band]) {
        self.name = name
        self.bands = bands
    }

    /// Five bands, highest first, with the usual words มากที่สุด … น้อยที่สุด.
    private static func standard(_ name: String, _ bounds: [(Double, Double)]) -> BandSet {
        let labels = zip(["มากที่สุด", "มาก", "ปานกลาง", "น้อย", "น้อยที่สุด"], ["Very high", "High", "Medium", "Low", "Very low"])
            .map { LocalizedText(th: $0, en: $1) }
        return BandSet(checked: name, zip(bounds, labels).map { Band(lower: $0.0.0, upper: $0.0.1, label: $0.1) })
    }

    /// บุญชม ศรีสะอาด: 4.51–5.00, 3.51–4.50, 2.51–3.50, 1.51–2.50, 1.00–1.50.
    public static let srisaArd = standard("srisa-ard", [(4.51, 5.0), (3.51, 4.5), (2.51, 3.5), (1.51, 2.5), (1.0, 1.5)])

    /// Equal widths of 0.80: 4.21–5.00, 3.41–4.20, 2.61–3.40, 1.81–2.60, 1.00–1.80.
    public static let equalWidth = standard("equal-width", [(4.21, 5.0), (3.41, 4.2), (2.61, 3.4), (1.81, 2.6), (1.0, 1.8)])
}
