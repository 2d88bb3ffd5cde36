import Foundation
import KlaiMedia

// The browser tests' live channel: Klai's synthetic clip as H.264/AAC in MPEG-TS with a keyframe every
// second, which the tests send over UDP to a relay as a satellite-to-IP receiver would (the Debian box
// has no ffmpeg program to make one).
//
// usage: klai-live-source FILE.ts SECONDS
let arguments = CommandLine.arguments
guard arguments.count == 3, let seconds = Double(arguments[2]), seconds.isFinite, (1...3600).contains(seconds) else {
    FileHandle.standardError.write(Data("usage: klai-live-source FILE.ts SECONDS (1 to 3600)\n".utf8))
    exit(2)
}
do {
    try SyntheticClip(
        container: "mpegts", width: 640, height: 360, keyframeInterval: 1, videoBitRate: 400_000,
        duration: seconds
    ).write(to: arguments[1])
} catch {
    FileHandle.standardError.write(Data("klai-live-source: \(error.sentence)\n".utf8))
    exit(1)
}
