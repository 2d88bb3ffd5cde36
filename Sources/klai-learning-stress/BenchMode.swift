import Foundation
import KlaiLearning
import KlaiStore
import Synchronization

/// `klai-learning-stress bench`: the events benchmark (run by Benchmarks/events.sh).
///
/// 1. 1×: every pupil of `classes × pupils` sends a batch of `batch` events every 10 s (open loop).
/// 2. 10×: the same, ten times as often.
/// 3. target: batches offered at the target rate (20,000 events/s), open loop: does it keep up, at what p99?
/// 4. sustained: as fast as `concurrency` posters can go (group commit), for the events/s ceiling.
/// 5. naive: the same ingest code, one event per transaction, one after another.
/// 6. a term of `stored` events bulk-written, then the supervisor's school term summary timed.
enum BenchMode {
    struct Options {
        var folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-events-bench").path
        var classes = 40
        var pupils = 30
        var batch = 10
        var seconds = 15.0
        var concurrency = 64
        var stored = 10_000_000
        var targetRate = 20_000.0
    }

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var index = 0
        while index + 1 < arguments.count {
            let value = arguments[index + 1]
            switch arguments[index] {
            case "--data": options.folder = value
            case "--classes": options.classes = Int(value) ?? options.classes
            case "--pupils": options.pupils = Int(value) ?? options.pupils
            case "--batch": options.batch = Int(value) ?? options.batch
            case "--seconds": options.seconds = Double(value) ?? options.seconds
            case "--concurrency": options.concurrency = Int(value) ?? options.concurrency
            case "--stored": options.stored = Int(value) ?? options.stored
            case "--target-rate": options.targetRate = Double(value) ?? options.targetRate
            default: break
            }
            index += 2
        }
        return options
    }

    static func run(_ arguments: [String]) throws {
        let options = parse(arguments)
        try? FileManager.default.removeItem(atPath: options.folder)
        try FileManager.default.createDirectory(atPath: options.folder, withIntermediateDirectories: true)
        let path = options.folder + "/bench.sqlite"
        let store = try Store(configuration: Store.Configuration(path: path), migrator: SimulatedSchool.migrator)
        let school = try SimulatedSchool.setUp(store, classes: options.classes, pupilsPerClass: options.pupils)
        let ingest = PlaybackIngest(store: store)
        let pupils = school.students.count
        print(
            "events benchmark: \(options.classes) classes × \(options.pupils) pupils = \(pupils), \(options.batch) events a batch, "
                + "\(Int(options.seconds)) s a phase, SQLite \(Database.sqliteVersion), synchronous=FULL, \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )
        let players = PlayerPool(count: pupils, clock: Date().timeIntervalSince1970 - 86_400)

        let normal = try openLoop(ingest, school, players, batchesPerSecond: Double(pupils) / 10, options)
        report("1× (a batch every 10 s per pupil)", normal)
        let tenfold = try openLoop(ingest, school, players, batchesPerSecond: Double(pupils), options)
        report("10× (a batch every 1 s per pupil)", tenfold)
        let target = try openLoop(ingest, school, players, batchesPerSecond: options.targetRate / Double(options.batch), options)
        report("target rate (\(Int(options.targetRate)) events/s offered)", target)
        let sustained = try closedLoop(ingest, school, players, options)
        report("sustained (\(options.concurrency) concurrent posters)", sustained)
        let naive = try naiveLoop(ingest, school, players, options)
        report("naive (one transaction per event)", naive)
        print(
            String(
                format: "group commit vs naive: %.1f× the events per second (%.0f vs %.0f)",
                sustained.eventsPerSecond / naive.eventsPerSecond, sustained.eventsPerSecond, naive.eventsPerSecond))
        let problems = try store.readSync { db in try PlaybackRecomputation.differences(db) }
        print("summaries equal a recomputation from the stored events: \(problems.isEmpty ? "yes" : "NO: \(problems.prefix(3))")")
        try TermSummaryBench.run(store: store, school: school, storedEvents: options.stored)
    }

    struct PhaseResult {
        var events = 0
        var batches = 0
        var elapsed = 0.0
        var latencies: [Double] = []
        var eventsPerSecond: Double { Double(events) / elapsed }
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            let sorted = latencies.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
    }

    static func report(_ name: String, _ r: PhaseResult) {
        print(
            String(
                format: "%-42@ %9.0f events/s  %7d batches  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms",
                name as NSString, r.eventsPerSecond, r.batches, r.percentile(0.5) * 1000, r.percentile(0.99) * 1000,
                (r.latencies.max() ?? 0) * 1000))
        fflush(nil)
    }

    /// Batches arrive on a fixed schedule whatever the server does; latency is from send to acknowledgement.
    static func openLoop(
        _ ingest: PlaybackIngest, _ school: SimulatedSchool, _ players: PlayerPool, batchesPerSecond: Double,
        _ options: Options
    ) throws -> PhaseResult {
        let total = Int(batchesPerSecond * options.seconds)
        let collector = Collector()
        let start = DispatchTime.now().uptimeNanoseconds
        let group = DispatchGroup()
        for index in 0..<total {
            let due = start + UInt64(Double(index) / batchesPerSecond * 1e9)
            let now = DispatchTime.now().uptimeNanoseconds
            if due > now { usleep(UInt32((due - now) / 1000)) }
            let pupil = index % school.students.count
            let events = players.batch(pupil, count: options.batch)
            let principal = school.students[pupil]
            group.enter()
            Task {
                let sent = DispatchTime.now().uptimeNanoseconds
                let result = try? await ingest.ingest(EventBatch(events: events), from: principal)
                collector.add(events: result?.accepted ?? 0, latency: Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e9)
                group.leave()
            }
        }
        group.wait()
        return collector.result(elapsed: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// `concurrency` posters each send their next batch as soon as the previous one is acknowledged.
    static func closedLoop(_ ingest: PlaybackIngest, _ school: SimulatedSchool, _ players: PlayerPool, _ options: Options) throws -> PhaseResult {
        let collector = Collector()
        let start = DispatchTime.now().uptimeNanoseconds
        let end = start + UInt64(options.seconds * 1e9)
        let group = DispatchGroup()
        for worker in 0..<options.concurrency {
            group.enter()
            Task {
                var pupil = worker % school.students.count
                while DispatchTime.now().uptimeNanoseconds < end {
                    let events = players.batch(pupil, count: options.batch)
                    let sent = DispatchTime.now().uptimeNanoseconds
                    let result = try? await ingest.ingest(EventBatch(events: events), from: school.students[pupil])
                    collector.add(events: result?.accepted ?? 0, latency: Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e9)
                    pupil = (pupil + options.concurrency) % school.students.count
                }
                group.leave()
            }
        }
        group.wait()
        return collector.result(elapsed: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// The same events through the same code, but each event alone in its own transaction, sequentially.
    static func naiveLoop(_ ingest: PlaybackIngest, _ school: SimulatedSchool, _ players: PlayerPool, _ options: Options) throws -> PhaseResult {
        let collector = Collector()
        let start = DispatchTime.now().uptimeNanoseconds
        let end = start + UInt64(options.seconds * 1e9)
        var pupil = 0
        while DispatchTime.now().uptimeNanoseconds < end {
            for event in players.batch(pupil, count: options.batch) {
                let sent = DispatchTime.now().uptimeNanoseconds
                let result = try ingest.ingestSync(EventBatch(events: [event]), from: school.students[pupil])
                collector.add(events: result.accepted, latency: Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e9)
            }
            pupil = (pupil + 1) % school.students.count
        }
        return collector.result(elapsed: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}

/// Each pupil's simulated player, behind a lock so posters on different threads can take batches.
final class PlayerPool: Sendable {
    private let players: Mutex<[SimulatedPlayer]>

    init(count: Int, clock: Double) {
        players = Mutex((0..<count).map { SimulatedPlayer(seed: UInt64($0) &* 2_654_435_761 &+ 17, startClock: clock) })
    }

    func batch(_ pupil: Int, count: Int) -> [PlaybackEvent] {
        players.withLock { $0[pupil].batch(count: count) }
    }
}

/// Latencies and counts from many tasks.
final class Collector: Sendable {
    private let state = Mutex(BenchMode.PhaseResult())

    func add(events: Int, latency: Double) {
        state.withLock {
            $0.events += events
            $0.batches += 1
            $0.latencies.append(latency)
        }
    }

    func result(elapsed: Double) -> BenchMode.PhaseResult {
        state.withLock {
            var result = $0
            result.elapsed = elapsed
            return result
        }
    }
}
