import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A player on the school LAN, reduced to what matters for the relay: it reloads the live playlist
/// every second and downloads each init segment and media segment it has not fetched yet.
struct LivePlayer {
    struct Result {
        var segments: [String] = []
        var bytes = 0
        var sawDiscontinuity = false
        var failures = 0
    }

    let playlistURL: String

    /// Plays for `seconds`.
    func play(seconds: Double) async -> Result {
        let session = URLSession(configuration: .ephemeral)
        var result = Result()
        var fetched = Set<String>()
        let base = String(playlistURL[..<(playlistURL.lastIndex(of: "/") ?? playlistURL.endIndex)])
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if let text = await get(playlistURL, session: session).map({ String(decoding: $0, as: UTF8.self) }) {
                if text.contains("#EXT-X-DISCONTINUITY\n") { result.sawDiscontinuity = true }
                for name in LivePlayer.uris(in: text) where !fetched.contains(name) {
                    fetched.insert(name)
                    if let bytes = await get(base + "/" + name, session: session), !bytes.isEmpty {
                        result.bytes += bytes.count
                        if name.hasSuffix(".m4s") { result.segments.append(name) }
                    } else {
                        result.failures += 1
                    }
                }
            }
            try? await Task.sleep(for: .seconds(1))
        }
        session.invalidateAndCancel()
        return result
    }

    /// Segment and init URIs of a media playlist, in order.
    static func uris(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            if line.hasPrefix("#EXT-X-MAP:URI=\"") { return String(line.dropFirst(16).prefix { $0 != "\"" }) }
            return line.hasPrefix("#") || line.isEmpty ? nil : String(line)
        }
    }

    private func get(_ address: String, session: URLSession) async -> Data? {
        guard let url = URL(string: address),
            let (data, response) = try? await session.data(from: url),
            (response as? HTTPURLResponse)?.statusCode == 200
        else { return nil }
        return data
    }
}
