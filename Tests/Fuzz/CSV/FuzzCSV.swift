// libFuzzer target for the CSV reader behind roster and catalog imports: any bytes, read as UTF-8
// or as Windows-874, give records with positive, increasing line numbers, or a CSVError.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    var texts = [String(decoding: bytes, as: UTF8.self)]
    if case .success(let thai) = Windows874.decode(Array(bytes)) {
        texts.append(thai)
        precondition(Windows874.encode(thai) == Array(bytes), "Windows-874 does not round-trip")
    }
    for text in texts {
        guard let table = try? CSVTable(parsing: text) else { continue }
        var previous = 0
        for record in table.records {
            precondition(record.line > previous && !record.fields.isEmpty)
            previous = record.line
        }
    }
    return 0
}
