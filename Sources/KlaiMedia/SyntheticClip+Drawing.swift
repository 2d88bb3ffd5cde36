import CFFmpeg
import Foundation

/// Pattern and tone generation for `SyntheticClip`, kept apart from the muxing code.
enum ClipWriterDrawing {
    /// Draws picture `index`: a diagonal gradient sliding right and a bright square crossing the frame,
    /// so every frame differs (encoders cannot skip it) and motion is easy to see.
    static func draw(_ index: Int, into frame: UnsafeMutablePointer<AVFrame>, width: Int, height: Int) {
        let shift = index * 4
        let box = max(8, height / 6)
        let boxX = (index * 6) % max(1, width - box)
        let boxY = (height - box) / 2
        if let luma = frame.pointee.data.0 {
            let stride = Int(frame.pointee.linesize.0)
            for y in 0..<height {
                let row = luma + y * stride
                for x in 0..<width {
                    let inBox = x >= boxX && x < boxX + box && y >= boxY && y < boxY + box
                    row[x] = inBox ? 235 : UInt8(truncatingIfNeeded: 16 + ((x + y + shift) & 0x7F) + ((x / 16 + y / 16) & 1) * 64)
                }
            }
        }
        let chromaWidth = (width + 1) / 2
        let chromaHeight = (height + 1) / 2
        for (plane, base) in [(frame.pointee.data.1, 96), (frame.pointee.data.2, 160)] {
            guard let plane else { continue }
            let stride = Int(plane == frame.pointee.data.1 ? frame.pointee.linesize.1 : frame.pointee.linesize.2)
            for y in 0..<chromaHeight {
                let row = plane + y * stride
                for x in 0..<chromaWidth {
                    row[x] = UInt8(truncatingIfNeeded: base + ((x * 2 + index) & 0x3F) - 32)
                }
            }
        }
    }

    /// A sample of the tone: 440 Hz on the first channel, a fifth higher on the others.
    static func tone(sample: Int, channel: Int, rate: Int) -> Double {
        let frequency = channel == 0 ? 440.0 : 660.0
        return 0.3 * sin(2 * Double.pi * frequency * Double(sample) / Double(rate))
    }
}
