import Glibc

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
                    if n < 0, errno == EINTR { continue }
                    guard n > 0 else { throw errno == ENOSPC || errno == EDQUOT ? HTTPError.diskFull : HTTPError(.internalServerError) }
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
                form.files.append(
                    UploadedFile(
                        fieldName: name, fileName: fileName ?? "", contentType: contentType,
                        file: TemporaryFile(path: path, size: size)))
            } else {
                form.fields[name] = String(decoding: text, as: UTF8.self)
            }
        }
    }

    /// Closes and removes the file part being written, if any (the form failed part-way).
    mutating func abandon() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(path)
    }
}
