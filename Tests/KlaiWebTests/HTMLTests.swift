import Foundation
import Testing

@testable import KlaiWeb

@Suite struct HTMLTests {
    @Test func textAndAttributesAreEscapedByDefault() {
        let title = #"<script>alert("x")</script> & 'คณิต'"#
        let html = el("a", .href(#"/x?a=1&b="2""#), .data("title", title)) { title }.render()
        #expect(
            html == #"<a href="/x?a=1&amp;b=&quot;2&quot;" data-title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;คณิต&#39;">"#
                + #"&lt;script&gt;alert("x")&lt;/script&gt; &amp; 'คณิต'</a>"#)
    }

    @Test func voidElementsHaveNoEndTagAndFlagsAppearOnlyWhenSet() {
        #expect(void("input", .type("text"), .flag("required"), .flag("disabled", false)).render() == #"<input type="text" required>"#)
    }

    @Test func builderTakesConditionsAndLoops() {
        let names = ["ก้อง", "ขวัญ"]
        let html = el("ul") {
            for name in names { el("li") { name } }
            if names.isEmpty { "none" }
        }.render()
        #expect(html == "<ul><li>ก้อง</li><li>ขวัญ</li></ul>")
    }

    @Test func renderedPiecesStayEscapedAndReadTheSameAsBuiltOnes() {
        let title = #"<b onclick="x">ก&ข</b>"#
        let cell = RenderedHTML(el("td", .class("cell"), .aria("label", title)) { title })
        let row = el("tr") { RenderedHTML.joined([cell, cell]) }.render()
        let built = el("tr") {
            el("td", .class("cell"), .aria("label", title)) { title }
            el("td", .class("cell"), .aria("label", title)) { title }
        }.render()
        #expect(row == built)
        #expect(row.hasPrefix(#"<tr><td class="cell" aria-label="&lt;b onclick=&quot;x&quot;&gt;ก&amp;ข&lt;/b&gt;">&lt;b onclick="#))
        #expect(el("p") { cell.html }.render() == "<p>" + String(decoding: cell.bytes, as: UTF8.self) + "</p>")
    }

    @Test func thaiDatesAreBuddhistEraAndEnglishGregorian() {
        #expect(CalendarText.date(year: 2026, month: 12, day: 2, .thai) == "2 ธันวาคม 2569")
        #expect(CalendarText.date(year: 2026, month: 12, day: 2, .english) == "2 December 2026")
        #expect(CalendarText.clock(754.2) == "12:34")
        #expect(CalendarText.clock(.infinity) == "0:00")
    }

    @Test func aNulCharacterInATitleBecomesAReplacementCharacterAndThaiMarksStayWhole() {
        let html = el("p") { "ก\u{0}้<ข>" }.render()
        #expect(html == "<p>ก\u{FFFD}้&lt;ข&gt;</p>")
    }

    /// Pages print dates by arithmetic on Bangkok's fixed UTC+7; it must agree with Foundation's calendar for
    /// the Asia/Bangkok zone on every hour of a span that crosses years, leap days and the Thai year's change.
    @Test func bangkokDatesAndTimesAgreeWithTheSystemCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Bangkok")!
        let start = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01 UTC
        for hour in stride(from: 0, to: 24 * 366 * 30, by: 7) {
            let moment = start.addingTimeInterval(Double(hour) * 3600 + 59)
            let expected = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute], from: moment)
            let parts = CalendarText.parts(moment)
            #expect(
                parts.year == expected.year && parts.month == expected.month && parts.day == expected.day
                    && parts.weekday == expected.weekday! - 1 && parts.hour == expected.hour && parts.minute == expected.minute,
                "\(moment)")
            if parts.year != expected.year || parts.day != expected.day || parts.hour != expected.hour { break }
        }
        #expect(CalendarText.dateTime(Date(timeIntervalSince1970: 1_796_175_000), .thai) == "2 ธ.ค. 2569 08:30 น.")
    }
}
