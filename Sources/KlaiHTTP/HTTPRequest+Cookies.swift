extension HTTPRequest {
    /// Cookies the client sent (RFC 6265 §5.4); on a repeated name the first wins, as browsers
    /// order the more specific path first.
    public var cookies: [String: String] {
        var result: [String: String] = [:]
        for header in headers.values(for: "Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2 else { continue }
                let name = String(parts[0].trimmingOWS())
                var value = parts[1].trimmingOWS()
                if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
                if !name.isEmpty, result[name] == nil { result[name] = String(value) }
            }
        }
        return result
    }
}

/// A `Set-Cookie` field (RFC 6265 §4.1); defaults are the safe ones for a session cookie.
public struct SetCookie: Sendable, Hashable {
    public var name: String
    public var value: String
    public var path: String? = "/"
    /// Seconds; 0 deletes the cookie; `nil` makes it last for the browser session.
    public var maxAge: Int?
    public var httpOnly = true
    public var secure = false
    /// `Lax`, `Strict` or `None`.
    public var sameSite: String? = "Lax"

    /// Creates a cookie with Path=/, HttpOnly and SameSite=Lax.
    public init(name: String, value: String, maxAge: Int? = nil) {
        self.name = name
        self.value = value
        self.maxAge = maxAge
    }

    /// The field value.
    public var headerValue: String {
        var text = "\(name)=\(value)"
        if let path { text += "; Path=\(path)" }
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if httpOnly { text += "; HttpOnly" }
        if secure { text += "; Secure" }
        if let sameSite { text += "; SameSite=\(sameSite)" }
        return text
    }
}

extension HTTPResponse {
    /// Adds a `Set-Cookie` field.
    public mutating func setCookie(_ cookie: SetCookie) { headers.add("Set-Cookie", cookie.headerValue) }
}
