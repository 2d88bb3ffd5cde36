import CFFmpeg
import Foundation
import KlaiRuntime

/// One rendition's thread: takes shared decoded frames from a bounded queue, scales them, encodes
/// them with libx264 and writes HLS. The decoding thread feeds every worker the same frames
/// (`av_frame_ref`), so the source is decoded once however many rungs there are.
// @unchecked Sendable: the scaler, encoder and writer are touched only by the worker's own thread
// between `start()` and the end of `join()`; other threads use only `queue` (locked) and read
// `failure` after `join()`, which the semaphore orders after the thread's last write.
final class RungWorker: @unchecked Sendable {
    let rendition: PlannedRendition
    let queue: FrameQueue
    let codecString: String
    private let scaler: Scaler
    private let encoder: VideoEncoder
    private let writer: HLSWriter
    private let done = DispatchSemaphore(value: 0)
    private(set) var failure: MediaError?
    private var started = false

    init(
        rendition: PlannedRendition, folder: String, frameRate: AVRational, keyframeInterval: Int,
        preset: String, segmentDuration: Double, queueCapacity: Int
    ) throws(MediaError) {
        self.rendition = rendition
        queue = FrameQueue(capacity: queueCapacity)
        scaler = Scaler(width: rendition.width, height: rendition.height)
        writer = try HLSWriter(folder: folder, segmentDuration: segmentDuration)
        encoder = try VideoEncoder(
            rendition: rendition, frameRate: frameRate, keyframeInterval: keyframeInterval,
            preset: preset, globalHeader: writer.output.wantsGlobalHeader)
        codecString = encoder.codecString
        try writer.start(encoder: encoder.codec)
    }

    /// Starts the worker's thread.
    func start() {
        started = true
        BlockingWork.thread(named: "klai-rung-\(rendition.name)") { [self] in
            nameCurrentThread("klai-rung-\(rendition.name)")
            do throws(MediaError) {
                try work()
            } catch {
                failure = error
                queue.abandon()
            }
            done.signal()
        }
    }

    /// Waits for the thread to finish (after `queue.finish()` or `queue.abandon()`).
    func join() {
        if started { done.wait() }
        started = false
    }

    private func work() throws(MediaError) {
        let scaled = Frame()
        while let frame = queue.pop() {
            let picture: UnsafeMutablePointer<AVFrame>
            let f = frame.pointer.pointee
            if f.width == Int32(rendition.width) && f.height == Int32(rendition.height) && f.format == AV_PIX_FMT_YUV420P.rawValue {
                // The rung is the source's own size: hand the decoded picture to x264 as is (like the
                // scale filter's passthrough); x264 copies it into its own buffers.
                picture = frame.pointer
                picture.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
            } else {
                try scaler.scale(frame.pointer, into: scaled)
                picture = scaled.pointer
            }
            // Keyframes at the same source timestamps in every rung: segment cuts line up (FFMPEG-NOTES.md).
            picture.pointee.pict_type = frame.forceKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
            try encoder.encode(picture) { packet throws(MediaError) in try write(packet) }
        }
        if queue.isAbandoned { return }
        try encoder.encode(nil) { packet throws(MediaError) in try write(packet) }
        try writer.finish()
    }

    private func write(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        // Constant frame rate: each packet lasts one frame (the encoder's time base). Without it the
        // muxer cannot tell how long the last frame lasts and the playlist comes out one frame short.
        if packet.pointee.duration == 0 { packet.pointee.duration = 1 }
        try writer.write(packet, from: encoder.timeBase)
    }
}
