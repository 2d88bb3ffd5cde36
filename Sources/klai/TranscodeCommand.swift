import Foundation
import KlaiMedia

/// `klai transcode INPUT --out DIR`: one file to an HLS folder, for people and benchmarks.
enum TranscodeCommand: Command {
    static let spec = CommandSpec(
        name: ["transcode"], summary: "Transcode a video or audio file to an HLS ladder in DIR.",
        arguments: "INPUT",
        discussion: """
            Decodes INPUT once, scales it to every rung of the ladder that is not above the source's size,
            encodes H.264 (libx264) and AAC in parallel, and writes fMP4 HLS with a master playlist and a
            poster. The folder is written beside DIR and renamed to DIR only when complete and checked.
            Times for --start/--end are seconds (90, 90.5) or [h:]mm:ss. Ctrl-C stops cleanly.
            """,
        options: [
            OptionSpec("out", value: "DIR", help: "Folder to publish (an earlier HLS folder there is replaced)."),
            OptionSpec(
                "ladder", value: "LIST", help: "Rungs as height:kb/s,… or heights of the default ladder.",
                default: "234:150,360:400,540:1100,720:2200"),
            OptionSpec("preset", value: "NAME", help: "libx264 preset, ultrafast … veryslow.", default: "veryfast"),
            OptionSpec("start", value: "TIME", help: "Transcode from this time of INPUT."),
            OptionSpec("end", value: "TIME", help: "Transcode up to (not including) this time."),
            OptionSpec("no-copy", help: "Re-encode video and audio even where the source already fits."),
            OptionSpec("json", help: "Print the result as JSON.")
        ],
        positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let out = invocation.value("out") else { throw UsageError(spec: spec, problem: "--out DIR is required") }
        var options = TranscodeOptions()
        if let text = invocation.value("ladder") {
            guard let ladder = Ladder(parsing: text) else {
                throw UsageError(spec: spec, problem: "--ladder '\(text)' is not a ladder (example: 360:400,540:1100)")
            }
            options.ladder = ladder
        }
        if let preset = invocation.value("preset") { options.preset = preset }
        options.start = try time(invocation, "start")
        options.end = try time(invocation, "end")
        options.allowCopy = !invocation.flag("no-copy")

        let bar = ProgressBar(label: (invocation.positionals[0] as NSString).lastPathComponent)
        options.progress = { bar.show($0) }
        let interrupt = InterruptFlag()
        options.isCancelled = { interrupt.isSet }

        let result: TranscodeResult
        do throws(MediaError) {
            result = try Transcoder(input: invocation.positionals[0], destination: out, options: options).run()
            bar.finish()
        } catch {
            bar.finish()
            printError("klai transcode: \(error.sentence)")
            return 1
        }
        if invocation.flag("json") {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(summary(result))
        }
        return 0
    }

    static func summary(_ result: TranscodeResult) -> String {
        var lines = [
            String(
                format: "wrote %@: %.1f s in %.1f s (%.1f× realtime)", result.folder, result.duration,
                result.elapsed, result.speed)
        ]
        for variant in result.variants {
            let size = variant.width.map { "\($0)×\(variant.height ?? 0)" } ?? "audio"
            lines.append(
                String(
                    format: "  %-6@ %-10@ %5d kb/s average, %5d kb/s peak  %@%@", variant.name, size,
                    variant.averageBandwidth / 1000, variant.bandwidth / 1000, variant.codecs,
                    variant.copied ? "  (video copied)" : ""))
        }
        if result.audioCopied { lines.append("  audio: AAC copied from the source") }
        if result.corruptPackets > 0 || result.lostSeconds > 0 {
            lines.append(String(format: "  skipped %d damaged packets (%.1f s lost)", result.corruptPackets, result.lostSeconds))
        }
        return lines.joined(separator: "\n")
    }

    /// Parses `90`, `90.5`, `1:30` or `1:02:03.5` as seconds.
    static func time(_ invocation: Invocation, _ name: String) throws(UsageError) -> Double? {
        guard let text = invocation.value(name) else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil && $0! >= 0 }) else {
            throw UsageError(spec: spec, problem: "--\(name) '\(text)' is not a time (seconds or [h:]mm:ss)")
        }
        return parts.reduce(0.0) { $0 * 60 + $1! }
    }
}
