import Foundation
import Testing
@testable import KlaiMedia

@Suite struct SmokeTests {
    @Test func smoke() throws {
        try? FileManager.default.removeItem(atPath: "/tmp/smoke")
        try FileManager.default.createDirectory(atPath: "/tmp/smoke", withIntermediateDirectories: true)
        let src = "/tmp/smoke/in.mp4"
        try SyntheticClip(width: 640, height: 360, duration: 8).write(to: src)
        _ = try Transcoder(input: src, destination: "/tmp/smoke/out").run()
        let ts = "/tmp/smoke/in.ts"
        try SyntheticClip(container: "mpegts", videoCodec: .mpeg2video, audioCodec: .mp2, width: 720, height: 576,
                          interlaced: true, sampleAspect: (64, 45), videoBitRate: 3_000_000, duration: 8).write(to: ts)
        let r = try Transcoder(input: ts, destination: "/tmp/smoke/outts").run()
        print(r)
    }
}
