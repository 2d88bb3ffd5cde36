import CFFmpeg
import Foundation

/// An opened media file being demuxed (`AVFormatContext`), freed on deinit: the first stage of
/// FFmpeg's doc/examples/transcode.c (`open_input_file`).
///
/// Opening turns the usual ways a file can be wrong into a `MediaError` with a sentence:
/// missing, empty, not media at all, an MP4 cut off before its index, or without any stream.
final class InputFile {
    let context: UnsafeMutablePointer<AVFormatContext>
    let path: String

    /// Opens `path` and reads enough of it to know its streams (`avformat_find_stream_info`).
    init(path: String) throws(MediaError) {
        AV.quietLogs
        self.path = path
        let name = (path as NSString).lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MediaError(.fileNotFound, "The file \(name) does not exist.", file: path)
        }
        if isDirectory.boolValue {
            throw MediaError(.notMedia, "\(name) is a folder, not a video or audio file.", file: path)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size == 0 {
            throw MediaError(.emptyFile, "The file \(name) is empty (0 bytes); copy it again from the source.", file: path)
        }
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        let code = avformat_open_input(&context, path, nil, nil)
        guard code >= 0, let context else {
            throw InputFile.openError(code, path: path, name: name)
        }
        self.context = context
        let infoCode = avformat_find_stream_info(context, nil)
        if infoCode < 0 {
            throw MediaError(
                .notMedia, "Klai could not read the streams of \(name); the file may be damaged.",
                file: path, detail: AV.errorString(infoCode))
        }
        if context.pointee.nb_streams == 0 {
            throw MediaError(.noStreams, "\(name) has no decodable video or audio stream.", file: path)
        }
    }

    /// The streams of the file.
    var streams: [UnsafeMutablePointer<AVStream>] {
        (0..<Int(context.pointee.nb_streams)).compactMap { context.pointee.streams[$0] }
    }

    /// The file's duration in seconds, when the container knows it.
    var duration: Double? {
        let d = context.pointee.duration
        return d == AV.noPTS || d <= 0 ? nil : Double(d) / Double(AV_TIME_BASE)
    }

    /// The best video stream that is real video (not an MP3's cover picture) and has a decoder.
    func bestStream(_ type: AVMediaType) -> UnsafeMutablePointer<AVStream>? {
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        guard index >= 0, let stream = context.pointee.streams[Int(index)] else { return nil }
        if (stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC) != 0 { return nil }
        return stream
    }

    private static func openError(_ code: Int32, path: String, name: String) -> MediaError {
        let detail = AV.errorString(code)
        if code == klai_averror_eacces() {
            return MediaError(.notMedia, "Klai is not allowed to read \(name).", file: path, detail: detail)
        }
        if InputFile.looksLikeISOBMFF(path) {
            return MediaError(
                .truncated,
                "\(name) is an MP4 file that was cut off before its index (moov) was written; "
                    + "copy it again from the source.", file: path, detail: detail)
        }
        return MediaError(.notMedia, "\(name) is not a video or audio file Klai can read.", file: path, detail: detail)
    }

    /// An MP4/MOV starts with a box whose type is `ftyp` (ISO/IEC 14496-12 §4.3).
    private static func looksLikeISOBMFF(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 12)
        return head.count >= 8 && head[4..<8] == Data("ftyp".utf8)
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = self.context
        avformat_close_input(&context)
    }
}

@available(*, unavailable) extension InputFile: Sendable {}
