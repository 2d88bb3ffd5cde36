import Foundation
import KlaiRuntime

/// Turns one source file into an HLS folder: decode once → (deinterlace/rotate) → scale per rung →
/// libx264 per rung in parallel → fMP4 HLS per rung, AAC audio once, master playlist, poster.
///
/// The work blocks: call `run()` from a dedicated thread, or `await runDetached()`, which starts
/// one. A job runner passes `options.isCancelled` and `options.progress`.
public struct Transcoder: Sendable {
    /// The source file.
    public var input: String
    /// The folder to publish (`Media/hls/<asset-id>`); replaced in one rename when done.
    public var destination: String
    public var options: TranscodeOptions

    /// Describes a transcode; nothing happens until `run()`.
    public init(input: String, destination: String, options: TranscodeOptions = TranscodeOptions()) {
        self.input = input
        self.destination = destination
        self.options = options
    }

    /// Transcodes on the calling thread (never call it on the cooperative pool).
    /// - Returns: what was made, after it was checked and published.
    /// - Throws: `MediaError` with a sentence; the temporary folder is removed and the destination untouched.
    public func run() throws(MediaError) -> TranscodeResult {
        try TranscodeSession(input: input, destination: destination, options: options).run()
    }

    /// Transcodes on a new thread and resumes the caller when done.
    public func runDetached() async throws(MediaError) -> TranscodeResult {
        let result: Result<TranscodeResult, MediaError> = await withCheckedContinuation { continuation in
            BlockingWork.thread(named: "klai-transcode") { [self] in
                nameCurrentThread("klai-transcode")
                do throws(MediaError) {
                    continuation.resume(returning: .success(try run()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

extension Transcoder {
    /// Removes temporary folders that a killed transcode left in `folder` (a job runner calls this on
    /// start-up for `Media/hls`). - Returns: the paths removed.
    @discardableResult
    public static func removeLeftovers(in folder: String) -> [String] {
        OutputFolder.removeLeftovers(in: folder)
    }
}
