import CKlaiHTTP
import Glibc

extension HTTPConnection {
    /// File content up to this size is copied into the response's one send instead of sent with sendfile.
    static let inlineFileLimit = OpenFile.contentsLimit

    /// Serializes and queues a response, then starts writing it.
    func send(_ response: HTTPResponse) {
        guard !isClosed, !responseStarted else { return }
        responseStarted = true
        status = response.status.code
        account = response.account
        let isHead = head?.method == "HEAD"
        let version = head?.version ?? .http1_1
        var keepAlive = machine.responseReady(keepAlive: !response.closeConnection, now: Monotonic.now())
        var body = response.body
        if case .stream = body, version.minor == 0 {
            // HTTP/1.0 has no chunked coding: the close delimits the content (RFC 9112 §6.3 item 8).
            keepAlive = false
            machine.closeAfterResponse = true
        }
        if response.status.forbidsContent { body = .empty }

        var wire: [UInt8] = []
        let inlineLength = body.knownLength.map { $0 <= Self.inlineFileLimit ? $0 : 0 } ?? 0
        wire.reserveCapacity(256 + inlineLength)
        wire.appendUTF8("HTTP/1.1 ")
        Self.appendDecimal(response.status.code, to: &wire)
        wire.append(UInt8(ascii: " "))
        wire.appendUTF8(response.status.reason)
        wire.appendUTF8("\r\nDate: ")
        wire.appendUTF8(acceptor.dateCache.current())
        wire.appendUTF8("\r\nServer: ")
        wire.appendUTF8(context.configuration.serverName)
        wire.appendUTF8("\r\n")
        response.headers.appendResponseLines(to: &wire)
        if let length = body.knownLength {
            // RFC 9110 §8.6: no Content-Length on 1xx or 204; a 304 has no content to measure (§15.4.5).
            let code = response.status.code
            if code >= 200 && code != 204 && code != 304 {
                wire.appendUTF8("Content-Length: ")
                Self.appendDecimal(length, to: &wire)
                wire.appendUTF8("\r\n")
            }
        } else if version.minor >= 1 {
            wire.appendUTF8("Transfer-Encoding: chunked\r\n")
        }
        if !keepAlive {
            wire.appendUTF8("Connection: close\r\n")
        } else if version.minor == 0 {
            wire.appendUTF8("Connection: keep-alive\r\n")
        }
        wire.appendUTF8("\r\n")

        if isHead { body = .empty }
        switch body {
        case .empty:
            outbound.append(bytes: wire, more: false)
            responseComplete = true
        case .bytes(let bytes):
            wire += bytes
            outbound.append(bytes: wire, more: false)
            responseComplete = true
        case .file(let file, let range) where range.count <= Self.inlineFileLimit && !range.isEmpty:
            // A small file (a playlist, an icon) goes out with its header in one send: for a few hundred
            // bytes, sendfile's splice costs more than the copy it saves. Its bytes were usually read when
            // it was opened (`OpenFile.contents`); a file that shrank since it was opened falls back to
            // sendfile, which notices and closes the connection.
            if let contents = file.contents, range.upperBound <= contents.count {
                wire += contents[range]
                outbound.append(bytes: wire, more: false)
            } else if let bytes = file.read(range) {
                wire += bytes
                outbound.append(bytes: wire, more: false)
            } else {
                outbound.append(bytes: wire, more: true)
                outbound.append(file: file, range: range)
            }
            responseComplete = true
        case .file(let file, let range):
            outbound.append(bytes: wire, more: true)
            outbound.append(file: file, range: range)
            responseComplete = true
        case .stream(let produce):
            outbound.append(bytes: wire, more: false)
            startStream(produce, chunked: version.minor >= 1)
        }
        flush()
    }

    /// Appends a non-negative number's decimal digits (no String in between).
    static func appendDecimal(_ value: Int, to wire: inout [UInt8]) {
        withDigits(of: UInt64(Swift.max(value, 0))) { wire += $0 }
    }

