import Foundation
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct SurveyTests {
    func openPupilSurvey(_ f: EvaluationFixture) throws -> Int64 {
        try f.write { db in
            let form = try InstrumentLibrary.latestID(db, key: "pupil-satisfaction")!
            return try Surveys.open(db, by: f.director, schoolID: f.school, termID: EvaluationFixture.termID, instrumentID: form)
        }
    }

    @Test func pupilsAnswerAndResultsGiveMeanSampleDeviationAndTheBand() throws {
        let f = try EvaluationFixture()
        let survey = try openPupilSurvey(f)
        let first: [String: Int?] = ["lesson.fun": 5, "lesson.see-hear": 4, "lesson.understand": 4, "lesson.help": 5, "lesson.again": nil]
        let second: [String: Int?] = ["lesson.fun": 4, "lesson.see-hear": 2, "lesson.understand": 3, "lesson.help": 5, "lesson.again": 5]
        _ = try f.write { db in try Surveys.answer(db, by: f.pupils[0], surveyID: survey, answers: first) }
        _ = try f.write { db in try Surveys.answer(db, by: f.pupils[1], surveyID: survey, answers: second) }
        let results = try f.read { db in try Surveys.results(db, viewer: f.director, surveyID: survey) }
        let fun = try #require(results.items.first { $0.itemID == "lesson.fun" })
        #expect(results.respondents == 2 && fun.answers == 2 && fun.mean == 4.5)
        #expect(abs((fun.standardDeviation ?? 0) - 0.5.squareRoot()) < 1e-12)
        #expect(fun.band?.th == "มาก")  // 4.50 is the top of Srisa-ard's มาก band
        let again = try #require(results.items.first { $0.itemID == "lesson.again" })
        #expect(again.answers == 1 && again.mean == 5 && again.standardDeviation == nil && again.band?.th == "มากที่สุด")
        // Overall: 5,4,4,5 + 4,2,3,5,5 → 37 / 9.
        #expect(results.overall.answers == 9 && abs((results.overall.mean ?? 0) - 37.0 / 9) < 1e-12)
        let equal = try f.read { db in try Surveys.results(db, viewer: f.director, surveyID: survey, bands: .equalWidth) }
        #expect(equal.items.first { $0.itemID == "lesson.fun" }?.band?.th == "มากที่สุด")  // 4.50 ≥ 4.21
    }

    @Test func aDoubleTapIsOneAnswerButChangedAnswersAndOutsidersAreRefused() throws {
        let f = try EvaluationFixture()
        let survey = try openPupilSurvey(f)
        let answers: [String: Int?] = ["lesson.fun": 5]
        let a = try f.write { db in try Surveys.answer(db, by: f.pupils[0], surveyID: survey, answers: answers) }
        let b = try f.write { db in try Surveys.answer(db, by: f.pupils[0], surveyID: survey, answers: answers) }
        #expect(a == b)
        #expect(throws: EvaluationError.self) {
            try f.write { db in try Surveys.answer(db, by: f.pupils[0], surveyID: survey, answers: ["lesson.fun": 1]) }
        }
        #expect(throws: EvaluationError.self) {
            try f.write { db in try Surveys.answer(db, by: f.teacher, surveyID: survey, answers: ["lesson.fun": 3]) }
        }
        #expect(throws: EvaluationError.self) {
            try f.write { db in try Surveys.answer(db, by: f.pupils[1], surveyID: survey, answers: ["lesson.fun": 6]) }
        }
        try f.write { db in try Surveys.close(db, by: f.director, surveyID: survey) }
        #expect(throws: EvaluationError.self) {
            try f.write { db in try Surveys.answer(db, by: f.pupils[1], surveyID: survey, answers: ["lesson.fun": 4]) }
        }
        #expect(throws: EvaluationError.self) { try f.read { db in try Surveys.results(db, viewer: f.teacher, surveyID: survey) } }
    }

    @Test func bandBoundariesFollowTheTwoDecimalMeanAndABrokenBandSetIsRefused() throws {
        let bands = BandSet.srisaArd
        #expect(bands.band(for: 4.505)?.label.th == "มากที่สุด")  // prints as 4.51
        #expect(bands.band(for: 4.504)?.label.th == "มาก")
        #expect(bands.band(for: 1.0)?.label.th == "น้อยที่สุด" && bands.band(for: 5.0)?.label.th == "มากที่สุด")
        #expect(BandSet.equalWidth.band(for: 1.80)?.label.th == "น้อยที่สุด" && BandSet.equalWidth.band(for: 1.81)?.label.th == "น้อย")
        let label = LocalizedText(th: "x", en: "x")
        #expect(throws: EvaluationError.self) {
            try BandSet(name: "gap", bands: [.init(lower: 1, upper: 2.5, label: label), .init(lower: 3, upper: 5, label: label)])
        }
        let custom = try BandSet(name: "two", bands: [.init(lower: 1, upper: 3, label: label), .init(lower: 3.01, upper: 5, label: label)])
        #expect(custom.bands.count == 2)
    }
}
