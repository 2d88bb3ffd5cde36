import Testing
@testable import KlaiWeb

@Suite struct HTMLTests {
    @Test func textAndAttributesAreEscapedByDefault() {
        let title = #"<script>alert("x")</script> & 'คณิต'"#
        let html = el("a", .href(#"/x?a=1&b="2""#), .data("title", title)) { title }.render()
        #expect(html == #"<a href="/x?a=1&amp;b=&quot;2&quot;" data-title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;คณิต&#39;">"#
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

    @Test func thaiDatesAreBuddhistEraAndEnglishGregorian() {
        #expect(CalendarText.date(year: 2026, month: 12, day: 2, .thai) == "2 ธันวาคม 2569")
        #expect(CalendarText.date(year: 2026, month: 12, day: 2, .english) == "2 December 2026")
        #expect(CalendarText.clock(754.2) == "12:34")
        #expect(CalendarText.clock(.infinity) == "0:00")
    }
}
