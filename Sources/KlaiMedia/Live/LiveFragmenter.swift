import CFFmpeg
import Foundation

/// One connection's fMP4 muxer: an `mp4` muxer in fragmented mode writing into memory, from which
/// the init segment and each media segment are taken as bytes.
///
/// It is set up as `HLSWriter` and libavformat's own `hls` muxer set theirs up (`frag_custom+dash+
/// delay_moov`), but carries video and audio together (a live channel is one muxed rendition). ADTS
/// audio arrives here already converted (`LiveADTSFilter`), other codecs already encoded (`LiveTranscoder`).
final class LiveFragmenter {
    private let output: OutputFile
    /// Output stream index for each relayed input stream index.
    private(set) var outputIndex: [Int: Int] = [:]
    private var initBytes: [UInt8]?

    /// Adds one output stream per relayed input stream and writes the (delayed) header.
    init(input: LiveInput, folder: String) throws(MediaError) {
        output = try OutputFile(format: "mp4", path: folder + "/init.mp4")
        for index in [input.videoIndex, input.audioIndex].compactMap({ $0 }) {
            guard let timeBase = input.timeBase(index), let parameters = input.parameters(index) else { continue }
            let added = try output.addStream(copying: parameters, timeBase: timeBase)
            outputIndex[index] = Int(added.pointee.index)
        }
        try AV.check(
            avio_open_dyn_buf(&output.context.pointee.pb), .internalFailure,
            "Klai could not allocate a segment buffer.")
        try output.writeHeader(options: [("movflags", "+frag_custom+dash+delay_moov+skip_trailer")], opensFile: false)
    }

    /// Whether the init segment (ftyp + moov) has been produced.
    var hasInit: Bool { initBytes != nil }

    /// The init segment, once the first packet has been written.
    var initSegment: [UInt8]? { initBytes }

    /// Writes one packet (timestamps in `timeBase`) to the output stream for input stream `index`.
    func write(_ packet: UnsafeMutablePointer<AVPacket>, inputIndex index: Int, from timeBase: AVRational) throws(MediaError) {
        guard let out = outputIndex[index] else { return }
        packet.pointee.stream_index = Int32(out)
        av_packet_rescale_ts(packet, timeBase, output.stream(out).pointee.time_base)
        packet.pointee.pos = -1
        try AV.check(
            av_write_frame(output.context, packet), .outputFailed,
            "Klai could not write a live segment; is the disk full?")
        if initBytes == nil {
            // With delay_moov the first flush writes only ftyp + moov and keeps the packet for the first fragment.
            try AV.check(av_write_frame(output.context, nil), .outputFailed, "Klai could not write a live init segment.")
            initBytes = try takeBuffer()
        }
    }

    /// Ends the current fragment and returns its bytes (moof + mdat), empty when nothing was written.
    func cutFragment() throws(MediaError) -> [UInt8] {
        try AV.check(av_write_frame(output.context, nil), .outputFailed, "Klai could not finish a live segment.")
        return try takeBuffer()
    }

    private func takeBuffer() throws(MediaError) -> [UInt8] {
        var bytes: UnsafeMutablePointer<UInt8>? = nil
        let count = Int(avio_close_dyn_buf(output.context.pointee.pb, &bytes))
        output.context.pointee.pb = nil
        defer { av_free(bytes) }
        try AV.check(
            avio_open_dyn_buf(&output.context.pointee.pb), .internalFailure,
            "Klai could not allocate a segment buffer.")
        guard let bytes, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: bytes, count: count))
    }

    deinit {
        if output.context.pointee.pb != nil {
            var bytes: UnsafeMutablePointer<UInt8>? = nil
            _ = avio_close_dyn_buf(output.context.pointee.pb, &bytes)
            av_free(bytes)
            output.context.pointee.pb = nil
        }
    }
}

@available(*, unavailable) extension LiveFragmenter: Sendable {}
