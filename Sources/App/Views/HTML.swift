import RadhusCore
import Vapor

/// A small HTML builder. Text and attribute values are escaped by construction; only
/// `raw` inserts markup as it is, and it is used for constants in this codebase only.
///
/// Why not Plot: its typed element contexts have no room for the attributes accessible
/// forms need (autocomplete tokens, inputmode, aria-describedby/invalid), so every form
/// would be escape hatches; this builder is one file and escapes the same way.
public indirect enum Node: Sendable {
    case element(String, [Attr], [Node])
    case void(String, [Attr])
    case text(String)
    case raw(String)
    case group([Node])

    public func render(into out: inout String) {
        switch self {
        case .text(let s): out += Node.escape(s)
        case .raw(let s): out += s
        case .group(let nodes): for n in nodes { n.render(into: &out) }
        case .void(let name, let attrs):
            out += "<\(name)"
            Node.render(attrs, into: &out)
            out += ">"
        case .element(let name, let attrs, let children):
            out += "<\(name)"
            Node.render(attrs, into: &out)
            out += ">"
            for c in children { c.render(into: &out) }
            out += "</\(name)>"
        }
    }

    static func render(_ attrs: [Attr], into out: inout String) {
        for a in attrs {
            guard let value = a.value else { continue }
            if a.isBoolean { out += " \(a.name)" } else { out += " \(a.name)=\"\(escape(value))\"" }
        }
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // A refused character re-shown in what a person typed (`PlainText`) is shown as �:
            // HTML has no place for a NUL or a C1 control, and an override would turn the page.
            case _ where !PlainText.isAllowed(ch, multiline: true): out.unicodeScalars.append("\u{FFFD}")
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    public var rendered: String {
        var s = ""
        render(into: &s)
        return s
    }
}

/// An attribute; a nil value leaves it out, a boolean attribute is written bare.
public struct Attr: Sendable {
    var name: String
    var value: String?
    var isBoolean = false

    public static func attr(_ name: String, _ value: String?) -> Attr { Attr(name: name, value: value) }
    public static func cls(_ v: String) -> Attr { Attr(name: "class", value: v) }
    public static func id(_ v: String) -> Attr { Attr(name: "id", value: v) }
    public static func href(_ v: String) -> Attr { Attr(name: "href", value: v) }
    public static func name(_ v: String) -> Attr { Attr(name: "name", value: v) }
    public static func value(_ v: String) -> Attr { Attr(name: "value", value: v) }
    public static func type(_ v: String) -> Attr { Attr(name: "type", value: v) }
    public static func `for`(_ v: String) -> Attr { Attr(name: "for", value: v) }
    public static func flag(_ name: String, _ on: Bool = true) -> Attr {
        Attr(name: name, value: on ? "" : nil, isBoolean: true)
    }
}

@resultBuilder
public enum NodeBuilder {
    public static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
    public static func buildExpression(_ node: Node) -> [Node] { [node] }
    public static func buildExpression(_ text: String) -> [Node] { [.text(text)] }
    public static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
    public static func buildOptional(_ part: [Node]?) -> [Node] { part ?? [] }
    public static func buildEither(first: [Node]) -> [Node] { first }
    public static func buildEither(second: [Node]) -> [Node] { second }
    public static func buildArray(_ parts: [[Node]]) -> [Node] { parts.flatMap { $0 } }
}

public func el(_ name: String, _ attrs: Attr..., @NodeBuilder children: () -> [Node] = { [] }) -> Node {
    .element(name, attrs, children())
}

public func el(_ name: String, attrs: [Attr], @NodeBuilder _ children: () -> [Node] = { [] }) -> Node {
    .element(name, attrs, children())
}

public func void(_ name: String, _ attrs: Attr...) -> Node { .void(name, attrs) }
public func void(_ name: String, attrs: [Attr]) -> Node { .void(name, attrs) }

/// A complete page, as a Vapor response.
public struct Page: AsyncResponseEncodable, Sendable {
    public var status: HTTPResponseStatus = .ok
    public var html: String

    public func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: html))
    }
}
