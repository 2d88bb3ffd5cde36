import Foundation
import KlaiStore
import Synchronization

extension TranscodeRunner {
    /// Runs one claimed job to its end state: done, queued again (backoff), failed or cancelled.
    func run(_ job: TranscodeJob) {
        let jobID = job.id
        let input: (path: String, start: Double?, end: Double?)
        do {
            guard
                let found = try store.readSync({ db -> (String, Double?, Double?)? in
                    guard let asset = try MediaAsset.find(job.assetID, in: db), let sourceID = asset.sourceFileID,
                        let source = try SourceFile.find(sourceID, in: db)
                    else { return nil }
                    return (source.path, asset.cutStart, asset.cutEnd)
                })
            else {
                _ = try? store.writeSync { db in
                    try TranscodeQueue.fail(
                        jobID, reason: "the job's media asset or source file is missing from the catalog",
                        retryable: false, in: db)
                }
                return
            }
            input = (media.url(found.0).path, found.1, found.2)
        } catch {
            _ = try? store.writeSync { db in try TranscodeQueue.fail(jobID, reason: "\(error)", in: db) }
            return
        }
        let cancelled = Atomic<Bool>(false)
        let lastWrite = Mutex<Date>(.distantPast)
        let store = self.store
        let interval = configuration.progressInterval
        let progress: @Sendable (Double) -> Void = { percent in
            let due = lastWrite.withLock { last -> Bool in
                guard Date().timeIntervalSince(last) >= interval else { return false }
                last = Date()
                return true
            }
            guard due else { return }
            if let cancel = try? store.writeSync({ db in try TranscodeQueue.reportProgress(jobID, percent: percent, in: db) }), cancel {
                cancelled.store(true, ordering: .relaxed)
            }
        }
        let destination = media.hlsFolder(asset: job.assetID, version: jobID)
        do {
            guard FileManager.default.fileExists(atPath: input.path) else {
                throw PipelineFailure(sentence: "the source file \(input.path) is missing", isRetryable: false, wasCancelled: false)
            }
            let outcome = try pipeline.transcode(
                input: input.path, destination: destination.path, start: input.start, end: input.end,
                progress: progress,
                isCancelled: { [self] in cancelled.load(ordering: .relaxed) || stopRequested.load(ordering: .relaxed) })
            try store.writeSync { db in
                try TranscodeQueue.finish(
                    jobID, hlsPath: MediaLibrary.hlsPath(asset: job.assetID, version: jobID),
                    durationSeconds: outcome.duration,
                    renditions: outcome.renditions.joined(separator: ","), in: db)
            }
        } catch let failure as PipelineFailure {
            let backoff = configuration.backoff
            let state = try? store.writeSync { [self] db -> TranscodeJob.State in
                // Stopped for a shutdown (and not cancelled by a person): queued again, the try not counted.
                if stopRequested.load(ordering: .relaxed), !cancelled.load(ordering: .relaxed), !failure.crashed,
                    try TranscodeQueue.requeueStopped(jobID, in: db)
                {
                    return TranscodeJob.State.queued
                }
                if failure.wasCancelled || cancelled.load(ordering: .relaxed) {
                    try TranscodeQueue.markCancelled(jobID, in: db)
                    return TranscodeJob.State.cancelled
                }
                return try TranscodeQueue.fail(jobID, reason: failure.sentence, retryable: failure.isRetryable, backoff: backoff, in: db)
            }
            // A crash is retryable, so `failed` here means the attempts are used up.
            if failure.crashed, state == .failed {
                quarantine(jobID: jobID, because: "this file made the media worker crash (last time: \(failure.sentence))")
            }
        } catch {
            let backoff = configuration.backoff
            _ = try? store.writeSync { db in try TranscodeQueue.fail(jobID, reason: "\(error)", backoff: backoff, in: db) }
        }
    }
}
