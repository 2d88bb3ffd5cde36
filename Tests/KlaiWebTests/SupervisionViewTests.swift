import Foundation
import KlaiCatalog
import KlaiHTTP
import Testing

@testable import KlaiEvaluation
@testable import KlaiWeb

/// The supervision pages' pure parts: reading a posted visit form, and the server-drawn SVG.
@Suite struct SupervisionViewTests {
    func post(_ body: String) throws -> FormData {
        let head = HTTPRequestHead(
            method: "POST", target: "/supervision/visits/1/edit",
            headers: ["Host": "t", "Content-Type": "application/x-www-form-urlencoded"])
        return try FormData(HTTPRequest(head: head, body: .bytes(Array(body.utf8))))
    }

    func context() -> PageContext {
        PageContext(HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/supervision", headers: ["Host": "t"])))
    }

    @Test func aPostedVisitFormKeepsLevelsNotObservedNotesProblemsAndScreenings() throws {
        let form = try post(
            "revision=3&r.during.in-sync=3&n.during.in-sync=%E0%B8%94%E0%B8%B5&r.before.plan=na"
                + "&r.after.notes=&t.strengths=ok&t.empty=&problem=signal&problem=no-preparation&session=12&session=7")
        let draft = VisitForm.draft(form)
        #expect(draft.ratings["during.in-sync"] == VisitRating(level: 3, note: "ดี"))
        #expect(draft.ratings["before.plan"] == VisitRating(level: nil, note: ""))
        #expect(draft.ratings["after.notes"] == nil, "an unanswered item stays unanswered, not 'not observed'")
        #expect(draft.texts == ["strengths": "ok"])
        #expect(draft.problems == ["signal", "no-preparation"])
        #expect(draft.observedSessions == [12, 7])
    }

    @Test func nonsenseLevelsAndScreeningIdsAreDroppedInsteadOfTrapping() throws {
        let form = try post("r.a=1e99&r.b=99999999999999999999&r.c=-&session=99999999999999999999999&session=abc&r.d=2")
        let draft = VisitForm.draft(form)
        #expect(draft.ratings.keys.sorted() == ["d"])
        #expect(draft.observedSessions.isEmpty)
    }

    @Test func theWeeklyChartDrawsOneBarPerWeekWithTheNumberTheCSVWrites() throws {
        let monday = try #require(LocalDate(year: 2026, month: 11, day: 2))
        let points = [
            TrendPoint(weekStart: monday, scheduledPeriods: 40, coveredPeriods: 20, screenings: 5, playSeconds: 9000),
            TrendPoint(
                weekStart: monday.adding(days: 7), scheduledPeriods: 40, coveredPeriods: 10, screenings: 2,
                playSeconds: 3000)
        ]
        let svg = TrendChart.svg(context(), points).render()
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 2)
        #expect(svg.contains(">50.0</text>") && svg.contains(">25.0</text>"))
        // Inside <svg> the HTML parser treats an unclosed <line> as a container (foreign content): every shape is closed.
        #expect(svg.components(separatedBy: "<line ").count == svg.components(separatedBy: "</line>").count)
        #expect(svg.contains("2 พ.ย."))
    }

    @Test func aLongTermLabelsAboutEightWeeksSoPhoneLabelsDoNotOverlap() throws {
        let monday = try #require(LocalDate(year: 2026, month: 11, day: 2))
        let points = (0..<20).map {
            TrendPoint(weekStart: monday.adding(days: 7 * $0), scheduledPeriods: 40, coveredPeriods: $0, screenings: 1, playSeconds: 60)
        }
        let svg = TrendChart.svg(context(), points).render()
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 20)
        #expect(svg.components(separatedBy: "class=\"value\"").count - 1 == 8)
    }

    @Test func selfAssessmentFlagsAreThaiOnThaiPagesAndEnglishOnEnglishOnesAlsoFromAnOldSnapshot() throws {
        // A term closed before flags were stored as data kept only the English sentence.
        let old =
            #"{"assessmentID":7,"instrument":"dltv-school-self-assessment v1","sections":[],"#
            + #""contradictions":["teaching.in-sync was rated 3 while timetableCoverage is 17 % (below 50 %)"]}"#
        let summary = try JSONDecoder().decode(SelfAssessmentSummary.self, from: Data(old.utf8))
        var english = HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/supervision", headers: ["Host": "t"]))
        english.storage[RequestLanguage.self] = .english
        let thai = SupervisionViews.selfAssessmentFlags(context(), [summary]).render()
        let inEnglish = SupervisionViews.selfAssessmentFlags(PageContext(english), [summary]).render()
        #expect(thai.contains("ข้อ teaching.in-sync ได้ระดับ 3 แต่การครอบคลุมตารางออกอากาศมีเพียง 17% (ต่ำกว่า 50%)"))
        #expect(!thai.contains("was rated") && !thai.contains("timetableCoverage"))
        #expect(inEnglish.contains("teaching.in-sync was rated 3 while timetable coverage is 17 % (below 50 %)"))
        #expect(SupervisionViews.selfAssessmentFlags(context(), []).render().isEmpty)
    }

    @Test func aFlaggedRatingNamesTheItemInItsOwnWordsNotItsID() {
        let flag = Contradiction(
            visitID: 3, classID: 1, teacherID: 2, itemID: "during.in-sync", level: 3, measure: .timetableCoverage, value: 0.17,
            threshold: 0.5, itemText: LocalizedText(th: "นักเรียนเรียนพร้อมกับโรงเรียนต้นทาง", en: "Pupils learn with the origin school"))
        var english = HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/supervision", headers: ["Host": "t"]))
        english.storage[RequestLanguage.self] = .english
        let thai = SupervisionViews.contradiction(flag, context())
        #expect(thai == "ข้อ “นักเรียนเรียนพร้อมกับโรงเรียนต้นทาง” ได้ระดับ 3 แต่การครอบคลุมตารางออกอากาศมีเพียง 17% (ต่ำกว่า 50%)")
        #expect(SupervisionViews.contradiction(flag, PageContext(english)).hasPrefix("“Pupils learn with the origin school” was rated 3"))
    }

    @Test func pupilFacesAreClosedShapesWhoseMouthCurvesWithTheLevel() {
        let happy = Faces.svg(5).render()
        let sad = Faces.svg(1).render()
        #expect(happy.components(separatedBy: "</circle>").count - 1 == 3)
        #expect(happy.contains("Q 32 56 46 42") && sad.contains("Q 32 30 46 42"))
    }
}
