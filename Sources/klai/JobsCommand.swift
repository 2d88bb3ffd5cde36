import Foundation
import KlaiCatalog
import KlaiStore

/// `klai jobs [list|retry ID|cancel ID|run]`: the transcode queue at a terminal.
enum JobsCommand: Command {
    static let spec = CommandSpec(
        name: ["jobs"], summary: "List transcode jobs; retry or cancel one; run the queue until it is empty.",
        arguments: "[list | retry ID | cancel ID | run]",
        discussion: """
            list (default) shows the newest jobs with state, progress, attempts and the last error.
            retry queues a failed or cancelled job again; cancel stops a queued job, or a running one
            at its next progress report (the server's runner, or 'klai jobs run' in another terminal).
            run first recovers from a crash (jobs left running are queued again, temporary folders
            removed), then transcodes until no job is due.
            """,
        options: LibraryLocation.options + [
            OptionSpec("state", value: "STATE", help: "Only jobs in this state (queued, running, done, failed, cancelled)."),
            OptionSpec(
                "concurrency", value: "N", help: "Jobs transcoding at once for 'run'.", environment: "KLAI_TRANSCODE_JOBS",
                default: "1")
        ],
        positionalCount: 0...2)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let library = LibraryLocation(invocation)
        // A mistyped --data must not answer "no transcode jobs" from a library made on the spot.
        guard library.existsOrExplain(for: "jobs") else { return 1 }
        let store = try library.open()
        let action = invocation.positionals.first ?? "list"
        let id = invocation.positionals.count > 1 ? Int64(invocation.positionals[1]) : nil
        switch action {
        case "list":
            let states = try invocation.value("state").map { text -> [TranscodeJob.State] in
                guard let state = TranscodeJob.State(rawValue: text) else { throw UsageError(spec: spec, problem: "unknown state '\(text)'") }
                return [state]
            }
            let jobs = try store.readSync { db in try TranscodeQueue.jobs(states: states, in: db) }
            if jobs.isEmpty { print("no transcode jobs") }
            for job in jobs {
                var line = "#\(job.id)  asset \(job.assetID)  \(job.state.rawValue)"
                if job.state == .running || job.state == .queued { line += String(format: "  %.0f%%", job.progress) }
                line += "  attempt \(job.attempts)/\(job.maxAttempts)"
                if let error = job.lastError { line += "  — \(error)" }
                print(line)
            }
            return 0
        case "retry", "cancel":
            guard let id else { throw UsageError(spec: spec, problem: "\(action) needs a job number") }
            let changed = try store.writeSync { db in
                action == "retry" ? try TranscodeQueue.retry(id, in: db) : try TranscodeQueue.cancel(id, in: db)
            }
            if !changed {
                printError("klai jobs \(action): job #\(id) does not exist or is not in a state that allows it")
                return 1
            }
            print(action == "retry" ? "job #\(id) queued again" : "job #\(id) cancelled (a running job stops at its next progress report)")
            return 0
        case "run":
            var configuration = TranscodeRunner.Configuration(concurrency: try invocation.integer("concurrency", in: 1...16) ?? 1)
            configuration.progressInterval = 0.5
            let runner = TranscodeRunner(store: store, media: MediaLibrary(root: library.mediaFolder), configuration: configuration)
            let recovery = try runner.recover()
            if recovery.requeuedJobs > 0 || !recovery.removedFolders.isEmpty {
                print("recovered: \(recovery.requeuedJobs) interrupted job(s) queued again, \(recovery.removedFolders.count) temporary folder(s) removed")
            }
            flushStandardOutput()
            let count = runner.runUntilIdle()
            let failed = try store.readSync { db in try TranscodeQueue.jobs(states: [.failed], in: db).count }
            print("ran \(count) job(s); \(failed) failed job(s) in the queue")
            return 0
        default:
            throw UsageError(spec: spec, problem: "unknown action '\(action)' (list, retry ID, cancel ID, run)")
        }
    }
}
