import CFFmpeg
import Foundation

/// Reads what a media file holds without decoding it all: `klai probe`, and the first step of ingest.
public enum MediaProbe {
    /// Probes `path` (any name, Thai characters and spaces included: libav takes UTF-8 paths).
    /// - Returns: the container and every stream.
    /// - Throws: `MediaError` when the file is missing, empty, not media, truncated, or has no streams.
    public static func probe(_ path: String) throws(MediaError) -> MediaInfo {
        let input = try InputFile(path: path)
        return input.info
    }
}

extension InputFile {
    /// The container and streams as a `MediaInfo`.
    var info: MediaInfo {
        let format = context.pointee.iformat.pointee
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int).map(Int64.init) ?? 0
        let bitRate = context.pointee.bit_rate
        return MediaInfo(
            file: path,
            container: String(cString: format.name),
            containerName: format.long_name.map { String(cString: $0) } ?? "",
            duration: duration,
            bitRate: bitRate > 0 ? Int(bitRate) : nil,
            size: size,
            streams: streams.map(InputFile.streamInfo)
        )
    }

    /// Clockwise rotation in degrees (0, 90, 180, 270) from the stream's display matrix, as
    /// fftools/cmdutils.c `get_rotation` computes it.
    static func rotation(of stream: UnsafeMutablePointer<AVStream>) -> Int {
        guard let data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nil) else { return 0 }
        let angle = data.withMemoryRebound(to: Int32.self, capacity: 9) { av_display_rotation_get($0) }
        guard angle.isFinite else { return 0 }
        var theta = -angle.rounded()
        theta -= 360 * (theta / 360 + 0.9 / 360).rounded(.down)
        return (Int(theta) + 360) % 360
    }

    static func streamInfo(_ stream: UnsafeMutablePointer<AVStream>) -> StreamInfo {
        let par = stream.pointee.codecpar.pointee
        let kind: StreamInfo.Kind
        switch par.codec_type {
        case AVMEDIA_TYPE_VIDEO: kind = .video
        case AVMEDIA_TYPE_AUDIO: kind = .audio
        case AVMEDIA_TYPE_SUBTITLE: kind = .subtitle
        case AVMEDIA_TYPE_DATA: kind = .data
        case AVMEDIA_TYPE_ATTACHMENT: kind = .attachment
        default: kind = .unknown
        }
        let timeBase = stream.pointee.time_base
        let language = av_dict_get(stream.pointee.metadata, "language", nil, 0).map { String(cString: $0.pointee.value) }
        var info = StreamInfo(
            index: Int(stream.pointee.index), kind: kind,
            codec: String(cString: avcodec_get_name(par.codec_id)),
            profile: avcodec_profile_name(par.codec_id, par.profile).map { String(cString: $0) },
            level: par.level > 0 ? Int(par.level) : nil,
            decodable: avcodec_find_decoder(par.codec_id) != nil,
            bitRate: par.bit_rate > 0 ? Int(par.bit_rate) : nil,
            duration: stream.pointee.duration > 0 ? AV.seconds(stream.pointee.duration, timeBase) : nil,
            language: language,
            isAttachedPicture: (stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC) != 0
        )
        if kind == .video { fillVideo(&info, stream) }
        if kind == .audio {
            info.channels = Int(par.ch_layout.nb_channels)
            var layout = par.ch_layout
            var buffer = [CChar](repeating: 0, count: 64)
            if av_channel_layout_describe(&layout, &buffer, buffer.count) > 0 {
                info.channelLayout = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            info.sampleRate = Int(par.sample_rate)
        }
        return info
    }

    private static func fillVideo(_ info: inout StreamInfo, _ stream: UnsafeMutablePointer<AVStream>) {
        let par = stream.pointee.codecpar.pointee
        info.width = Int(par.width)
        info.height = Int(par.height)
        let sar = par.sample_aspect_ratio
        if sar.num > 0 && sar.den > 0 { info.sampleAspectRatio = "\(sar.num):\(sar.den)" }
        let rate = InputFile.frameRate(of: stream)
        info.frameRate = rate.num > 0 ? av_q2d(rate) : nil
        switch par.field_order {
        case AV_FIELD_PROGRESSIVE: info.fieldOrder = "progressive"
        case AV_FIELD_TT: info.fieldOrder = "tt"
        case AV_FIELD_BB: info.fieldOrder = "bb"
        case AV_FIELD_TB: info.fieldOrder = "tb"
        case AV_FIELD_BT: info.fieldOrder = "bt"
        default: info.fieldOrder = nil
        }
        info.pixelFormat = av_get_pix_fmt_name(AVPixelFormat(rawValue: par.format)).map { String(cString: $0) }
        let rotation = rotation(of: stream)
        info.rotation = rotation
        let display = DisplaySize(width: Int(par.width), height: Int(par.height), sampleAspect: sar, rotation: rotation)
        info.displayWidth = display.width
        info.displayHeight = display.height
    }

    /// The stream's frame rate: the average when the container knows it, else the base rate.
    static func frameRate(of stream: UnsafeMutablePointer<AVStream>) -> AVRational {
        let average = stream.pointee.avg_frame_rate
        if average.num > 0 && average.den > 0 { return average }
        return stream.pointee.r_frame_rate
    }
}
