/// A piece of an HTML document: text, an element with attributes and children, or several pieces.
///
/// Markup is only ever made by this type: text and attribute values are escaped when rendered, so a
/// lesson title such as `<script>` shows as text. Tag and attribute names are static strings written in
/// Klai's source, never input. (Elementary's result-builder HTML is the model; this is a small subset.)
///
/// ```swift
/// let page = el("p", .class("lead")) { "สวัสดี "; el("strong") { name } }
/// page.render()   // <p class="lead">สวัสดี <strong>…</strong></p>
/// ```
public struct HTML: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case element(StaticString, [Attribute], [Node], isVoid: Bool)
        case fragment([Node])
        /// Markup written in Klai's own source (the doctype); never built from input.
        case trusted(StaticString)
    }

    let node: Node

    init(_ node: Node) { self.node = node }

    /// Text, escaped when rendered.
    public init(text: String) { node = .text(text) }

    /// Nothing.
    public static let empty = HTML(.fragment([]))

    /// The doctype and other constant markup from Klai's source.
    public static func trusted(_ markup: StaticString) -> HTML { HTML(.trusted(markup)) }

    /// The document as a string, escaped.
    public func render() -> String {
        var out = ""
        out.reserveCapacity(8192)
        Self.write(node, into: &out)
        return out
    }

    private static func write(_ node: Node, into out: inout String) {
        switch node {
        case .text(let text):
            escape(text, attribute: false, into: &out)
        case .trusted(let markup):
            out += markup.description
        case .fragment(let children):
            for child in children { write(child, into: &out) }
        case .element(let tag, let attributes, let children, let isVoid):
            out += "<"
            out += tag.description
            for attribute in attributes {
                out += " "
                out += attribute.name
                if let value = attribute.value {
                    out += "=\""
                    escape(value, attribute: true, into: &out)
                    out += "\""
                }
            }
            out += ">"
            if isVoid { return }
            for child in children { write(child, into: &out) }
            out += "</"
            out += tag.description
            out += ">"
        }
    }

    /// HTML escaping for text and double-quoted attribute contexts (HTML Living Standard §13.1.2.3:
    /// `&` and `<` in text; `&` and `"` in quoted attributes; `>` and `'` escaped too for good measure).
    static func escape(_ text: String, attribute: Bool, into out: inout String) {
        var start = text.unicodeScalars.startIndex
        let scalars = text.unicodeScalars
        var index = start
        while index < scalars.endIndex {
            let replacement: String?
            switch scalars[index] {
            case "&": replacement = "&amp;"
            case "<": replacement = "&lt;"
            case ">": replacement = "&gt;"
            case "\"": replacement = attribute ? "&quot;" : nil
            case "'": replacement = attribute ? "&#39;" : nil
            case "\u{0}": replacement = "\u{FFFD}"
            default: replacement = nil
            }
            if let replacement {
                out.unicodeScalars.append(contentsOf: scalars[start..<index])
                out += replacement
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        out.unicodeScalars.append(contentsOf: scalars[start..<scalars.endIndex])
    }
}

/// An attribute of an element. Names are static (from Klai's source); values are escaped.
public struct Attribute: Sendable {
    let name: String
    /// `nil` for a boolean attribute written without a value (`required`).
    let value: String?

    /// An attribute `name="value"`.
    public init(_ name: StaticString, _ value: String) {
        self.name = name.description
        self.value = value
    }

    private init(name: String, value: String?) {
        self.name = name
        self.value = value
    }

    /// A boolean attribute: present or absent.
    public static func flag(_ name: StaticString, _ on: Bool = true) -> Attribute? {
        on ? Attribute(name: name.description, value: nil) : nil
    }

    /// A `data-*` attribute; the suffix is from Klai's source, lower-case letters and dashes only.
    public static func data(_ suffix: StaticString, _ value: String) -> Attribute {
        Attribute(name: "data-" + suffix.description, value: value)
    }

    public static func `class`(_ value: String) -> Attribute { Attribute("class", value) }
    public static func id(_ value: String) -> Attribute { Attribute("id", value) }
    public static func href(_ value: String) -> Attribute { Attribute("href", value) }
    public static func type(_ value: StaticString) -> Attribute { Attribute("type", value.description) }
    public static func name(_ value: String) -> Attribute { Attribute("name", value) }
    public static func value(_ value: String) -> Attribute { Attribute("value", value) }
    public static func aria(_ suffix: StaticString, _ value: String) -> Attribute {
        Attribute(name: "aria-" + suffix.description, value: value)
    }
}

/// An element with content: `el("li", .class("done")) { title }`.
public func el(_ tag: StaticString, _ attributes: Attribute?..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    HTML(.element(tag, attributes.compactMap { $0 }, [content().node], isVoid: false))
}

/// A void element (`input`, `img`, `meta`, `link`, `br`): no content, no end tag.
public func void(_ tag: StaticString, _ attributes: Attribute?...) -> HTML {
    HTML(.element(tag, attributes.compactMap { $0 }, [], isVoid: true))
}

/// Builds `HTML` from statements: strings become escaped text, `if`/`for` work as in Swift.
@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ html: HTML) -> HTML { html }
    public static func buildExpression(_ text: String) -> HTML { HTML(text: text) }
    public static func buildBlock(_ parts: HTML...) -> HTML { HTML(.fragment(parts.map(\.node))) }
    public static func buildOptional(_ part: HTML?) -> HTML { part ?? .empty }
    public static func buildEither(first: HTML) -> HTML { first }
    public static func buildEither(second: HTML) -> HTML { second }
    public static func buildArray(_ parts: [HTML]) -> HTML { HTML(.fragment(parts.map(\.node))) }
    public static func buildLimitedAvailability(_ part: HTML) -> HTML { part }
}

extension HTML: ExpressibleByStringInterpolation {
    /// A string literal (with interpolations) is text.
    public init(stringLiteral value: String) { self.init(text: value) }
}

/// Several pieces in order, from a builder.
public func group(@HTMLBuilder _ content: () -> HTML) -> HTML { content() }
