import Foundation

/// One thing wrong in a manifest or reference file: where (file, record or line, field) and what.
public struct ManifestProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// Record number (JSON, 1-based) or line number (CSV); nil for the whole file.
    public var record: Int?
    public var field: String?
    public var message: String

    public init(file: String, record: Int?, field: String?, message: String) {
        self.file = file
        self.record = record
        self.field = field
        self.message = message
    }

    /// `lessons.csv:12 grade: unknown grade 'ป.9'`.
    public var description: String {
        var text = file
        if let record { text += ":\(record)" }
        if let field { text += " \(field)" }
        return text + ": " + message
    }
}

/// A manifest or reference file that was not imported, with every problem found in it.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    public var problems: [ManifestProblem]

    public init(problems: [ManifestProblem]) { self.problems = problems }

    public var description: String {
        "nothing was imported; \(problems.count) problem\(problems.count == 1 ? "" : "s") to fix:\n"
            + problems.prefix(200).map { "  " + $0.description }.joined(separator: "\n")
            + (problems.count > 200 ? "\n  … and \(problems.count - 200) more" : "")
    }
}

/// Turns `JSONDecoder` errors into sentences naming the place in the file.
enum JSONProblem {
    static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0 + 1)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case DecodingError.dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "malformed JSON\(context.codingPath.isEmpty ? "" : " at " + path(context.codingPath)): "
                + (underlying ?? context.debugDescription)
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(path(context.codingPath).isEmpty ? "top level" : path(context.codingPath))"
        case DecodingError.typeMismatch(let type, let context):
            return "\(path(context.codingPath)) should be \(type)"
        case DecodingError.valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is null but should be \(type)"
        default:
            return "cannot read: \(error.localizedDescription)"
        }
    }
}
