import Foundation
import KlaiMedia

#if canImport(Glibc)
    import Glibc
#endif

/// The media pipeline `klai serve` uses: every probe and transcode runs in a `klai worker` child process.
///
/// A file from the inbox, a USB stick or an upload is untrusted: a decoder bug it triggers (a crash, a
/// runaway loop, memory exhaustion) must cost one job, never the server. The child caps itself
/// (`MediaWorker.Limits`) and runs at nice 10; the parent reads its `WorkerMessage` lines and turns a
/// death without a result into a `PipelineFailure` with `crashed` set, which the runner counts.
/// `klai probe` and `klai transcode`, run by a person on their own file, stay in-process.
public struct WorkerPipeline: MediaPipeline {
    /// The `klai` executable to re-execute.
    public var executable: URL
    /// Ladder, preset, copy and poster settings passed to the worker (callbacks and cuts are per call).
    public var options: TranscodeOptions
    public var limits = MediaWorker.Limits()
    /// Added to the worker's environment (tests set `KLAI_WORKER_TEST_CRASH=1` here).
    public var environment: [String: String] = [:]

    public init(executable: URL = WorkerPipeline.currentExecutable, options: TranscodeOptions = TranscodeOptions()) {
        self.executable = executable
        self.options = options
    }

    /// This process's own executable, from /proc/self/exe (proc(5)), so the worker is the same build.
    public static var currentExecutable: URL {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? "klai"
        return URL(fileURLWithPath: path)
    }

    public func probe(_ path: String) throws -> ProbedMedia {
        var limits = self.limits
        limits.cpuSeconds = min(limits.cpuSeconds, 120)
        limits.fileSizeBytes = 1 << 20
        let result = try run(["probe", path], limits: limits, onMessage: { _ in true })
        guard let probed = result.messages.last(where: { $0.kind == .probed }) else {
            throw failure(from: result, doing: "probing \((path as NSString).lastPathComponent)")
        }
        return ProbedMedia(duration: probed.duration, hasVideo: probed.hasVideo ?? false, hasAudio: probed.hasAudio ?? false)
    }

    public func transcode(
        input: String, destination: String, start: Double?, end: Double?,
        progress: @escaping @Sendable (Double) -> Void,
        isCancelled: @escaping @Sendable () -> Bool
    ) throws -> TranscodeOutcome {
        var arguments = [
            "transcode", input, destination,
            "--ladder", options.ladder.rungs.map { "\($0.height):\(max(1, $0.bitRate / 1000))" }.joined(separator: ","),
            "--preset", options.preset, "--copy", options.allowCopy ? "yes" : "no",
            "--poster", options.poster ? "yes" : "no"
        ]
        if let start { arguments += ["--start", "\(start)"] }
        if let end { arguments += ["--end", "\(end)"] }
        var limits = self.limits
        if let start, let end, end > start, (end - start) < 7 * 86_400 {
            // A generous budget: 30 CPU seconds per second of media plus ten minutes; only a runaway hits it.
            limits.cpuSeconds = min(limits.cpuSeconds, UInt64((end - start) * 30) + 600)
        }
        let result = try run(arguments, limits: limits, isCancelled: isCancelled) { message in
            if message.kind == .progress, let percent = message.percent, percent.isFinite { progress(percent) }
            return !isCancelled()
        }
        if let done = result.messages.last(where: { $0.kind == .done }) {
            return TranscodeOutcome(duration: done.duration ?? 0, renditions: done.renditions ?? [])
        }
        throw failure(from: result, doing: "transcoding \((input as NSString).lastPathComponent)")
    }

    public func removeLeftovers(in folder: String) -> [String] {
        Transcoder.removeLeftovers(in: folder)
    }

    /// What a worker said and how it ended.
    struct Run {
        var messages: [WorkerMessage]
        var status: Int32
        var signal: Int32?
    }

    /// The failure a run ends with: the worker's own sentence, or a crash described for the admin.
    func failure(from run: Run, doing what: String) -> PipelineFailure {
        if let failed = run.messages.last(where: { $0.kind == .failed }) {
            return PipelineFailure(
                sentence: failed.sentence ?? "the media worker failed while \(what)",
                isRetryable: failed.retryable ?? true, wasCancelled: failed.cancelled ?? false)
        }
        let how = run.signal.map { "was killed by signal \($0) (\(Self.signalName($0)))" } ?? "exited with status \(run.status)"
        var failure = PipelineFailure(sentence: "the media worker \(how) while \(what)", isRetryable: true, wasCancelled: false)
        failure.crashed = true
        return failure
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGABRT: "SIGABRT, the decoder aborted"
        case SIGSEGV: "SIGSEGV, the decoder crashed"
        case SIGKILL: "SIGKILL, out of memory or killed"
        case SIGXCPU: "SIGXCPU, over its CPU time limit"
        case SIGXFSZ: "SIGXFSZ, over its file size limit"
        default: "signal \(signal)"
        }
    }
}
