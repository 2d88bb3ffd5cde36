/// An ordered list of header fields with case-insensitive lookup (RFC 9110 §5.1).
///
/// Order and duplicates are kept as received; names compare ASCII case-insensitively.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in the order they were received or added.
    public private(set) var fields: [(name: String, value: String)]
    /// The response lines of `fields`, when `prepareResponseLines()` wrote them and no field changed since.
    private var preparedLines: [UInt8]?

    /// Creates an empty header list.
    public init() { fields = [] }

    /// Creates a header list from name/value pairs, keeping their order.
    public init(_ fields: [(String, String)]) { self.fields = fields.map { (name: $0.0, value: $0.1) } }

    /// Creates a header list from a literal, keeping its order.
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The number of fields, duplicates included.
    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// The first value of the named field, or `nil`.
    public subscript(name: String) -> String? {
        for field in fields where field.name.equalsASCIICaseInsensitive(name) { return field.value }
        return nil
    }

    /// Every value of the named field, in order.
    public func values(for name: String) -> [String] {
        fields.filter { $0.name.equalsASCIICaseInsensitive(name) }.map(\.value)
    }

    /// Whether the named field is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
        preparedLines = nil
    }

    /// Replaces every field of that name with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name: name, value: value))
    }

    /// Removes every field of that name.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsASCIICaseInsensitive(name) }
        preparedLines = nil
    }

    /// Appends the fields as a response's header lines (`Name: value` CRLF each), leaving out the
    /// framing fields the server writes itself (`Content-Length`, `Transfer-Encoding`, `Connection`).
    func appendResponseLines(to wire: inout [UInt8]) {
        if let preparedLines {
            wire += preparedLines
            return
        }
        for field in fields {
            if field.name.equalsASCIICaseInsensitive("content-length")
                || field.name.equalsASCIICaseInsensitive("transfer-encoding")
                || field.name.equalsASCIICaseInsensitive("connection")
            {
                continue
            }
            wire.appendUTF8(field.name)
            wire.appendUTF8(": ")
            wire.appendUTF8(field.value)
            wire.appendUTF8("\r\n")
        }
    }

    /// Writes the response lines once, for fields sent unchanged many times (an open file's): each
    /// response then copies them in one piece. Any later change to the fields drops them.
    mutating func prepareResponseLines() {
        preparedLines = nil
        var lines: [UInt8] = []
        appendResponseLines(to: &lines)
        preparedLines = lines
    }

    /// Whether a comma-separated list field (such as `Connection`) holds `token`, case-insensitively.
    public func listContains(_ name: String, token: String) -> Bool {
        for value in values(for: name) {
            for item in value.split(separator: ",") where item.trimmingOWS().equalsASCIICaseInsensitive(token) {
                return true
            }
        }
        return false
    }
}
