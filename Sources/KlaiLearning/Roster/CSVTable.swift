import Foundation

/// A parsed CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF), with each record's line.
struct CSVTable {
    struct Record {
        /// Line in the file where the record starts (1-based), which people see as the row number.
        let line: Int
        let fields: [String]
    }

    let records: [Record]

    /// Parses `text`; the delimiter is the one of `,` `;` TAB most frequent on the first line.
    init(_ text: String) {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let delimiter: Character = [",", ";", "\t"].max { a, b in
            firstLine.count(where: { $0 == a }) < firstLine.count(where: { $0 == b })
        } ?? ","
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
        }
        while let character = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: inQuotes = true
            case delimiter: fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default: field.append(character)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        self.records = records
    }
}
