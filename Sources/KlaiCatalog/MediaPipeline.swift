import Foundation
import KlaiMedia

/// What the catalog needs from the media pipeline: probe a file, transcode a cut of it into HLS.
///
/// A protocol so the catalog's dependency on KlaiMedia stays in one place; `KlaiMediaPipeline` is the
/// real implementation and the one tests use.
public protocol MediaPipeline: Sendable {
    /// Duration and streams of a file.
    /// - Throws: an error whose description is a sentence (e.g. "no decodable video or audio stream").
    func probe(_ path: String) throws -> ProbedMedia

    /// Transcodes `input` (from `start` to `end` seconds when given) into HLS published at `destination`
    /// by one rename, reporting progress (0–100) and stopping when `isCancelled` returns true.
    func transcode(
        input: String, destination: String, start: Double?, end: Double?,
        progress: @escaping @Sendable (Double) -> Void,
        isCancelled: @escaping @Sendable () -> Bool
    ) throws -> TranscodeOutcome

    /// Removes temporary folders a killed transcode left in `folder`. - Returns: the paths removed.
    func removeLeftovers(in folder: String) -> [String]
}

/// What probing found.
public struct ProbedMedia: Sendable {
    public var duration: Double?
    public var hasVideo: Bool
    public var hasAudio: Bool
    public init(duration: Double?, hasVideo: Bool, hasAudio: Bool) {
        self.duration = duration
        self.hasVideo = hasVideo
        self.hasAudio = hasAudio
    }
}

/// What a finished transcode made.
public struct TranscodeOutcome: Sendable {
    public var duration: Double
    /// Rendition names, e.g. `["234p", "360p"]`.
    public var renditions: [String]
    public init(duration: Double, renditions: [String]) {
        self.duration = duration
        self.renditions = renditions
    }
}

/// Why a transcode failed, and whether trying again could help.
public struct PipelineFailure: Error, Sendable, CustomStringConvertible {
    public var sentence: String
    public var isRetryable: Bool
    public var wasCancelled: Bool
    /// The worker process died without a result (a signal or a bare exit): counted towards quarantine.
    public var crashed = false
    public var description: String { sentence }
    public init(sentence: String, isRetryable: Bool, wasCancelled: Bool) {
        self.sentence = sentence
        self.isRetryable = isRetryable
        self.wasCancelled = wasCancelled
    }
}

/// The real pipeline: KlaiMedia's probe and decode-once ladder transcoder.
public struct KlaiMediaPipeline: MediaPipeline {
    /// Options for every transcode (ladder, preset); cut points and callbacks are set per job.
    public var options: TranscodeOptions

    public init(options: TranscodeOptions = TranscodeOptions()) { self.options = options }

    public func probe(_ path: String) throws -> ProbedMedia {
        do {
            let info = try MediaProbe.probe(path)
            return ProbedMedia(duration: info.duration, hasVideo: info.video != nil, hasAudio: info.audio != nil)
        } catch {
            throw PipelineFailure(sentence: error.sentence, isRetryable: false, wasCancelled: false)
        }
    }

    public func transcode(
        input: String, destination: String, start: Double?, end: Double?,
        progress: @escaping @Sendable (Double) -> Void,
        isCancelled: @escaping @Sendable () -> Bool
    ) throws -> TranscodeOutcome {
        var options = self.options
        options.start = start
        options.end = end
        options.progress = { progress($0.percent) }
        options.isCancelled = isCancelled
        do {
            let result = try Transcoder(input: input, destination: destination, options: options).run()
            return TranscodeOutcome(duration: result.duration, renditions: result.variants.map(\.name))
        } catch {
            throw PipelineFailure(sentence: error.sentence, isRetryable: error.isRetryable, wasCancelled: error.kind == .cancelled)
        }
    }

    public func removeLeftovers(in folder: String) -> [String] {
        Transcoder.removeLeftovers(in: folder)
    }
}
