import Foundation
import Glibc
import KlaiMedia
import KlaiStore
import Testing

/// `klai serve` stopped with SIGTERM (what `systemctl stop klai` and a shutdown send) while it transcodes
/// and relays a live channel: every service is shut down in reverse order and joined.
@Suite(.serialized) struct ServeShutdownTests {
    @Test func sigtermDuringATranscodeAndALiveRelayExitsCleanlyQueuesTheJobAgainAndLeavesNoHalfTree() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("klai-sigterm-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        // A lesson long enough to be mid-transcode when the signal comes, queued by a manifest.
        try SyntheticClip(width: 640, height: 360, videoBitRate: 800_000, duration: 120).write(to: data.appendingPathComponent("lesson.mp4").path)
        let manifest = data.appendingPathComponent("lesson.json")
        try #"{"records": [{"kind": "local_lesson", "key": "sigterm-1", "title": "บทเรียนยาว", "media": "lesson.mp4"}]}"#
            .write(to: manifest, atomically: true, encoding: .utf8)
        let imported = try KlaiProcess.run(["catalog", "import", manifest.path, "--data", data.path, "--catalog", LiveServeTests.catalog])
        try #require(imported.status == 0, "\(imported.errors)")
        // A live channel fed over UDP, relayed (not recorded) by the server.
        let stream = data.appendingPathComponent("channel.ts").path
        try SyntheticClip(container: "mpegts", keyframeInterval: 1, videoBitRate: 300_000, duration: 150).write(to: stream)
        let port = UDPTestSender.freePort()
        let added = try KlaiProcess.run([
            "live", "add", "DLTV4", "udp://127.0.0.1:\(port)", "--data", data.path,
            "--catalog", LiveServeTests.catalog
        ])
        try #require(added.status == 0, "\(added.errors)")
        let sender = UDPTestSender(file: stream, duration: 150, port: port)
        defer { sender.stop() }

        let server = try LiveServeTests.serve(data)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let database = data.appendingPathComponent("Klai.sqlite").path
        let liveFolder = data.appendingPathComponent("Media/live/DLTV4").path
        func job() throws -> (state: String, attempts: Int, progress: Double) {
            let db = try Database(path: database, mode: .readOnly)
            let row = try #require(try db.fetchOne("SELECT state, attempts, progress FROM transcode_job ORDER BY id LIMIT 1"))
            return (try row.get("state"), try row.get("attempts"), try row.get("progress"))
        }
        let deadline = Date().addingTimeInterval(120)
        var busy = false
        while !busy && Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            let current = try job()
            let relay = LiveRelay.savedStatus(in: liveFolder)
            // Running: claimed, its worker writing into a temporary folder beside Media/hls/.
            busy = current.state == "running" && relay?.state == .live
            if current.state == "done" || current.state == "failed" { break }
        }
        let seen = "job \(try job()), relay \(String(describing: LiveRelay.savedStatus(in: liveFolder)))"
        try #require(busy, "the transcode and the relay got going (\(seen))")

        let signalled = Date()
        kill(server.processIdentifier, SIGTERM)
        while server.isRunning && Date().timeIntervalSince(signalled) < 30 { try await Task.sleep(for: .milliseconds(50)) }
        let took = Date().timeIntervalSince(signalled)
        try #require(!server.isRunning, "klai serve still running 30 s after SIGTERM")
        #expect(server.terminationReason == .exit && server.terminationStatus == 0, "a clean exit, not a kill")
        #expect(took < 15, "stopped within 15 s of SIGTERM (took \(took) s)")

        let after = try job()
        #expect(after.state == "queued", "the interrupted transcode waits for the next start")
        #expect(after.attempts == 0, "a clean stop does not use up one of the file's attempts")
        let hls = (try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("Media/hls").path)) ?? []
        #expect(hls.isEmpty, "no half-written or temporary tree left in Media/hls: \(hls)")
        #expect(LiveRelay.savedStatus(in: liveFolder)?.state == .stopped, "the relay was stopped and joined")
    }
}
