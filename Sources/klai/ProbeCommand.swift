import Foundation
import KlaiMedia

/// `klai probe FILE`: what a media file holds, for people or (with --json) for scripts.
enum ProbeCommand: Command {
    static let spec = CommandSpec(
        name: ["probe"], summary: "Show the container and streams of a media file.", arguments: "FILE",
        options: [OptionSpec("json", help: "Print JSON instead of text.")], positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        let info: MediaInfo
        do {
            info = try MediaProbe.probe(invocation.positionals[0])
        } catch {
            printError("klai probe: \(error.sentence)")
            return 1
        }
        if invocation.flag("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(info), as: UTF8.self))
        } else {
            print(text(info))
        }
        return 0
    }

    static func text(_ info: MediaInfo) -> String {
        var head = "\((info.file as NSString).lastPathComponent): \(info.containerName)"
        if let duration = info.duration { head += String(format: ", %.2f s", duration) }
        if let bitRate = info.bitRate { head += ", \(bitRate / 1000) kb/s" }
        head += ", \(info.size) bytes"
        var lines = [head]
        for stream in info.streams {
            var parts = ["\(stream.codec)" + (stream.profile.map { " (\($0)" + (stream.level.map { ", level \($0)" } ?? "") + ")" } ?? "")]
            if stream.kind == .video {
                parts.append("\(stream.width ?? 0)×\(stream.height ?? 0)")
                if let sar = stream.sampleAspectRatio, sar != "1:1" {
                    parts.append("SAR \(sar), shown \(stream.displayWidth ?? 0)×\(stream.displayHeight ?? 0)")
                }
                if let rate = stream.frameRate { parts.append(String(format: "%.3g fps", rate)) }
                if let order = stream.fieldOrder { parts.append(stream.isInterlaced ? "interlaced (\(order))" : order) }
                if let format = stream.pixelFormat { parts.append(format) }
                if let rotation = stream.rotation, rotation != 0 { parts.append("rotated \(rotation)°") }
                if stream.isAttachedPicture { parts.append("cover picture") }
            }
            if stream.kind == .audio {
                if let rate = stream.sampleRate { parts.append("\(rate) Hz") }
                if let layout = stream.channelLayout { parts.append(layout) }
            }
            if let bitRate = stream.bitRate { parts.append("\(bitRate / 1000) kb/s") }
            if let language = stream.language { parts.append("language \(language)") }
            if !stream.decodable { parts.append("no decoder") }
            lines.append("  #\(stream.index) \(stream.kind.rawValue): " + parts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
