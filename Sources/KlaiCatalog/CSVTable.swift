/// A CSV file split into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF or LF).
struct CSVTable {
    /// Rows with the 1-based line on which each starts.
    var rows: [(line: Int, fields: [String])]

    /// Parses `text`; a quote left open at the end of the file is reported as a problem.
    init(parsing text: String) throws(CatalogError) {
        var parser = Parser()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if parser.inQuotes {
                if scalar == "\"" {
                    if index < scalars.count && scalars[index] == "\"" {
                        parser.field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        parser.inQuotes = false
                    }
                } else {
                    if scalar == "\n" { parser.line += 1 }
                    parser.field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where parser.field.isEmpty: parser.inQuotes = true
            case ",":
                parser.fields.append(parser.field)
                parser.field = ""
            case "\r": break
            case "\n":
                parser.endRow()
                parser.line += 1
                parser.rowLine = parser.line
            default: parser.field.unicodeScalars.append(scalar)
            }
        }
        if parser.inQuotes { throw CatalogError("line \(parser.rowLine): a quoted field is never closed") }
        if !parser.field.isEmpty || !parser.fields.isEmpty { parser.endRow() }
        rows = parser.rows
    }

    private struct Parser {
        var rows: [(line: Int, fields: [String])] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var rowLine = 1

        mutating func endRow() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append((rowLine, fields)) }
            fields = []
        }
    }
}
