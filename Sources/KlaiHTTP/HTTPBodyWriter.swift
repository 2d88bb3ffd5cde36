import Glibc

/// Writes a streamed response body; each `write` waits until the bytes have left for the socket,
/// so a slow reader slows the producer instead of filling memory.
public struct HTTPBodyWriter: Sendable {
    let loop: EventLoop
    let fd: Int32
    let connectionID: UInt64
    let chunked: Bool

    /// Sends `bytes` as one chunk.
    /// - Throws: `HTTPServerError` when the client has gone away.
    public func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.execute { [loop, fd, connectionID, chunked] in
                guard let connection = loop.handlers[fd] as? HTTPConnection, connection.id == connectionID,
                    !connection.isClosed
                else {
                    continuation.resume(throwing: HTTPServerError(operation: "write to closed connection", code: EPIPE))
                    return
                }
                connection.enqueueStreamChunk(bytes, chunked: chunked, continuation: continuation)
            }
        }
    }

    /// Sends a string as UTF-8.
    public func write(_ text: String) async throws { try await write(Array(text.utf8)) }
}