    private func startStream(_ produce: @escaping @Sendable (HTTPBodyWriter) async throws -> Void, chunked: Bool) {
        let writer = HTTPBodyWriter(loop: loop, fd: fd, connectionID: id, chunked: chunked)
        let loop = self.loop
        let fd = self.fd
        let id = self.id
        Task(executorPreference: loop) {
            let failed: Bool
            do {
                try await produce(writer)
                failed = false
            } catch {
                failed = true
            }
            loop.execute {
                guard let connection = loop.handlers[fd] as? HTTPConnection, connection.id == id else { return }
                connection.finishStream(chunked: chunked, failed: failed)
            }
        }
    }

    func enqueueStreamChunk(_ bytes: [UInt8], chunked: Bool, continuation: CheckedContinuation<Void, any Error>) {
        if chunked {
            // RFC 9112 §7.1: chunk = chunk-size CRLF chunk-data CRLF.
            outbound.append(bytes: Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [.cr, .lf], more: false)
        } else {
            outbound.append(bytes: bytes, more: false)
        }
        outbound.append(signal: continuation)
        flush()
    }

    func finishStream(chunked: Bool, failed: Bool) {
        guard !isClosed else { return }
        if failed {
            // Content already started cannot become an error page; cutting the connection tells the client.
            close()
            return
        }
        if chunked { outbound.append(bytes: Array("0\r\n\r\n".utf8), more: false) }
        responseComplete = true
        flush()
    }

    /// Writes as much as the socket takes; asks for EPOLLOUT when it takes no more.
    func flush() {
        var progressed = false
        while !isClosed, let item = outbound.first {
            switch item {
            case .bytes(let bytes, let offset, let more):
                let flags = Int32(MSG_NOSIGNAL) | (more ? Int32(MSG_MORE) : 0)
                let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, flags) }
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN { return waitForWritable(progressed) }
                    close()
                    return
                }
                progressed = true
                bytesSent += n
                if offset + n == bytes.count {
                    outbound.removeFirst()
                } else {
                    outbound.replaceFirst(.bytes(bytes, offset: offset + n, more: more))
                }
            case .file(let file, let offset, let end):
                var position = off_t(offset)
                let n = sendfile(fd, file.fd, &position, min(end - offset, 1 << 21))
                if n < 0 {
                    if errno == EINTR { continue }
                    if errno == EAGAIN { return waitForWritable(progressed) }
                    close()
                    return
                }
                if n == 0 {
                    // The file shrank under us: the promised length cannot be kept.
                    close()
                    return
                }
                progressed = true
                bytesSent += n
                if offset + n >= end {
                    outbound.removeFirst()
                } else {
                    outbound.replaceFirst(.file(file, offset: offset + n, end: end))
                }
            case .signal(let continuation):
                outbound.removeFirst()
                continuation.resume()
            }
        }
        if isClosed { return }
        if progressed { machine.writeProgress(now: Monotonic.now()) }
        if interest & .epollOut != 0 { setInterest(interest & ~.epollOut) }
        if responseComplete { finishExchange() }
    }

    private func waitForWritable(_ progressed: Bool) {
        if progressed { machine.writeProgress(now: Monotonic.now()) }
        setInterest(interest | .epollOut)
    }

    private func finishExchange() {
        logExchange()
        head = nil
        route = nil
        status = 0
        account = nil
        client = peer
        isHTTPS = false
        bytesSent = 0
        responseComplete = false
        responseStarted = false
        perform(machine.responseSent(now: Monotonic.now()))
        if !isClosed {
            process()
            updateReadInterest()
        }
    }

    func logExchange() {
        guard let log = context.configuration.trafficLog else { return }
        let elapsed = Monotonic.now() - exchangeStart
        log.record(
            TrafficRecord(
                seconds: exchangeWallTime.seconds, nanoseconds: exchangeWallTime.nanoseconds,
                clientHost: client.host, clientPort: client.port, account: account,
                method: head?.method ?? "-", target: head?.target ?? "-", status: status == 0 ? 0 : status,
                bytesSent: bytesSent, durationMicroseconds: Int(elapsed / 1000),
                userAgent: head?.headers["User-Agent"]))
    }
}
