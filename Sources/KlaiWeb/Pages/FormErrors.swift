/// Problems with a submitted form, shown GOV.UK-style: a summary at the top linking to each field,
/// and the message again above the field.
struct FormErrors {
    private(set) var entries: [(field: String, message: String)] = []

    var isEmpty: Bool { entries.isEmpty }

    mutating func add(_ field: String, _ message: String) { entries.append((field, message)) }

    func message(for field: String) -> String? { entries.first { $0.field == field }?.message }

    /// The summary box; focusable so the page can move focus to it.
    func summary(_ context: PageContext) -> HTML {
        if entries.isEmpty { return .empty }
        return el("div", .class("error-summary"), Attribute("role", "alert"), Attribute("tabindex", "-1")) {
            el("h2") { context.t("มีบางอย่างต้องแก้ไข", "There is a problem") }
            el("ul") {
                for entry in entries { el("li") { el("a", .href("#\(entry.field)")) { entry.message } } }
            }
        }
    }

    /// A labelled field with its error above it (labels above fields, as GOV.UK Frontend does).
    func field(
        _ id: String, label: String, type: StaticString = "text", value: String = "", hint: String? = nil,
        autocomplete: String? = nil, required: Bool = true, extra: [Attribute] = []
    ) -> HTML {
        let message = self.message(for: id)
        return el("div", .class(message == nil ? "field" : "field has-error")) {
            el("label", Attribute("for", id)) { label }
            if let hint { el("p", .class("hint"), .id("\(id)-hint")) { hint } }
            if let message { el("p", .class("field-error"), .id("\(id)-error")) { message } }
            HTML(
                .element(
                    "input",
                    ([
                        .type(type), .id(id), .name(id), .value(value),
                        autocomplete.map { Attribute("autocomplete", $0) },
                        .flag("required", required),
                        message != nil ? .aria("invalid", "true") : nil,
                        hint != nil || message != nil
                            ? .aria(
                                "describedby",
                                [hint != nil ? "\(id)-hint" : nil, message != nil ? "\(id)-error" : nil]
                                    .compactMap { $0 }.joined(separator: " ")) : nil
                    ] + extra).compactMap { $0 },
                    HTML.empty.node, isVoid: true))
        }
    }
}
