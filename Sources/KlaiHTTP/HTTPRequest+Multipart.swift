import Glibc

extension HTTPRequest {
    /// Parses a `multipart/form-data` body in 64 KiB pieces; file parts go straight to temporary files
    /// in `directory`, text fields (at most `maxFieldSize` bytes each) stay in memory.
    /// - Throws: `HTTPError` 415 for another content type, 400 for a malformed body, 413 for a huge field,
    ///   507 when the disk fills; files already written are removed when the error is thrown.
    public func multipartForm(directory: String = "/tmp", maxFieldSize: Int = 64 * 1024) throws -> MultipartForm {
        guard let boundary = headers["Content-Type"].flatMap(MultipartParser.boundary(fromContentType:)) else {
            throw HTTPError(.unsupportedMediaType, message: "Expected multipart/form-data.")
        }
        var parser = MultipartParser(boundary: boundary)
        var form = MultipartForm()
        var collector = PartCollector(directory: directory, maxFieldSize: maxFieldSize)
        do {
            try forEachBodyPiece { piece in
                for event in try parser.feed(piece) { try collector.handle(event, into: &form) }
            }
            guard parser.isComplete else { throw HTTPError(.badRequest, message: "The upload was cut short.") }
        } catch {
            // A file part in progress is not in `form` yet: remove it here, so a failed upload leaves nothing.
            collector.abandon()
            throw error
        }
        return form
    }

    /// Calls `body` with the content in pieces, reading a file-backed body 64 KiB at a time.
    func forEachBodyPiece(_ body: (ArraySlice<UInt8>) throws -> Void) throws {
        switch self.body {
        case .none: return
        case .bytes(let bytes): try body(bytes[...])
        case .file(let temporary):
            let file = try OpenFile(path: temporary.path)
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            var offset = 0
            while true {
                let n = buffer.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress, $0.count, off_t(offset)) }
                guard n > 0 else { return }
                offset += n
                try body(buffer[0..<n])
            }
        }
    }
}
