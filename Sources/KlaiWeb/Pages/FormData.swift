import KlaiHTTP

/// The fields of an `application/x-www-form-urlencoded` post; a missing field reads as empty text.
struct FormData {
    let fields: [(name: String, value: String)]

    init(_ request: HTTPRequest) throws {
        guard request.headers["Content-Type"]?.hasPrefix("application/x-www-form-urlencoded") == true else {
            throw WebError.Refusal(
                status: .unsupportedMediaType, thai: "แบบฟอร์มส่งมาในรูปแบบที่ไม่รู้จัก",
                english: "The form was sent in a format Klai does not read.")
        }
        fields = try request.urlencodedForm()
    }

    subscript(name: String) -> String { fields.last { $0.name == name }?.value ?? "" }

    /// Every value of a repeated field (checkboxes).
    func all(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// A whole positive number, or nil (never traps on "1e99" or "-0").
    func id(_ name: String) -> Int64? {
        let text = self[name]
        guard text.utf8.count <= 18, let value = Int64(text), value > 0 else { return nil }
        return value
    }
}
