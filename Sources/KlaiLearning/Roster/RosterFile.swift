import Foundation
import KlaiCatalog
import KlaiText

/// A DMC-style student list read from bytes: encoding detected, columns found by header name (Thai or
/// English), every row validated. Either all rows are good, or every problem is reported by row.
public struct RosterFile: Sendable {
    public let encoding: RosterEncoding
    public let entries: [RosterEntry]

    enum Field: CaseIterable {
        case studentNumber, nationalID, prefix, firstName, lastName, sex, birthDate, grade, room

        /// Header names accepted, compared after removing spaces, dots, underscores and case.
        var headers: [String] {
            switch self {
            case .studentNumber: return ["เลขประจำตัวนักเรียน", "รหัสนักเรียน", "เลขที่ประจำตัว", "studentnumber", "studentno", "studentid"]
            case .nationalID: return ["เลขประจำตัวประชาชน", "เลขบัตรประชาชน", "เลขประจำตัวประชาชน13หลัก", "nationalid", "citizenid", "idcard", "pid"]
            case .prefix: return ["คำนำหน้าชื่อ", "คำนำหน้า", "prefix", "title"]
            case .firstName: return ["ชื่อ", "ชื่อนักเรียน", "firstname", "givenname", "name"]
            case .lastName: return ["นามสกุล", "lastname", "surname", "familyname"]
            case .sex: return ["เพศ", "sex", "gender"]
            case .birthDate: return ["วันเกิด", "วันเดือนปีเกิด", "birthdate", "dateofbirth", "dob"]
            case .grade: return ["ชั้น", "ระดับชั้น", "ชั้นเรียน", "grade", "class", "level"]
            case .room: return ["ห้อง", "ห้องเรียน", "room"]
            }
        }
        var isRequired: Bool { [.studentNumber, .nationalID, .firstName, .lastName, .grade].contains(self) }

        static func normalize(_ header: String) -> String {
            header.lowercased().filter { !$0.isWhitespace && !"._-/\u{FEFF}".contains($0) }
        }
    }

    /// Reads and validates a roster file.
    /// - Throws: `RosterImportError` listing every problem (encoding, missing columns, bad rows).
    public init(bytes: [UInt8]) throws(RosterImportError) {
        let (text, encoding) = try RosterText.decode(bytes)
        self.encoding = encoding
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text)
        } catch {
            throw RosterImportError(problems: [RosterProblem(row: error.line, message: "a quoted field is never closed")])
        }
        guard let header = table.records.first else { throw RosterImportError(encodingProblem: "the file is empty") }
        var columns: [Field: Int] = [:]
        for (index, name) in header.fields.enumerated() {
            let key = Field.normalize(name)
            if let field = Field.allCases.first(where: { $0.headers.contains(key) }), columns[field] == nil {
                columns[field] = index
            }
        }
        let missing = Field.allCases.filter { $0.isRequired && columns[$0] == nil }
        guard missing.isEmpty else {
            throw RosterImportError(problems: [
                RosterProblem(
                    row: header.line,
                    message: "no column for "
                        + missing.map { $0.headers[0] + " (" + $0.headers[$0.headers.count > 3 ? 3 : 1] + ")" }.joined(separator: ", ")
                        + "; the header row names the columns")
            ])
        }
        var problems: [RosterProblem] = []
        var entries: [RosterEntry] = []
        var seenIDs: [String: Int] = [:]
        var seenNumbers: [String: Int] = [:]
        for record in table.records.dropFirst() {
            func value(_ field: Field) -> String {
                guard let index = columns[field], index < record.fields.count else { return "" }
                return record.fields[index].trimmed()
            }
            var rowProblems: [String] = []
            let studentNumber = value(.studentNumber)
            if studentNumber.isEmpty { rowProblems.append("the student number is missing") }
            let idText = value(.nationalID)
            let nationalID = NationalID(idText)
            if idText.isEmpty {
                rowProblems.append("the national ID (or G-code) is missing")
            } else if nationalID == nil {
                // Never echo the value: it is personal data and may be a real ID with one digit mistyped.
                rowProblems.append("the national ID is not valid (13 digits with a correct check digit, or G and 12 digits)")
            }
            let firstName = value(.firstName), lastName = value(.lastName)
            if firstName.isEmpty || lastName.isEmpty { rowProblems.append("the first or last name is missing") }
            var gradeText = value(.grade)
            var roomText = value(.room)
            if let slash = gradeText.firstIndex(of: "/"), roomText.isEmpty {
                roomText = String(gradeText[gradeText.index(after: slash)...])
                gradeText = String(gradeText[..<slash])
            }
            let grade = Grade(parsing: gradeText)
            if grade == nil { rowProblems.append("the grade '\(gradeText)' is not one of อ.1–อ.3, ป.1–ป.6, ม.1–ม.6") }
            let room = Int(roomText.filter(\.isNumber)).flatMap { $0 >= 1 ? $0 : nil } ?? (columns[.room] == nil && roomText.isEmpty ? 1 : nil)
            if room == nil { rowProblems.append("the room '\(roomText)' is not a number") }
            let sex = Self.sex(value(.sex))
            if sex == nil { rowProblems.append("the sex '\(value(.sex))' is not ชาย/หญิง (male/female)") }
            let birthText = value(.birthDate)
            let birthDate = LocalDate(parsing: birthText)
            if !birthText.isEmpty && birthDate == nil { rowProblems.append("the birth date '\(birthText)' is not a date (dd/mm/yyyy, พ.ศ. or ค.ศ.)") }
            if let nationalID {
                if let first = seenIDs[nationalID.digits] {
                    rowProblems.append("the same national ID as row \(first)")
                } else {
                    seenIDs[nationalID.digits] = record.line
                }
            }
            if !studentNumber.isEmpty {
                if let first = seenNumbers[studentNumber] {
                    rowProblems.append("the same student number as row \(first)")
                } else {
                    seenNumbers[studentNumber] = record.line
                }
            }
            problems += rowProblems.map { RosterProblem(row: record.line, message: $0) }
            if rowProblems.isEmpty, let nationalID, let grade, let room, let sex {
                entries.append(
                    RosterEntry(
                        row: record.line, studentNumber: studentNumber, nationalID: nationalID,
                        prefix: value(.prefix), firstName: firstName, lastName: lastName, sex: sex,
                        birthDate: birthDate, grade: grade, room: room))
            }
        }
        guard problems.isEmpty else { throw RosterImportError(problems: problems) }
        self.entries = entries
    }

    static func sex(_ text: String) -> String? {
        switch text.lowercased() {
        case "": return ""
        case "ช", "ชาย", "m", "male", "1", "ด.ช.", "นาย": return "male"
        case "ญ", "หญิง", "f", "female", "2", "ด.ญ.", "นางสาว": return "female"
        default: return nil
        }
    }
}
