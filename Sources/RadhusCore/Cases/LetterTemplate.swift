import Foundation

/// A letter template from a service definition, in a small template language (issue 19) that
/// computes but never runs code:
///
/// - `{{name}}`: a value as a person reads it: an answer (a date as 15.08.2027, a choice by its
///   label, kroner as «12 500 kr»), a decision value, or one of `saksnummer`, `kommune`, `dato`,
///   `tjeneste`, `utfall`, `soker` (the applicant's name; `DecisionLetter.compose`); an address's parts as `adresse.gate`.
/// - `{{name + 3 år}}`: a date plus a period (`dag`/`dager`, `uke`/`uker`, `måned`/`måneder`,
///   `år`); `name` is a date: a date answer, a date decision value or `dato`.
/// - `{{sum a b}}`, `{{sum barn.belop}}`: the sum of number or money answers (an unanswered one
///   counts as nothing), `group.question` adding up a repeating group's entries; in kroner
///   («12 500 kr») when every term is money, else as a number.
/// - `{{#if name}}…{{else}}…{{/if}}`: text shown when `name` has an answer (and it is not
///   «nei»); `{{#if not name}}`, `{{#if name == "verdi"}}`, `{{#if name != "verdi"}}` compare
///   the stored value (a choice's `value`, `ja`/`nei`). `{{else}}` is optional; ifs nest.
///
/// What a template names is checked when the service is loaded or published (`ServiceSchema`):
/// a name that is nothing, a date sum on something that is not a date, an unbalanced `{{#if}}`,
/// and an answer that may be missing used outside an `{{#if}}` on it are refused. At render
/// an unknown name is left visible as `{{name}}`, so a mistake shows in a preview.
public struct LetterTemplate: Sendable, Codable, Hashable {
    public var title: LocalizedText
    public var body: LocalizedText

    public init(title: LocalizedText, body: LocalizedText) {
        self.title = title
        self.body = body
    }

    /// What the template is rendered with: each value as a person reads it, and as stored
    /// (for comparisons and date sums).
    public struct Values: Sendable {
        public var display: [String: String]
        public var raw: [String: String]
        /// The names (`belop`, `barn.belop` for a group's question) that are amounts in kroner,
        /// for how a sum reads; and the language it reads in.
        public var money: Set<String> = []
        public var language: Language = .nb

        public init(display: [String: String], raw: [String: String]) {
            self.display = display
            self.raw = raw
        }

        /// Plain values, shown as they are.
        public init(_ plain: [String: String]) {
            display = plain
            raw = plain
        }
    }

    public indirect enum Node: Sendable, Equatable {
        case text(String)
        case value(Expression)
        case when(Condition, then: [Node], otherwise: [Node])
        /// `{{#each barn}}…{{/each}}`: the body once per entry of a repeating group, where the
        /// group's questions are named by their own ids and `{{nr}}` is the entry's number.
        case each(String, body: [Node])
    }

    public enum Expression: Sendable, Equatable {
        case name(String)
        case datePlus(String, Int, Calendar.Component)
        /// `{{sum a b barn.belop}}`: the terms, each a name or `group.question`.
        case sum([String])

        public var name: String { names[0] }

        public var names: [String] {
            switch self {
            case .name(let n), .datePlus(let n, _, _): [n]
            case .sum(let terms): terms
            }
        }
    }

    public enum Condition: Sendable, Equatable {
        case answered(String)
        case notAnswered(String)
        case equals(String, String)
        case notEquals(String, String)

