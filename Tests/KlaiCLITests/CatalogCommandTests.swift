import Foundation
import Testing

/// `klai catalog import|export|search|today` and `klai ingest`, run as a school admin would run them,
/// on a temporary data folder.
@Suite struct CatalogCommandTests {
    /// Three DLIT lessons, as a school or the service area office would write them.
    static let lessons = """
        {"records": [
          {"key": "cli-p4-math-001", "title": "การบวกเศษส่วน", "description": "บวกเศษส่วนที่มีตัวส่วนเท่ากัน",
           "grade": "ป.4", "learningArea": "ค", "subject": "คณิตศาสตร์", "unit": "เศษส่วน", "lessonNumber": 1,
           "indicators": ["ค 1.1 ป.4/8"], "academicYear": 2569, "term": 1},
          {"key": "cli-p4-thai-001", "title": "การอ่านออกเสียงร้อยกรอง", "grade": "P4", "learningArea": "ภาษาไทย",
           "subject": "ภาษาไทย", "indicators": ["ท 1.1 ป.4/1"], "academicYear": 2569, "term": 1},
          {"key": "cli-m2-sci-001", "title": "ระบบย่อยอาหาร", "grade": "M2", "learningArea": "ว",
           "indicators": ["ว 1.2 ม.2/1"], "academicYear": 2026, "term": 1}
        ]}
        """

    @Test func importingTheSameManifestAgainChangesNothingAndAnEditedTitleUpdatesOneRecord() throws {
        let data = try DataFolder()
        defer { data.remove() }
        let manifest = try data.write("lessons.json", Self.lessons)

        let first = try data.klai(["catalog", "import", manifest.path])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("lessons.json (UTF-8): 3 new, 0 updated, 0 unchanged"), "\(first.output)")

