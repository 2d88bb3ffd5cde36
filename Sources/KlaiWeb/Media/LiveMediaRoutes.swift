import Foundation
import KlaiCatalog
import KlaiHTTP

/// `/live/<channel>/<file>`: a relayed channel's live HLS (`Media/live/<channel>/`), for signed-in people
/// or through a signed link (`/live/s/<expiry>/<signature>/<channel>/<file>`, see `VideoLink.liveURL`).
///
/// Only the playlist and the fMP4 pieces of a configured channel are served (`index.m3u8`,
/// `init<digits>.mp4`, `seg<digits>.m4s`); the relay's `status.json` and `Media/recording/` never are.
/// The playlist changes every segment, so it is answered `no-cache` and read from disk each time (the
/// file server's open-file cache would hand out a playlist up to its lifetime old); segments and init
/// pieces are cached briefly only, because a relay started again reuses their names.
struct LiveMediaRoutes {
    /// How long a browser may keep a segment or init piece without asking again.
    static let pieceCacheControl = "private, max-age=20"
    let web: KlaiWeb

    /// The file names a live folder serves.
    enum Piece: Equatable {
        case playlist, initSegment, segment

        init?(name: String) {
            func digits(_ text: Substring) -> Bool { !text.isEmpty && text.count <= 12 && text.allSatisfy { ("0"..."9").contains($0) } }
            if name == "index.m3u8" {
                self = .playlist
            } else if name.hasPrefix("init"), name.hasSuffix(".mp4"), digits(name.dropFirst(4).dropLast(4)) {
                self = .initSegment
            } else if name.hasPrefix("seg"), name.hasSuffix(".m4s"), digits(name.dropFirst(3).dropLast(4)) {
                self = .segment
            } else {
                return nil
            }
        }
    }

    func register(on router: inout Router) throws {
        let folder = web.configuration.media.root.appendingPathComponent("live", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pieces = try FileServer(root: folder.path).handler(parameter: "path")
        var uncached = try FileServer(root: folder.path)
        uncached.openFileCacheLifetime = .zero
        let playlists = uncached.handler(parameter: "path")
        let links = VideoLink(secret: web.configuration.secret)
        let store = web.store

        @Sendable func serve(_ request: HTTPRequest) async throws -> HTTPResponse {
            let channel = request.parameters["channel"] ?? ""
            guard let piece = Piece(name: request.parameters["file"] ?? ""),
                try await store.read({ db in try LiveChannel.all(in: db) }).contains(where: { $0.channel == channel })
            else { return .error(.notFound) }
            var inner = request
            inner.parameters["path"] = "\(channel)/\(request.parameters["file"] ?? "")"
            var response = try await (piece == .playlist ? playlists : pieces)(inner)
            if response.status == .ok || response.status == .notModified || response.status == .partialContent {
                response.headers.set("Cache-Control", piece == .playlist ? "no-cache" : Self.pieceCacheControl)
            }
            return response
        }
        router.get("/live/s/:expiry/:signature/:channel/:file") { request in
            guard
                links.verify(
                    folder: "live/\(request.parameters["channel"] ?? "")", expiry: request.parameters["expiry"] ?? "",
                    signature: request.parameters["signature"] ?? "")
            else {
                return .error(.forbidden, "This live link has expired or is not genuine; open the live page again.")
            }
            return try await serve(request)
        }
        router.get("/live/:channel/:file") { request in
            guard request.user != nil else { return .error(.unauthorized, "Please sign in to watch.") }
            return try await serve(request)
        }
    }
}