        public var name: String {
            switch self {
            case .answered(let n), .notAnswered(let n), .equals(let n, _), .notEquals(let n, _): n
            }
        }
    }

    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Parses a template; an unbalanced `{{#if}}`/`{{else}}`/`{{/if}}` or a malformed tag is an error.
    public static func parse(_ template: String) throws -> [Node] {
        enum Frame {
            case when(Condition, then: [Node], otherwise: [Node]?)
            case each(String, body: [Node])
        }
        var stack: [Frame] = []
        var nodes: [Node] = []
        func append(_ n: Node) {
            guard let top = stack.popLast() else {
                nodes.append(n)
                return
            }
            switch top {
            case .when(let c, let then, let otherwise?): stack.append(.when(c, then: then, otherwise: otherwise + [n]))
            case .when(let c, let then, nil): stack.append(.when(c, then: then + [n], otherwise: nil))
            case .each(let name, let body): stack.append(.each(name, body: body + [n]))
            }
        }
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { append(.text(String(rest[..<open.lowerBound]))) }
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else {
                throw SyntaxError(description: "en «{{» mangler «}}»")
            }
            let tag = after[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = after[close.upperBound...]
            if tag.hasPrefix("#if ") {
                stack.append(.when(try condition(String(tag.dropFirst(4))), then: [], otherwise: nil))
            } else if tag.hasPrefix("#each ") {
                let name = tag.dropFirst(6).trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, !name.contains(" ") else {
                    throw SyntaxError(description: "{{\(tag)}}: skriv navnet på én gruppe, som {{#each barn}}")
                }
                stack.append(.each(name, body: []))
            } else if tag == "else" {
                guard case .when(let c, let then, nil)? = stack.last else {
                    throw SyntaxError(description: "{{else}} uten {{#if}}")
                }
                stack[stack.count - 1] = .when(c, then: then, otherwise: [])
            } else if tag == "/if" {
                guard case .when(let c, let then, let otherwise)? = stack.last else {
                    throw SyntaxError(description: "{{/if}} uten {{#if}}")
                }
                stack.removeLast()
                append(.when(c, then: then, otherwise: otherwise ?? []))
            } else if tag == "/each" {
                guard case .each(let name, let body)? = stack.last else {
                    throw SyntaxError(description: "{{/each}} uten {{#each}}")
                }
                stack.removeLast()
                append(.each(name, body: body))
            } else if tag.hasPrefix("#") || tag.hasPrefix("/") {
                throw SyntaxError(
                    description:
                        "{{\(tag)}} finnes ikke i malspråket — bruk {{#if …}}, {{else}}, {{/if}}, {{#each …}}, {{/each}}"
                )
            } else {
                append(.value(try expression(tag)))
            }
        }
        if !rest.isEmpty { append(.text(String(rest))) }
        switch stack.last {
        case .when?: throw SyntaxError(description: "en {{#if}} mangler {{/if}}")
        case .each?: throw SyntaxError(description: "en {{#each}} mangler {{/each}}")
        case nil: return nodes
        }
    }

    static let units: [String: Calendar.Component] = [
        "dag": .day, "dager": .day, "uke": .weekOfYear, "uker": .weekOfYear, "måned": .month, "måneder": .month,
        "år": .year,
    ]

    static func expression(_ tag: String) throws -> Expression {
        let parts = tag.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if parts.first == "sum" {
            guard parts.count > 1, parts.count <= 21 else {
                throw SyntaxError(
                    description: "{{\(tag)}}: skriv hva som skal summeres, som {{sum belop}} eller {{sum barn.belop}}")
            }
            return .sum(Array(parts.dropFirst()))
        }
        if parts.count == 1 { return .name(parts[0]) }
        guard parts.count == 4, parts[1] == "+" || parts[1] == "-", let n = Int(parts[2]), let unit = units[parts[3]]
        else {
            throw SyntaxError(
                description:
                    "{{\(tag)}} er verken et navn, en datoregning som {{dato + 3 år}} (enheter: dager, uker, måneder, år) eller en sum som {{sum barn.belop}}"
            )
        }
        return .datePlus(parts[0], parts[1] == "-" ? -n : n, unit)
    }

    static func condition(_ text: String) throws -> Condition {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("not ") { return .notAnswered(t.dropFirst(4).trimmingCharacters(in: .whitespaces)) }
        for (op, make) in [("==", Condition.equals), ("!=", Condition.notEquals)] {
            guard let r = t.range(of: op) else { continue }
            let name = t[..<r.lowerBound].trimmingCharacters(in: .whitespaces)
            let value = t[r.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") else {
                throw SyntaxError(
                    description:
                        "{{#if \(t)}}: sammenlign et navn med en verdi i anførselstegn, som {{#if rolle == \"sjafor\"}}"
                )
            }
            return make(name, String(value.dropFirst().dropLast()))
        }
        guard !t.isEmpty, !t.contains(" ") else {
            throw SyntaxError(description: "{{#if \(t)}}: bruk navn, not navn, navn == \"…\" eller navn != \"…\"")
        }
        return .answered(t)
    }

    /// Every name a template uses, with whether it is used only where `{{#if}}` has made sure
    /// it is answered, and whether it is summed as a date.
    public struct Use: Sendable, Equatable {
        public var name: String
        public var guarded: Bool
        public var asDate: Bool
        public var inCondition: Bool
        /// A term of `{{sum}}` (a number or an amount; unanswered counts as nothing).
        public var asNumber: Bool = false
        /// The repeating group whose `{{#each}}` the name is used in (its questions' ids are names there).
        public var group: String? = nil
        /// The name of an `{{#each}}` itself.
        public var isGroup: Bool = false
    }

