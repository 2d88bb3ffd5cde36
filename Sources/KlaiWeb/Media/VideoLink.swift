import Foundation
import KlaiCatalog

/// Short-lived signed links to an asset's HLS tree, so a classroom TV can play a lesson its teacher
/// opened without signing in: `/hls/s/<expiry>/<signature>/<folder>/master.m3u8`, where the folder is the
/// published tree's name under `Media/hls/` (`12-v3`: each transcode publishes a new folder, so segments
/// cached as immutable never change under a URL).
///
/// The signature is an HMAC-SHA256 under the server secret of the folder name and the expiry (Unix
/// seconds). Expiries are rounded up to a 6-hour boundary, so links made within those hours are the
/// same URL and the browser's cache of segments keeps working; a link lives 6 to 12 hours.
struct VideoLink {
    static let granularity: TimeInterval = 6 * 3600
    let secret: ServerSecret

    /// The signed URL of a file in an asset's tree.
    func url(folder: String, file: String = "master.m3u8", now: Date = Date()) -> String {
        let expiry = Self.expiry(now)
        return "/hls/s/\(expiry)/\(signature(folder: folder, expiry: expiry))/\(folder)/\(file)"
    }

    /// The signed URL of a live channel's playlist: `/live/s/<expiry>/<signature>/<channel>/index.m3u8`,
    /// signed as the folder `live/<channel>` (no published tree's name holds a `/`, so the two never meet).
    func liveURL(channel: String, now: Date = Date()) -> String {
        let expiry = Self.expiry(now)
        return "/live/s/\(expiry)/\(signature(folder: "live/\(channel)", expiry: expiry))/\(channel)/index.m3u8"
    }

    /// Unix seconds a link made at `now` lasts until: the next 6-hour boundary plus 6 hours.
    private static func expiry(_ now: Date) -> Int64 {
        Int64((now.timeIntervalSince1970 / granularity).rounded(.up) * granularity + granularity)
    }

    func signature(folder: String, expiry: Int64) -> String { String(secret.sign("hls|\(folder)|\(expiry)").prefix(32)) }

    /// Whether a signed path's parts are genuine and not yet expired.
    func verify(folder: String, expiry: String, signature given: String, now: Date = Date()) -> Bool {
        guard !folder.isEmpty, folder.utf8.count <= 64, let until = Int64(expiry),
            Double(until) > now.timeIntervalSince1970
        else { return false }
        return ServerSecret.equal(signature(folder: folder, expiry: until), given)
    }

    /// The published folder's name of an asset (`12-v3`), from its `hls/…` path.
    static func folder(of asset: MediaAsset) -> String? {
        guard asset.status == .ready, let path = asset.hlsPath else { return nil }
        return path.split(separator: "/").last.map(String.init)
    }
}
