/// A CSV file split into records of fields (RFC 4180: quoted fields, doubled quotes, CRLF or LF), as
/// the spreadsheets schools keep lists in export it: the delimiter is whichever of `,` `;` TAB is most
/// frequent on the first line (Excel writes `;` where the decimal mark is a comma), and blank lines are
/// skipped. Each record keeps the line it starts on, which people see as the row number.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        /// Line in the file where the record starts (1-based).
        public let line: Int
        public let fields: [String]
    }

    public let records: [Record]

    /// Parses `text`.
    /// - Throws: `CSVError` when a quoted field is still open at the end of the file.
    public init(parsing text: String) throws(CSVError) {
        let scalars = Array(text.unicodeScalars)
        let delimiter = CSVTable.delimiter(firstLineOf: scalars)
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var line = 1
        var recordLine = 1
        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if !(fields.count == 1 && fields[0].allSatisfy(\.isWhitespace)) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else if scalar != "\r" {  // a line break inside a field is kept as "\n"
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: inQuotes = true
            case delimiter:
                fields.append(String(field))
                field = String.UnicodeScalarView()
            case "\r": break
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default: field.append(scalar)
            }
        }
        if inQuotes { throw CSVError(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        self.records = records
    }

    private static func delimiter(firstLineOf scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [",": 0, ";": 0, "\t": 0]
        for scalar in scalars {
            if scalar == "\n" { break }
            counts[scalar]? += 1
        }
        // Ties (and a one-column file) keep the comma.
        return [";", "\t"].reduce(",") { best, candidate in counts[candidate]! > counts[best]! ? candidate : best }
    }
}

/// A CSV file whose quoted field is never closed (everything after the quote would be one field).
public struct CSVError: Error, Sendable, CustomStringConvertible {
    /// Line where the record with the open quote starts.
    public let line: Int
    public var description: String { "line \(line): a quoted field is never closed" }
}