    public static func uses(_ nodes: [Node], guardedBy: Set<String> = [], group: String? = nil) -> [Use] {
        var out: [Use] = []
        for n in nodes {
            switch n {
            case .text: break
            case .value(.sum(let terms)):
                out += terms.map {
                    Use(name: $0, guarded: true, asDate: false, inCondition: false, asNumber: true, group: group)
                }
            case .value(let e):
                var isDate = false
                if case .datePlus = e { isDate = true }
                out.append(
                    Use(
                        name: e.name, guarded: guardedBy.contains(e.name), asDate: isDate, inCondition: false,
                        group: group))
            case .each(let name, let body):
                out.append(
                    Use(name: name, guarded: true, asDate: false, inCondition: false, group: group, isGroup: true))
                out += uses(body, guardedBy: guardedBy, group: name)
            case .when(let c, let then, let otherwise):
                out.append(Use(name: c.name, guarded: true, asDate: false, inCondition: true, group: group))
                var inside = guardedBy
                if case .answered(let name) = c { inside.insert(name) }
                if case .equals(let name, _) = c { inside.insert(name) }
                var outside = guardedBy
                if case .notAnswered(let name) = c { outside.insert(name) }
                out += uses(then, guardedBy: inside, group: group) + uses(otherwise, guardedBy: outside, group: group)
            }
        }
        return out
    }

    public static func render(_ nodes: [Node], _ values: Values, calendar: NorwegianCalendar = .init()) -> String {
        var out = ""
        for n in nodes {
            switch n {
            case .text(let t): out += t
            case .value(.name(let name)): out += values.display[name] ?? "{{\(name)}}"
            case .value(.sum(let terms)): out += sum(terms, values)
            case .value(.datePlus(let name, let n, let unit)):
                guard let raw = values.raw[name], let date = calendar.parseDate(raw),
                    let sum = Calendar.norwegian.date(byAdding: unit, value: unit == .weekOfYear ? n : n, to: date)
                else {
                    out += "{{\(name) + …}}"
                    continue
                }
                out += calendar.norwegianDate(sum)
            case .each(let name, let body):
                // Each entry's answers under their own names (`barn.1.navn` as `navn`), over the rest.
                let count = values.raw[name].flatMap(Int.init) ?? 0
                for i in 0..<count {
                    var entry = values
                    let prefix = "\(name).\(i)."
                    for (k, v) in values.display where k.hasPrefix(prefix) {
                        entry.display[String(k.dropFirst(prefix.count))] = v
                    }
                    for (k, v) in values.raw where k.hasPrefix(prefix) {
                        entry.raw[String(k.dropFirst(prefix.count))] = v
                    }
                    entry.display["nr"] = String(i + 1)
                    entry.raw["nr"] = String(i + 1)
                    out += render(body, entry, calendar: calendar)
                }
            case .when(let c, let then, let otherwise):
                let raw = values.raw[c.name] ?? ""
                let answered = !raw.isEmpty && raw != "nei"
                let holds =
                    switch c {
                    case .answered: answered
                    case .notAnswered: !answered
                    case .equals(_, let v): raw == v
                    case .notEquals(_, let v): raw != v
                    }
                out += render(holds ? then : otherwise, values, calendar: calendar)
            }
        }
        return out
    }

    /// A sum's value as a person reads it: kroner when every term is an amount.
    static func sum(_ terms: [String], _ values: Values) -> String {
        func number(_ raw: String?) -> Decimal {
            raw.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) } ?? 0
        }
        var total = Decimal(0)
        for term in terms {
            let parts = term.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2, let count = values.raw[parts[0]].flatMap(Int.init) {
                for i in 0..<count { total += number(values.raw["\(parts[0]).\(i).\(parts[1])"]) }
            } else {
                total += number(values.raw[term])
            }
        }
        if terms.allSatisfy(values.money.contains) { return FieldDefinition.kroner(total, language: values.language) }
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.locale = Locale(identifier: values.language == .en ? "en_GB" : "nb_NO")
        f.maximumFractionDigits = 2
        return f.string(from: total as NSDecimalNumber) ?? "\(total)"
    }

    /// Fills a template; a template that does not parse is shown as it is (the service's
    /// check refuses such a template before it can be used).
    public static func fill(_ template: String, with values: Values) -> String {
        guard let nodes = try? parse(template) else { return template }
        return render(nodes, values)
    }

    public static func fill(_ template: String, with values: [String: String]) -> String {
        fill(template, with: Values(values))
    }

    public func render(language: Language = .nb, values: Values) -> (title: String, body: String) {
        (Self.fill(title[language], with: values), Self.fill(body[language], with: values))
    }

    public func render(language: Language = .nb, values: [String: String]) -> (title: String, body: String) {
        render(language: language, values: Values(values))
    }
}

extension Calendar {
    /// Gregorian in Norwegian time, for date sums in letters.
    static let norwegian: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Oslo")!
        return c
    }()
}
