import Foundation
import KlaiRuntime
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

extension WorkerPipeline {
    /// Starts `klai worker …`, hands each message line to `onMessage` and waits for the worker to end.
    /// - Parameters:
    ///   - isCancelled: looked at ten times a second while the worker runs, so a stop reaches a worker that
    ///     has not said anything for a while (one opening a slow file, or starved of CPU by serving).
    ///   - onMessage: returns false to cancel.
    ///   Either way the worker's standard input is closed, it stops cleanly, and its last message says it was cancelled.
    /// - Throws: `PipelineFailure` when the worker cannot be started.
    func run(
        _ arguments: [String], limits: MediaWorker.Limits, isCancelled: (@Sendable () -> Bool)? = nil,
        onMessage: (WorkerMessage) -> Bool
    ) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments =
            ["worker"] + arguments + [
                "--address-space", "\(limits.addressSpaceBytes)", "--cpu-seconds", "\(limits.cpuSeconds)",
                "--file-size", "\(limits.fileSizeBytes)"
            ]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        do {
            try process.run()
        } catch {
            throw PipelineFailure(
                sentence: "the media worker \(executable.path) could not be started: \(error.localizedDescription)",
                isRetryable: true, wasCancelled: false)
        }
        // Our copies of the child's ends must close, or end-of-file never comes.
        try? output.fileHandleForWriting.close()
        try? input.fileHandleForReading.close()
        let cancel = CancelOnce(input.fileHandleForWriting)
        if let isCancelled {
            BlockingWork.thread(named: "klai-worker-watch") {
                while !cancel.isDone {
                    if isCancelled() { cancel.closeInput(); return }
                    usleep(100_000)
                }
            }
        }
        var messages: [WorkerMessage] = []
        var pending = Data()
        var cancelled = false
        let reader = output.fileHandleForReading
        while let chunk = try? reader.read(upToCount: 64 * 1024), !chunk.isEmpty {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[pending.index(after: newline)...])
                guard let message = WorkerMessage.parse(Data(line)) else { continue }
                if message.kind != .progress { messages.append(message) }
                if !cancelled && !onMessage(message) {
                    cancelled = true
                    cancel.closeInput()
                }
            }
            // A worker that writes megabytes without a newline is not a worker; stop listening to it.
            if pending.count > 1 << 20 { kill(process.processIdentifier, SIGKILL); break }
        }
        try? reader.close()
        cancel.closeInput()
        process.waitUntilExit()
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Run(messages: messages, status: process.terminationStatus, signal: signal)
    }
}

/// Closes a worker's standard input exactly once, from the reading loop or the cancel watcher (a second
/// close could hit a descriptor number already reused elsewhere in the process).
private final class CancelOnce: Sendable {
    private let input: FileHandle
    private let closed = Atomic<Bool>(false)

    init(_ input: FileHandle) { self.input = input }

    var isDone: Bool { closed.load(ordering: .acquiring) }

    func closeInput() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        try? input.close()
    }
}
