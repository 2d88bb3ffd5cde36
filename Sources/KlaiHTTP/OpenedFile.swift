import Glibc

/// An open file with the response fields that depend only on it, computed once.
struct OpenedFile: Sendable {
    let file: OpenFile
    let name: String
    let modified: Int
    /// Strong ETag from inode, size and nanosecond mtime: any rewrite changes it (RFC 9110 §8.8.3).
    let etag: String
    let lastModified: String
    let contentType: String
    let cacheControl: String
    /// The fields of a 304: the validators and Cache-Control (RFC 9110 §15.4.5).
    let validatorFields: HTTPHeaders
    /// The fields of a 200 or 206: the validators, the type, and what the server offers.
    let contentFields: HTTPHeaders

    init(_ opened: (file: OpenFile, name: String, info: stat)) {
        file = opened.file
        name = opened.name
        let info = opened.info
        modified = Int(info.st_mtim.tv_sec)
        etag =
            "\"\(String(UInt64(info.st_ino), radix: 16))-\(String(opened.file.size, radix: 16))-"
            + "\(String(modified, radix: 16)).\(String(Int(info.st_mtim.tv_nsec), radix: 16))\""
        lastModified = HTTPDate.format(modified)
        contentType = MediaType.contentType(forFile: name)
        cacheControl = MediaType.cacheControl(forFile: name)
        var validators: HTTPHeaders = ["ETag": etag, "Last-Modified": lastModified, "Cache-Control": cacheControl]
        var fields = validators
        fields.add("Content-Type", contentType)
        fields.add("Accept-Ranges", "bytes")
        fields.add("X-Content-Type-Options", "nosniff")
        validators.prepareResponseLines()
        fields.prepareResponseLines()
        validatorFields = validators
        contentFields = fields
    }
}
