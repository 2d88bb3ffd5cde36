import KlaiText
import Testing

@Suite struct CSVTableTests {
    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let table = try CSVTable(parsing: "key,title\r\nm4-01,\"การบวก, การลบ\"\r\nm4-02,\"บท \"\"ทบทวน\"\"\r\nสองบรรทัด\"\r\nm4-03,ท้าย\r\n")
        #expect(
            table.records.map(\.fields) == [
                ["key", "title"], ["m4-01", "การบวก, การลบ"], ["m4-02", "บท \"ทบทวน\"\nสองบรรทัด"], ["m4-03", "ท้าย"]
            ])
        // A record is numbered by the line it starts on, as a spreadsheet shows it.
        #expect(table.records.map(\.line) == [1, 2, 3, 5])
    }

    @Test func blankLinesAreSkippedAndLineNumbersStayTrue() throws {
        let table = try CSVTable(parsing: "a,b\n\n1,2\n   \n3,4")
        #expect(table.records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(table.records.map(\.line) == [1, 3, 5])
    }

    @Test func theDelimiterIsTheOneTheHeaderUses() throws {
        #expect(try CSVTable(parsing: "ชื่อ;นามสกุล;ห้อง\nสมชาย;ใจดี;1\n").records.last?.fields == ["สมชาย", "ใจดี", "1"])
        #expect(try CSVTable(parsing: "ชื่อ\tนามสกุล\nมาลี\tรักเรียน, ป.4\n").records.last?.fields == ["มาลี", "รักเรียน, ป.4"])
        #expect(try CSVTable(parsing: "title\nหนึ่ง; สอง\n").records.last?.fields == ["หนึ่ง; สอง"])
    }

    @Test func aQuoteLeftOpenNamesTheLineWhereItsRecordStarts() {
        #expect(throws: CSVError.self) { try CSVTable(parsing: "a,b\n1,2\n3,\"open\n4,5\n") }
        do {
            _ = try CSVTable(parsing: "a,b\n1,2\n3,\"open\n4,5\n")
        } catch {
            #expect(error.line == 3)
            #expect(error.description == "line 3: a quoted field is never closed")
        }
    }
}

@Suite struct CSVFormulaGuardTests {
    @Test(arguments: ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "'=x", "''=x", "'x", "plain", "", "ครู"])
    func aGuardedCellNeverStartsAFormulaAndUnguardsToItself(cell: String) {
        let guarded = CSVTable.guardedFormula(cell)
        #expect(guarded.first.map { "=+-@\t\r".contains($0) } != true)
        #expect(CSVTable.unguardedFormula(guarded) == cell)
    }
}
