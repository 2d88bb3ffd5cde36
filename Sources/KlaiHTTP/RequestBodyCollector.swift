/// Gathers request content in memory up to a threshold, then streams it to a temporary file
/// through an `UploadSpool` (written off the event loop).
struct RequestBodyCollector {
    var bytes: [UInt8] = []
    var spool: UploadSpool?
    var count = 0

    /// Adds a piece of content.
    /// - Returns: the bytes to write to `spool`, if this piece goes to disk.
    /// - Throws: `HTTPError` 413 over `limit`, 500 when no temporary file can be made.
    mutating func append(_ part: ArraySlice<UInt8>, limit: Int, configuration: HTTPServerConfiguration) throws -> [UInt8]? {
        count += part.count
        // RFC 9110 §15.5.14: content over the route's limit is refused, whatever the framing said.
        if count > limit { throw HTTPError(.contentTooLarge) }
        if spool == nil, bytes.count + part.count <= configuration.maxInMemoryBodySize {
            bytes += part
            return nil
        }
        if spool == nil {
            guard let created = UploadSpool(directory: configuration.temporaryDirectory) else {
                throw HTTPError(.internalServerError)
            }
            spool = created
            let first = bytes + part
            bytes = []
            return first
        }
        return Array(part)
    }

    /// The complete body; call only once every queued spool write has finished.
    mutating func finish() throws -> HTTPRequestBody {
        if let spool {
            self.spool = nil
            if spool.failed {
                spool.discard()
                if spool.diskWasFull { throw HTTPError.diskFull }
                throw HTTPError(.internalServerError, message: "The upload could not be stored.")
            }
            return .file(spool.finish(size: count))
        }
        return count == 0 ? .none : .bytes(bytes)
    }

    /// Drops a half-received body (connection closed or refused).
    mutating func discard() {
        spool?.discard()
        spool = nil
        bytes = []
    }
}
