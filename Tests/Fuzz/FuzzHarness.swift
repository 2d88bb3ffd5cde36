// libFuzzer entry point for the request parser: it must never crash, hang or read out of bounds,
// whatever bytes arrive and however they are split.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let split = bytes.first else { return 0 }
    #if KLAI_FUZZ_ALL
        if let name = namedFuzzTarget, fuzzNamed(name, bytes) { return 0 }
        // The high bits of the first byte pick the target; most inputs go to the request parser.
        let rest = UnsafeBufferPointer(rebasing: bytes[1...])
        switch split >> 4 {
        case 10, 11: fuzzMultipart(rest, piece: Int(split % 16) + 1); return 0
        case 12, 13: fuzzTextParsers(rest); return 0
        case 14, 15: fuzzStateMachine(rest, piece: Int(split % 16) + 1); return 0
        default: break
        }
    #endif
    let limits = HTTPParserLimits(
        maxRequestLineLength: 256, maxHeaderBytes: 1024, maxHeaderCount: 16,
        maxBodySize: 1 << 20, maxChunkLineLength: 64)
    var parser = HTTPRequestParser(limits: limits)
    // The first byte decides the piece size, so split points are fuzzed too.
    let piece = Int(split % 16) + 1
    var offset = 1
    var bodyBytes = 0
    var inRequest = false
    while offset < bytes.count {
        let end = min(bytes.count, offset + piece)
        parser.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[offset..<end])))
        offset = end
        do {
            while let event = try parser.next() {
                switch event {
                case .head(let head):
                    precondition(!inRequest, "head inside a request")
                    precondition(!head.method.isEmpty && !head.target.isEmpty)
                    if case .length(let n) = head.framing { precondition(n >= 0 && n <= limits.maxBodySize) }
                    inRequest = true
                    bodyBytes = 0
                case .body(let slice):
                    precondition(inRequest && !slice.isEmpty)
                    bodyBytes += slice.count
                    precondition(bodyBytes <= limits.maxBodySize)
                case .end:
                    precondition(inRequest)
                    inRequest = false
                }
            }
        } catch {
            _ = error.status
            return 0
        }
    }
    return 0
}
