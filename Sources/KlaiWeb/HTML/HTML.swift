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
        /// An element and its content (one node: a builder's block is already a fragment).
        case element(StaticString, [Attribute], Node, isVoid: Bool)
        case fragment([Node])
        /// Markup written in Klai's own source (the doctype); never built from input.
        case trusted(StaticString)
        /// Markup this type rendered earlier (`RenderedHTML`), escaped then: copied as it is.
        case rendered([UInt8])
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
    public func render() -> String { String(decoding: renderUTF8(), as: UTF8.self) }

    /// The document as UTF-8 bytes, escaped: what a response sends, without a detour through `String`.
    public func renderUTF8() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(16_384)
        Self.write(node, into: &out)
        return out
    }

    private static func write(_ node: Node, into out: inout [UInt8]) {
        switch node {
        case .text(let text):
            escape(text, attribute: false, into: &out)
        case .trusted(let markup):
            append(markup, to: &out)
        case .rendered(let bytes):
            out.append(contentsOf: bytes)
        case .fragment(let children):
            for child in children { write(child, into: &out) }
        case .element(let tag, let attributes, let content, let isVoid):
            out.append(UInt8(ascii: "<"))
            append(tag, to: &out)
            for attribute in attributes {
                out.append(UInt8(ascii: " "))
                append(attribute.prefix, to: &out)
                append(attribute.name, to: &out)
                if let value = attribute.value {
                    out.append(UInt8(ascii: "="))
                    out.append(UInt8(ascii: "\""))
                    escape(value, attribute: true, into: &out)
                    out.append(UInt8(ascii: "\""))
                }
            }
            out.append(UInt8(ascii: ">"))
            if isVoid { return }
            write(content, into: &out)
            out.append(UInt8(ascii: "<"))
            out.append(UInt8(ascii: "/"))
            append(tag, to: &out)
            out.append(UInt8(ascii: ">"))
        }
    }

    private static func append(_ markup: StaticString, to out: inout [UInt8]) {
        markup.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// HTML escaping for text and double-quoted attribute contexts (HTML Living Standard §13.1.2.3:
    /// `&` and `<` in text; `&` and `"` in quoted attributes; `>` and `'` escaped too for good measure).
    ///
    /// Works on the UTF-8 bytes: every character that needs escaping is ASCII, and no byte of a multi-byte
    /// UTF-8 sequence is below 0x80, so a byte scan cannot split a Thai letter. Runs without a special
    /// character are copied whole.
    static func escape(_ text: String, attribute: Bool, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let replacement: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\"") where attribute: replacement = "&quot;"
                case UInt8(ascii: "'") where attribute: replacement = "&#39;"
                case 0: replacement = "\u{FFFD}"
                default: continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                append(replacement, to: &out)
                start = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }
}

/// An attribute of an element. Names are static (from Klai's source); values are escaped.
public struct Attribute: Sendable {
    /// `data-` or `aria-` before `name`, else empty: kept apart so that no name is ever built at run time.
    let prefix: StaticString
    let name: StaticString
    /// `nil` for a boolean attribute written without a value (`required`).
    let value: String?

    /// An attribute `name="value"`.
    public init(_ name: StaticString, _ value: String) {
        self.init(prefix: "", name: name, value: value)
    }

    private init(prefix: StaticString, name: StaticString, value: String?) {
        self.prefix = prefix
        self.name = name
        self.value = value
    }

    /// A boolean attribute: present or absent.
    public static func flag(_ name: StaticString, _ on: Bool = true) -> Attribute? {
        on ? Attribute(prefix: "", name: name, value: nil) : nil
    }

    /// A `data-*` attribute; the suffix is from Klai's source, lower-case letters and dashes only.
    public static func data(_ suffix: StaticString, _ value: String) -> Attribute {
        Attribute(prefix: "data-", name: suffix, value: value)
    }

    public static func `class`(_ value: String) -> Attribute { Attribute("class", value) }
    public static func id(_ value: String) -> Attribute { Attribute("id", value) }
    public static func href(_ value: String) -> Attribute { Attribute("href", value) }
    public static func type(_ value: StaticString) -> Attribute { Attribute("type", value.description) }
    public static func name(_ value: String) -> Attribute { Attribute("name", value) }
    public static func value(_ value: String) -> Attribute { Attribute("value", value) }
    public static func aria(_ suffix: StaticString, _ value: String) -> Attribute {
        Attribute(prefix: "aria-", name: suffix, value: value)
    }
}

/// An element with content: `el("li", .class("done")) { title }`.
public func el(_ tag: StaticString, _ attributes: Attribute?..., @HTMLBuilder content: () -> HTML = { .empty }) -> HTML {
    HTML(.element(tag, attributes.compactMap { $0 }, content().node, isVoid: false))
}

/// A void element (`input`, `img`, `meta`, `link`, `br`): no content, no end tag.
public func void(_ tag: StaticString, _ attributes: Attribute?...) -> HTML {
    HTML(.element(tag, attributes.compactMap { $0 }, HTML.empty.node, isVoid: true))
}

/// Builds `HTML` from statements: strings become escaped text, `if`/`for` work as in Swift.
@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ html: HTML) -> HTML { html }
    public static func buildExpression(_ text: String) -> HTML { HTML(text: text) }
    public static func buildBlock(_ parts: HTML...) -> HTML { parts.count == 1 ? parts[0] : HTML(.fragment(parts.map(\.node))) }
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

/// A piece of markup rendered once and reused: a grid's cells repeat by the thousand but take a few forms,
/// so a page renders each form once and copies its bytes per cell, instead of building and walking a tree.
///
/// The bytes only ever come from `HTML.renderUTF8()`, so they are escaped like everything else this type
/// writes; there is no way to make a `RenderedHTML` from other bytes or text.
public struct RenderedHTML: Sendable {
    let bytes: [UInt8]

    /// Renders `html` now.
    public init(_ html: HTML) { bytes = html.renderUTF8() }

    /// The piece, to place in a builder.
    public var html: HTML { HTML(.rendered(bytes)) }

    /// Several pieces one after another as one node: a row of cells.
    public static func joined(_ pieces: some Sequence<RenderedHTML>) -> HTML {
        var bytes: [UInt8] = []
        for piece in pieces { bytes.append(contentsOf: piece.bytes) }
        return HTML(.rendered(bytes))
    }
}

/// Several pieces in order, from a builder.
public func group(@HTMLBuilder _ content: () -> HTML) -> HTML { content() }
