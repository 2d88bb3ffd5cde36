import Dispatch
import Foundation
import KlaiLearning
import KlaiStore

/// `klai-learning-stress post DB`: posts batches from many pupils at once until killed, printing
/// `ack <event-id> …` for each batch only after `ingest` returned (after commit). The parent test
/// SIGKILLs it at random and checks that every acknowledged event is stored exactly once.
enum CrashMode {
    static func run(path: String, seed: UInt64) throws -> Never {
        let store = try Store(configuration: Store.Configuration(path: path), migrator: SimulatedSchool.migrator)
        let school = try SimulatedSchool.setUp(store, classes: 2, pupilsPerClass: 10)
        let ingest = PlaybackIngest(store: store)
        let output = DispatchQueue(label: "stress.output")
        print("ready")
        fflush(nil)
        let now = Date().timeIntervalSince1970
        for worker in 0..<8 {
            Thread.detachNewThread {
                var generator = SimulatedPlayer(seed: seed &+ UInt64(worker) &* 7919, startClock: now - 3600)
                var players = (0..<school.students.count).map {
                    SimulatedPlayer(seed: seed &+ UInt64(worker * 1000 + $0) &* 104_729, startClock: now - 3600)
                }
                var previous: [PlaybackEvent] = []
                while true {
                    let index = generator.next(school.students.count)
                    var events = players[index].batch(count: 1 + generator.next(12))
                    let roll = generator.next(10)
                    if roll == 0 && !previous.isEmpty {
                        events = previous + events  // a retry after a lost answer: duplicates
                    } else if roll == 1 {
                        events.reverse()  // out of order within the batch
                    }
                    do {
                        let result = try ingest.ingestSync(EventBatch(events: events), from: school.students[index])
                        let rejected = Set(result.rejected.map(\.eventID))
                        let line = "ack " + events.filter { !rejected.contains($0.eventID) }.map(\.eventID.uuidString).joined(separator: " ")
                        output.sync {
                            print(line)
                            fflush(nil)
                        }
                        previous = Array(events.suffix(3))
                    } catch {
                        output.sync { FileHandle.standardError.write(Data("ingest failed: \(error)\n".utf8)) }
                    }
                }
            }
        }
        while true { sleep(60) }
    }
}
