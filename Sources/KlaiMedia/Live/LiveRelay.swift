import CFFmpeg
import Foundation
import KlaiRuntime
import Synchronization

/// Pulls one live channel from its upstream once and publishes it as local live HLS for any number
/// of players on the LAN (`<folder>/index.m3u8`, fMP4 segments, a sliding window).
///
/// The relay runs on its own thread (blocking libavformat reads never touch Swift's cooperative
/// pool, STYLE.md §8). H.264/AAC sources are copied packet by packet, so relaying costs a few
/// percent of a core; other codecs (DVB's MPEG-2 video, MP2 or AC-3 sound) are encoded in-process by
/// `LiveTranscoder`, one 540p rung and AAC, and `status.transcoding` says so. When the upstream drops
/// or stalls the relay reconnects with exponential back-off and the next segment carries an
/// EXT-X-DISCONTINUITY, so a player skips over the gap instead of stopping. Recordings of the
/// stream (`LiveRecorder`) are cut from the same packets, so recording costs no second connection.
/// A `Service`: `shutdown()` interrupts the read in progress and joins the relay's thread.
public final class LiveRelay: Service {
    /// How the relay behaves.
    public struct Configuration: Sendable {
        /// Target segment length in seconds (segments start on keyframes, so they may run longer).
        public var segmentDuration: Double = 4
        /// Segments listed in the live playlist.
        public var windowSize = 6
        /// Seconds without data after which the upstream counts as dropped.
        public var stallTimeout: Double = 10
        /// First and longest wait between reconnection attempts, in seconds.
        public var firstRetryDelay: Double = 1
        public var longestRetryDelay: Double = 30
        public init() {}
    }

    public let source: LiveSource
    public let folder: String
    public let configuration: Configuration
    let signal = LiveStopSignal()
    private let state = Mutex(RelayState())
    private let thread = Mutex<JoinableThread?>(nil)

    struct RelayState {
        var status = LiveRelayStatus()
        var started = false
        var pendingCuts: [LiveCut] = []
        var cancelledCuts: Set<String> = []
        var onRecording: (@Sendable (LiveRecordingResult) -> Void)?
    }

    /// A relay of `source` into `folder` (created if missing; an earlier run's tree there is replaced).
    public init(source: LiveSource, folder: String, configuration: Configuration = Configuration()) {
        self.source = source
        self.folder = folder
        self.configuration = configuration
    }

    /// The relay's current state.
    public var status: LiveRelayStatus { state.withLock { $0.status } }

    public var serviceName: String { "live relay " + URL(fileURLWithPath: folder).lastPathComponent }

    /// Starts the relay's thread; it runs until `shutdown()` (or `stop()`).
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let worker = BlockingWork.thread(named: "klai-live-relay") { [self] in
            nameCurrentThread("klai-live-relay")
            run()
        }
        thread.withLock { $0 = worker }
    }

    /// Stops the relay, interrupting any read in progress, and joins its thread (waiting up to `timeout`).
    public func shutdown(timeout: Duration) async {
        signal.stop()
        guard let worker = thread.withLock({ $0 }) else { return }
        await worker.join(timeout: timeout)
        update { $0.state = .stopped }
    }

    public func shutdown() async { await shutdown(timeout: .seconds(10)) }

    /// `shutdown()` for synchronous callers.
    public func stop(timeout: Duration = .seconds(10)) {
        signal.stop()
        guard let worker = thread.withLock({ $0 }) else { return }
        worker.join(timeout: timeout)
        update { $0.state = .stopped }
    }

    /// Records the stream between the cut's start and end (wall-clock times) into its file, cutting on
    /// keyframes; `onRecording` hears when it is finished.
    public func schedule(_ cut: LiveCut) {
        state.withLock { $0.pendingCuts.append(cut) }
    }

    /// Calls `handler` (on the relay's thread) each time a scheduled recording is finished.
    public func onRecording(_ handler: @escaping @Sendable (LiveRecordingResult) -> Void) {
        state.withLock { $0.onRecording = handler }
    }

    /// Cuts scheduled since the last call, for the relay's thread.
    func takePendingCuts() -> [LiveCut] {
        state.withLock { state in
            defer { state.pendingCuts = [] }
            return state.pendingCuts
        }
    }

    func report(_ result: LiveRecordingResult) {
        let handler = state.withLock { $0.onRecording }
        handler?(result)
    }

    /// Changes the status; `persist` also rewrites `status.json` (not done for every packet).
    func update(persist: Bool = true, _ change: (inout LiveRelayStatus) -> Void) {
        let snapshot = state.withLock { state -> LiveRelayStatus in
            let before = state.status.state
            change(&state.status)
            if state.status.state != before { state.status.since = Date() }
            return state.status
        }
        if persist, let data = try? JSONEncoder.live.encode(snapshot) {
            let path = folder + "/status.json"
            if FileManager.default.createFile(atPath: path + ".tmp", contents: data) { rename(path + ".tmp", path) }
        }
    }

    /// Reads the `status.json` a relay (perhaps in another process) keeps in `folder`.
    public static func savedStatus(in folder: String) -> LiveRelayStatus? {
        guard let data = FileManager.default.contents(atPath: folder + "/status.json") else { return nil }
        return try? JSONDecoder.live.decode(LiveRelayStatus.self, from: data)
    }
}

extension JSONEncoder {
    static var live: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

extension JSONDecoder {
    static var live: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
