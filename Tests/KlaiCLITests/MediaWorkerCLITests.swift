import Foundation
import Testing

/// `klai serve` decodes untrusted media in `klai worker` children: a worker that dies is one failed
/// attempt of one job, and the server goes on answering.
@Suite struct MediaWorkerCLITests {
    @Test func theServerKeepsServingWhileAMediaWorkerCrashes() throws {
        let clips = try CLIClips()
        _ = try clips.clip("lesson.mp4", seconds: 2)
        let manifest = try clips.text(
            "lessons.json",
            """
            {"records": [{"kind": "local_lesson", "key": "worker-crash-1", "title": "บทเรียน 1", "media": "lesson.mp4"}]}
            """)
        let data = clips.file("library")
        let imported = try KlaiProcess.run(["catalog", "import", manifest, "--data", data], in: clips.folder)
        #expect(imported.status == 0, "\(imported.errors)")

        // Test-only switch (documented in MediaWorker): every worker aborts before it reads the file.
        let server = try RunningServer(
            arguments: ["serve", "--data", data, "--port", "0"],
            environment: ["KLAI_WORKER_TEST_CRASH": "1"])
        let deadline = Date().addingTimeInterval(60)
        var jobs = ""
        while Date() < deadline {
            jobs = try KlaiProcess.run(["jobs", "--data", data]).output
            if jobs.contains("SIGABRT") { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(jobs.contains("attempt 1/3") && jobs.contains("media worker was killed by signal"), "\(jobs)")
        #expect(server.process.isRunning, "the server outlived its worker")
        let health = try server.request("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(health.hasPrefix("HTTP/1.1 200"), "\(health.prefix(200))")
        #expect(server.stop() == 0)
    }
}
