import CFFmpeg

/// The `lesson` scene of `SyntheticClip`: what a recorded DLTV or DLIT lesson mostly looks like, so
/// the thin-link rung's bit rate can be measured on content like the real thing rather than on a
/// pattern where every pixel moves in every frame.
extension ClipWriterDrawing {
    /// Seconds each slide stays up; a new slide is a scene change the encoder must pay for.
    static let slideSeconds = 8.0

    /// Draws picture `index` of the lesson: a light slide with a title bar and lines of "words" that
    /// change every `slideSeconds`, a pointer gliding across the slide for the first two seconds of
    /// each, and the teacher in the bottom-right quarter (a head that sways, with camera grain).
    static func drawLesson(
        _ index: Int, framesPerSecond: Double, into frame: UnsafeMutablePointer<AVFrame>,
        width: Int, height: Int
    ) {
        guard let luma = frame.pointee.data.0, width >= 16, height >= 16 else { return }
        let stride = Int(frame.pointee.linesize.0)
        let seconds = Double(index) / max(framesPerSecond, 1)
        let slide = Int(seconds / slideSeconds)
        let titleHeight = height / 8
        let lineHeight = max(4, height / 14)

        for y in 0..<height {
            let row = luma + y * stride
            if y < titleHeight {
                row.update(repeating: 60, count: width)
                continue
            }
            row.update(repeating: 225, count: width)
            // Words: dark runs of pseudo-random length on every other half line, fixed within a slide.
            let line = (y - titleHeight) / lineHeight
            guard (y - titleHeight) % lineHeight < lineHeight / 2, line < 9 else { continue }
            var x = width / 20
            var word = 0
            while x < width * 3 / 4 {
                let length = max(2, width / 40 + Int(hash(slide, line, word) % UInt32(max(1, width / 12))))
                let end = min(x + length, width * 3 / 4)
                (row + x).update(repeating: 40, count: end - x)
                x = end + max(2, width / 60)
                word += 1
            }
        }

        // The pointer: a small dark square gliding along the slide during the first 2 s of each.
        let intoSlide = seconds - Double(slide) * slideSeconds
        if intoSlide < 2 {
            let size = max(2, height / 30)
            let px = min(width - size, Int(intoSlide / 2 * Double(width * 2 / 3)))
            let py = titleHeight + Int(intoSlide / 2 * Double(height / 2))
            for y in py..<min(height, py + size) { (luma + y * stride + px).update(repeating: 16, count: size) }
        }

        // The teacher: a grey room with grain, a lighter head swaying slowly from side to side.
        let boxX = width * 3 / 4
        let boxY = height * 2 / 3
        let head = max(4, (height - boxY) / 2)
        let sway = Int(Double(head / 3) * sin(2 * Double.pi * seconds / 3))
        let headX = boxX + (width - boxX - head) / 2 + sway
        let headY = boxY + (height - boxY - head) / 3
        for y in boxY..<height {
            let row = luma + y * stride
            for x in boxX..<width {
                let inHead = x >= headX && x < headX + head && y >= headY && y < height
                let grain = Int(hash(index, x, y) % 7) - 3
                row[x] = UInt8(clamping: (inHead ? 175 : 110) + grain)
            }
        }

        // Colour: neutral slide, a blue title bar, warm tones for the teacher.
        let chromaWidth = (width + 1) / 2
        for (plane, title, teacher) in [(frame.pointee.data.1, UInt8(160), UInt8(110)), (frame.pointee.data.2, 110, 150)] {
            guard let plane else { continue }
            let planeStride = Int(plane == frame.pointee.data.1 ? frame.pointee.linesize.1 : frame.pointee.linesize.2)
            for y in 0..<(height + 1) / 2 {
                let row = plane + y * planeStride
                row.update(repeating: y * 2 < titleHeight ? title : 128, count: chromaWidth)
                if y * 2 >= boxY { (row + boxX / 2).update(repeating: teacher, count: chromaWidth - boxX / 2) }
            }
        }
    }

    /// A cheap deterministic mix of three numbers (for word lengths and grain).
    private static func hash(_ a: Int, _ b: Int, _ c: Int) -> UInt32 {
        var h = UInt32(truncatingIfNeeded: a &* 73_856_093 ^ b &* 19_349_663 ^ c &* 83_492_791)
        h ^= h >> 13
        h = h &* 0x5BD1_E995
        return h ^ (h >> 15)
    }
}
