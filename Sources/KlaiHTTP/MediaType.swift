/// Content types and cache lifetimes by file extension, for HLS trees and downloads.
public enum MediaType {
    static let byExtension: [String: String] = [
        "m3u8": "application/vnd.apple.mpegurl", "m4s": "video/iso.segment", "mp4": "video/mp4",
        "m4a": "audio/mp4", "m4v": "video/mp4", "ts": "video/mp2t", "aac": "audio/aac", "mp3": "audio/mpeg",
        "vtt": "text/vtt; charset=utf-8", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
        "webp": "image/webp", "gif": "image/gif", "svg": "image/svg+xml", "ico": "image/x-icon",
        "pdf": "application/pdf", "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "json": "application/json",
        "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8", "zip": "application/zip",
        "woff2": "font/woff2", "epub": "application/epub+zip",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]

    /// The lower-cased extension of a file name, without the dot.
    static func fileExtension(_ name: Substring) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// The `Content-Type` for a file name; `application/octet-stream` when unknown.
    public static func contentType(forFile name: String) -> String {
        byExtension[fileExtension(Substring(name))] ?? "application/octet-stream"
    }

    /// The `Cache-Control` for a file name: HLS segments never change under their name (Klai writes
    /// each asset into a new folder), playlists may be replaced, so they are kept only briefly.
    public static func cacheControl(forFile name: String) -> String {
        switch fileExtension(Substring(name)) {
        case "m4s", "ts": "public, max-age=31536000, immutable"
        case "m3u8": "public, max-age=5"
        default: "public, max-age=300"
        }
    }
}
