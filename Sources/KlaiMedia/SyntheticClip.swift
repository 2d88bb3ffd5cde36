/// A description of a small test clip that Klai encodes itself: a moving pattern and a tone.
///
/// Tests and the demo make their media with this instead of checked-in files or the `ffmpeg` CLI.
/// `write(to:)` (in `SyntheticClip+Writing.swift`) encodes it in-process with libavcodec.
public struct SyntheticClip: Sendable {
    /// Video codecs the generator can encode.
    public enum VideoCodec: String, Sendable, CaseIterable {
        case h264 = "libx264"
        case mpeg2video
        case mpeg4
        case mjpeg
    }

    /// Audio codecs the generator can encode.
    public enum AudioCodec: String, Sendable, CaseIterable {
        case aac
        case mp2
        case ac3
        case mp3 = "libmp3lame"
        case pcm = "pcm_s16le"
    }

    /// What the pictures show.
    public enum Scene: String, Sendable, CaseIterable {
        /// A sliding gradient and a square crossing the frame: every frame differs everywhere.
        case pattern
        /// What a recorded lesson looks like: a slide that changes every 8 s, a pointer that moves now
        /// and then, and a small picture of the teacher (slight motion and camera grain) in a corner.
        case lesson
    }

    /// libavformat muxer name: `mp4`, `mpegts`, `matroska`, `avi`, `mp3`, `nut`, …
    public var container: String
    /// Video codec, or nil for an audio-only clip.
    public var videoCodec: VideoCodec?
    /// Audio codec, or nil for a video-only clip.
    public var audioCodec: AudioCodec?
    /// Coded width and height in pixels.
    public var width: Int
    public var height: Int
    /// Frame rate as a fraction (25/1, 30000/1001).
    public var frameRate: (num: Int32, den: Int32)
    /// Encode as interlaced (top field first), as satellite SD/1080i broadcasts are.
    public var interlaced: Bool
    /// Sample (pixel) aspect ratio; 64:45 with 720×576 is 16:9 anamorphic PAL.
    public var sampleAspect: (num: Int32, den: Int32)
    /// Display rotation in degrees written as a display matrix (phone videos), 0 for none.
    public var rotation: Int
    /// Gaps in the frame timestamps (variable frame rate, as phones record); H.264 in MP4/MKV only.
    public var variableFrameRate: Bool
    /// Seconds between keyframes.
    public var keyframeInterval: Double
    /// Target video bit rate in bits per second.
    public var videoBitRate: Int
    /// Audio channels (1, 2 or 6) and sample rate.
    public var audioChannels: Int
    public var sampleRate: Int
    /// Length in seconds.
    public var duration: Double
    /// What the pictures show.
    public var scene: Scene
    /// Options for the muxer (`hls_time`, `hls_segment_filename`, … when `container` is `hls`), so a
    /// test can publish the clip as an HLS stream.
    public var muxerOptions: [(String, String)] = []

    /// A clip with the given shape; the defaults make a 2 s 320×180 H.264/AAC MP4 at 25 fps.
    public init(
        container: String = "mp4", videoCodec: VideoCodec? = .h264, audioCodec: AudioCodec? = .aac,
        width: Int = 320, height: Int = 180, frameRate: (num: Int32, den: Int32) = (25, 1),
        interlaced: Bool = false, sampleAspect: (num: Int32, den: Int32) = (1, 1), rotation: Int = 0,
        variableFrameRate: Bool = false, keyframeInterval: Double = 2, videoBitRate: Int = 400_000,
        audioChannels: Int = 2, sampleRate: Int = 48_000, duration: Double = 2, scene: Scene = .pattern
    ) {
        self.container = container
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.interlaced = interlaced
        self.sampleAspect = sampleAspect
        self.rotation = rotation
        self.variableFrameRate = variableFrameRate
        self.keyframeInterval = keyframeInterval
        self.videoBitRate = videoBitRate
        self.audioChannels = audioChannels
        self.sampleRate = sampleRate
        self.duration = duration
        self.scene = scene
    }
}
