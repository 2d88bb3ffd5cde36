import Foundation

/// Short-lived signed links to an asset's HLS tree, so a classroom TV can play a lesson its teacher
/// opened without signing in: `/hls/s/<expiry>/<signature>/<asset>/master.m3u8`.
///
/// The signature is an HMAC-SHA256 under the server secret of the asset id and the expiry (Unix
/// seconds). Expiries are rounded up to a 6-hour boundary, so links made within those hours are the
/// same URL and the browser's cache of segments keeps working; a link lives 6 to 12 hours.
struct VideoLink {
    static let granularity: TimeInterval = 6 * 3600
    let secret: ServerSecret

    /// The signed URL of a file in an asset's tree.
    func url(asset: Int64, file: String = "master.m3u8", now: Date = Date()) -> String {
        let expiry = Int64((now.timeIntervalSince1970 / Self.granularity).rounded(.up) * Self.granularity + Self.granularity)
        return "/hls/s/\(expiry)/\(signature(asset: asset, expiry: expiry))/\(asset)/\(file)"
    }

    func signature(asset: Int64, expiry: Int64) -> String { String(secret.sign("hls|\(asset)|\(expiry)").prefix(32)) }

    /// Whether a signed path's parts are genuine and not yet expired.
    func verify(asset: String, expiry: String, signature given: String, now: Date = Date()) -> Bool {
        guard let id = Int64(asset), id > 0, let until = Int64(expiry),
              Double(until) > now.timeIntervalSince1970 else { return false }
        return ServerSecret.equal(signature(asset: id, expiry: until), given)
    }
}
