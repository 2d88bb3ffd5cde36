import CFFmpeg

/// The size a picture has on screen: coded size × sample aspect ratio, swapped by a 90°/270° rotation.
struct DisplaySize: Equatable {
    var width: Int
    var height: Int

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Applies the sample aspect ratio to the width (SD broadcasts: 720×576 at 64:45 shows as 1024×576).
    init(width: Int, height: Int, sampleAspect: AVRational, rotation: Int) {
        var w = Double(width)
        if sampleAspect.num > 0 && sampleAspect.den > 0 { w = w * Double(sampleAspect.num) / Double(sampleAspect.den) }
        let shown = Int(w.rounded())
        if rotation == 90 || rotation == 270 {
            self.init(width: height, height: shown)
        } else {
            self.init(width: shown, height: height)
        }
    }

    /// Width divided by height.
    var aspect: Double { height > 0 ? Double(width) / Double(height) : 16.0 / 9.0 }
}
