import Foundation

/// A letter template from a service definition. Placeholders are `{{name}}`: the form's
/// field ids (an address's parts as `adresse.gate`), plus `saksnummer`, `kommune`, `dato`,
/// `tjeneste` and `utfall` (`DecisionLetter.compose`). The reasons, the legal basis and how to
/// appeal follow the template in every letter. A placeholder that names nothing, or an answer
/// that may be missing, is refused when the service is loaded or published (`ServiceSchema`).
public struct LetterTemplate: Sendable, Codable, Hashable {
    public var title: LocalizedText
    public var body: LocalizedText

    public init(title: LocalizedText, body: LocalizedText) {
        self.title = title
        self.body = body
    }

    /// Fills the placeholders. An unknown placeholder is left visible as `{{name}}`, so a
    /// typo in a template shows in the letter preview instead of silently vanishing.
    public static func fill(_ template: String, with values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let key = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += values[key] ?? "{{\(key)}}"
            rest = afterOpen[close.upperBound...]
        }
        out += rest
        return out
    }

    public func render(language: Language = .nb, values: [String: String]) -> (title: String, body: String) {
        (Self.fill(title[language], with: values), Self.fill(body[language], with: values))
    }
}
