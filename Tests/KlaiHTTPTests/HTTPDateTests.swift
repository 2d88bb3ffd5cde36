import Testing

@testable import KlaiHTTP

/// Dates in `If-Modified-Since` and `If-Range`: anyone can send them, to any file.
@Suite struct HTTPDateTests {
    @Test func readsAnIMFFixdate() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
    }

    @Test func ignoresAnIfModifiedSinceWithAYearOfMinus2147483648InsteadOfCrashing() {
        // This once reached `year - 1900` in Int32 and trapped, taking the whole server down.
        #expect(HTTPDate.parse("Sun, 06 Nov -2147483648 08:49:37 GMT") == nil)
        for absurd in [
            "Sun, 99 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 -2147483648:49:37 GMT",
            "Sun, 06 Nov 99999 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:00:00 GMT",
            "Sun, 06 Nov 1994 08::37 GMT", "Sun, +6 Nov 1994 08:49:37 GMT"
        ] {
            #expect(HTTPDate.parse(absurd) == nil, "\(absurd)")
        }
    }
}
