import Glibc

/// Gathers request content in memory up to a threshold, then streams it to a temporary file.
struct RequestBodyCollector {
    var bytes: [UInt8] = []
    var fileFD: Int32 = -1
    var filePath: String?
    var count = 0

    mutating func append(_ part: ArraySlice<UInt8>, limit: Int, configuration: HTTPServerConfiguration) throws {
        count += part.count
        // RFC 9110 §15.5.14: content over the route's limit is refused, whatever the framing said.
        if count > limit { throw HTTPError(.contentTooLarge) }
        if fileFD < 0, bytes.count + part.count <= configuration.maxInMemoryBodySize {
            bytes += part
            return
        }
        if fileFD < 0 {
            var template = Array("\(configuration.temporaryDirectory)/klai-upload-XXXXXX".utf8CString)
            let fd = mkstemp(&template)
            guard fd >= 0 else { throw HTTPError(.internalServerError) }
            fileFD = fd
            filePath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            try write(bytes)
            bytes = []
        }
        try write(part)
    }

    private func write<C: Collection>(_ data: C) throws where C.Element == UInt8 {
        let ok = data.withContiguousStorageIfAvailable { buffer -> Bool in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fileFD, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 { if errno == EINTR { continue }; return false }
                done += n
            }
            return true
        } ?? false
        if !ok { throw HTTPError(.internalServerError) }
    }

    mutating func finish() throws -> HTTPRequestBody {
        if fileFD >= 0, let filePath {
            close(fileFD)
            fileFD = -1
            return .file(TemporaryFile(path: filePath, size: count))
        }
        return count == 0 ? .none : .bytes(bytes)
    }

    /// Drops a half-received body (connection closed or refused).
    mutating func discard() {
        if fileFD >= 0 {
            close(fileFD)
            fileFD = -1
            if let filePath { unlink(filePath) }
        }
        bytes = []
    }
}
