/// A parsed `multipart/form-data` submission: text fields in memory, files on disk.
public struct MultipartForm: Sendable {
    public var fields: [String: String] = [:]
    public var files: [UploadedFile] = []
}

/// One uploaded file, already written to a temporary file (removed when the last reference goes).
public struct UploadedFile: Sendable {
    public var fieldName: String
    /// The client's file name (untrusted; never use it as a path).
    public var fileName: String
    public var contentType: String?
    public var file: TemporaryFile
}
