import Foundation

/// A DMN decision the platform asks about a case beside the outcome rules (issue 24): which
/// documents are missing, how many weeks the law gives, what the fee is. The same inputs as the
/// outcome rules (`RulesBinding.Input`), and two more kinds of fact: `filesOf` (how many files
/// the case holds for an attachment field, the application's and those sent after) and `fact`
/// (what the platform knows of the case: `nabomerknader`, the neighbours' comments received).
public struct DecisionBinding: Sendable, Codable, Hashable {
    public var file: String
    public var decision: String
    public var inputs: [RulesBinding.Input]

    public init(file: String, decision: String, inputs: [RulesBinding.Input]) {
        self.file = file
        self.decision = decision
        self.inputs = inputs
    }

    /// As the outcome rules' binding, to load and evaluate it the same way (no outcomes).
    public var asRules: RulesBinding {
        RulesBinding(
            file: file, decision: decision, outcomeOutput: nil, outcomes: [:], inputs: inputs, defaultMode: .off)
    }

    func problems(_ what: String, fields: [FieldDefinition]) -> [String] {
        asRules.problems(fields: fields).map { "\(what): \($0)" }
    }
}

/// The facts `fact:` may name.
public enum CaseFact: String, Sendable, CaseIterable {
    /// Comments (merknader) received from the neighbours notified (`thirdParties`).
    case nabomerknader
}

extension ServiceDefinition {
    /// A deadline set by law in weeks from the complete application (issue 24): the weeks a
    /// rule gives the case (or `weeks` when none), the law that sets it.
    public struct StatutoryWeeks: Sendable, Codable, Hashable {
        public var weeks: Int
        public var rule: DecisionBinding?
        public var basis: String
    }

    /// The checklist of a complete application: a decision that lists the ids of the
    /// attachment fields whose documents are missing (none: complete). An incomplete
    /// application gets a request for them at once, and the deadline starts when they are in.
    public struct Completeness: Sendable, Codable, Hashable {
        public var file: String
        public var decision: String
        public var inputs: [RulesBinding.Input]
        /// Days the applicant has to send what is missing.
        public var answerDays: Int?
        public var binding: DecisionBinding { DecisionBinding(file: file, decision: decision, inputs: inputs) }
    }

    /// Letters to people the case concerns who did not apply (issue 24: neighbours, pbl § 21-3):
    /// one per entry of a repeating group, each with a personal link to read the application's
    /// documents and comment within `commentDays`, without an account.
    public struct ThirdParties: Sendable, Codable, Hashable {
        /// The group (`type: group`) listing them, and its questions holding each one's
        /// fødselsnummer, name and postal address (one line: «Storgata 1, 9405 Harstad»).
        public var field: String
        public var personField: String
        public var nameField: String
        public var addressField: String
        public var commentDays: Int
        /// The letter: `{{mottaker}}`, `{{lenke}}`, `{{frist}}` and the application's answers.
        public var letter: LetterTemplate
        public var basis: String
        /// What a comment is called on the pages (merknad).
        public var commentLabel: LocalizedText?
    }

    /// The fee (gebyr) a decision sets: a decision that gives kroner from the answers, the
    /// kommune's own table when it set one (`LocalParts.feeRules`), and how much comes off
    /// for a decision made after a statutory deadline.
    public struct Fee: Sendable, Codable, Hashable {
        public var file: String
        public var decision: String
        public var inputs: [RulesBinding.Input]
        public var lateReduction: LateReduction?
        public var binding: DecisionBinding { DecisionBinding(file: file, decision: decision, inputs: inputs) }

        /// The names a letter may use for the fee (`LateFeeReduction.decisionValues`).
        public static let letterValues = Set(LateFeeReduction(fee: 0, daysLate: 0).decisionValues.keys)

        public struct LateReduction: Sendable, Codable, Hashable {
            public var percentPerStartedWeek: Int
            public var basis: String
        }
    }

    /// A follow-up application on the decided case (issue 24): igangsettingstillatelse after a
    /// rammetillatelse, ferdigattest at the end. Sent from the case in «Mine saker» with its
    /// documents, it reopens the case with its own statutory deadline and outcomes; its
    /// decision closes the case again.
    public struct FollowUp: Sendable, Codable, Hashable, Identifiable {
        public var id: String
        public var title: LocalizedText
        /// What the applicant is told the follow-up is for.
        public var summary: LocalizedText?
        /// The outcome of the case's decision that opens it.
        public var after: String
        /// Only for applications whose answers meet this (e.g. a rammetillatelse).
        public var when: FieldDefinition.Condition?
        /// Another follow-up that must be granted first, when that one applies to the case.
        public var requires: String?
        public var weeks: Int
        public var basis: String
        /// Its documents (attachment fields of its own), each a file input on its form.
        public var documents: [FieldDefinition]
        public var outcomes: [Outcome]
    }

