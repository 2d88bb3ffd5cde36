import Foundation
import KlaiRuntime
import KlaiStore
import Synchronization

/// Runs queued transcode jobs on dedicated threads, `concurrency` at a time (default 1 on 2 cores).
///
/// All state is in SQLite (`TranscodeQueue`), so killing the process loses nothing: `recover()` on the
/// next start requeues what was running and removes its temporary folders. Transcoding blocks, so it
/// runs on its own threads (`BlockingWork.thread`), never on Swift's cooperative pool.
///
/// A `Service`: `shutdown()` interrupts a running transcode (its worker stops and removes its temporary
/// folder), queues the job again without counting the attempt, and joins the worker threads.
public final class TranscodeRunner: Service {
    /// How the runner behaves.
    public struct Configuration: Sendable {
        /// Jobs transcoding at once.
        public var concurrency = 1
        public var backoff = TranscodeQueue.Backoff()
        /// How often idle workers look for due jobs (a `wake()` is immediate).
        public var pollInterval: TimeInterval = 5
        /// Least time between two progress writes of one job.
        public var progressInterval: TimeInterval = 1
        /// Below this free-space floor no job starts; queued jobs wait with the reason as their error.
        public var diskFloor: DiskFloor?
        public init(concurrency: Int = 1) { self.concurrency = max(1, concurrency) }
    }

    /// What start-up recovery did.
    public struct Recovery: Sendable {
        public var requeuedJobs: Int
        public var removedFolders: [String]
        /// Jobs whose source went to `Media/quarantine/` because every attempt ended in a crash.
        public var quarantinedJobs = 0
    }

    public let store: Store
    public let media: MediaLibrary
    public let pipeline: any MediaPipeline
    public let configuration: Configuration
    private let state = Mutex(RunnerState())
    private let signal = DispatchSemaphore(value: 0)
    /// Set by `stop()`/`shutdown()`: a running transcode stops now and its job is queued again.
    let stopRequested = Atomic<Bool>(false)

    public init(
        store: Store, media: MediaLibrary, pipeline: any MediaPipeline = KlaiMediaPipeline(),
        configuration: Configuration = Configuration()
    ) {
        self.store = store
        self.media = media
        self.pipeline = pipeline
        self.configuration = configuration
    }

    /// Crash recovery, run once on start-up before `start()`: jobs left `running` are queued again and
    /// every temporary transcode folder in `Media/hls/` is removed. A job whose interrupted attempt was
    /// its `crashLimit`-th is not queued again: its source goes to quarantine (the process died every
    /// time it was transcoded, which is what a file crashing an in-process decoder looks like).
    @discardableResult
    public func recover() throws -> Recovery {
        let (requeued, exhausted) = try store.writeSync { db in
            let running = TranscodeJob.State.running
            let count = try db.scalar("SELECT count(*) FROM transcode_job WHERE state = ?", [running], as: Int.self) ?? 0
            let exhausted: [Int64] = try db.fetchAll(
                """
                SELECT id FROM transcode_job WHERE state = ? AND NOT cancel_requested AND attempts >= ?
                """, [running, TranscodeQueue.crashLimit]
            ).map { try $0.get("id") }
            _ = try TranscodeQueue.requeueInterrupted(in: db)
            return (count, exhausted)
        }
        for job in exhausted {
            quarantine(jobID: job, because: "Klai stopped while transcoding this file \(TranscodeQueue.crashLimit) times")
        }
        let removed = pipeline.removeLeftovers(in: media.hls.path)
        return Recovery(requeuedJobs: requeued - exhausted.count, removedFolders: removed, quarantinedJobs: exhausted.count)
    }

    public var serviceName: String { "transcode jobs" }

    /// Starts the worker threads; they run until `shutdown()` (or `stop()`).
    public func start() {
        let count = state.withLock { state -> Int in
            guard !state.started else { return 0 }
            state.started = true
            state.stopping = false
            return configuration.concurrency
        }
        guard count > 0 else { return }
        stopRequested.store(false, ordering: .relaxed)
        let threads = (0..<count).map { index in
            BlockingWork.thread(named: "klai-transcode-runner-\(index + 1)") { [self] in workerLoop(untilIdle: false) }
        }
        state.withLock { $0.threads = threads }
    }

