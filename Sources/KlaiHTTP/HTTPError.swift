/// An error a handler may throw to answer with a specific status.
public struct HTTPError: Error, Sendable {
    public var status: HTTPStatus
    /// The sentence the client sees.
    public var message: String?
    public var headers: HTTPHeaders

    /// Creates an error that answers with `status` and, if given, a sentence for the user.
    public init(_ status: HTTPStatus, message: String? = nil, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// The disk filled while content was written (ENOSPC): what was received is already removed. Thai first,
    /// as the people who meet it read Thai; the upload page's script shows the sentence as it is.
    public static let diskFull = HTTPError(
        .insufficientStorage,
        message:
            "พื้นที่ดิสก์ของเครื่องแม่ข่ายเต็ม ไฟล์ที่ส่งมาถูกลบแล้ว ลบไฟล์เก่าหรือย้ายข้อมูลไปดิสก์ที่ใหญ่กว่า แล้วลองอีกครั้ง"
            + " / The server's disk is full; what was sent has been removed. Free some space and try again.")

    var response: HTTPResponse {
        var response = HTTPResponse.error(status, message)
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }
}
