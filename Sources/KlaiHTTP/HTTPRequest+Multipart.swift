import Glibc

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

extension HTTPRequest {
    /// Parses a `multipart/form-data` body in 64 KiB pieces; file parts go straight to temporary files
    /// in `directory`, text fields (at most `maxFieldSize` bytes each) stay in memory.
    /// - Throws: `HTTPError` 415 for another content type, 400 for a malformed body, 413 for a huge field.
    public func multipartForm(directory: String = "/tmp", maxFieldSize: Int = 64 * 1024) throws -> MultipartForm {
        guard let boundary = headers["Content-Type"].flatMap(MultipartParser.boundary(fromContentType:)) else {
            throw HTTPError(.unsupportedMediaType, message: "Expected multipart/form-data.")
        }
        var parser = MultipartParser(boundary: boundary)
        var form = MultipartForm()
        var collector = PartCollector(directory: directory, maxFieldSize: maxFieldSize)
        try forEachBodyPiece { piece in
            for event in try parser.feed(piece) { try collector.handle(event, into: &form) }
        }
        guard parser.isComplete else { throw HTTPError(.badRequest, message: "The upload was cut short.") }
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

/// Routes multipart events to fields or files.
struct PartCollector {
    let directory: String
    let maxFieldSize: Int
    var name = ""
    var fileName: String?
    var contentType: String?
    var text: [UInt8] = []
    var fd: Int32 = -1
    var path = ""
    var size = 0

    init(directory: String, maxFieldSize: Int) {
        self.directory = directory
        self.maxFieldSize = maxFieldSize
    }

    mutating func handle(_ event: MultipartParser.Event, into form: inout MultipartForm) throws {
        switch event {
        case .headers(let headers):
            let disposition = ContentDisposition(headers["Content-Disposition"] ?? "")
            name = disposition.parameters["name"] ?? ""
            fileName = disposition.parameters["filename"]
            contentType = headers["Content-Type"]
            text = []
            size = 0
            if fileName != nil {
                var template = Array("\(directory)/klai-part-XXXXXX".utf8CString)
                fd = mkstemp(&template)
                guard fd >= 0 else { throw HTTPError(.internalServerError) }
                path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            }
        case .data(let bytes):
            size += bytes.count
            if fd >= 0 {
                var done = 0
                while done < bytes.count {
                    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
                    guard n > 0 else { throw HTTPError(.internalServerError) }
                    done += n
                }
            } else {
                guard size <= maxFieldSize else { throw HTTPError(.contentTooLarge, message: "Field \(name) is too long.") }
                text += bytes
            }
        case .partEnd:
            if fd >= 0 {
                close(fd)
                fd = -1
                form.files.append(UploadedFile(fieldName: name, fileName: fileName ?? "", contentType: contentType,
                                               file: TemporaryFile(path: path, size: size)))
            } else {
                form.fields[name] = String(decoding: text, as: UTF8.self)
            }
        }
    }
}

/// `form-data; name="field"; filename="a.pdf"` (RFC 6266 §4.1, quoted-string parameters).
struct ContentDisposition {
    var parameters: [String: String] = [:]

    init(_ value: String) {
        var rest = Substring(value)
        guard let semicolon = rest.firstIndex(of: ";") else { return }
        rest = rest[rest.index(after: semicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { return }
            let key = rest[..<equals].trimmingOWS().lowercased()
            rest = rest[rest.index(after: equals)...]
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let c = rest.first, c != "\"" {
                    if c == "\\", let next = rest.dropFirst().first { parsed.append(next); rest = rest.dropFirst(2); continue }
                    parsed.append(c)
                    rest = rest.dropFirst()
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = String(rest[..<end].trimmingOWS())
                rest = rest[end...]
            }
            parameters[key] = parsed
        }
    }
}