    /// Stops the workers and joins them (up to `timeout`): a running transcode is interrupted and its job
    /// queued again with the attempt not counted, so a stop never leaves a half-written tree or uses up a try.
    public func shutdown(timeout: Duration = .seconds(30)) async {
        for thread in requestStop() { await thread.join(timeout: timeout) }
        state.withLock { $0.started = false }
    }

    /// The protocol's `shutdown()`, with the default bound.
    public func shutdown() async { await shutdown(timeout: .seconds(30)) }

    /// `shutdown(timeout:)` for synchronous callers (tests, `klai jobs`), blocking the calling thread.
    public func stop(timeout: Duration = .seconds(30)) {
        for thread in requestStop() { thread.join(timeout: timeout) }
        state.withLock { $0.started = false }
    }

    /// Tells the workers to stop and wakes them. - Returns: the threads to join.
    private func requestStop() -> [JoinableThread] {
        stopRequested.store(true, ordering: .relaxed)
        let threads = state.withLock { state -> [JoinableThread] in
            state.stopping = true
            defer { state.threads = [] }
            return state.threads
        }
        for _ in 0..<configuration.concurrency { signal.signal() }
        return threads
    }

    /// Wakes idle workers (a job was queued).
    public func wake() {
        for _ in 0..<configuration.concurrency { signal.signal() }
    }

    /// Runs jobs on `concurrency` threads until no job is due, then returns (for `klai jobs run` and tests).
    /// - Returns: the number of jobs attempted.
    @discardableResult
    public func runUntilIdle() -> Int {
        // After a shutdown, running the queue again is a fresh start.
        let before = state.withLock { state -> Int in
            state.stopping = false
            return state.attempted
        }
        stopRequested.store(false, ordering: .relaxed)
        let threads = (0..<configuration.concurrency).map { index in
            BlockingWork.thread(named: "klai-transcode-\(index + 1)") { [self] in workerLoop(untilIdle: true) }
        }
        for thread in threads { thread.join(timeout: .seconds(Int64.max)) }
        return state.withLock { $0.attempted } - before
    }

    private func workerLoop(untilIdle: Bool) {
        state.withLock { $0.liveWorkers += 1 }
        defer { state.withLock { $0.liveWorkers -= 1 } }
        while !state.withLock({ $0.stopping }) {
            if let refusal = try? configuration.diskFloor?.status().refusal {
                waitForSpace(refusal)
                if untilIdle { return }
                _ = signal.wait(timeout: .now() + configuration.pollInterval)
                continue
            }
            let job: TranscodeJob?
            do {
                job = try store.writeSync { db in
                    try TranscodeQueue.claim(
                        tempFolder: { job, asset in
                            // Where `Transcoder` writes before its rename: `.NAME.partial-XXXX` beside the destination.
                            let path = MediaLibrary.hlsPath(asset: asset, version: job)
                            return "hls/." + path.dropFirst("hls/".count) + ".partial-*"
                        }, in: db)
                }
            } catch {
                job = nil
            }
            guard let job else {
                if untilIdle { return }
                _ = signal.wait(timeout: .now() + configuration.pollInterval)
                continue
            }
            state.withLock {
                $0.busyWorkers += 1
                $0.attempted += 1
            }
            run(job)
            state.withLock { $0.busyWorkers -= 1 }
        }
    }
}

extension TranscodeRunner {
    /// Tells every queued job why it is not starting (the admin sees it in `klai jobs` and the jobs page).
    func waitForSpace(_ refusal: String) {
        let reason = "waiting: " + refusal
        _ = try? store.writeSync { db in
            try db.execute(
                "UPDATE transcode_job SET last_error = ? WHERE state = ? AND last_error IS NOT ?",
                [reason, TranscodeJob.State.queued, reason])
        }
    }
}

private struct RunnerState: ~Copyable {
    var started = false
    var stopping = false
    var threads: [JoinableThread] = []
    var liveWorkers = 0
    var busyWorkers = 0
    var attempted = 0
}
