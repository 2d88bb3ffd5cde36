import Foundation

/// The renditions Klai makes of a video: one `Rung` per picture height and bit rate.
///
/// The default suits school networks: 234p ~110 kb/s (with the 32 kb/s mono audio it plays on a
/// 150–200 kb/s link), 360p ~400 kb/s, 540p ~1.1 Mb/s, 720p ~2.2 Mb/s. `plan(for:)` keeps the
/// source's aspect ratio and never upscales.
public struct Ladder: Sendable, Equatable {
    /// One step of the ladder: a picture height and the average video bit rate it gets.
    public struct Rung: Sendable, Equatable {
        /// Picture height in pixels (the width follows the source's aspect ratio).
        public var height: Int
        /// Average video bit rate in bits per second.
        public var bitRate: Int

        /// Makes a rung.
        public init(height: Int, bitRate: Int) {
            self.height = height
            self.bitRate = bitRate
        }
    }

    /// The rungs, lowest first.
    public var rungs: [Rung]

    /// Makes a ladder; rungs are sorted by height.
    public init(rungs: [Rung]) {
        self.rungs = rungs.sorted { $0.height < $1.height }
    }

    /// 234p, 360p, 540p and 720p at 110, 400, 1100 and 2200 kb/s.
    public static let schoolNetwork = Ladder(rungs: [
        Rung(height: 234, bitRate: 110_000), Rung(height: 360, bitRate: 400_000),
        Rung(height: 540, bitRate: 1_100_000), Rung(height: 720, bitRate: 2_200_000)
    ])

    /// Parses `234:150,360:400` (height:kb/s) or `360,540` (heights of the default ladder).
    /// - Returns: nil when the text is not a ladder.
    public init?(parsing text: String) {
        var rungs: [Rung] = []
        for item in text.split(separator: ",") {
            let parts = item.trimmingCharacters(in: .whitespaces).lowercased()
                .replacingOccurrences(of: "p", with: "").split(separator: ":")
            guard let height = Int(parts.first ?? ""), height >= 32, height <= 4320 else { return nil }
            if parts.count == 2, let kbps = Int(parts[1]), kbps > 0 {
                rungs.append(Rung(height: height, bitRate: kbps * 1000))
            } else if parts.count == 1 {
                rungs.append(Rung(height: height, bitRate: Ladder.schoolNetwork.bitRate(forHeight: height)))
            } else {
                return nil
            }
        }
        guard !rungs.isEmpty else { return nil }
        self.init(rungs: rungs)
    }

    /// A bit rate for a height between (or beyond) the rungs, interpolated by pixel count.
    func bitRate(forHeight height: Int) -> Int {
        if let exact = rungs.first(where: { $0.height == height }) { return exact.bitRate }
        let below = rungs.last { $0.height < height }
        let above = rungs.first { $0.height > height }
        switch (below, above) {
        case (let below?, let above?):
            let area = Double(height * height)
            let low = Double(below.height * below.height)
            let high = Double(above.height * above.height)
            return below.bitRate + Int(Double(above.bitRate - below.bitRate) * (area - low) / (high - low))
        case (let below?, nil):
            return below.bitRate * height * height / (below.height * below.height)
        case (nil, let above?):
            return max(64_000, above.bitRate * height * height / (above.height * above.height))
        default:
            return 1_000_000
        }
    }

    /// The renditions for a source shown at `display` size: every rung at or below the source height,
    /// plus one at the source height when it falls between rungs (never upscaled).
    func plan(for display: DisplaySize) -> [PlannedRendition] {
        let sourceHeight = display.height - display.height % 2
        var heights = rungs.map(\.height).filter { $0 <= sourceHeight }
        let top = rungs.last?.height ?? sourceHeight
        if sourceHeight < top && !heights.contains(sourceHeight) { heights.append(sourceHeight) }
        if heights.isEmpty { heights = [sourceHeight] }
        return heights.sorted().map { height in
            var width = Int((Double(height) * display.aspect / 2).rounded()) * 2
            width = min(max(width, 2), 8192)
            return PlannedRendition(name: "\(height)p", width: width, height: height, bitRate: bitRate(forHeight: height))
        }
    }
}
