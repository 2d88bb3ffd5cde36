import Foundation
import KlaiLearning
import KlaiStore

/// `klai-learning-stress check DB`: prints what differs between summaries and events (nothing when equal).
enum CheckMode {
    static func run(path: String) throws -> Int32 {
        let store = try Store(configuration: Store.Configuration(path: path), migrator: SimulatedSchool.migrator)
        let problems = try store.readSync { db in try PlaybackRecomputation.differences(db) }
        for problem in problems.prefix(20) { print(problem) }
        let events = try store.readSync { db in try db.scalar("SELECT count(*) FROM learning_event", as: Int.self) ?? 0 }
        print("\(events) events, \(problems.count) differences")
        return problems.isEmpty ? 0 : 1
    }
}
