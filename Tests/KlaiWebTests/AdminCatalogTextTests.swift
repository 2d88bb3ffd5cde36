import Foundation
import KlaiCatalog
import Testing

@testable import KlaiWeb

/// The manifest import page names every problem in Thai: each sentence the catalog's checks write (in
/// English, for the terminal) has its Thai form, found from a manifest that makes every check fail.
@Suite(.serialized) struct AdminCatalogTextTests {
    static let badCSV = """
        key,kind,title,grade,learning_area,indicators,channel,air_date,academic_year,term,start,end,period,media
        a,dlit_lesson,ชั้นผิด,ป.9,ค,,,,,,,,,
        b,dlit_lesson,สาระผิด,ป.4,ฟิสิกส์,,,,,,,,,
        c,dlit_lesson,ตัวชี้วัดผิดสาระ,ป.4,ค,ว 1.1 ป.4/1,,,,,,,,
        d,dlit_lesson,ตัวชี้วัดผิดชั้น,ป.4,ค,ค 1.1 ป.5/1,,,,,,,,
        e,dltv_recording,ช่องผิด,,,,DLTV99,2026-06-12,,,,,,
        f,dltv_recording,เวลากลับด้าน,,,,DLTV4,2026-06-12,,,09:20,08:30,,
        g,dltv_recording,วันที่ผิด,,,,DLTV4,2026-13-45,,,,,,
        h,dlit_lesson,ปีผิด,,,,,,1483,,,,,
        i,dlit_lesson,ภาคไม่มีปี,,,,,,,1,,,,
        ,dlit_lesson,ไม่มีคีย์,,,,,,,,,,,
        n,dlit_lesson,คีย์ซ้ำ 1,,,,,,,,,,,
        n,dlit_lesson,คีย์ซ้ำ 2,,,,,,,,,,,
        j,lesson,ชนิดผิด,,,,,,,,,,,
        k,dltv_recording,เวลาผิด,,,,DLTV4,2026-06-12,,,8 โมง,,,
        l,dltv_recording,ปีไม่ตรง,,,,DLTV4,2026-06-12,2568,,,,,
        m,dlit_lesson,ภาคที่ไม่มี,,,,,,2569,3,,,,
        """

    static func problems(_ text: String, name: String, in web: WebServer) throws -> [ManifestProblem] {
        let file = web.folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try AdminCatalogImportPages.importer.preview(file, into: web.store)
        } catch let error as ManifestError {
            return error.problems
        }
        return []
    }

    @Test func everyProblemOfARecordHasAThaiSentence() async throws {
        let web = try WebServer()
        let problems = try Self.problems(Self.badCSV, name: "bad.csv", in: web)
        // Every line but 12, the first use of the key line 13 repeats.
        #expect(Set(problems.compactMap(\.record)) == Set(2...17).subtracting([12]))
        for problem in problems {
            let thai = AdminCatalogText.thai(problem.message)
            #expect(thai != problem.message, "no Thai for: \(problem.message)")
            #expect(thai.unicodeScalars.contains { (0x0E01...0x0E5B).contains($0.value) }, "\(thai)")
        }
        await web.stop()
    }

    @Test func everyProblemOfTheFileItselfHasAThaiSentence() async throws {
        let web = try WebServer()
        let files = [
            ("columns.csv", "key,title,colour\na,บทเรียน,แดง\n"),
            ("fields.csv", "key,title\na,บทเรียน,เกิน\n"),
            ("number.csv", "key,title,period\na,บทเรียน,สอง\n"),
            ("quote.csv", "key,title\na,\"ไม่ปิด\n"),
            ("empty.csv", ""),
            ("media.csv", "key,title,media\na,บทเรียน,clip.mp4\n"),
            ("broken.json", "{\"records\": [ {\"key\": \"a\", \"title\": } ]}"),
            ("types.json", "[{\"key\": \"a\", \"title\": \"บทเรียน\", \"period\": \"สอง\"}]")
        ]
        for (name, text) in files {
            let problems = try Self.problems(text, name: name, in: web)
            #expect(!problems.isEmpty, "\(name) was accepted")
            for problem in problems {
                #expect(AdminCatalogText.thai(problem.message) != problem.message, "\(name): no Thai for: \(problem.message)")
            }
        }
        await web.stop()
    }
}
