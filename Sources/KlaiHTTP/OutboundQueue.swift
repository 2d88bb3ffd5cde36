/// Bytes and file ranges waiting to be written to a socket, in order.
struct OutboundQueue {
    enum Item {
        /// Bytes from `offset`; `more` sets MSG_MORE because a file range follows.
        case bytes([UInt8], offset: Int, more: Bool)
        case file(OpenFile, offset: Int, end: Int)
        /// Resumed once everything before it has been written (stream back-pressure).
        case signal(CheckedContinuation<Void, any Error>)
    }

    var items: [Item] = []
    var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func append(bytes: [UInt8], more: Bool) {
        if !bytes.isEmpty { items.append(.bytes(bytes, offset: 0, more: more)) }
    }

    mutating func append(file: OpenFile, range: Range<Int>) {
        if !range.isEmpty { items.append(.file(file, offset: range.lowerBound, end: range.upperBound)) }
    }

    mutating func append(signal: CheckedContinuation<Void, any Error>) { items.append(.signal(signal)) }

    var first: Item? { isEmpty ? nil : items[head] }

    mutating func replaceFirst(_ item: Item) { items[head] = item }

    mutating func removeFirst() {
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
    }

    /// Fails every waiting stream writer (the connection closed).
    mutating func failWaiters() {
        for item in items[head...] {
            if case .signal(let continuation) = item {
                continuation.resume(throwing: HTTPServerError(operation: "connection closed", code: 32))
            }
        }
        items = []
        head = 0
    }
}
