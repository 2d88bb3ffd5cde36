/// The `Host` field split into a name and an optional port (RFC 9110 §7.2, RFC 3986 §3.2.2).
///
/// The server compares the name with the names it answers to, so a page on another site that
/// resolves its own name to the school box (DNS rebinding) cannot read Klai's answers: the browser
/// sends that other name, and the server refuses it with 421 Misdirected Request (RFC 9110 §15.5.20).
public struct HostHeader: Sendable, Hashable {
    /// The host in lower case, without brackets for an IPv6 literal and without a trailing dot.
    public var name: String
    public var port: Int?

    /// Parses `example.org`, `Example.ORG.:8080`, `10.0.0.5`, `[::1]:8080`; `nil` for anything else
    /// (an empty host, a bad port, characters a host cannot hold).
    public init?(_ value: String) {
        var text = Substring(value.trimmingOWS())
        guard !text.isEmpty, text.utf8.count <= 255 else { return nil }
        var port: Int?
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":", let number = HostHeader.port(after.dropFirst()) else { return nil }
                port = number
            }
            text = text[text.index(after: text.startIndex)..<close]
            guard let address = ForwardedHeaders.canonical(String(text)), address.contains(":") else { return nil }
            self.name = address
            self.port = port
            return
        }
        if let colon = text.lastIndex(of: ":") {
            guard let number = HostHeader.port(text[text.index(after: colon)...]) else { return nil }
            port = number
            text = text[..<colon]
        }
        if text.last == "." { text = text.dropLast() }
        // RFC 3986 reg-name: unreserved and sub-delims; percent-encoding is not used in DNS names.
        guard !text.isEmpty, text.utf8.allSatisfy(HostHeader.isNameByte) else { return nil }
        self.name = text.lowercased()
        self.port = port
    }

    /// The port digits: 0…65535, at most five digits (an empty port is allowed by RFC 3986 and means none).
    static func port<S: StringProtocol>(_ text: S) -> Int?? {
        guard !text.isEmpty else { return .some(nil) }
        guard text.utf8.count <= 5, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let number = Int(text), number <= 65535
        else { return nil }
        return .some(number)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            true
        default: false
        }
    }
}