        let again = try data.klai(["catalog", "import", manifest.path])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains(": 0 new, 0 updated, 3 unchanged"), "\(again.output)")

        let renamed = Self.lessons.replacingOccurrences(of: "การอ่านออกเสียงร้อยกรอง", with: "การอ่านออกเสียงบทร้อยกรอง")
        try data.write("lessons.json", renamed)
        let edited = try data.klai(["catalog", "import", manifest.path])
        #expect(edited.status == 0, "\(edited.errors)")
        #expect(edited.output.contains(": 0 new, 1 updated, 2 unchanged"), "\(edited.output)")

        let search = try data.klai(["catalog", "search", "ร้อยกรอง"])
        #expect(search.output.contains("การอ่านออกเสียงบทร้อยกรอง"))
        #expect(!search.output.contains("การอ่านออกเสียงร้อยกรอง"), "the old title is gone, not kept as a second lesson")
        let export = try data.klai(["catalog", "export", "--out", data.url("all.json").path])
        #expect(export.errors.contains("wrote 3 records"), "updated in place: still three lessons")
    }

    @Test func aThaiSubstringFindsTheLessonWhoseTitleContainsIt() throws {
        let data = try DataFolder()
        defer { data.remove() }
        #expect(try data.klai(["catalog", "import", data.write("lessons.json", Self.lessons).path]).status == 0)

        // Thai is written without spaces between words: เศษส่วน sits inside การบวกเศษส่วน.
        let found = try data.klai(["catalog", "search", "เศษส่วน"])
        #expect(found.status == 0, "\(found.errors)")
        let lines = found.output.split(separator: "\n")
        #expect(lines.count == 1, "\(found.output)")
        #expect(lines.first?.contains("การบวกเศษส่วน") == true)
        #expect(lines.first?.contains("P4 · ค · dlit_lesson") == true)

        let filtered = try data.klai(["catalog", "search", "การ", "--grade", "ป.4", "--area", "ท"])
        #expect(filtered.output.contains("การอ่านออกเสียงร้อยกรอง") && !filtered.output.contains("การบวกเศษส่วน"), "\(filtered.output)")

        let none = try data.klai(["catalog", "search", "ทศนิยม"])
        #expect(none.status == 0)
        #expect(none.output == "nothing found\n")
    }

    @Test(arguments: ["json", "csv"])
    func anExportedManifestImportsBackUnchanged(format: String) throws {
        let data = try DataFolder()
        defer { data.remove() }
        #expect(try data.klai(["catalog", "import", data.write("lessons.json", Self.lessons).path]).status == 0)
        #expect(try data.klai(["catalog", "import", data.write("recording.json", Self.recording).path]).status == 0)

        let exported = data.url("all.\(format)")
        let export = try data.klai(["catalog", "export", "--format", format, "--out", exported.path])
        #expect(export.status == 0, "\(export.errors)")
        #expect(export.errors.contains("wrote 4 records to \(exported.path)"), "\(export.errors)")

        let reimport = try data.klai(["catalog", "import", exported.path])
        #expect(reimport.status == 0, "\(reimport.errors)")
        #expect(reimport.output.contains(": 0 new, 0 updated, 4 unchanged"), "\(reimport.output)")
    }

    @Test func aManifestWithProblemsImportsNothingAndNamesTheFileRecordAndFieldOfEach() throws {
        let data = try DataFolder()
        defer { data.remove() }
        let bad = try data.write(
            "bad.json",
            """
            {"records": [
              {"key": "cli-p4-math-010", "title": "การหารยาว", "grade": "P4", "learningArea": "ค", "academicYear": 2569, "term": 1},
              {"key": "cli-p9-math-001", "title": "เรขาคณิตวิเคราะห์", "grade": "ป.9", "learningArea": "ค"},
              {"kind": "dltv_recording", "channel": "DLTV4", "airDate": "2569-06-16", "period": 2, "title": "วิทยาศาสตร์ คาบ 2",
               "start": "10:20", "end": "09:30", "academicYear": 3112, "term": 1}
            ]}
            """)
        let outcome = try data.klai(["catalog", "import", bad.path])
        #expect(outcome.status == 1)
        #expect(outcome.output.isEmpty, "no summary for a file that was not imported: \(outcome.output)")
        #expect(outcome.errors.contains("nothing was imported; 3 problems to fix"), "\(outcome.errors)")
        #expect(outcome.errors.contains("\(bad.path):2 grade: unknown grade 'ป.9'"), "\(outcome.errors)")
        // 3112 is 2569 with 543 added twice: neither a Gregorian nor a Buddhist year.
        #expect(outcome.errors.contains("\(bad.path):3 academicYear: year 3112 is neither a Gregorian year"), "\(outcome.errors)")
        #expect(outcome.errors.contains("\(bad.path):3 end: ends (09:30) before it starts (10:20)"), "\(outcome.errors)")
        #expect(!outcome.errors.contains("a term needs academicYear"), "the year was given; only its value is wrong")

        // The one good record was not imported either.
        #expect(try data.klai(["catalog", "search", "การหารยาว"]).output == "nothing found\n")
        #expect(try data.exportedCount() == 0)
    }

    @Test func aGoodAndABadManifestTogetherImportTheGoodOneAndExitWithFailure() throws {
        let data = try DataFolder()
        defer { data.remove() }
        let good = try data.write("good.json", Self.lessons)
        let bad = try data.write("bad.csv", "key,title,grade\r\ncli-k9-001,เพลงเด็ก,K9\r\n")
        let outcome = try data.klai(["catalog", "import", good.path, bad.path])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("good.json (UTF-8): 3 new"), "\(outcome.output)")
        #expect(outcome.errors.contains("\(bad.path):2 grade: unknown grade 'K9'"), "\(outcome.errors)")
        #expect(try data.exportedCount() == 3)
    }

    @Test func aWindows874CSVManifestImportsWithThaiTextIntact() throws {
        let data = try DataFolder()
        defer { data.remove() }
        let text = """
            key,title,description,grade,learning_area,subject,indicators,academic_year,term\r
            w874-p4-001,"การบวกเศษส่วน, ชุดที่ 2",บวกเศษส่วนที่มีตัวส่วนเป็นพหุคูณกัน,ป.4,ค,คณิตศาสตร์,ค 1.1 ป.4/8,2569,1\r
            w874-p4-002,คำนามและคำสรรพนาม,จำแนกชนิดของคำในประโยค,ป.4,ท,ภาษาไทย,ท 4.1 ป.4/3,2569,1\r

            """
        // TIS-620's layout (Thai U+0E01–U+0E5B at 0xA1–0xFB), written independently of Klai's decoder.
        let bytes = text.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8($0.value - 0x0E00 + 0xA0) }
        #expect(String(validating: bytes, as: UTF8.self) == nil, "the file really is not UTF-8")
        let file = data.url("lessons-874.csv")
        try Data(bytes).write(to: file)

        let outcome = try data.klai(["catalog", "import", file.path])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("lessons-874.csv (Windows-874): 2 new, 0 updated, 0 unchanged"), "\(outcome.output)")

        let search = try data.klai(["catalog", "search", "ชุดที่"])
        #expect(search.output.contains("การบวกเศษส่วน, ชุดที่ 2"), "\(search.output)")
        let records = try data.exportedRecords()
        let titles = Dictionary(uniqueKeysWithValues: records.map { ($0["key"] as? String ?? "", $0["title"] as? String ?? "") })
        #expect(titles == ["w874-p4-001": "การบวกเศษส่วน, ชุดที่ 2", "w874-p4-002": "คำนามและคำสรรพนาม"])
        #expect(records.contains { $0["description"] as? String == "บวกเศษส่วนที่มีตัวส่วนเป็นพหุคูณกัน" })
    }

    /// A DLTV4 recording of period 4 on Tuesday 16 June 2026 (พ.ศ. 2569), described by a manifest, no media.
    static let recording = """
        [{"kind": "dltv_recording", "channel": "DLTV4", "airDate": "2569-06-16", "period": 4, "start": "12:59", "end": "13:51",
          "title": "การคูณเศษส่วน (DLTV ป.4)", "grade": "P4", "learningArea": "ค", "academicYear": 2569, "term": 1}]
        """

    @Test func todayListsTheChannelsPeriodsForASchoolDayAndMarksTheRecordedOne() throws {
        let data = try DataFolder()
        defer { data.remove() }
        #expect(try data.klai(["catalog", "import", data.write("recording.json", Self.recording).path]).status == 0)

        // Tuesday in term 1/2569; the sample timetable's Tuesday on DLTV4.
        let today = try data.klai(["catalog", "today", "--channel", "DLTV4", "--date", "2569-06-16"])
        #expect(today.status == 0, "\(today.errors)")
        let lines = today.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "DLTV4  16/6/2569  (sample timetable)", "\(today.output)")
        #expect(
            lines.dropFirst().map { $0.components(separatedBy: "  ").prefix(4).joined(separator: "  ") } == [
                "  คาบ 1  08:30–09:20  ศิลปะ",
                "  คาบ 2  09:30–10:20  การงานอาชีพ",
                "  คาบ 3  10:30–11:20  ภาษาไทย",
                "  คาบ 4  13:00–13:50  คณิตศาสตร์",
                "  คาบ 5  14:00–14:50  วิทยาศาสตร์และเทคโนโลยี"
            ])
        #expect(lines.count == 6 && lines[4].hasSuffix("✓ #1 การคูณเศษส่วน (DLTV ป.4)"), "\(today.output)")
        #expect(lines.filter { $0.hasSuffix("  –") }.count == 4, "the other periods have no recording")

        // The same day given as a Gregorian date.
        #expect(try data.klai(["catalog", "today", "--channel", "dltv4", "--date", "2026-06-16"]).output == today.output)

        let saturday = try data.klai(["catalog", "today", "--channel", "DLTV4", "--date", "2569-06-13"])
        #expect(saturday.status == 0)
        #expect(saturday.output.hasPrefix("no DLTV periods on 2026-06-13 (13/6/2569)"), "\(saturday.output)")

        // A mistyped channel is not "a day without broadcasts".
        let typo = try data.klai(["catalog", "today", "--channel", "DLTV44", "--date", "2569-06-16"])
        #expect(typo.status == 2)
        #expect(typo.errors.contains("unknown channel 'DLTV44'"), "\(typo.errors)")
        #expect(typo.output.isEmpty)

        // By grade: ป.4 is served by DLTV4; a grade that does not exist is named, not shown as an empty day.
        #expect(try data.klai(["catalog", "today", "--grade", "ป.4", "--date", "2569-06-16"]).output == today.output)
        let noGrade = try data.klai(["catalog", "today", "--grade", "ป.9", "--date", "2569-06-16"])
        #expect(noGrade.status == 2)
        #expect(noGrade.errors.contains("unknown grade 'ป.9'"), "\(noGrade.errors)")
        let noGradeWeek = try data.klai(["catalog", "today", "--grade", "ป.9", "--week", "--date", "2569-06-16"])
        #expect(noGradeWeek.status == 2)
        #expect(noGradeWeek.errors.contains("unknown grade 'ป.9'"), "\(noGradeWeek.errors)")

        // Search names a mistyped channel too, rather than answering "nothing found".
        let searchTypo = try data.klai(["catalog", "search", "--channel", "DLTV44"])
        #expect(searchTypo.status == 2)
        #expect(searchTypo.errors.contains("unknown channel 'DLTV44'"), "\(searchTypo.errors)")
        #expect(try data.klai(["catalog", "search", "--channel", "dltv4"]).status == 0)
    }

    @Test func ingestKeepsAFileThatIsNotAVideoAsUnmatchedWithTheReason() throws {
        let data = try DataFolder()
        defer { data.remove() }
        let junk = Data("this is a note someone saved with a .ts name, not a recording\n".utf8)
        let capture = data.url("DLTV04_2026-06-16_0830.ts")
        try junk.write(to: capture)

        let outcome = try data.klai(["ingest", capture.path])
        #expect(outcome.status == 0, "the file is kept for a person to look at: \(outcome.errors)")
        #expect(outcome.output.contains("\(capture.path): unmatched: not a playable media file"), "\(outcome.output)")
        #expect(!FileManager.default.fileExists(atPath: capture.path), "moved into the library")
        let sources = try FileManager.default.contentsOfDirectory(atPath: data.url("Media/sources").path)
        #expect(sources.count == 1, "the original is kept in Media/sources: \(sources)")

        let listed = try data.klai(["ingest", "--unmatched"])
        #expect(listed.status == 0)
        #expect(listed.output.hasPrefix("#1  DLTV04_2026-06-16_0830.ts  — not a playable media file"), "\(listed.output)")

        // The same bytes again (a second copy from the USB stick) are recognised, not kept twice.
        try junk.write(to: capture)
        let twice = try data.klai(["ingest", capture.path])
        #expect(twice.status == 0)
        #expect(twice.output.contains("already in the library (same content as DLTV04_2026-06-16_0830.ts)"), "\(twice.output)")

        // Telling Klai the channel and time does not make it a video: still unmatched, and the command says so.
        let assign = try data.klai(["ingest", "--assign", "1", "--channel", "DLTV4", "--date", "2569-06-16", "--start", "08:30"])
        #expect(assign.status == 1)
        #expect(assign.output.contains("unmatched: not a playable media file"), "\(assign.output)")
        #expect(try data.klai(["ingest", "--unmatched"]).output.hasPrefix("#1  DLTV04_2026-06-16_0830.ts"))

        let today = try data.klai(["catalog", "today", "--channel", "DLTV4", "--date", "2569-06-16"])
        #expect(!today.output.contains("✓"), "nothing was catalogued as a recording: \(today.output)")
    }

    @Test func ingestOfAMissingFileFailsWithASentenceAndStillTakesTheOtherFiles() throws {
        let data = try DataFolder()
        defer { data.remove() }
        let missing = data.url("DLTV04_2026-06-17_0830.ts").path
        let present = data.url("notes.mp4")
        try Data("not a video either".utf8).write(to: present)

        let outcome = try data.klai(["ingest", missing, present.path])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("\(missing): \(missing) does not exist"), "\(outcome.errors)")
        #expect(outcome.output.contains("\(present.path): unmatched"), "\(outcome.output)")
        let listed = try data.klai(["ingest", "--unmatched"]).output
        #expect(listed.contains("notes.mp4") && !listed.contains("DLTV04_2026-06-17_0830.ts"), "\(listed)")
    }
}

