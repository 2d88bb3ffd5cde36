import Foundation
import KlaiCrypto
import KlaiHTTP

/// The stylesheet, the player's scripts, icons and the Thai web font, held in memory and served under
/// one content-hashed prefix (`/assets/<hash>/css/site.css`) with immutable caching: a new Klai with
/// changed files gets a new prefix, so a classroom PC never runs yesterday's script with today's page.
///
/// The font comes from Debian's `fonts-noto-core` (Noto Sans Thai, SIL OFL), installed by `make serve`;
/// without it pages fall back to the system's Thai fonts. Nothing is ever fetched from another host.
struct AssetCatalog: Sendable {
    struct Asset: Sendable {
        let bytes: [UInt8]
        let contentType: String
    }

    /// `/assets/<first 12 hex digits of the hash of every file>`.
    let prefix: String
    let files: [String: Asset]

    static let fontFiles = ["NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"]

    /// Where the asset files are: `KLAI_ASSETS`, else `share/klai/Assets` beside an installed binary
    /// (`make install`), else this source tree's `Sources/KlaiWeb/Assets` (`make serve`, tests).
    static func folder() -> URL? {
        var candidates: [URL] = []
        if let given = ProcessInfo.processInfo.environment["KLAI_ASSETS"] { candidates.append(URL(fileURLWithPath: given)) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/klai/Assets").standardized)
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Assets").standardized)
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("css/site.css").path) }
    }

    init(fontFolder: URL, assetFolder: URL? = AssetCatalog.folder()) throws {
        var files: [String: Asset] = [:]
        if let root = assetFolder,
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        {
            let base = root.standardizedFileURL.path
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
                files[path] = Asset(bytes: Array(try Data(contentsOf: url)), contentType: Self.contentType(of: path))
            }
        }
        if assetFolder == nil {
            FileHandle.standardError.write(
                Data("klai: the web pages' assets were not found (set KLAI_ASSETS to the Assets folder); pages will have no style or player\n".utf8))
        }
        for name in Self.fontFiles {
            if let data = FileManager.default.contents(atPath: fontFolder.appendingPathComponent(name).path) {
                files["font/\(name)"] = Asset(bytes: Array(data), contentType: "font/ttf")
            }
        }
        var hasher = SHA256()
        for path in files.keys.sorted() {
            hasher.update(Array(path.utf8))
            if let bytes = files[path]?.bytes { hasher.update(bytes) }
        }
        prefix = "/assets/" + SHA256.hex(hasher.finalize()).prefix(12)
        self.files = files
    }

    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last ?? "" {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ttf": "font/ttf"
        case "woff": "font/woff"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }
}

/// A key for the asset prefix, so pages can link assets.
struct AssetPrefix: RequestStorageKey {
    typealias Value = String
}

/// `GET /assets/<hash>/<path>`: a file from the catalog; a stale hash still gets the current file (an old
/// page open since before an upgrade keeps working), but is not cached as immutable.
struct AssetRoutes {
    let assets: AssetCatalog

    func register(on router: inout Router) {
        let assets = assets
        router.get("/assets/:version/*path") { request in
            guard let path = request.parameters["path"], let asset = assets.files[path] else { return .error(.notFound) }
            let current = "/assets/\(request.parameters["version"] ?? "")" == assets.prefix
            return HTTPResponse(
                status: .ok,
                headers: [
                    "Content-Type": asset.contentType,
                    "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache"
                ], body: .bytes(asset.bytes))
        }
    }
}
