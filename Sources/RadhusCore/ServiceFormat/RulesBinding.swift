import Foundation

/// How a service's answers feed a DMN decision, and how its result becomes an outcome.
public struct RulesBinding: Sendable, Codable, Hashable {
    /// The DMN file in the service's folder.
    public var file: String
    public var decision: String
    /// The output (of a multi-output table) that holds the outcome; the value itself if nil.
    public var outcomeOutput: String?
    /// DMN outcome value → the service's outcome id. A value not listed here (for example
    /// "manuell") is not decisive: the case goes to a caseworker, with the rule trace.
    public var outcomes: [String: String]
    public var inputs: [Input]
    /// off, shadow or on, until a kommune chooses otherwise.
    public var defaultMode: AutomationMode

    public struct Input: Sendable, Codable, Hashable {
        /// The DMN input data name.
        public var name: String
        /// A form field, converted to `type` (number, boolean, string, date).
        public var field: String?
        public var type: String?
        /// A derived fact: the age in whole years of the person in this field…
        public var ageOf: String?
        /// …on this month and day (`11-30`)…
        public var onMonthDay: String?
        /// …of the year of this date field (else the year the application is sent).
        public var yearOfField: String?
        /// A repeating group's question added up over its entries (`barn.belop`), a number.
        /// (The group's own id as `field` with `type: number` is its number of entries.)
        public var sumOf: String?
        /// How many files the case holds for this attachment field (issue 24), a number.
        public var filesOf: String?
        /// A fact the platform knows of the case (`CaseFact`), a number.
        public var fact: String?
    }

    public func problems(fields: [FieldDefinition]) -> [String] {
        var out: [String] = []
        let ids = Set(fields.map(\.id))
        for i in inputs {
            for f in [i.field, i.ageOf, i.yearOfField].compactMap({ $0 }) where !ids.contains(f) {
                out.append("regelinndataene «\(i.name)» bruker det ukjente feltet «\(f)»")
            }
            if i.field == nil && i.ageOf == nil && i.sumOf == nil && i.filesOf == nil && i.fact == nil {
                out.append("regelinndataene «\(i.name)» trenger field, ageOf, sumOf, filesOf eller fact")
            }
            if let f = i.filesOf, fields.first(where: { $0.id == f })?.type != .attachment {
                out.append("regelinndataene «\(i.name)»: filesOf «\(f)» må være et vedleggsfelt (type: attachment)")
            }
            if let f = i.fact, CaseFact(rawValue: f) == nil {
                out.append(
                    "regelinndataene «\(i.name)»: fact «\(f)» er ukjent — bruk \(CaseFact.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if let sum = i.sumOf {
                let parts = sum.split(separator: ".", maxSplits: 1).map(String.init)
                let group = fields.first { $0.id == parts.first && $0.type == .group }
                let question = parts.count == 2 ? group?.fields?.first { $0.id == parts[1] } : nil
                if question.map({ [.number, .money].contains($0.type) }) != true {
                    out.append(
                        "regelinndataene «\(i.name)»: sumOf «\(sum)» må være gruppe.spørsmål, der spørsmålet er et tall eller beløp i en gruppe (type: group)"
                    )
                }
            }
            if let t = i.type, !["number", "boolean", "string", "date"].contains(t) {
                out.append(
                    "regelinndataene «\(i.name)» har den ukjente typen «\(t)» — bruk number, boolean, string eller date"
                )
            }
            if let md = i.onMonthDay, md.range(of: #"^\d{2}-\d{2}$"#, options: .regularExpression) == nil {
                out.append("regelinndataene «\(i.name)»: onMonthDay må skrives MM-DD")
            }
        }
        return out
    }
}

/// Per kommune and service: rules off, rules suggest while a person decides (shadow, with
/// the agreement rate recorded), or rules decide the clear cases (on).
public enum AutomationMode: String, Sendable, Codable, CaseIterable {
    case off, shadow, on
}
