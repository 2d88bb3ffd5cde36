import CFFmpeg

/// One reference to a decoded or scaled picture or block of samples (`AVFrame`), freed on deinit.
///
/// Frames travel from the decoding thread to the rung threads. Each rung gets its own `Frame`,
/// made with `av_frame_ref`, so the pixel buffers are shared and reference counted (libav's
/// `AVBufferRef` counts atomically) and are freed when the last rung is done with them.
// @unchecked Sendable: a Frame is handed over through a FrameQueue and then used by one thread only;
// the buffers it shares with other Frames are read-only after decoding and atomically refcounted.
final class Frame: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<AVFrame>
    /// Set on the decoding thread: this frame starts a GOP in every rung (same source timestamp).
    var forceKeyframe = false

    init() {
        guard let frame = av_frame_alloc() else { fatalError("av_frame_alloc: out of memory") }
        pointer = frame
    }

    /// A new reference to the same buffers (`av_frame_ref`), carrying the same keyframe mark.
    func reference() throws(MediaError) -> Frame {
        let copy = Frame()
        try AV.check(av_frame_ref(copy.pointer, pointer), .internalFailure, "Klai could not share a decoded frame.")
        copy.forceKeyframe = forceKeyframe
        return copy
    }

    /// Drops the buffers so the frame can be reused (`av_frame_unref`).
    func unref() { av_frame_unref(pointer) }

    deinit {
        var frame: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&frame)
    }
}