extension CatalogCommandTests {
    /// A temporary data folder with an empty library whose reference data (grades, channels, terms, the
    /// DLTV timetable) is a copy of the shipped `Catalog/`, without the sample lessons.
    struct DataFolder {
        let folder: URL

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-cli-catalog-\(UUID())")
            let catalog = folder.appendingPathComponent("Catalog")
            try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
            let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Catalog")
            for name in ["grades.json", "learning-areas.json", "channels.json", "terms.json", "timetable.json"] {
                try FileManager.default.copyItem(at: shipped.appendingPathComponent(name), to: catalog.appendingPathComponent(name))
            }
            let created = try KlaiProcess.run(["demo", "--empty", "--data", folder.path])
            guard created.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSDebugDescriptionErrorKey: created.errors]) }
        }

        func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

        /// Writes a UTF-8 text file into the folder.
        @discardableResult
        func write(_ name: String, _ text: String) throws -> URL {
            try Data(text.utf8).write(to: url(name))
            return url(name)
        }

        /// Runs `klai` on this data folder.
        func klai(_ arguments: [String]) throws -> KlaiProcess.Outcome {
            try KlaiProcess.run(arguments + ["--data", folder.path], in: folder)
        }

        /// The records `klai catalog export` writes, as JSON objects.
        func exportedRecords() throws -> [[String: Any]] {
            let export = try klai(["catalog", "export"])
            let document = try JSONSerialization.jsonObject(with: Data(export.output.utf8))
            return (document as? [String: Any])?["records"] as? [[String: Any]] ?? document as? [[String: Any]] ?? []
        }

        func exportedCount() throws -> Int { try exportedRecords().count }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }
}
