import Foundation

/// A fast reader for the common shape of JSON manifests, straight from UTF-8 bytes into `ManifestRecord`s.
///
/// `JSONDecoder` spends most of its time in the generic `Codable` machinery (a keyed container and a
/// look-up per field per record, present or not): 0.9 s of CPU for 100,000 records, more than checking
/// them. This scanner reads only what a manifest can hold (RFC 8259 syntax) and gives up — returns nil —
/// on anything else: a wrong type, a duplicate key, an unusual number, invalid UTF-8. The caller then
/// decodes with `JSONDecoder`, which accepts or rejects exactly as before and words the error.
struct ManifestJSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The document, or nil when the fast path does not apply.
    static func scan(_ data: Data) -> ManifestDocument? {
        data.withUnsafeBytes { raw -> ManifestDocument? in
            var scanner = ManifestJSONScanner(bytes: raw.bindMemory(to: UInt8.self))
            guard let document = scanner.document() else { return nil }
            scanner.skipWhitespace()
            return scanner.position == scanner.bytes.count ? document : nil
        }
    }

    // MARK: Document and records

    private mutating func document() -> ManifestDocument? {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "["): return records().map { ManifestDocument(sample: nil, records: $0) }
        case UInt8(ascii: "{"):
            var sample: Bool?
            var records: [ManifestRecord]?
            var seen = Fields()
            let complete = object { scanner, key in
                switch key {
                case "sample": return seen.first(0) && scanner.optionalBool(&sample)
                case "records":
                    records = scanner.records()
                    return seen.first(1) && records != nil
                default: return scanner.skipValue()
                }
            }
            guard complete, let records else { return nil }
            return ManifestDocument(sample: sample, records: records)
        default: return nil
        }
    }

    private mutating func records() -> [ManifestRecord]? {
        var records: [ManifestRecord] = []
        let complete = array { scanner in
            guard let record = scanner.record() else { return false }
            records.append(record)
            return true
        }
        return complete ? records : nil
    }

    private mutating func record() -> ManifestRecord? {
        var record = ManifestRecord()
        var seen = Fields()
        let complete = object { scanner, key in
            switch key {
            case "key": return seen.first(0) && scanner.optionalString(&record.key)
            case "kind": return seen.first(1) && scanner.optionalString(&record.kind)
            case "title": return seen.first(2) && scanner.optionalString(&record.title)
            case "description": return seen.first(3) && scanner.optionalString(&record.description)
            case "grade": return seen.first(4) && scanner.optionalString(&record.grade)
            case "learningArea": return seen.first(5) && scanner.optionalString(&record.learningArea)
            case "subject": return seen.first(6) && scanner.optionalString(&record.subject)
            case "unit": return seen.first(7) && scanner.optionalString(&record.unit)
            case "lessonNumber": return seen.first(8) && scanner.optionalInt(&record.lessonNumber)
            case "indicators": return seen.first(9) && scanner.optionalStrings(&record.indicators)
            case "objectives": return seen.first(10) && scanner.optionalString(&record.objectives)
            case "academicYear": return seen.first(11) && scanner.optionalInt(&record.academicYear)
            case "term": return seen.first(12) && scanner.optionalInt(&record.term)
            case "channel": return seen.first(13) && scanner.optionalString(&record.channel)
            case "airDate": return seen.first(14) && scanner.optionalString(&record.airDate)
            case "period": return seen.first(15) && scanner.optionalInt(&record.period)
            case "start": return seen.first(16) && scanner.optionalString(&record.start)
            case "end": return seen.first(17) && scanner.optionalString(&record.end)
            case "media": return seen.first(18) && scanner.optionalString(&record.media)
            case "attachments": return seen.first(19) && scanner.optionalAttachments(&record.attachments)
            case "sample": return seen.first(20) && scanner.optionalBool(&record.sample)
            default: return scanner.skipValue()
            }
        }
        return complete ? record : nil
    }

    /// Which fields of an object have been read: a key given twice gives up (JSONDecoder's choice of value
    /// for a duplicate key is its own).
    private struct Fields {
        private var bits: UInt32 = 0
        mutating func first(_ field: Int) -> Bool {
            defer { bits |= 1 << field }
            return bits & (1 << field) == 0
        }
    }

    private mutating func optionalAttachments(_ value: inout [ManifestRecord.AttachmentRecord]?) -> Bool {
        if literal("null") { return true }
        var attachments: [ManifestRecord.AttachmentRecord] = []
        let complete = array { scanner in
            var type: String?, title: String?, file: String?
            var seen = Fields()
            let complete = scanner.object { scanner, key in
                switch key {
                case "type":
                    type = scanner.string()
                    return seen.first(0) && type != nil
                case "title":
                    title = scanner.string()
                    return seen.first(1) && title != nil
                case "file":
                    file = scanner.string()
                    return seen.first(2) && file != nil
                default: return scanner.skipValue()
                }
            }
            guard complete, let type, let title, let file else { return false }
            attachments.append(ManifestRecord.AttachmentRecord(type: type, title: title, file: file))
            return true
        }
        value = attachments
        return complete
    }

    // MARK: Values

    private mutating func optionalString(_ value: inout String?) -> Bool {
        if literal("null") { return true }
        value = string()
        return value != nil
    }

    private mutating func optionalStrings(_ value: inout [String]?) -> Bool {
        if literal("null") { return true }
        var strings: [String] = []
        let complete = array { scanner in
            guard let string = scanner.string() else { return false }
            strings.append(string)
            return true
        }
        value = strings
        return complete
    }

    private mutating func optionalBool(_ value: inout Bool?) -> Bool {
        if literal("null") { return true }
        if literal("true") { value = true } else if literal("false") { value = false } else { return false }
        return true
    }

    /// A whole number written plainly (`-12`, `2569`); fractions, exponents and leading zeros give up.
    private mutating func optionalInt(_ value: inout Int?) -> Bool {
        if literal("null") { return true }
        let negative = peek() == UInt8(ascii: "-")
        if negative { position += 1 }
        let start = position
        var number = 0
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times10, overflow1) = number.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return false }
            number = sum
            position += 1
        }
        let digits = position - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return false }
        if let next = peek(), next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return false }
        value = negative ? -number : number
        return true
    }

    /// A string; escapes decoded, invalid UTF-8 or control characters give up.
    private mutating func string() -> String? {
        guard peek() == UInt8(ascii: "\"") else { return nil }
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            position += 1
        }
        return nil
    }

    private mutating func escapedString(from start: Int) -> String? {
        var utf8 = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return String(validating: utf8, as: UTF8.self)
            case 0..<0x20: return nil
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { return nil }
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {
                        // RFC 8259 §7: a character outside the BMP is a UTF-16 surrogate pair.
                        guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    utf8.append(contentsOf: UTF8.encode(scalar)!)
                default: return nil
                }
            default: utf8.append(byte)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Skips any value of a key a manifest does not use (JSONDecoder ignores those too).
    private mutating func skipValue(depth: Int = 0) -> Bool {
        guard depth < 64 else { return false }
        switch peek() {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "["): return array { $0.skipValue(depth: depth + 1) }
        case UInt8(ascii: "{"): return object { scanner, _ in scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default:
            // A number of any form: checked loosely, as only its end matters here.
            let start = position
            while let byte = peek(),
                byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            {
                position += 1
            }
            return position > start
        }
    }

    // MARK: Structure

    /// Reads `[ element, … ]`; false when malformed or when `element` gives up.
    private mutating func array(_ element: (inout ManifestJSONScanner) -> Bool) -> Bool {
        guard peek() == UInt8(ascii: "[") else { return false }
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            return true
        }
        while true {
            skipWhitespace()
            guard element(&self) else { return false }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return true
            default: return false
            }
        }
    }

    /// Reads `{ "key": value, … }`; `member` reads the value after the colon.
    private mutating func object(_ member: (inout ManifestJSONScanner, String) -> Bool) -> Bool {
        guard peek() == UInt8(ascii: "{") else { return false }
        position += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            return true
        }
        while true {
            skipWhitespace()
            guard let key = string() else { return false }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { return false }
            position += 1
            skipWhitespace()
            guard member(&self, key) else { return false }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return true
            default: return false
            }
        }
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
    }

    /// Consumes `text` when the input continues with it.
    private mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: count)
        for offset in 0..<count where bytes[position + offset] != expected[offset] { return false }
        position += count
        return true
    }
}
