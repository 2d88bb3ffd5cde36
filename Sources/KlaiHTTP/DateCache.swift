/// The `Date` field value, formatted once per second per loop (RFC 9110 §6.6.1).
struct DateCache {
    private var second = -1
    private var text = ""

    mutating func current() -> String {
        let now = HTTPDate.now().seconds
        if now != second {
            second = now
            text = HTTPDate.format(now)
        }
        return text
    }
}
