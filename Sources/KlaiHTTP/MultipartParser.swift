import Glibc

/// A streaming `multipart/form-data` parser (RFC 7578, RFC 2046 §5.1): feed any number of byte
/// pieces; it emits part headers and data without holding more than one delimiter's worth back.
public struct MultipartParser: Sendable {
    /// What the parser found.
    public enum Event: Sendable {
        case headers(HTTPHeaders)
        case data([UInt8])
        case partEnd
    }

    enum State: Sendable { case preamble, afterDelimiter, headers, body, epilogue }

    let delimiter: [UInt8]  // CRLF "--" boundary
    var buffer: [UInt8] = []
    var state = State.preamble
    let maxHeaderBytes: Int

    /// Whether the closing delimiter has been seen.
    public var isComplete: Bool { state == .epilogue }

    /// - Parameter boundary: the `boundary` parameter of the Content-Type.
    public init(boundary: String, maxHeaderBytes: Int = 8192) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.maxHeaderBytes = maxHeaderBytes
        // The first delimiter may start the body without a preceding CRLF.
        buffer = [.cr, .lf]
    }

    /// The boundary from a `multipart/form-data; boundary=...` Content-Type, or `nil`.
    public static func boundary(fromContentType value: String) -> String? {
        let parts = value.split(separator: ";").map { $0.trimmingOWS() }
        guard let type = parts.first, type.equalsASCIICaseInsensitive("multipart/form-data") else { return nil }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingOWS().equalsASCIICaseInsensitive("boundary") else { continue }
            var boundary = pair[1].trimmingOWS()
            if boundary.count >= 2, boundary.first == "\"", boundary.last == "\"" { boundary = boundary.dropFirst().dropLast() }
            // RFC 2046 §5.1.1: 1 to 70 characters.
            return (1...70).contains(boundary.count) ? String(boundary) : nil
        }
        return nil
    }

    /// Parses another piece of the body.
    /// - Throws: `HTTPError` 400 for a malformed body.
    public mutating func feed<Bytes: Collection>(_ bytes: Bytes) throws -> [Event] where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        while true {
            switch state {
            case .preamble:
                guard let found = Self.find(delimiter, in: buffer) else {
                    // Keep only what could still begin a delimiter.
                    if buffer.count > delimiter.count { buffer.removeFirst(buffer.count - delimiter.count) }
                    return events
                }
                buffer.removeFirst(found.upperBound)
                state = .afterDelimiter
            case .afterDelimiter:
                guard buffer.count >= 2 else { return events }
                if buffer[0] == UInt8(ascii: "-"), buffer[1] == UInt8(ascii: "-") {
                    state = .epilogue
                    buffer = []
                    return events
                }
                // Transport padding (spaces/tabs) may follow a delimiter before its CRLF.
                guard let lineEnd = buffer.firstRange(of: [UInt8.cr, .lf]) else {
                    if buffer.count > 256 { throw HTTPError(.badRequest, message: "Malformed multipart body.") }
                    return events
                }
                guard buffer[..<lineEnd.lowerBound].allSatisfy({ $0 == .space || $0 == .htab }) else {
                    throw HTTPError(.badRequest, message: "Malformed multipart body.")
                }
                buffer.removeFirst(lineEnd.upperBound)
                state = .headers
            case .headers:
                guard let end = buffer.firstRange(of: [UInt8.cr, .lf, .cr, .lf]) ?? (buffer.starts(with: [.cr, .lf]) ? 0..<2 : nil) else {
                    if buffer.count > maxHeaderBytes { throw HTTPError(.requestHeaderFieldsTooLarge) }
                    return events
                }
                var headers = HTTPHeaders()
                if end.lowerBound > 0 {
                    for line in buffer[..<end.lowerBound].split(separator: UInt8.lf) {
                        let text = String(decoding: line.last == .cr ? line.dropLast() : line, as: UTF8.self)
                        guard let colon = text.firstIndex(of: ":") else { throw HTTPError(.badRequest, message: "Malformed part header.") }
                        headers.add(String(text[..<colon]), String(text[text.index(after: colon)...].trimmingOWS()))
                    }
                }
                buffer.removeFirst(end.upperBound)
                events.append(.headers(headers))
                state = .body
            case .body:
                if let found = Self.find(delimiter, in: buffer) {
                    if found.lowerBound > 0 { events.append(.data(Array(buffer[..<found.lowerBound]))) }
                    events.append(.partEnd)
                    buffer.removeFirst(found.upperBound)
                    state = .afterDelimiter
                } else {
                    let safe = buffer.count - delimiter.count
                    if safe > 0 {
                        events.append(.data(Array(buffer[..<safe])))
                        buffer.removeFirst(safe)
                    }
                    return events
                }
            case .epilogue:
                buffer = []
                return events
            }
        }
    }

    /// Where `needle` first occurs in `haystack`: memchr(3) to each candidate first byte, memcmp(3) to confirm,
    /// since a file part of gigabytes is searched for its delimiter 64 KiB at a time and the generic
    /// `firstRange(of:)` is several times slower.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { pin -> Range<Int>? in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress, pin.count > 0, hay.count >= pin.count else {
                    return nil
                }
                let last = hay.count - pin.count
                var offset = 0
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(pin[0]), last - offset + 1) else { return nil }
                    let start = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(hit, pinBase, pin.count) == 0 { return start..<(start + pin.count) }
                    offset = start + 1
                }
                return nil
            }
        }
    }
}
