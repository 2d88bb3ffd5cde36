import Foundation
import KlaiCatalog
import KlaiMedia
import KlaiStore

/// The content of a demo library: a few DLIT sample lessons and one DLTV recording, each with a
/// short synthetic clip made in-process and queued for transcoding, so a first `make serve` shows
/// the whole path (catalog → transcode → HLS) without any downloaded media.
struct DemoLibrary {
    let store: Store
    let library: LibraryLocation
    /// How many of the sample DLIT lessons get a clip.
    var lessonClips = 4
    var clipSeconds = 24.0

    /// Writes the clips and a manifest into a scratch folder, imports it, and removes the scratch folder.
    /// - Returns: how many clips were queued for transcoding.
    func populate(catalogFolder: URL?) throws -> Int {
        let scratch = library.dataFolder.appendingPathComponent(".demo-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        var records: [[String: Any]] = []
        if let catalogFolder,
            let data = try? Data(contentsOf: catalogFolder.appendingPathComponent("sample-lessons.json")),
            let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let lessons = manifest["records"] as? [[String: Any]]
        {
            for (number, var lesson) in lessons.prefix(lessonClips).enumerated() {
                guard let key = lesson["key"] as? String else { continue }
                lesson["attachments"] = [try worksheet(for: key, number: number + 1, title: lesson["title"] as? String ?? key)]
                let name = "\(key).mp4"
                print("demo: making a \(Int(clipSeconds)) s clip for \(lesson["title"] ?? key)")
                flushStandardOutput()
                try SyntheticClip(width: 640, height: 360, videoBitRate: 900_000, duration: clipSeconds)
                    .write(to: scratch.appendingPathComponent(name).path)
                lesson["media"] = name
                records.append(lesson)
            }
        }
        if lessonClips > 0 { records += try (1...3).map { try recording(period: $0, in: scratch) } }
        if records.isEmpty { return 0 }

        let manifest = scratch.appendingPathComponent("demo.json")
        let body: [String: Any] = ["sample": true, "records": records]
        try JSONSerialization.data(withJSONObject: body, options: [.prettyPrinted]).write(to: manifest)
        return try ManifestImporter(media: MediaLibrary(root: library.mediaFolder)).importFile(manifest, into: store)
            .queuedTranscodes
    }

    /// A satellite-style capture (interlaced MPEG-2 with MP2 sound in MPEG-TS) of one of DLTV4's first
    /// periods on the latest school day, so the demo shows the full transcode path and "today on DLTV4".
    private func recording(period: Int, in scratch: URL) throws -> [String: Any] {
        var day = LocalDate(Date())
        while day.weekday > 5 { day = day.adding(days: -1) }
        let (start, end) = [("08:30", "09:20"), ("09:30", "10:20"), ("10:30", "11:20")][min(max(period, 1), 3) - 1]
        let name = "DLTV04_\(day)_\(start.replacingOccurrences(of: ":", with: "")).ts"
        print("demo: making a \(Int(clipSeconds)) s satellite-style capture \(name)")
        flushStandardOutput()
        try SyntheticClip(
            container: "mpegts", videoCodec: .mpeg2video, audioCodec: .mp2, width: 720, height: 576,
            interlaced: true, sampleAspect: (16, 15), videoBitRate: 2_500_000, duration: clipSeconds
        ).write(to: scratch.appendingPathComponent(name).path)
        return [
            "kind": "dltv_recording", "channel": "DLTV4", "airDate": day.description, "period": period,
            "start": start, "end": end, "title": "DLTV ป.4 คาบที่ \(period) (ตัวอย่าง)", "grade": "P4",
            "media": name, "sample": true
        ]
    }

    /// A one-page PDF worksheet in `Media/attachments/`, where attachments live (paths relative to Media/).
    private func worksheet(for key: String, number: Int, title: String) throws -> [String: Any] {
        let folder = library.mediaFolder.appendingPathComponent("attachments", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try DemoPDF.page(lines: [
            "Klai demo worksheet \(number)", "Lesson: \(key)", "1. Watch the lesson video.",
            "2. Answer the questions with your teacher."
        ])
        .write(to: folder.appendingPathComponent("\(key)-worksheet.pdf"))
        return ["type": "worksheet", "title": "ใบงานที่ \(number): \(title)", "file": "attachments/\(key)-worksheet.pdf"]
    }
}
