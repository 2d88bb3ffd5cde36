import CFFmpeg
import Foundation

/// Small helpers that turn libav's negative return codes into `MediaError`s (STYLE.md §9).
enum AV {
    /// libav's text for an error code, from `av_strerror` (the `av_err2str` macro does not import).
    static func errorString(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        if av_strerror(code, &buffer, buffer.count) < 0 { return "error \(code)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Throws `kind` with `sentence` when `code` is negative; returns the code otherwise.
    @discardableResult
    static func check(
        _ code: Int32, _ kind: MediaError.Kind = .internalFailure, _ sentence: @autoclosure () -> String,
        file: String? = nil
    ) throws(MediaError) -> Int32 {
        if code < 0 { throw MediaError(kind, sentence(), file: file, detail: errorString(code)) }
        return code
    }

    static let eagain = klai_averror_eagain()
    static let eof = klai_averror_eof()
    static let invalidData = klai_averror_invaliddata()
    static let noPTS = klai_av_nopts_value()
    static let timeBaseQ = klai_av_time_base_q()

    /// Quiets libav's logging once per process: muxers log at info level and
    /// decoders log each damaged macroblock; Klai reports problems through `MediaError` instead.
    /// `KLAI_AV_LOG=debug|info|warning` raises it for investigation.
    static let quietLogs: Void = {
        let level: Int32
        switch getenvString("KLAI_AV_LOG") {
        case "debug": level = AV_LOG_DEBUG
        case "info": level = AV_LOG_INFO
        case "warning": level = AV_LOG_WARNING
        case "error": level = AV_LOG_ERROR
        default: level = AV_LOG_FATAL
        }
        av_log_set_level(level)
    }()

    private static func getenvString(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name]
    }

    /// Seconds for a timestamp in a time base.
    static func seconds(_ ts: Int64, _ tb: AVRational) -> Double {
        Double(ts) * Double(tb.num) / Double(tb.den)
    }

    /// Sets one option on a libav object (`av_opt_set`), throwing a sentence when it is refused.
    static func setOption(_ obj: UnsafeMutableRawPointer?, _ name: String, _ value: String) throws(MediaError) {
        try check(av_opt_set(obj, name, value, 0), .internalFailure, "Klai could not set the encoder option \(name)=\(value).")
    }
}
