import Foundation

extension FieldDefinition {
    /// How an answer reads to a person (the check page, the case pages, the archived application):
    /// an address on one line, yes/no as words, a choice by its label, a date as dd.mm.åååå, a
    /// number with the language's decimal mark. Nil when the field was not answered.
    public func displayValue(answers: [String: String], kommune: String, language: Language) -> String? {
        switch type {
        case .address:
            let parts = ["gate", "postnummer", "poststed"].compactMap { answers["\(id).\($0)"] }
            guard !parts.isEmpty else { return nil }
            return parts.count == 3 ? "\(parts[0]), \(parts[1]) \(parts[2])" : parts.joined(separator: " ")
        case .yesno:
            return answers[id].map { $0 == "ja" ? Self.yes[language] : Self.no[language] }
        case .choice:
            guard let v = answers[id] else { return nil }
            return options(for: kommune).first { $0.value == v }?.label[language] ?? v
        case .date:
            let calendar = NorwegianCalendar()
            guard let v = answers[id], let d = calendar.parseDate(v) else { return answers[id] }
            return calendar.norwegianDate(d)
        case .number:
            return answers[id].map { language == .en ? $0 : $0.replacingOccurrences(of: ".", with: ",") }
        default:
            return answers[id]
        }
    }

    static let yes = LocalizedText(nb: "Ja", en: "Yes")
    static let no = LocalizedText(nb: "Nei", en: "No")
}
