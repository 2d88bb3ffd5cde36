/// `form-data; name="field"; filename="a.pdf"` (RFC 6266 §4.1, quoted-string parameters).
struct ContentDisposition {
    var parameters: [String: String] = [:]

    init(_ value: String) {
        var rest = Substring(value)
        guard let semicolon = rest.firstIndex(of: ";") else { return }
        rest = rest[rest.index(after: semicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { return }
            let key = rest[..<equals].trimmingOWS().lowercased()
            rest = rest[rest.index(after: equals)...]
            var parsed = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let c = rest.first, c != "\"" {
                    if c == "\\", let next = rest.dropFirst().first { parsed.append(next); rest = rest.dropFirst(2); continue }
                    parsed.append(c)
                    rest = rest.dropFirst()
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                parsed = String(rest[..<end].trimmingOWS())
                rest = rest[end...]
            }
            parameters[key] = parsed
        }
    }
}
