import Foundation
import KlaiCatalog
import KlaiHTTP

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
            guard links.verify(folder: folder, expiry: request.parameters["expiry"] ?? "",
                               signature: request.parameters["signature"] ?? "") else {
                return .error(.forbidden, "This video link has expired or is not genuine; open the lesson again.")
            }
            return try await files(request)
        }
        // A lesson card's poster, by asset id: the published folder changes with each transcode.
        let store = web.store
        router.get("/posters/:asset") { request in
            guard request.user != nil else { return .error(.unauthorized, "Please sign in.") }
            guard let id = Int64(request.parameters["asset"] ?? ""), id > 0,
                  let asset = try await store.read({ db in try MediaAsset.find(id, in: db) }),
                  let folder = VideoLink.folder(of: asset) else { return .error(.notFound) }
            var inner = request
            inner.parameters["path"] = "\(folder)/poster.jpg"
            return try await files(inner)
        }
        router.get("/hls/*path") { request in
            guard request.user != nil else { return .error(.unauthorized, "Please sign in to watch.") }
            return try await files(request)
        }
    }
}
