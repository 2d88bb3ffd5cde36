import Foundation
import KlaiLearning
import KlaiStore

/// Satisfaction surveys: a round of a survey instrument at a school in a term, its answers and results.
public enum Surveys {
    /// Opens a survey round. - Returns: its id.
    public static func open(
        _ db: Database, by director: Principal, schoolID: Int64, termID: Int64, instrumentID: Int64,
        now: Date = Date()
    ) throws -> Int64 {
        guard Authorization.may(director, .runSurvey, .school(id: schoolID)) else {
            throw EvaluationError.forbidden("only the school's director or supervisor runs its surveys")
        }
        guard try InstrumentLibrary.instrument(db, id: instrumentID).kind == .survey else {
            throw EvaluationError.invalid("that instrument is not a survey")
        }
        try db.execute(
            """
            INSERT INTO evaluation_survey (school_id, term_id, instrument_id, opened_by, opened_at) VALUES (?, ?, ?, ?, ?)
            """, [schoolID, termID, instrumentID, director.userID, now])
        return db.lastInsertRowID
    }

    /// Stops taking answers.
    public static func close(_ db: Database, by director: Principal, surveyID: Int64, now: Date = Date()) throws {
        let survey = try load(db, surveyID)
        guard Authorization.may(director, .runSurvey, .school(id: survey.school)) else {
            throw EvaluationError.forbidden("only the school's director or supervisor runs its surveys")
        }
        try db.execute("UPDATE evaluation_survey SET closed_at = coalesce(closed_at, ?) WHERE id = ?", [now, surveyID])
    }

    /// Records one person's answers (item id → 1…5, nil for "no answer").
    ///
    /// A child tapping "send" twice sends the same answers twice: that is accepted once. Different
    /// answers from someone who already answered are refused.
    @discardableResult
    public static func answer(
        _ db: Database, by respondent: Principal, surveyID: Int64, answers: [String: Int?],
        now: Date = Date()
    ) throws -> Int64 {
        let survey = try load(db, surveyID)
        guard survey.open else { throw EvaluationError.conflict("this survey is closed") }
        let instrument = try InstrumentLibrary.instrument(db, id: survey.instrument)
        let role: Role = instrument.audience == .pupil ? .student : .teacher
        guard Authorization.may(respondent, .answerSurvey, .school(id: survey.school)),
            respondent.grants.contains(RoleGrant(role, schoolID: survey.school))
        else {
            throw EvaluationError.forbidden("this survey is for the school's \(role == .student ? "pupils" : "teachers")")
        }
        guard answers.count <= 200 else { throw EvaluationError.invalid("a survey has at most 200 questions") }
        let unknown = answers.keys.filter { instrument.item($0) == nil }.sorted()
        let outOfRange = answers.compactMap { key, value in value.map { (1...5).contains($0) } == false ? key : nil }.sorted()
        guard unknown.isEmpty, outOfRange.isEmpty else {
            throw EvaluationError.invalid(
                (unknown.map { "\($0) is not a question of this survey" }
                    + outOfRange.map { "\($0): an answer is 1 to 5" }).joined(separator: "; "))
        }
        if let existing = try db.scalar(
            "SELECT id FROM evaluation_survey_response WHERE survey_id = ? AND respondent_id = ?",
            [surveyID, respondent.userID], as: Int64.self)
        {
            var stored: [String: Int?] = [:]
            for row in try db.fetchAll("SELECT item_id, value FROM evaluation_survey_answer WHERE response_id = ?", [existing]) {
                stored[try row.get("item_id")] = .some(try row.get("value", as: Int?.self))
            }
            guard stored == answers else { throw EvaluationError.conflict("you have already answered this survey") }
            return existing
        }
        try db.execute(
            "INSERT INTO evaluation_survey_response (survey_id, respondent_id, submitted_at) VALUES (?, ?, ?)",
            [surveyID, respondent.userID, now])
        let response = db.lastInsertRowID
        for (item, value) in answers {
            try db.execute(
                "INSERT INTO evaluation_survey_answer (response_id, item_id, value) VALUES (?, ?, ?)",
                [response, item, value])
        }
        return response
    }

    /// Results per item and overall, interpreted with `bands`.
    public static func results(_ db: Database, viewer: Principal, surveyID: Int64, bands: BandSet = .srisaArd) throws
        -> SurveyResults
    {
        let survey = try load(db, surveyID)
        guard Authorization.may(viewer, .runSurvey, .school(id: survey.school)) else {
            throw EvaluationError.forbidden("you may not see this survey's results")
        }
        let instrument = try InstrumentLibrary.instrument(db, id: survey.instrument)
        var values: [String: [Int]] = [:]
        try db.forEachRow(
            """
            SELECT a.item_id, a.value FROM evaluation_survey_answer a JOIN evaluation_survey_response r ON r.id = a.response_id
            WHERE r.survey_id = ? AND a.value IS NOT NULL
            """, [surveyID]
        ) { row in values[row.string(at: 0), default: []].append(Int(clamping: row.int64(at: 1))) }
        let respondents =
            try db.scalar(
                "SELECT count(*) FROM evaluation_survey_response WHERE survey_id = ?", [surveyID],
                as: Int.self) ?? 0
        return SurveyResults(
            surveyID: surveyID, respondents: respondents, bandSet: bands.name,
            items: instrument.items.map {
                SurveyResults.line(itemID: $0.id, text: $0.text, values: values[$0.id] ?? [], bands: bands)
            },
            overall: SurveyResults.line(
                itemID: "overall", text: LocalizedText(th: "รวม", en: "Overall"),
                values: instrument.items.flatMap { values[$0.id] ?? [] }, bands: bands))
    }

    private static func load(_ db: Database, _ id: Int64) throws -> (school: Int64, instrument: Int64, open: Bool) {
        guard let row = try db.fetchOne("SELECT school_id, instrument_id, closed_at FROM evaluation_survey WHERE id = ?", [id]) else {
            throw EvaluationError.notFound("there is no survey \(id)")
        }
        return (try row.get("school_id"), try row.get("instrument_id"), row["closed_at"].isNull)
    }
}
