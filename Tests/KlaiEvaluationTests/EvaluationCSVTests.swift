import Foundation
import KlaiLearning
import Testing

@testable import KlaiEvaluation

@Suite struct EvaluationCSVTests {
    @Test func aCSVStartsWithABOMQuotesAsRFC4180AndDefusesFormulas() throws {
        let table = CSVTable(
            header: ["โรงเรียน", "x"],
            rows: [
                [.text("บ้าน \"หนองบัว\", สาขา"), .text("=HYPERLINK(\"http://evil\")")],
                [.text("-2+3"), .text("@SUM(A1)")],
                [.number(17.56, decimals: 1), .percent(2.0 / 12)],
                [.number(nil, decimals: 1), .integer(-4)]
            ])
        let bytes = [UInt8](table.data)
        #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "โรงเรียน,x\r\n\"บ้าน \"\"หนองบัว\"\", สาขา\",\"'=HYPERLINK(\"\"http://evil\"\")\"\r\n'-2+3,'@SUM(A1)\r\n17.6,16.7\r\n,-4\r\n")
    }

    @Test func theSchoolCSVShowsTheDashboardsNumbers() throws {
        let f = try EvaluationFixture()
        _ = try DashboardTests().termWithAVisit(f)
        let rows = try f.read { db in try Dashboard.schools(db, viewer: f.director, termID: EvaluationFixture.termID) }
        let text = String(decoding: CSVTable.schools(rows).data.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let cells = lines[1].components(separatedBy: ",")
        #expect(lines.count == 3 && cells[0] == "1012345678" && cells[1] == "บ้านหนองบัว" && cells[2] == "1/2569")
        #expect(cells[4] == "12" && cells[5] == "2" && cells[6] == "16.7" && cells[7] == "25.0" && cells[13] == "1")
    }

    @Test func aDirectorsDownloadIsAuditedAndATeacherCannotExportTheSchool() throws {
        let f = try EvaluationFixture()
        _ = try DashboardTests().termWithAVisit(f)
        let term = EvaluationFixture.termID
        let export = try f.read { db in try TermExports.classes(db, by: f.director, schoolID: f.school, termID: term) }
        try f.write { db in try TermExports.record(db, export, by: f.director) }
        let table = export.table
        #expect(table.rows.count == 1 && CSVTable.render(table.rows[0][0]) == "ป.4/1")
        #expect(throws: EvaluationError.self) {
            try f.read { db in try TermExports.classes(db, by: f.teacher, schoolID: f.school, termID: term) }
        }
        let audit = try f.read { db in try AuditLog.recent(db, action: "export.classes") }
        #expect(audit.count == 1 && audit[0].actorUserID == f.director.userID && audit[0].target == "school:\(f.school)")
    }
}
