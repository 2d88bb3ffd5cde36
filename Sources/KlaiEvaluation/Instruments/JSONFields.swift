import Foundation

/// Reads one JSON object field by field, recording a problem for each missing or wrong field
/// instead of stopping at the first, so a person fixing a file sees every mistake at once.
struct JSONFields {
    let object: [String: JSONValue]
    let location: String
    let report: ProblemList

    init(_ value: JSONValue?, location: String, field: String, report: ProblemList) {
        if case .object(let object) = value {
            self.object = object
        } else {
            self.object = [:]
            report.add(location: location, field: field, "must be an object { … }")
        }
        self.location = location
        self.report = report
    }

    func string(_ key: String, required: Bool = true) -> String? {
        switch object[key] {
        case .string(let text) where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty:
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        case nil, .null:
            if required { report.add(location: location, field: key, "is missing") }
            return nil
        default:
            report.add(location: location, field: key, "must be non-empty text")
            return nil
        }
    }

    /// An integer within `range` (JSON numbers with a fraction are refused, not rounded).
    func integer(_ key: String, in range: ClosedRange<Int>, required: Bool = true) -> Int? {
        guard let raw = object[key], raw != .null else {
            if required { report.add(location: location, field: key, "is missing") }
            return nil
        }
        guard case .number(let double) = raw, double.isFinite, double.rounded() == double,
            double >= Double(range.lowerBound), double <= Double(range.upperBound)
        else {
            report.add(location: location, field: key, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return Int(exactly: double)
    }

    func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard case .number(let number) = object[key], number.isFinite, range.contains(number) else {
            report.add(location: location, field: key, "must be a number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    func bool(_ key: String, default value: Bool) -> Bool {
        guard let raw = object[key], raw != .null else { return value }
        guard case .bool(let flag) = raw else {
            report.add(location: location, field: key, "must be true or false")
            return value
        }
        return flag
    }

    /// An array field; `required` arrays must also be non-empty.
    func array(_ key: String, required: Bool = true) -> [JSONValue] {
        guard let raw = object[key], raw != .null else {
            if required { report.add(location: location, field: key, "is missing") }
            return []
        }
        guard case .array(let array) = raw else {
            report.add(location: location, field: key, "must be a list [ … ]")
            return []
        }
        if required && array.isEmpty { report.add(location: location, field: key, "must not be empty") }
        return array
    }

    /// `{"th": "…", "en": "…"}`; Thai is required, English falls back to Thai.
    func text(_ key: String, required: Bool = true) -> LocalizedText? {
        guard let raw = object[key], raw != .null else {
            if required { report.add(location: location, field: key, "is missing") }
            return nil
        }
        let fields = JSONFields(raw, location: location, field: key, report: report)
        guard let th = fields.string("th") else { return nil }
        return LocalizedText(th: th, en: fields.string("en", required: false) ?? th)
    }

    /// Nested object at `key` read with a location that names it.
    func nested(_ key: String, _ value: JSONValue, index: Int? = nil) -> JSONFields {
        let place = (location.isEmpty ? "" : location + ".") + key + (index.map { "[\($0)]" } ?? "")
        return JSONFields(value, location: place, field: key, report: report)
    }
}

/// The problems found in one file.
// A class so that every `JSONFields` of one file appends to the same list; used on one thread only.
final class ProblemList {
    let file: String
    private(set) var problems: [InstrumentError.Problem] = []

    init(file: String) { self.file = file }

    func add(location: String, field: String, _ message: String) {
        problems.append(.init(file: file, location: location, field: field, message: message))
    }
}
