import Dispatch
import Glibc
import KlaiRuntime
import Synchronization
import Testing

/// What the services did, in order.
private final class Journal: Sendable {
    private let lines = Mutex<[String]>([])
    func note(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A service that notes when it starts, begins and ends its shutdown (which takes a while, on its own thread).
private final class NotingService: Service {
    let serviceName: String
    let journal: Journal
    let failsToStart: Bool
    private let worker = Mutex<JoinableThread?>(nil)
    private let stopping = Atomic<Bool>(false)

    init(_ name: String, journal: Journal, failsToStart: Bool = false) {
        serviceName = name
        self.journal = journal
        self.failsToStart = failsToStart
    }

    func start() throws {
        struct CannotStart: Error {}
        if failsToStart { throw CannotStart() }
        journal.note("start \(serviceName)")
        let thread = BlockingWork.thread(named: "klai-test-\(serviceName)") { [self] in
            while !stopping.load(ordering: .relaxed) { usleep(1000) }
            usleep(30_000)  // winding down takes a moment: the next service must wait for it
        }
        worker.withLock { $0 = thread }
    }

    func shutdown() async {
        journal.note("stopping \(serviceName)")
        stopping.store(true, ordering: .relaxed)
        if let thread = worker.withLock({ $0 }) { await thread.join(timeout: .seconds(10)) }
        journal.note("joined \(serviceName)")
    }
}

@Suite struct ServiceGroupTests {
    @Test func servicesStartInOrderAndShutDownInReverseEachJoinedBeforeTheNextStops() async throws {
        let journal = Journal()
        let group = ServiceGroup(["jobs", "inbox", "http"].map { NotingService($0, journal: journal) })
        try await group.start()
        await group.shutdown()
        #expect(
            journal.all == [
                "start jobs", "start inbox", "start http",
                "stopping http", "joined http", "stopping inbox", "joined inbox", "stopping jobs", "joined jobs"
            ])
        await group.shutdown()  // a second SIGTERM changes nothing
        #expect(journal.all.count == 9)
    }

    @Test func aServiceThatCannotStartStopsTheOnesStartedBeforeItAndSaysWhy() async {
        let journal = Journal()
        let group = ServiceGroup([
            NotingService("jobs", journal: journal), NotingService("http", journal: journal, failsToStart: true),
            NotingService("never", journal: journal)
        ])
        await #expect(throws: (any Error).self) { try await group.start() }
        #expect(journal.all == ["start jobs", "stopping jobs", "joined jobs"])
    }
}
