import Foundation
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct InstrumentTests {
    @Test func theShippedInstrumentsLoadWithEveryPartADistrictNeeds() throws {
        let instruments = try InstrumentLoader.loadFolder(EvaluationFixture.instrumentsFolder)
        let visit = try #require(instruments.first { $0.key == "dltv-classroom-visit" })
        #expect(visit.kind == .classroomVisit)
        #expect(visit.scale.values == [3, 2, 1])
        #expect(visit.scale.levels.allSatisfy { !$0.descriptor.th.isEmpty })
        #expect(Set(visit.items.map(\.phase)) == [.equipment, .before, .during, .after, .school])
        #expect(Set(visit.problems.map(\.id)) == ["signal", "broken-device", "electricity", "teacher-absent", "no-preparation"])
        #expect(visit.items.contains { $0.notObservedAllowed })
        #expect(!visit.textFields.isEmpty && !visit.evidenceKinds.isEmpty)
        let selfAssessment = try #require(instruments.first { $0.kind == .schoolSelfAssessment })
        #expect(selfAssessment.items.count >= 8)
        let pupilSurvey = try #require(instruments.first { $0.kind == .survey && $0.audience == .pupil })
        #expect(pupilSurvey.scale.levels.allSatisfy { $0.picture != nil })
    }

    @Test func aBrokenFileIsRefusedNamingEveryProblemWithFileItemAndField() throws {
        let json = """
            {"id": "Bad Id", "version": 0, "kind": "visit", "title": {"th": "แบบ"},
             "scale": {"levels": [{"value": 3, "label": {"th": "ดี"}, "descriptor": {"th": "ดี"}},
                                  {"value": 3, "label": {"th": "พอ"}, "descriptor": {"th": "พอ"}}]},
             "sections": [{"id": "during", "title": {"th": "ระหว่าง"},
                "items": [{"id": "a", "text": {"th": "ข้อ ก"}, "phase": "durring"},
                          {"id": "a", "text": {"th": "ข้อ ข"}, "phase": "during", "notObserved": true,
                           "descriptors": {"7": {"th": "x"}}, "check": {"measure": "coverage", "level": 3, "below": 2}},
                          {"id": "b", "text": {"th": "ข้อ ค"}, "phase": "after"}, {"id": "b", "text": {"th": "ข้อ ง"}, "phase": "after"}]}]}
            """
        let error = #expect(throws: InstrumentError.self) { try InstrumentLoader.parse(Data(json.utf8), file: "bad.json") }
        let lines = try #require(error).problems.map(\.description)
        let expected = [
            "bad.json: id: 'Bad Id' must use only a-z, 0-9, '-' and '.'",
            "bad.json: version: must be a whole number from 1 to 100000",
            "bad.json: kind: 'visit' is not one of classroom_visit, school_self_assessment, survey",
            "bad.json: scale levels: two levels have the same value",
            "bad.json: sections[0].items[0] phase: 'durring' is not one of equipment, before, during, after, school, general",
            "bad.json: sections[0].items[1] notObserved: the scale has no notObserved words",
            "bad.json: sections[0].items[1] descriptors: '7' is not a level of the scale",
            "bad.json: sections[0].items[1].check measure: 'coverage' is not one of timetableCoverage, inSyncShare, pupilExposure, smoothPlaybackShare",
            "bad.json: sections[0].items[1].check below: must be a number from 0.0 to 1.0",
            "bad.json: sections items id: 'b' appears twice"
        ]
        for line in expected { #expect(lines.contains(line), "missing: \(line)\nall: \(lines)") }
    }

    @Test func aSurveyWithoutFiveLevelsOrPupilPicturesIsRefused() throws {
        let json = """
            {"id": "s", "version": 1, "kind": "survey", "audience": "pupil", "title": {"th": "แบบสอบถาม"},
             "scale": {"levels": [{"value": 2, "label": {"th": "ชอบ"}, "descriptor": {"th": "ชอบ"}},
                                  {"value": 1, "label": {"th": "ไม่ชอบ"}, "descriptor": {"th": "ไม่ชอบ"}}]},
             "sections": [{"id": "x", "phase": "general", "title": {"th": "x"}, "items": [{"id": "q", "text": {"th": "สนุก"}}]}]}
            """
        let error = #expect(throws: InstrumentError.self) { try InstrumentLoader.parse(Data(json.utf8), file: "s.json") }
        let lines = try #require(error).problems.map(\.description)
        #expect(lines.contains("s.json: scale levels: a survey has five levels valued 1 to 5"))
        #expect(lines.contains("s.json: scale.levels[0] picture: is missing"))
    }

    @Test func loadingTheSameFilesAgainStoresNothingNew() throws {
        let fixture = try EvaluationFixture()
        let before = try fixture.read { db in try db.scalar("SELECT count(*) FROM evaluation_instrument", as: Int.self) }
        _ = try fixture.write { db in try InstrumentLibrary.importFolder(db, EvaluationFixture.instrumentsFolder) }
        let after = try fixture.read { db in try db.scalar("SELECT count(*) FROM evaluation_instrument", as: Int.self) }
        #expect(before == 4 && after == 4)
    }

    @Test func anEditedFileKeepingItsVersionIsRefusedAndANewVersionIsStoredBesideTheOld() throws {
        let fixture = try EvaluationFixture()
        var edited = try fixture.read { db in try InstrumentLibrary.instrument(db, id: fixture.visitForm) }
        edited.sections[0].items[0].text.th = "โทรทัศน์ใช้งานได้"
        let sameVersion = edited
        let refused = #expect(throws: EvaluationError.self) { try fixture.write { db in try InstrumentLibrary.store(db, sameVersion) } }
        #expect(refused?.description.contains("give the changed file version 2") == true)
        edited.version = 2
        let newVersion = edited
        let newID = try fixture.write { db in try InstrumentLibrary.store(db, newVersion) }
        let (old, latest) = try fixture.read { db in
            (try InstrumentLibrary.instrument(db, id: fixture.visitForm), try InstrumentLibrary.latestID(db, key: newVersion.key))
        }
        #expect(latest == newID && newID != fixture.visitForm)
        #expect(old.version == 1 && old.sections[0].items[0].text.th.hasPrefix("โทรทัศน์เปิดได้"))
    }
}
