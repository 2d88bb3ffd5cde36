import Foundation
import KlaiMedia
import KlaiRuntime
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The child side of media isolation: `klai worker probe FILE` and `klai worker transcode INPUT DEST …`.
///
/// The server never decodes a file that came from outside in its own process: it re-executes `klai` as
/// a worker (`WorkerPipeline`). The worker first lowers its CPU priority (nice 10, so serving wins the
/// CPU) and caps itself with setrlimit(2) — address space, CPU seconds, file size, no core dumps — and
/// only then opens the file. It reports on standard output as `WorkerMessage` lines; when its standard
/// input closes (the server cancelled the job, or died) it stops cleanly and removes its temporary folder.
///
/// For tests only: `KLAI_WORKER_TEST_CRASH=1` in the worker's environment makes it abort(3) before it
/// touches the file, which is how the tests show that a crashing decoder is counted and quarantined.
public enum MediaWorker {
    /// Caps the worker puts on itself before reading untrusted bytes.
    public struct Limits: Sendable, Equatable {
        public var addressSpaceBytes: UInt64 = 4 << 30
        public var cpuSeconds: UInt64 = 3600
        public var fileSizeBytes: UInt64 = 8 << 30
        public var niceness: Int32 = 10
        public init() {}
    }

    /// Runs a worker command (the words after `klai worker`). - Returns: the exit status.
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        var words = arguments
        var limits = Limits()
        var options = TranscodeOptions()
        var start: Double?
        var end: Double?
        var positionals: [String] = []
        while !words.isEmpty {
            let word = words.removeFirst()
            guard word.hasPrefix("--") else { positionals.append(word); continue }
            guard let value = words.first else { return usage("\(word) needs a value") }
            words.removeFirst()
            switch word {
            case "--address-space": guard let v = UInt64(value) else { return usage(word) }; limits.addressSpaceBytes = v
            case "--cpu-seconds": guard let v = UInt64(value) else { return usage(word) }; limits.cpuSeconds = v
            case "--file-size": guard let v = UInt64(value) else { return usage(word) }; limits.fileSizeBytes = v
            case "--start": guard let v = Double(value), v.isFinite, v >= 0 else { return usage(word) }; start = v
            case "--end": guard let v = Double(value), v.isFinite, v >= 0 else { return usage(word) }; end = v
            case "--ladder": guard let v = Ladder(parsing: value) else { return usage(word) }; options.ladder = v
            case "--preset": options.preset = value
            case "--copy": options.allowCopy = value == "yes"
            case "--poster": options.poster = value == "yes"
            default: return usage("unknown option \(word)")
            }
        }
        apply(limits)
        if environment["KLAI_WORKER_TEST_CRASH"] == "1" { abort() }
        let pipeline = KlaiMediaPipeline(options: options)
        switch positionals.first {
        case "probe" where positionals.count == 2:
            return probe(positionals[1], pipeline: pipeline)
        case "transcode" where positionals.count == 3:
            return transcode(positionals[1], to: positionals[2], start: start, end: end, pipeline: pipeline)
        default:
            return usage("expected `probe FILE` or `transcode INPUT DESTINATION`")
        }
    }

    private static func probe(_ path: String, pipeline: KlaiMediaPipeline) -> Int32 {
        do {
            let info = try pipeline.probe(path)
            var message = WorkerMessage(kind: .probed)
            message.duration = info.duration
            message.hasVideo = info.hasVideo
            message.hasAudio = info.hasAudio
            write(message)
            return 0
        } catch let failure as PipelineFailure {
            write(.failure(failure))
        } catch {
            write(.failure(PipelineFailure(sentence: "\(error)", isRetryable: false, wasCancelled: false)))
        }
        return 1
    }

    private static func transcode(
        _ input: String, to destination: String, start: Double?, end: Double?,
        pipeline: KlaiMediaPipeline
    ) -> Int32 {
        let cancelled = Atomic<Bool>(false)
        let lastReport = Mutex<Date>(.distantPast)
        // The parent closes our standard input to cancel; if the parent dies, the pipe closes too.
        BlockingWork.thread(named: "klai-worker-stdin") {
            while let chunk = try? FileHandle.standardInput.read(upToCount: 64), !chunk.isEmpty {}
            cancelled.store(true, ordering: .relaxed)
        }
        do {
            let outcome = try pipeline.transcode(
                input: input, destination: destination, start: start, end: end,
                progress: { percent in
                    // Four lines a second are plenty for a progress bar and cheap for the parent.
                    let due = lastReport.withLock { last -> Bool in
                        guard Date().timeIntervalSince(last) >= 0.25 else { return false }
                        last = Date()
                        return true
                    }
                    guard due else { return }
                    var message = WorkerMessage(kind: .progress)
                    message.percent = percent
                    write(message)
                },
                isCancelled: { cancelled.load(ordering: .relaxed) })
            var message = WorkerMessage(kind: .done)
            message.duration = outcome.duration
            message.renditions = outcome.renditions
            write(message)
            return 0
        } catch let failure as PipelineFailure {
            write(.failure(failure))
        } catch {
            write(.failure(PipelineFailure(sentence: "\(error)", isRetryable: true, wasCancelled: false)))
        }
        return 1
    }

    /// nice(2) and setrlimit(2); a limit that cannot be set is left as it was (the worker still runs).
    static func apply(_ limits: Limits) {
        _ = nice(limits.niceness)
        func cap(_ resource: __rlimit_resource, _ value: UInt64) {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            _ = setrlimit(__rlimit_resource_t(resource.rawValue), &limit)
        }
        cap(RLIMIT_AS, limits.addressSpaceBytes)
        cap(RLIMIT_CPU, limits.cpuSeconds)
        cap(RLIMIT_FSIZE, limits.fileSizeBytes)
        cap(RLIMIT_CORE, 0)
    }

    /// Writes one line; when the parent is gone (EPIPE, SIGPIPE being ignored) the line is dropped: the
    /// closed standard input cancels the work, and the non-throwing `write(_:)` would trap here.
    private static func write(_ message: WorkerMessage) {
        try? FileHandle.standardOutput.write(contentsOf: message.line())
    }

    private static func usage(_ problem: String) -> Int32 {
        FileHandle.standardError.write(Data("klai worker: \(problem)\n".utf8))
        return 2
    }
}