    /// The definition a follow-up is decided with: this service's, with the follow-up's
    /// title, outcomes and deadline, and none of the application's own case decisions.
    public func forFollowUp(_ f: FollowUp) -> ServiceDefinition {
        var d = self
        d.title = f.title
        d.outcomes = f.outcomes
        d.decisionValues = nil
        d.rules = nil
        d.completeness = nil
        d.fee = nil
        d.thirdParties = nil
        d.followUps = nil
        d.deadline.statutory = StatutoryWeeks(weeks: f.weeks, rule: nil, basis: f.basis)
        return d
    }

    public func followUp(_ id: String) -> FollowUp? { followUps?.first { $0.id == id } }

    /// The DMN files the definition names, each once: the outcome rules' and the case decisions'.
    public var decisionFiles: [String] {
        var out: [String] = []
        for f in [rules?.file, deadline.statutory?.rule?.file, completeness?.file, fee?.file].compactMap({ $0 })
        where !out.contains(f) {
            out.append(f)
        }
        return out
    }

    /// The case decisions by purpose (`completeness`, `deadline`, `fee`).
    public var caseDecisions: [String: DecisionBinding] {
        var out: [String: DecisionBinding] = [:]
        if let c = completeness { out["completeness"] = c.binding }
        if let r = deadline.statutory?.rule { out["deadline"] = r }
        if let f = fee { out["fee"] = f.binding }
        return out
    }

    func caseDecisionProblems() -> [String] {
        var out: [String] = []
        if let s = deadline.statutory {
            if !(1...52).contains(s.weeks) { out.append("deadline.statutory.weeks må være 1 til 52 uker") }
            if s.basis.trimmingCharacters(in: .whitespaces).isEmpty {
                out.append("deadline.statutory.basis må si hvilken lov som setter fristen")
            }
            if let r = s.rule { out += r.problems("deadline.statutory.rule", fields: fields) }
        }
        if let c = completeness {
            out += c.binding.problems("completeness", fields: fields)
            if let d = c.answerDays, !(1...90).contains(d) { out.append("completeness.answerDays må være 1 til 90") }
            if !fields.contains(where: { $0.type == .attachment }) {
                out.append("completeness sjekker vedlegg, men skjemaet har ingen vedleggsfelt (type: attachment)")
            }
        }
        if let f = fee { out += f.binding.problems("fee", fields: fields) }
        var followUpIDs = Set<String>()
        for f in followUps ?? [] {
            if !followUpIDs.insert(f.id).inserted { out.append("oppfølgingen «\(f.id)» er definert to ganger") }
            if outcome(f.after) == nil {
                out.append("oppfølgingen «\(f.id)»: after «\(f.after)» er ikke et utfall i tjenesten")
            }
            if let r = f.requires, followUps?.contains(where: { $0.id == r && $0.id != f.id }) != true {
                out.append("oppfølgingen «\(f.id)»: requires «\(r)» er ikke en annen oppfølging")
            }
            if !(1...52).contains(f.weeks) { out.append("oppfølgingen «\(f.id)»: weeks må være 1 til 52") }
            if f.outcomes.isEmpty { out.append("oppfølgingen «\(f.id)» har ingen utfall") }
            for d in f.documents where d.type != .attachment {
                out.append("oppfølgingen «\(f.id)»: dokumentet «\(d.id)» må ha type: attachment")
            }
            if let c = f.when {
                for name in c.fields where field(name) == nil {
                    out.append("oppfølgingen «\(f.id)»: when viser til det ukjente feltet «\(name)»")
                }
            }
        }
        if let t = thirdParties {
            if let group = field(t.field), group.type == .group {
                for (key, id, types) in [
                    ("personField", t.personField, [FieldType.person]),
                    ("nameField", t.nameField, [.text]), ("addressField", t.addressField, [.text, .longtext]),
                ] where !(group.fields ?? []).contains(where: { $0.id == id && types.contains($0.type) }) {
                    out.append(
                        "thirdParties.\(key) «\(id)» må være et spørsmål av typen \(types.map(\.rawValue).joined(separator: " eller ")) i gruppen «\(t.field)»"
                    )
                }
            } else {
                out.append("thirdParties.field «\(t.field)» må være en gruppe (type: group) i skjemaet")
            }
            if !(1...60).contains(t.commentDays) { out.append("thirdParties.commentDays må være 1 til 60 dager") }
            if t.basis.trimmingCharacters(in: .whitespaces).isEmpty {
                out.append("thirdParties.basis må si hvilken lov varselet sendes etter")
            }
        }
        return out
    }
}
