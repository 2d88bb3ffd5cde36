extension StringProtocol {
    /// ASCII case-insensitive comparison, as header names and tokens require (RFC 9110 §5.1).
    func equalsASCIICaseInsensitive<Other: StringProtocol>(_ other: Other) -> Bool {
        // (A native string knows its UTF-8 length without a walk: most names differ there.)
        guard utf8.count == other.utf8.count else { return false }
        var left = utf8.makeIterator()
        var right = other.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let a?, let b?):
                if a == b { continue }
                if a | 0x20 != b | 0x20 { return false }
                let lower = a | 0x20
                if lower < UInt8(ascii: "a") || lower > UInt8(ascii: "z") { return false }
            default: return false
            }
        }
    }

    /// Removes optional whitespace (SP, HTAB) at both ends (RFC 9110 §5.6.3).
    func trimmingOWS() -> Substring {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return s
    }
}

/// The digits of `value` in `radix` (2...16, lowercase), without leading zeros, handed to `body`
/// from a stack buffer: no String formatting and no allocation.
func withDigits<R>(of value: UInt64, radix: UInt64 = 10, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    var digits: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    return withUnsafeMutableBytes(of: &digits) { buffer in  // 64 bytes: room for 64 binary digits
        var rest = value
        var index = buffer.count
        repeat {
            index -= 1
            let digit = UInt8(rest % radix)
            buffer[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            rest /= radix
        } while rest > 0
        return body(UnsafeRawBufferPointer(rebasing: buffer[index...]))
    }
}

extension [UInt8] {
    /// Appends a string's UTF-8 bytes with one copy (`+= text.utf8` walks them one by one).
    mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}
