import CFFmpeg
import Foundation

/// Writes a JPEG poster (the picture shown before playback) with libavcodec's MJPEG encoder.
enum Poster {
    /// Scales `frame` to `width`×`height` and writes it as a JPEG at `path`.
    static func write(_ frame: Frame, width: Int, height: Int, to path: String) throws(MediaError) {
        guard let mjpeg = avcodec_find_encoder(AV_CODEC_ID_MJPEG) else {
            throw MediaError(.encoderMissing, "This FFmpeg has no JPEG encoder for the poster.")
        }
        let scaled = Frame()
        try Scaler(width: width, height: height).scale(frame.pointer, into: scaled)
        let encoder = CodecContext(codec: mjpeg)
        let c = encoder.pointer
        c.pointee.width = Int32(width)
        c.pointee.height = Int32(height)
        // yuv420p with full-range flagged as unofficial is what the mjpeg encoder accepts for
        // limited-range input (ffmpeg's `-strict -1`); quality from qscale 3.
        c.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        c.pointee.color_range = AVCOL_RANGE_MPEG
        c.pointee.strict_std_compliance = FF_COMPLIANCE_UNOFFICIAL
        c.pointee.time_base = AVRational(num: 1, den: 25)
        c.pointee.flags |= Int32(AV_CODEC_FLAG_QSCALE)
        c.pointee.global_quality = Int32(FF_QP2LAMBDA * 3)
        try encoder.open(failure: "Klai could not open the JPEG encoder for the poster.")
        scaled.pointer.pointee.quality = c.pointee.global_quality
        scaled.pointer.pointee.pict_type = AV_PICTURE_TYPE_I
        try AV.check(avcodec_send_frame(c, scaled.pointer), .internalFailure, "Klai could not encode the poster.")
        try AV.check(avcodec_send_frame(c, nil), .internalFailure, "Klai could not encode the poster.")
        let packet = Packet()
        try AV.check(avcodec_receive_packet(c, packet.pointer), .internalFailure, "Klai could not encode the poster.")
        let data = Data(bytes: packet.pointer.pointee.data, count: Int(packet.pointer.pointee.size))
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw MediaError(.outputFailed, "Klai could not write the poster \(path).", file: path, detail: "\(error)")
        }
    }
}
