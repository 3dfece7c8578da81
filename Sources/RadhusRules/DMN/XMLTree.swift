import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small element tree built with Foundation's XMLParser. Names are local (prefix and
/// namespace dropped), so DMN 1.1–1.5 and Camunda's files read the same.
final class XMLElement {
    let name: String
    let attributes: [String: String]
    var children: [XMLElement] = []
    var text = ""
    let line: Int

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    func child(_ n: String) -> XMLElement? { children.first { $0.name == n } }

    /// This element with one more child (to wrap a boxed expression's part).
    func with(_ c: XMLElement) -> XMLElement {
        let copy = XMLElement(name: name, attributes: attributes, line: line)
        copy.children = children + [c]
        copy.text = text
        return copy
    }
    func all(_ n: String) -> [XMLElement] { children.filter { $0.name == n } }
    var textContent: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
    /// The text of `<name><text>…</text></name>`, as DMN nests expressions.
    func textOf(_ n: String) -> String? { child(n)?.child("text")?.text }

    static func localName(_ qName: String) -> String {
        qName.split(separator: ":").last.map(String.init) ?? qName
    }

    static func parse(_ data: Data) throws(FeelError) -> XMLElement {
        let delegate = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldProcessNamespaces = false
        guard parser.parse(), let root = delegate.root else {
            let line = parser.lineNumber
            throw FeelError(
                "not well-formed XML (line \(line)): \(parser.parserError?.localizedDescription ?? "unknown error")")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLElement] = []
        var root: XMLElement?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            var attrs: [String: String] = [:]
            for (k, v) in attributeDict { attrs[XMLElement.localName(k)] = v }
            let e = XMLElement(name: XMLElement.localName(elementName), attributes: attrs, line: parser.lineNumber)
            stack.last?.children.append(e)
            if root == nil { root = e }
            stack.append(e)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            stack.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
