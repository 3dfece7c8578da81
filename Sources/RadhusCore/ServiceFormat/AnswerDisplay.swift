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
        case .group:
            // Each entry's answers on one line, the entries separated by semicolons.
            let count = answers[id].flatMap(Int.init) ?? 0
            let entries = (0..<count).map { i in
                (fields ?? []).compactMap {
                    entryField($0, at: i).displayValue(answers: answers, kommune: kommune, language: language)
                }.joined(separator: ", ")
            }.filter { !$0.isEmpty }
            return entries.isEmpty ? nil : entries.joined(separator: "; ")
        case .attachment:
            // The files' names, kept beside their ids when the answers were checked.
            return answers[id + ".navn"].flatMap { $0.isEmpty ? nil : $0 }
        case .yesno:
            return answers[id].map { $0 == "ja" ? Self.yes[language] : Self.no[language] }
        case .choices:
            guard let v = answers[id], !v.isEmpty else { return nil }
            let options = options(for: kommune)
            return v.split(separator: ",").map { value in
                options.first { $0.value == value }?.label[language] ?? String(value)
            }.joined(separator: ", ")
        case .choice:
            guard let v = answers[id] else { return nil }
            return options(for: kommune).first { $0.value == v }?.label[language] ?? v
        case .date:
            let calendar = NorwegianCalendar()
            guard let v = answers[id], let d = calendar.parseDate(v) else { return answers[id] }
            return calendar.norwegianDate(d)
        case .number:
            return answers[id].map { language == .en ? $0 : $0.replacingOccurrences(of: ".", with: ",") }
        case .money:
            return answers[id].flatMap { Decimal(string: $0, locale: FormValidator.posix) }.map {
                Self.kroner($0, language: language)
            }
        case .phone:
            // +47 12 34 56 78 for Norwegian numbers; others as stored.
            guard let v = answers[id] else { return nil }
            guard v.hasPrefix("+47"), v.count == 11 else { return v }
            let d = Array(v.dropFirst(3))
            return "+47 " + stride(from: 0, to: 8, by: 2).map { String(d[$0..<$0 + 2]) }.joined(separator: " ")
        default:
            return answers[id]
        }
    }

    /// «12 500,50 kr» (bokmål), «NOK 12,500.50» (English); whole kroner without decimals.
    public static func kroner(_ amount: Decimal, language: Language) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.locale = Locale(identifier: language == .en ? "en_GB" : "nb_NO")
        var rounded = Decimal()
        var copy = amount
        NSDecimalRound(&rounded, &copy, 0, .plain)
        let whole = rounded == amount
        f.minimumFractionDigits = whole ? 0 : 2
        f.maximumFractionDigits = 2
        let n = f.string(from: amount as NSDecimalNumber) ?? "\(amount)"
        return language == .en ? "NOK \(n)" : "\(n) kr"
    }

    static let yes = LocalizedText(nb: "Ja", en: "Yes")
    static let no = LocalizedText(nb: "Nei", en: "No")
}

extension ServiceDefinition {
    /// The answers and decision values that are amounts in kroner, by the names a letter's
    /// `{{sum}}` uses (`barn.belop` for a repeating group's question).
    public var moneyNames: Set<String> {
        var out = Set<String>()
        for f in fields + (decisionValues ?? []) {
            if f.type == .money { out.insert(f.id) }
            for sub in f.fields ?? [] where sub.type == .money { out.insert("\(f.id).\(sub.id)") }
        }
        return out
    }

    /// The answers as a letter shows them: each field's display value (a date as 15.08.2027, a
    /// choice by its label, kroner as «12 500 kr»); an address's parts as they are.
    public func letterDisplay(answers: [String: String], kommune: String, language: Language = .nb) -> [String: String]
    {
        var out = answers
        for f in fields {
            if let v = f.displayValue(answers: answers, kommune: kommune, language: language), f.type != .address,
                f.type != .group
            {
                out[f.id] = v
            }
            // A group's entries, for `{{#each}}`: each question under `group.index.sub`.
            if f.type == .group {
                for i in 0..<(answers[f.id].flatMap(Int.init) ?? 0) {
                    for sub in f.fields ?? [] {
                        let e = f.entryField(sub, at: i)
                        if let v = e.displayValue(answers: answers, kommune: kommune, language: language),
                            e.type != .address
                        {
                            out[e.id] = v
                        }
                    }
                }
            }
        }
        return out
    }
}
