import Foundation
import KlaiStore

/// What a term's submitted visits say at one school: how many, which levels, the weakest items,
/// and the ratings the usage records contradict.
public struct VisitSummary: Sendable, Equatable, Codable {
    /// An item's mean level over the visits that rated it (not observed left out).
    public struct ItemMean: Sendable, Equatable, Codable {
        public var itemID: String
        public var ratings: Int
        public var mean: Double
    }

    public var visits = 0
    public var classesVisited = 0
    /// Ratings per level, as text keys ("3", "2", "1") for JSON; "not observed" counted apart.
    public var levels: [String: Int] = [:]
    public var notObserved = 0
    /// The five items with the lowest mean, lowest first.
    public var weakestItems: [ItemMean] = []
    public var contradictions: [Contradiction] = []
    /// Problems ticked on visits, by problem id.
    public var problems: [String: Int] = [:]

    /// Summarises the current version of every visit submitted at `schoolID` during the term, checking
    /// each rating that carries a record check against the class's stored usage.
    static func load(_ db: Database, schoolID: Int64, term: TermFacts) throws -> VisitSummary {
        var summary = VisitSummary()
        let ids: [Int64] = try db.fetchAll(
            """
            SELECT id FROM evaluation_visit v WHERE school_id = ? AND state = 'submitted' AND visit_date BETWEEN ? AND ?
                AND NOT EXISTS (SELECT 1 FROM evaluation_visit c WHERE c.corrects_id = v.id AND c.state = 'submitted')
            ORDER BY id
            """, [schoolID, term.startsOn, term.endsOn]
        ).map { try $0.get(0) }
        var classes = Set<Int64>()
        var sums: [String: (count: Int, total: Int)] = [:]
        // Each instrument's record checks by item id, built once: looking items up in the instrument for every
        // rating of every visit was a tenth of a school page's time.
        var checks: [Int64: [String: (check: Instrument.RecordCheck, text: LocalizedText)]] = [:]
        var usage: [Int64: ClassTermUsage?] = [:]
        for id in ids {
            let visit = try Visits.load(db, id: id)
            summary.visits += 1
            classes.insert(visit.classID)
            if checks[visit.instrumentID] == nil {
                let items = try InstrumentLibrary.instrument(db, id: visit.instrumentID).items
                checks[visit.instrumentID] = Dictionary(
                    items.compactMap { item in item.check.map { (item.id, (check: $0, text: item.text)) } },
                    uniquingKeysWith: { first, _ in first })
            }
            let itemChecks = checks[visit.instrumentID] ?? [:]
            if usage[visit.classID] == nil {
                usage[visit.classID] = .some(try UsageEvidence.stored(db, classID: visit.classID, termID: term.id))
            }
            for problem in visit.content.problems { summary.problems[problem, default: 0] += 1 }
            for (itemID, rating) in visit.content.ratings {
                guard let level = rating.level else {
                    summary.notObserved += 1
                    continue
                }
                summary.levels[String(level), default: 0] += 1
                sums[itemID, default: (0, 0)].count += 1
                sums[itemID, default: (0, 0)].total += level
                if let (check, text) = itemChecks[itemID], level >= check.level,
                    let value = (usage[visit.classID] ?? nil)?.value(of: check.measure), value < check.below
                {
                    summary.contradictions.append(
                        Contradiction(
                            visitID: visit.id, classID: visit.classID, teacherID: visit.teacherID, itemID: itemID, level: level,
                            measure: check.measure, value: value, threshold: check.below, itemText: text))
                }
            }
        }
        summary.classesVisited = classes.count
        summary.weakestItems = sums.map {
            ItemMean(itemID: $0.key, ratings: $0.value.count, mean: Double($0.value.total) / Double($0.value.count))
        }
        .sorted { ($0.mean, $0.itemID) < ($1.mean, $1.itemID) }.prefix(5).map { $0 }
        summary.contradictions.sort { ($0.visitID, $0.itemID) < ($1.visitID, $1.itemID) }
        return summary
    }
}
