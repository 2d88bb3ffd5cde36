import Foundation
import Testing

@testable import KlaiCatalog

@Suite struct ManifestJSONScannerTests {
    static func decoded(_ json: String) throws -> ManifestDocument {
        try JSONDecoder().decode(ManifestDocument.self, from: Data(json.utf8))
    }

    @Test func readsManifestsExactlyAsJSONDecoderDoes() throws {
        let manifests = [
            #"[{"key": "a", "title": "การบวก\"เศษ\"ส่วน\n\u0e01\ud83d\ude00 \/", "lessonNumber": -3, "indicators": ["ค 1.1 ป.4/8", "ค 1.2 ป.4/1"],"#
                + #" "unknown": {"nested": [1, 2.5e3, true, null, "x"]}, "sample": false, "grade": null, "attachments": []}]"#,
            #"{"sample": true, "other": [], "records": [{"key": "b", "kind": "dltv_recording", "channel": "DLTV4", "airDate": "2569-06-12","#
                + #" "period": 2, "academicYear": 2569, "term": 1, "start": "08:30", "end": "09:20", "media": "x.ts","#
                + #" "attachments": [{"type": "worksheet", "title": "ใบงาน", "file": "w.pdf", "pages": 3}], "indicators": null}]}"#,
            " [ ] ",
            #"{"records": []}"#
        ]
        for json in manifests {
            let scanned = try #require(ManifestJSONScanner.scan(Data(json.utf8)), "\(json)")
            let expected = try Self.decoded(json)
            #expect(scanned.records == expected.records)
            #expect(scanned.sample == expected.sample)
        }
    }

    @Test func leavesAnythingUnusualToJSONDecoder() {
        let unusual = [
            #"[{"key": "a", "key": "b"}]"#,  // duplicate key
            #"[{"key": "a", "period": 1.0}]"#,  // a number JSONDecoder may or may not take as Int
            #"[{"key": "a", "period": "1"}]"#,  // wrong type
            #"[{"key": "a", "period": 012}]"#,  // leading zero
            #"[{"key": "a"},]"#,  // trailing comma
            #"[{"key": "a"}] x"#,  // trailing text
            #"{"sample": true}"#,  // no records
            #"[{"attachments": [{"type": "worksheet", "title": "t"}]}]"#,  // attachment without file
            "[{\"key\": \"a\u{1}\"}]",  // control character in a string
            #"[{"key": "\ud83d"}]"#,  // lone surrogate
            "\u{FEFF}[]"  // byte-order mark
        ]
        for json in unusual {
            #expect(ManifestJSONScanner.scan(Data(json.utf8)) == nil, "\(json)")
        }
        #expect(ManifestJSONScanner.scan(Data([0x5B, 0x22, 0xFF, 0x22, 0x5D])) == nil, "invalid UTF-8")
    }
}
