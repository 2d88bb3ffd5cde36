import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiStore

/// `klai evaluation refresh`: recomputes every class's usage evidence for the running term.
///
/// Event ingest keeps these figures current one batch at a time; this is for rows that arrived another
/// way (a restored backup, a bulk import, the district benchmark's generator). One school per
/// transaction, so a running server's writers wait for one school at most.
enum EvaluationRefreshCommand: Command {
    static let spec = CommandSpec(
        name: ["evaluation", "refresh"], summary: "Recompute every class's usage evidence for the running term.",
        discussion: "Reads the class screenings (and the events of screenings not read before) of every school.",
        options: LibraryLocation.options)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "evaluation refresh") else { return 1 }
        let today = LocalDate(Date())
        guard let term = try store.readSync({ db in try Timetable.term(containing: today, in: db) }) else {
            print("no school term contains today (\(today)); nothing to refresh")
            return 1
        }
        let started = Date()
        let schools = try store.readSync { db in
            try db.fetchAll("SELECT id FROM learning_school ORDER BY id").map { try $0.get(0, as: Int64.self) }
        }
        for school in schools {
            try store.writeSync { db in try UsageEvidence.refresh(db, schoolID: school, termID: term.id, asOf: today) }
        }
        print(
            "usage evidence of \(schools.count) schools refreshed for term \(term.thaiName) up to \(today) "
                + "in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        return 0
    }
}
