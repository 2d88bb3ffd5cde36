import Foundation
import KlaiMedia
import KlaiRuntime
import KlaiStore
import Synchronization

/// The live service under `klai serve`: one `LiveRelay` per configured channel (served on the LAN
/// from `Media/live/<channel>/`), and for channels that record, a recording of each timetable period
/// cut from the relay's packets into the catalog as a DLTV recording of that channel, date and period.
///
/// A `Service` like the job runner: `recover()` once at start-up, `start()`, `shutdown()`. A period's row
/// in `live_recording` is committed before its recording starts, so after a crash `recover()` finds
/// it, keeps what was written (marked incomplete with its missing seconds), and the scheduler moves
/// on to the next period: a period is never recorded twice.
public final class LiveRecorder: Service {
    /// How the recorder behaves.
    public struct Configuration: Sendable {
        public var relay = LiveRelay.Configuration()
        /// Seconds before a period's (pre-rolled) start at which its recording is scheduled.
        public var lookAhead: Double = 30
        /// How often the configuration and the timetable are looked at again.
        public var pollInterval: Double = 1
        /// Missing seconds up to which a recording still counts as complete (keyframe cuts land up to
        /// a GOP from the cut points at either end).
        public var completeTolerance: Double = 5
        public init() {}
    }

    public let store: Store
    public let media: MediaLibrary
    public let configuration: Configuration
    let periods: LivePeriod.Source
    let state = Mutex(RecorderState())
    /// Signalled by `stop()` to end the wait between passes at once.
    private let wake = DispatchSemaphore(value: 0)

    struct RecorderState {
        var started = false
        var stopping = false
        var thread: JoinableThread?
        var relays: [String: (source: String, relay: LiveRelay)] = [:]
        var scheduled: Set<String> = []
        /// Finished recordings being hashed and put in the catalog, off their relays' threads.
        var keeping: [JoinableThread] = []
    }

    public init(
        store: Store, media: MediaLibrary, configuration: Configuration = Configuration(),
        periods: @escaping LivePeriod.Source = LivePeriod.timetable
    ) {
        self.store = store
        self.media = media
        self.configuration = configuration
        self.periods = periods
    }

    /// The live tree of `channel`: `index.m3u8`, `init<n>.mp4`, `seg<n>.m4s`, `status.json`.
    public func liveFolder(_ channel: String) -> URL { media.root.appendingPathComponent("live/\(channel)", isDirectory: true) }

    /// Where a period's recording is written until it is kept as a source in `Media/sources/`.
    func recordingPath(_ period: LivePeriod) -> String {
        media.root.appendingPathComponent("recording/\(period.channel)-\(period.date)-p\(period.period).mp4").path
    }

    public var serviceName: String { "live recorder" }

    /// Starts the scheduler thread (which starts and stops relays as channels are configured).
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let thread = BlockingWork.thread(named: "klai-live-recorder") { [self] in
            while !state.withLock({ $0.stopping }) {
                pass(now: Date())
                _ = wake.wait(timeout: .now() + configuration.pollInterval)
            }
        }
        state.withLock { $0.thread = thread }
    }

    /// Stops scheduling, joins the scheduler, then shuts every relay down (open recordings are finished
    /// and kept), waiting up to `timeout` for each.
    public func shutdown(timeout: Duration) async {
        if let thread = requestStop() { await thread.join(timeout: timeout) }
        for relay in takeRelays() { await relay.shutdown(timeout: timeout) }
        for thread in takeKeeping() { await thread.join(timeout: timeout) }
    }

    public func shutdown() async { await shutdown(timeout: .seconds(15)) }

    /// `shutdown()` for synchronous callers.
    public func stop(timeout: Duration = .seconds(15)) {
        if let thread = requestStop() { thread.join(timeout: timeout) }
        for relay in takeRelays() { relay.stop(timeout: timeout) }
        for thread in takeKeeping() { thread.join(timeout: timeout) }
    }

    private func requestStop() -> JoinableThread? {
        let thread = state.withLock { state -> JoinableThread? in
            state.stopping = true
            return state.thread
        }
        wake.signal()
        return thread
    }

    /// The recordings still being kept, once the relays (which report the last ones as they stop) are stopped.
    private func takeKeeping() -> [JoinableThread] {
        state.withLock { state in
            defer { state.keeping = [] }
            return state.keeping
        }
    }

    /// Keeps a finished recording on a thread of its own: hashing a 50-minute period takes about a second and the
    /// catalog write may wait for the database, and on the relay's thread (where `onRecording` is called) that
    /// time would hold back the channel's live segments. `shutdown()` joins these threads after the relays.
    func keepOffRelay(_ result: LiveRecordingResult) {
        let thread = BlockingWork.thread(named: "klai-live-keep") { [self] in finish(result) }
        state.withLock { state in
            state.keeping.removeAll { $0.isFinished }
            state.keeping.append(thread)
        }
    }

    private func takeRelays() -> [LiveRelay] {
        state.withLock { state in
            defer { state.relays = [:] }
            return state.relays.values.map(\.relay)
        }
    }

    /// The status of each running relay, by channel.
    public var relayStatus: [String: LiveRelayStatus] {
        state.withLock { $0.relays.mapValues { $0.relay.status } }
    }

    /// One look at the configuration and the timetable: relays started or stopped, periods scheduled.
    func pass(now: Date) {
        guard let channels = try? store.readSync({ db in try LiveChannel.all(in: db) }) else { return }
        reconcileRelays(channels)
        for channel in channels where channel.records {
            guard let relay = state.withLock({ $0.relays[channel.channel]?.relay }) else { continue }
            schedulePeriods(of: channel, on: relay, now: now)
        }
    }

    private func reconcileRelays(_ channels: [LiveChannel]) {
        let wanted = Dictionary(channels.map { ($0.channel, $0.sourceURL) }, uniquingKeysWith: { first, _ in first })
        let (stale, missing) = state.withLock { state -> ([LiveRelay], [String]) in
            let stale = state.relays.filter { wanted[$0.key] != $0.value.source }
            for key in stale.keys { state.relays[key] = nil }
            return (stale.values.map(\.relay), wanted.keys.filter { state.relays[$0] == nil })
        }
        for relay in stale { relay.stop() }
        for channel in missing {
            guard let url = wanted[channel], let source = try? LiveSource(url: url) else { continue }
            let relay = LiveRelay(source: source, folder: liveFolder(channel).path, configuration: configuration.relay)
            relay.onRecording { [self] result in keepOffRelay(result) }
            state.withLock { $0.relays[channel] = (url, relay) }
            relay.start()
        }
    }

    private func schedulePeriods(of channel: LiveChannel, on relay: LiveRelay, now: Date) {
        let today = LocalDate(now)
        let due: [LivePeriod] =
            (try? store.readSync { db in
                try periods(channel.channel, today, db)
            }) ?? []
        for period in due {
            let start = period.start.addingTimeInterval(-Double(channel.preRoll))
            let end = period.end.addingTimeInterval(Double(channel.postRoll))
            guard start <= now.addingTimeInterval(configuration.lookAhead), end > now else { continue }
            let key = period.stableKey
            guard !state.withLock({ $0.scheduled.contains(key) }) else { continue }
            state.withLock { _ = $0.scheduled.insert(key) }
            let path = recordingPath(period)
            let claimed =
                (try? store.writeSync { db in
                    try LiveRecorder.claim(period, file: path, start: start, end: end, in: db)
                }) ?? false
            // A row already there means this period was recorded (or started) before: never twice.
            guard claimed else { continue }
            relay.schedule(LiveCut(id: key, path: path, start: start, end: end))
        }
    }
}
