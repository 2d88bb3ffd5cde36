import Foundation
import KlaiMedia
import Testing

/// `klai serve` recording a live channel, killed with SIGKILL mid-period and started again.
@Suite(.serialized) struct LiveServeTests {
    static let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Catalog").path

    /// Starts `klai serve` with 20-second test periods; returns once it is serving.
    static func serve(_ data: URL) throws -> Process {
        let process = Process()
        process.executableURL = KlaiProcess.executable
        process.arguments = ["serve", "--data", data.path, "--port", "0", "--catalog", catalog]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KLAI_") }
            .merging(["KLAI_LIVE_TEST_PERIOD_SECONDS": "20"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("/healthz") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw CocoaError(.fileReadUnknown) }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        return process
    }

    /// `klai live status` lines for the channel's recordings: period number → line.
    static func recordings(_ data: URL) throws -> [Int: String] {
        let outcome = try KlaiProcess.run(["live", "status", "--data", data.path, "--catalog", catalog])
        var result: [Int: String] = [:]
        for line in outcome.output.split(separator: "\n") where line.contains(" period ") {
            let afterPeriod = line.components(separatedBy: " period ").last ?? ""
            if let number = Int(afterPeriod.prefix { $0.isNumber }) { result[number] = String(line) }
        }
        return result
    }

    @Test func aKilledServerKeepsThePartialPeriodMarkedAndRecordsTheNextOne() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("klai-live-kill-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        let stream = data.appendingPathComponent("channel.ts").path
        try SyntheticClip(container: "mpegts", keyframeInterval: 1, videoBitRate: 300_000, duration: 120).write(to: stream)
        let port = UDPTestSender.freePort()
        let added = try KlaiProcess.run([
            "live", "add", "DLTV4", "udp://127.0.0.1:\(port)", "--record", "--pre-roll", "0",
            "--post-roll", "0", "--data", data.path, "--catalog", LiveServeTests.catalog
        ])
        try #require(added.status == 0, "\(added.errors)")
        let sender = UDPTestSender(file: stream, duration: 120, port: port)
        defer { sender.stop() }

        // Wait until a period has been recording for a while, then pull the plug.
        var server = try LiveServeTests.serve(data)
        // Whichever server is running when the test ends (a failed expectation included) goes with it.
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        var killedPeriod: Int?
        let deadline = Date().addingTimeInterval(60)
        while killedPeriod == nil && Date() < deadline {
            try await Task.sleep(for: .seconds(1))
            // Test periods run back to back from midnight Thai time (UTC+7), 20 s each, numbered from 1.
            let now = (Date().timeIntervalSince1970 + 7 * 3600).truncatingRemainder(dividingBy: 86_400)
            let airing = Int(now / 20) + 1
            let intoPeriod = now.truncatingRemainder(dividingBy: 20)
            // The period on air is being recorded (its file is growing) and is 8–14 s along.
            let folder = data.appendingPathComponent("Media/recording").path
            let file = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.first { $0.hasSuffix("-p\(airing).mp4") }
            let size = file.flatMap { try? FileManager.default.attributesOfItem(atPath: folder + "/" + $0)[.size] as? Int } ?? 0
            if try LiveServeTests.recordings(data)[airing]?.contains("recording") == true, size > 100_000,
                intoPeriod >= 8, intoPeriod <= 14
            {
                killedPeriod = airing
                kill(server.processIdentifier, SIGKILL)
                server.waitUntilExit()
            }
        }
        let killed = try #require(killedPeriod)

        server = try LiveServeTests.serve(data)
        var lines: [Int: String] = [:]
        let second = Date().addingTimeInterval(60)
        while Date() < second {
            try await Task.sleep(for: .seconds(1))
            lines = try LiveServeTests.recordings(data)
            if let next = lines.first(where: { $0.key > killed && ($0.value.contains("complete") || $0.value.contains("incomplete")) }),
                !next.value.contains("recording")
            {
                break
            }
        }
        server.terminate()
        server.waitUntilExit()

        let partial = try #require(lines[killed])
        #expect(partial.contains("incomplete"), "\(partial)")
        #expect(partial.contains("missing"), "\(partial)")
        let next = lines.filter { $0.key > killed }.sorted { $0.key < $1.key }.first
        #expect(next?.value.contains(": complete") == true, "\(lines)")
        // One row per period, however often Klai started: the killed period was not recorded again.
        #expect(lines.keys.count == Set(lines.keys).count)
    }
}
