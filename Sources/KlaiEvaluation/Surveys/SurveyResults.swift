import Foundation

/// A survey's results: per item and overall, the number of answers, mean, standard deviation and band.
public struct SurveyResults: Sendable, Equatable, Codable {
    /// One row of a results table.
    public struct Line: Sendable, Equatable, Codable {
        public var itemID: String
        public var text: LocalizedText
        public var answers: Int
        public var mean: Double?
        /// Sample standard deviation (n − 1), as Thai survey reports print S.D.; nil below two answers.
        public var standardDeviation: Double?
        public var band: LocalizedText?
    }

    public var surveyID: Int64
    public var respondents: Int
    public var bandSet: String
    public var items: [Line]
    /// Every answer to every item pooled (the "รวม" row).
    public var overall: Line

    /// The line for `values` (1–5 each).
    static func line(itemID: String, text: LocalizedText, values: [Int], bands: BandSet) -> Line {
        guard !values.isEmpty else { return Line(itemID: itemID, text: text, answers: 0) }
        let n = Double(values.count)
        let mean = Double(values.reduce(0, +)) / n
        let squares = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
        let deviation = values.count > 1 ? (squares / (n - 1)).squareRoot() : nil
        return Line(
            itemID: itemID, text: text, answers: values.count, mean: mean, standardDeviation: deviation,
            band: bands.band(for: mean)?.label)
    }
}

extension SurveyResults.Line {
    init(itemID: String, text: LocalizedText, answers: Int) {
        self.init(itemID: itemID, text: text, answers: answers, mean: nil, standardDeviation: nil, band: nil)
    }
}
