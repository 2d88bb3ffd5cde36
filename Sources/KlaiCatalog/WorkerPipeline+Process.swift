import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension WorkerPipeline {
    /// Starts `klai worker …`, hands each message line to `onMessage` and waits for the worker to end.
    /// - Parameter onMessage: returns false to cancel: the worker's standard input is closed, it stops
    ///   cleanly, and its last message says it was cancelled.
    /// - Throws: `PipelineFailure` when the worker cannot be started.
    func run(_ arguments: [String], limits: MediaWorker.Limits, onMessage: (WorkerMessage) -> Bool) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["worker"] + arguments + [
            "--address-space", "\(limits.addressSpaceBytes)", "--cpu-seconds", "\(limits.cpuSeconds)",
            "--file-size", "\(limits.fileSizeBytes)",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        do {
            try process.run()
        } catch {
            throw PipelineFailure(sentence: "the media worker \(executable.path) could not be started: \(error.localizedDescription)",
                                  isRetryable: true, wasCancelled: false)
        }
        // Our copies of the child's ends must close, or end-of-file never comes.
        try? output.fileHandleForWriting.close()
        try? input.fileHandleForReading.close()
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
                    try? input.fileHandleForWriting.close()
                }
            }
            // A worker that writes megabytes without a newline is not a worker; stop listening to it.
            if pending.count > 1 << 20 { kill(process.processIdentifier, SIGKILL); break }
        }
        try? reader.close()
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        let signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        return Run(messages: messages, status: process.terminationStatus, signal: signal)
    }
}
