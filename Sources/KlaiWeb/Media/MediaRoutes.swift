import Foundation
import KlaiCatalog
import KlaiHTTP
import KlaiStore

/// `/hls/...`: published HLS trees, for signed-in people or through a signed link (`VideoLink`);
/// anyone else gets 401. Files are served by KlaiHTTP's `FileServer` (sendfile, Range, ETag).
struct MediaRoutes {
    let web: KlaiWeb

    func register(on router: inout Router) throws {
        let files = try FileServer(root: web.configuration.media.hls.path).handler(parameter: "path")
        let links = VideoLink(secret: web.configuration.secret)
        router.get("/hls/s/:expiry/:signature/*path") { request in
            let path = request.parameters["path"] ?? ""
            let folder = path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            guard
                links.verify(
                    folder: folder, expiry: request.parameters["expiry"] ?? "",
                    signature: request.parameters["signature"] ?? "")
            else {
                return .error(.forbidden, "This video link has expired or is not genuine; open the lesson again.")
            }
            return try await files(request)
        }
        // A lesson card's poster, by asset id: the published folder changes with each transcode.
        let store = web.store
        router.get("/posters/:asset") { request in
            guard let id = Int64(request.parameters["asset"] ?? ""), id > 0 else {
                return request.user == nil ? .error(.unauthorized, "Please sign in.") : .error(.notFound)
            }
            var allowed = request.user != nil
            if !allowed, web.dltvOpen(to: request) { allowed = try await Self.isDLTV(asset: id, store: store) }
            guard allowed else { return .error(.unauthorized, "Please sign in.") }
            guard let asset = try await store.read({ db in try MediaAsset.find(id, in: db) }),
                let folder = VideoLink.folder(of: asset)
            else { return .error(.notFound) }
            var inner = request
            inner.parameters["path"] = "\(folder)/poster.jpg"
            return try await files(inner)
        }
        router.get("/hls/*path") { request in
            let folder = (request.parameters["path"] ?? "").split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            var allowed = request.user != nil
            if !allowed, web.dltvOpen(to: request) { allowed = try await Self.isDLTV(folder: folder, store: store) }
            guard allowed else { return .error(.unauthorized, "Please sign in to watch.") }
            return try await files(request)
        }
    }

    /// Whether a published HLS folder (`<asset>-v<job>`) belongs to a DLTV recording (a public broadcast).
    static func isDLTV(folder: String, store: Store) async throws -> Bool {
        guard !folder.isEmpty, !folder.contains("/") else { return false }
        return try await store.read { db in
            try db.fetchOne(
                """
                SELECT 1 FROM catalog_item JOIN media_asset ON media_asset.id = catalog_item.asset_id
                WHERE catalog_item.kind = 'dltv_recording' AND media_asset.hls_path = ?
                """, ["hls/" + folder]) != nil
        }
    }

    /// Whether an asset is a DLTV recording's.
    static func isDLTV(asset: Int64, store: Store) async throws -> Bool {
        try await store.read { db in
            try db.fetchOne("SELECT 1 FROM catalog_item WHERE kind = 'dltv_recording' AND asset_id = ?", [asset]) != nil
        }
    }
}
