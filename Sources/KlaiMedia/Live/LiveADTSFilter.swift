import CFFmpeg

/// Turns AAC in ADTS frames (how MPEG-TS carries it, ISO/IEC 13818-7 §6.2) into the raw frames and
/// AudioSpecificConfig that fMP4 needs (ISO/IEC 14496-3 §1.6.2.1), with FFmpeg's `aac_adtstoasc`
/// bitstream filter.
///
/// The filter reports the configuration as `AV_PKT_DATA_NEW_EXTRADATA` side data on its first packet;
/// it is kept in `parameters` (a copy of the stream's), which output streams are made from once it is
/// known. Until then `isReady` is false and the relay waits before starting a run.
final class LiveADTSFilter {
    private let context: UnsafeMutablePointer<AVBSFContext>
    /// The stream's parameters with the AudioSpecificConfig as extradata, once known.
    let parameters: UnsafeMutablePointer<AVCodecParameters>
    private(set) var isReady = false

    /// A filter for `stream`, or nil when its AAC already has a configuration (MP4, Matroska sources).
    init?(stream: UnsafeMutablePointer<AVStream>) {
        let par = stream.pointee.codecpar!
        guard par.pointee.codec_id == AV_CODEC_ID_AAC, par.pointee.extradata_size == 0,
            let filter = av_bsf_get_by_name("aac_adtstoasc")
        else { return nil }
        var context: UnsafeMutablePointer<AVBSFContext>? = nil
        guard av_bsf_alloc(filter, &context) >= 0, let context else { return nil }
        guard avcodec_parameters_copy(context.pointee.par_in, par) >= 0, let copy = avcodec_parameters_alloc() else {
            var owned: UnsafeMutablePointer<AVBSFContext>? = context
            av_bsf_free(&owned)
            return nil
        }
        context.pointee.time_base_in = stream.pointee.time_base
        _ = avcodec_parameters_copy(copy, par)
        self.context = context
        parameters = copy
        guard av_bsf_init(context) >= 0 else { return nil }
    }

    /// Filters `packet` in place; false when it yields nothing (a damaged frame), which the caller skips.
    func filter(_ packet: UnsafeMutablePointer<AVPacket>) -> Bool {
        guard av_bsf_send_packet(context, packet) >= 0 else {
            av_packet_unref(packet)
            return false
        }
        guard av_bsf_receive_packet(context, packet) >= 0 else { return false }
        if !isReady {
            var size = 0
            if let side = av_packet_get_side_data(packet, AV_PKT_DATA_NEW_EXTRADATA, &size), size > 0,
                let extradata = av_mallocz(size + Int(AV_INPUT_BUFFER_PADDING_SIZE))
            {
                extradata.copyMemory(from: side, byteCount: size)
                av_freep(&parameters.pointee.extradata)
                parameters.pointee.extradata = extradata.assumingMemoryBound(to: UInt8.self)
                parameters.pointee.extradata_size = Int32(size)
                isReady = true
            }
        }
        return true
    }

    deinit {
        var owned: UnsafeMutablePointer<AVBSFContext>? = context
        av_bsf_free(&owned)
        var copy: UnsafeMutablePointer<AVCodecParameters>? = parameters
        avcodec_parameters_free(&copy)
    }
}

@available(*, unavailable) extension LiveADTSFilter: Sendable {}
