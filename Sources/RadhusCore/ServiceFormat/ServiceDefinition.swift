import Foundation

/// A municipal service (tjeneste), defined as data: the form, its rules, the deadline,
/// the legal basis, the possible outcomes and their letters. Loaded from `ServiceDefinitions/<id>/service.yaml`.
/// A new service is a new folder, not new Swift code.
public struct ServiceDefinition: Sendable, Codable, Hashable, Identifiable {
    /// Stable key used in URLs and on cases, e.g. `barnehageplass`.
    public var id: String
    public var version: Int
    public var title: LocalizedText
    public var summary: LocalizedText
    public var whoCanApply: LocalizedText
    public var youNeed: LocalizedText?
    public var minutesToFill: Int?
    /// Statutory or promised answer time (saksbehandlingsfrist).
    public var deadline: Deadline
    /// The law the decision is made under, e.g. "opplæringslova § 3-7".
    public var legalBasis: String
    public var fields: [FieldDefinition]
    /// The form's pages (issue 19): each names its fields, in order; absent, the form is one page.
    public var steps: [Step]? = nil
    public var outcomes: [Outcome]
    /// Structured decision values (issue 19): what a decision sets beside its outcome (a
    /// permit's «gyldig til», an amount), asked in the caseworker's form, set by the rules'
    /// outputs of the same name, stored with the decision, used in letters as `{{id}}`, in the
    /// API and the archive. `showWhen: { field: utfall, equals: innvilget }` asks one only for
    /// that outcome.
    public var decisionValues: [FieldDefinition]? = nil
    /// Rule automation (optional): a DMN decision fed from the answers.
    public var rules: RulesBinding?
    /// How the service's documents are filed (Noark 5): class in the kommune's classification
    /// system, and what the public journal must screen. Defaults when absent.
    public var archive: ArchiveSettings?
    /// Where a printed letter is addressed when the population register has no address for
    /// the recipient. Defaults to the form's first `address` field, with no recipient line.
    public var postalAddress: PostalAddress?
    /// The level of ID-porten login the service needs: `high` for services whose answers or
    /// letters need more than `substantial` (the default) (issue 18). A citizen logged in at a
    /// lower level is sent back to ID-porten for it.
    public var loginLevel: LoginLevel? = nil
    /// Who decides an appeal the kommune upholds (issue 20): `statsforvalteren` (the default)
    /// or the kommune's `klagenemnd`. The kommune sets each body's address.
    public var appealBody: AppealBody? = nil
    /// The checklist of a complete application (issue 24), as a DMN decision.
    public var completeness: Completeness? = nil
    /// Letters to the people the case concerns who did not apply: neighbours (issue 24).
    public var thirdParties: ThirdParties? = nil
    /// The fee a decision sets (issue 24), as a DMN decision, reduced when the kommune is late.
    public var fee: Fee? = nil
    /// Follow-up applications on the decided case (issue 24).
    public var followUps: [FollowUp]? = nil

    /// ID-porten's levels of assurance, lowest first; the ID token's `acr` names them.
    public enum LoginLevel: String, Sendable, Codable, Hashable, Comparable {
        case substantial, high

        public init?(acr: String?) {
            switch acr {
            case "idporten-loa-substantial", "Level3": self = .substantial
            case "idporten-loa-high", "Level4": self = .high
            default: return nil
            }
        }

        public var acr: String { self == .high ? "idporten-loa-high" : "idporten-loa-substantial" }

        public static func < (a: Self, b: Self) -> Bool { a == .substantial && b == .high }
    }

    /// The adopting kommune's own parts (never in a published package): set by
    /// `localized(_:)` from the kommune's adoption, so the rest stays the publisher's.
    public var local: LocalParts?

    /// What a kommune sets for itself when it adopts a shared service, without forking it.
    public struct LocalParts: Sendable, Codable, Hashable {
        /// How to reach the kommune about this service (service page and letters).
        public var contact: String?
        /// The letter's closing, e.g. "Oppvekstavdelingen" (above the kommune's name).
        public var signature: String?
        /// Local guidelines (lokale retningslinjer) shown to applicants and caseworkers.
        public var criteria: String?
        /// The kommune's own choices for choice fields (its schools, its kindergartens), by field id.
        public var options: [String: [FieldDefinition.Option]]?
        /// The two-person check (to-trinns kontroll, issue 20): a caseworker's decision is a
        /// proposal until a second caseworker approves it.
        public var twoPersonCheck: Bool?
        /// An external meeting link for this service's video meetings (issue 22), instead of
        /// Radhus's own room: `https://…`, with `{mote}` where the meeting's id goes (Teams,
        /// Easymeeting, Whereby — whatever the kommune uses).
        public var meetingLink: String?
        /// The kommune's own fee table (gebyrregulativ, issue 24): a DMN file with the service's
        /// fee decision and inputs, used instead of the publisher's.
        public var feeRules: String?

        public init(
            contact: String? = nil, signature: String? = nil, criteria: String? = nil,
            options: [String: [FieldDefinition.Option]]? = nil, twoPersonCheck: Bool? = nil, meetingLink: String? = nil,
            feeRules: String? = nil
        ) {
            self.contact = contact
            self.signature = signature
            self.criteria = criteria
            self.options = options
            self.twoPersonCheck = twoPersonCheck
            self.meetingLink = meetingLink
            self.feeRules = feeRules
        }

        public var isEmpty: Bool {
            contact == nil && signature == nil && criteria == nil && (options ?? [:]).isEmpty && twoPersonCheck != true
                && meetingLink == nil && feeRules == nil
        }

        /// The external link of one meeting, when the kommune set a template.
        public func meetingLink(for meeting: UUID) -> String? {
            meetingLink.map { $0.replacingOccurrences(of: "{mote}", with: meeting.uuidString.lowercased()) }
        }

        /// Whether a template is one Radhus takes: https, no spaces, a host, at most 300 characters.
        public static func isMeetingLink(_ s: String) -> Bool {
            guard s.count <= 300, s.hasPrefix("https://"), !s.contains(where: { $0.isWhitespace }),
                PlainText.refused(in: s) == nil,
                let c = URLComponents(string: s.replacingOccurrences(of: "{mote}", with: "x")), let host = c.host,
                !host.isEmpty
            else { return false }
            return true
        }
    }

    /// The service as one kommune offers it: the published definition with the kommune's own
    /// parts applied (its option lists replace the publisher's for those fields).
    public func localized(_ parts: LocalParts?) -> ServiceDefinition {
        var copy = self
        copy.local = parts
        if let options = parts?.options {
            for i in copy.fields.indices {
                if let own = options[copy.fields[i].id], !own.isEmpty { copy.fields[i].options = own }
            }
        }
        return copy
    }

    public struct ArchiveSettings: Sendable, Codable, Hashable {
        /// klasseID and its title, e.g. `N12` / `Skoleskyss` (KS-K1 style), or the service's own.
        public var classID: String
        public var classTitle: String
        /// Screening of journal titles (e.g. the child's name, offentleglova § 13 jf. forvaltningsloven § 13).
        public var screening: Screening?
        /// The administrative unit that handles the service (the archive's administrativEnhet),
        /// e.g. «Helse og omsorg» (issue 19); absent: the kommune's first unit.
        public var unit: String? = nil

        public init(classID: String, classTitle: String, screening: Screening?, unit: String? = nil) {
            self.classID = classID
            self.classTitle = classTitle
            self.screening = screening
            self.unit = unit
        }

        /// For a case whose service is no longer in the catalogue.
        public static func fallback(serviceID: String) -> ArchiveSettings {
            ArchiveSettings(classID: serviceID, classTitle: serviceID, screening: nil)
        }
    }

    /// The envelope's postal address for a paper letter, when the register has none: which
    /// answer holds it, and an optional first line ("Til foresatte" for a pupil's parents).
    public struct PostalAddress: Sendable, Codable, Hashable {
        /// An `address` field of this service's form.
        public var field: String
        /// A line above the address, when the letter goes to someone on the applicant's behalf.
        public var recipient: LocalizedText?

        public init(field: String, recipient: LocalizedText? = nil) {
            self.field = field
            self.recipient = recipient
        }
    }

    /// The envelope lines for a paper letter, from the answers (the service's postal address
    /// field, or its first address field); nil when the answers hold no usable address.
    public func envelopeAddress(answers: [String: String]) -> [String]? {
        guard let field = postalAddress?.field ?? fields.first(where: { $0.type == .address })?.id,
            let street = answers["\(field).gate"], !street.isEmpty,
            let code = answers["\(field).postnummer"], let place = answers["\(field).poststed"]
        else { return nil }
        return (postalAddress?.recipient.map { [$0.nb] } ?? []) + [street, "\(code) \(place)"]
    }

    /// The archive settings, with the service id as class when the definition has none.
    public var archiveSettings: ArchiveSettings {
        archive ?? ArchiveSettings(classID: id, classTitle: title.nb, screening: nil)
    }

    public struct Deadline: Sendable, Codable, Hashable {
        public var days: Int
        /// `calendar` days or `working` days (weekends and Norwegian public holidays excluded).
        public var kind: Kind
        public enum Kind: String, Sendable, Codable { case calendar, working }
        /// Whether the deadline stands still while the kommune waits for the applicant's answer
        /// to a request for information (issue 20), and why that is allowed (`pauseBasis`): a
        /// law that says so, or — for a kommune's own service deadline — the kommune's choice.
        public var pauseWhileWaiting: Bool?
        public var pauseBasis: String?
        /// A deadline set by law in weeks from the complete application (issue 24); `days` is
        /// then the longest it can be, for the catalogue and the API.
        public var statutory: StatutoryWeeks?

        public init(
            days: Int, kind: Kind, pauseWhileWaiting: Bool? = nil, pauseBasis: String? = nil,
            statutory: StatutoryWeeks? = nil
        ) {
            self.days = days
            self.kind = kind
            self.pauseWhileWaiting = pauseWhileWaiting
            self.pauseBasis = pauseBasis
            self.statutory = statutory
        }

        public var pauses: Bool { pauseWhileWaiting ?? false }

        /// The due date after a pause from `pausedAt` to `resumedAt`: the time that was left
        /// when the waiting began is left when it ends, to the second.
        public static func resumed(due: Date, pausedAt: Date, resumedAt: Date) -> Date {
            due.addingTimeInterval(max(0, resumedAt.timeIntervalSince(pausedAt)))
        }

        public func dueDate(from submitted: Date, calendar: NorwegianCalendar = .init()) -> Date {
            switch kind {
            case .calendar: calendar.addingCalendarDays(days, to: submitted)
            case .working: calendar.addingWorkingDays(days, to: submitted)
            }
        }
    }

    /// One possible result of the case (innvilget, avslått …) and the letter it sends.
    public struct Outcome: Sendable, Codable, Hashable, Identifiable {
        public var id: String
        public var label: LocalizedText
        /// Whether the outcome grants what was applied for (used for statistics and tone).
        public var granted: Bool
        public var letter: LetterTemplate
    }

    /// One page of a multi-step form: a title and the ids of its fields.
    public struct Step: Sendable, Codable, Hashable, Identifiable {
        public var id: String
        public var title: LocalizedText
        public var fields: [String]

        public init(id: String, title: LocalizedText, fields: [String]) {
            self.id = id
            self.title = title
            self.fields = fields
        }
    }

    /// The pages the form is shown in: the declared steps, or one page with every field.
    public var pages: [Step] {
        steps ?? [Step(id: "skjema", title: title, fields: fields.map(\.id))]
    }

    /// The page a field is on.
    public func page(of fieldID: String) -> Step? { pages.first { $0.fields.contains(fieldID) } }

    public func field(_ id: String) -> FieldDefinition? { fields.first { $0.id == id } }

    /// The question an input or answer key belongs to: `adresse.gate`, a file's
    /// `legeerklaering.beskrivelse` and a group entry's `sjaforer.1.navn` are their first part's.
    public static func question(of key: String) -> String {
        key.split(separator: ".", maxSplits: 1).first.map(String.init) ?? key
    }

    /// Whether the form sends files (then as multipart/form-data).
    public var takesFiles: Bool { fields.contains { $0.type == .attachment } }

    /// The decision values as a form of their own (the caseworker's, validated like any form).
    public var decisionForm: ServiceDefinition {
        var copy = self
        copy.fields = decisionValues ?? []
        copy.steps = nil
        return copy
    }

    /// The names a decision form already uses, which a decision value may not take.
    public static let decisionFormNames = ["utfall", "begrunnelse", "hjemmel", "digitalt"]

    /// Whether decision value `id` is set whenever `outcome` is decided: required, and asked for
    /// that outcome (or for all).
    public func decisionValueIsSet(_ id: String, for outcome: String) -> Bool {
        guard let v = decisionValues?.first(where: { $0.id == id }) else { return false }
        return v.required && (v.showWhen == nil || (v.showWhen?.field == "utfall" && v.showWhen?.equals == outcome))
    }
    public func outcome(_ id: String) -> Outcome? { outcomes.first { $0.id == id } }

    /// The values of a choice field the service itself depends on: those its questions' conditions
    /// and its letters' `{{#if id == "…"}}` compare with. A kommune's own list of choices must keep
    /// them, or a question would never show and a letter would never say its sentence.
    public func comparedValues(of id: String) -> Set<String> {
        var out = Set<String>()
        for f in fields + (decisionValues ?? []) { if let c = f.showWhen { out.formUnion(c.values(of: id)) } }
        func walk(_ nodes: [LetterTemplate.Node]) {
            for n in nodes {
                switch n {
                case .when(let c, let then, let otherwise):
                    if case .equals(id, let v) = c { out.insert(v) }
                    if case .notEquals(id, let v) = c { out.insert(v) }
                    walk(then)
                    walk(otherwise)
                case .each(_, let body): walk(body)
                case .text, .value: break
                }
            }
        }
        for o in outcomes {
            for text in [o.letter.title, o.letter.body] {
                for language in Language.allCases where text.has(language) {
                    if let nodes = try? LetterTemplate.parse(text[language]) { walk(nodes) }
                }
            }
        }
        return out
    }

    /// Checks the definition itself, so a broken service file is refused at boot with a
    /// message that names the file and the field.
    public func problems() -> [String] {
        var out: [String] = []
        if id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
            out.append("id «\(id)» kan bare ha små bokstaver a–z, sifre og bindestrek")
        }
        var seen = Set<String>()
        for f in fields {
            if !seen.insert(f.id).inserted {
                out.append("feltet «\(f.id)» er definert to ganger — gi hvert felt sin egen id")
            }
            if (f.type == .choice || f.type == .choices) && (f.options ?? []).isEmpty {
                out.append("valgfeltet «\(f.id)» har ingen alternativer — legg til `options:` med value og label")
            }
            if f.type == .attachment {
                if let mb = f.maxFileMB, !(1...50).contains(mb) {
                    out.append("vedleggsfeltet «\(f.id)» har maxFileMB \(mb) — bruk 1 til 50")
                }
                if let n = f.maxFiles, !(1...20).contains(n) {
                    out.append("vedleggsfeltet «\(f.id)» har maxFiles \(n) — bruk 1 til 20")
                }
                if f.accept?.isEmpty == true {
                    out.append(
                        "vedleggsfeltet «\(f.id)» tar ikke imot noe — list pdf, jpeg eller png, eller ta bort `accept`")
                }
            } else if f.accept != nil || f.maxFileMB != nil || f.maxFiles != nil {
                out.append(
                    "feltet «\(f.id)» er ikke et vedleggsfelt — accept, maxFileMB og maxFiles hører til `type: attachment`"
                )
            }
            if f.type == .group {
                let subs = f.fields ?? []
                if subs.isEmpty { out.append("gruppen «\(f.id)» har ingen felt — list spørsmålene under `fields`") }
                for sub in subs where [.group, .attachment, .choices].contains(sub.type) || sub.showWhen != nil {
                    out.append(
                        "gruppen «\(f.id)»: feltet «\(sub.id)» kan ikke være \(sub.showWhen != nil ? "betinget" : "av typen \(sub.type.rawValue)") inne i en gruppe"
                    )
                }
                if f.groupLimits.min > f.groupLimits.max {
                    out.append("gruppen «\(f.id)» har min over max")
                }
            } else if f.fields != nil || f.itemLabel != nil {
                out.append("feltet «\(f.id)» er ikke en gruppe — fields og itemLabel hører til `type: group`")
            }
            if let p = f.prefill, p.fieldType != f.type {
                out.append(
                    "feltet «\(f.id)» har prefill: \(p.rawValue), som fyller et felt av typen \(p.fieldType.rawValue) — gjør det til type: \(p.fieldType.rawValue) eller ta bort prefill"
                )
            }
            if let p = f.pattern, (try? NSRegularExpression(pattern: p)) == nil {
                out.append("feltet «\(f.id)» har et ugyldig mønster (pattern) «\(p)»")
            }
            if let c = f.showWhen {
                if let shape = c.shapeProblem { out.append("feltet «\(f.id)»: showWhen: \(shape)") }
                for name in c.fields {
                    guard let target = fields.first(where: { $0.id == name }) else {
                        out.append(
                            "feltet «\(f.id)» avhenger av det ukjente feltet «\(name)» — bruk et felt som kommer før det"
                        )
                        continue
                    }
                    if fields.firstIndex(where: { $0.id == name })! > fields.firstIndex(where: { $0.id == f.id })! {
                        out.append(
                            "feltet «\(f.id)» avhenger av «\(name)», som kommer etter det — flytt «\(name)» over det")
                    }
                    if target.showWhen != nil {
                        out.append(
                            "feltet «\(f.id)» avhenger av «\(name)», som selv er betinget — la det avhenge av et felt som alltid vises"
                        )
                    }
                }
            }
        }
        if let steps {
            var placed: [String: String] = [:]
            var stepIDs = Set<String>()
            for step in steps {
                if !stepIDs.insert(step.id).inserted { out.append("steget «\(step.id)» er definert to ganger") }
                if step.fields.isEmpty { out.append("steget «\(step.id)» har ingen felt — list minst ett") }
                for f in step.fields {
                    if field(f) == nil {
                        out.append(
                            "steget «\(step.id)» viser til det ukjente feltet «\(f)» — bruk id-en til et felt under `fields`"
                        )
                    } else if let other = placed[f] {
                        out.append(
                            "feltet «\(f)» står i både steget «\(other)» og steget «\(step.id)» — legg det i ett av dem"
                        )
                    } else {
                        placed[f] = step.id
                    }
                }
            }
            for f in fields where placed[f.id] == nil {
                out.append("feltet «\(f.id)» står ikke i noe steg — legg det til i `fields` i et steg")
            }
            // A condition must be answerable when its question is shown: on the same page or before.
            let order = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1.id, $0) })
            for f in fields {
                guard let c = f.showWhen, let mine = placed[f.id].flatMap({ order[$0] }) else { continue }
                for name in c.fields {
                    guard let theirs = placed[name].flatMap({ order[$0] }), theirs > mine else { continue }
                    out.append(
                        "feltet «\(f.id)» avhenger av «\(name)», som står i et senere steg — flytt «\(name)» til steget «\(placed[f.id]!)» eller før"
                    )
                }
            }
        }
        var valueIDs = Set<String>()
        for v in decisionValues ?? [] {
            if !valueIDs.insert(v.id).inserted { out.append("vedtaksverdien «\(v.id)» er definert to ganger") }
            if field(v.id) != nil || Self.decisionFormNames.contains(v.id) {
                out.append(
                    "vedtaksverdien «\(v.id)» har samme navn som et felt i skjemaet eller i vedtaksskjemaet — gi den et annet navn"
                )
            }
            if [.person, .address, .attachment].contains(v.type) {
                out.append(
                    "vedtaksverdien «\(v.id)» er av typen \(v.type.rawValue) — bruk text, longtext, number, money, date, choice eller yesno"
                )
            }
            if let c = v.showWhen {
                if c.field != "utfall" || c.equals.flatMap(outcome) == nil || c.in != nil || c.atLeast != nil
                    || c.atMost != nil
                {
                    out.append(
                        "vedtaksverdien «\(v.id)» har showWhen på «\(c.fields.joined(separator: ", "))» — en vedtaksverdi avhenger av utfallet: showWhen: { field: utfall, equals: <id-en til et utfall> }"
                    )
                }
            }
        }
        if outcomes.isEmpty { out.append("ingen utfall — list minst ett under `outcomes`") }
        if let rules {
            out += rules.problems(fields: fields)
            for (value, outcome) in rules.outcomes where self.outcome(outcome) == nil {
                out.append("reglene viser «\(value)» til det ukjente utfallet «\(outcome)»")
            }
        }
        out += caseDecisionProblems()
        if deadline.days <= 0 { out.append("fristen (deadline.days) må være minst én dag") }
        if deadline.pauses, (deadline.pauseBasis ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            out.append(
                "fristen stopper mens kommunen venter på søker (deadline.pauseWhileWaiting), men deadline.pauseBasis sier ikke hvorfor det er lov"
            )
        }
        if let p = postalAddress, field(p.field)?.type != .address {
            out.append("postalAddress.field «\(p.field)» må være et adressefelt (type: address) i skjemaet")
        }
        return out
    }
}

/// One question on the form.
public struct FieldDefinition: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var type: FieldType
    public var label: LocalizedText
    public var hint: LocalizedText?
    public var required: Bool
    /// For text: a regular expression the whole answer must match, with a message saying what to write.
    public var pattern: String?
    public var patternMessage: LocalizedText?
    public var maxLength: Int?
    /// For numbers: the allowed range (inclusive).
    public var min: Decimal?
    public var max: Decimal?
    /// For numbers: how many decimals an answer may have; 0 is a whole number (a grade, a count).
    /// Absent: any.
    public var decimals: Int?
    /// For dates: allowed range relative to the day the form is sent.
    public var minDaysFromToday: Int?
    public var maxDaysFromToday: Int?
    /// For choice fields.
    public var options: [Option]?
    /// Asked only when another field has a given answer.
    public var showWhen: Condition?
    /// HTML autocomplete token (e.g. `name`, `street-address`), for people and password managers.
    public var autocomplete: String?
    /// For a repeating group (`type: group`, issue 19): its questions, asked once per entry, and
    /// what an entry is called («Barn» → «Barn 1», «Barn 2»). `min`/`max` are how many entries
    /// (1 and 10 when absent).
    public var fields: [FieldDefinition]?
    public var itemLabel: LocalizedText?

    /// How many entries a group takes.
    public var groupLimits: (min: Int, max: Int) {
        let lo = min.map { NSDecimalNumber(decimal: $0).intValue } ?? 1
        let hi = max.map { NSDecimalNumber(decimal: $0).intValue } ?? 10
        return (Swift.max(0, lo), Swift.max(1, hi))
    }

    /// A group's question as asked in entry `index`: its id is `group.index.sub`, so its
    /// answer, its input and its errors are the entry's own.
    public func entryField(_ sub: FieldDefinition, at index: Int) -> FieldDefinition {
        var f = sub
        f.id = "\(id).\(index).\(sub.id)"
        return f
    }

    /// Filled in from the signed-in person when the form opens (issue 19), and theirs to change:
    /// `person` (their fødselsnummer: the question «whom does this concern» answered «me» until
    /// they write another's), `name` and `address` (from the population register, where known).
    public var prefill: Prefill?

    public enum Prefill: String, Sendable, Codable, Hashable, CaseIterable {
        case person, name, address

        /// The field type each fills.
        public var fieldType: FieldType {
            switch self {
            case .person: .person
            case .name: .text
            case .address: .address
            }
        }
    }

    /// For attachments: the kinds of file taken (`pdf`, `jpeg`, `png`; all three when absent),
    /// the largest file in megabytes (10 when absent) and how many files (5 when absent).
    public var accept: [AttachmentKind]?
    public var maxFileMB: Int?
    public var maxFiles: Int?

    /// What an attachment field takes, with the defaults filled in.
    public var attachmentRules: AttachmentRules {
        AttachmentRules(
            kinds: accept ?? AttachmentKind.allCases, maxBytes: Int64(maxFileMB ?? 10) * 1_048_576,
            maxFiles: maxFiles ?? 5)
    }

    public init(
        id: String, type: FieldType, label: LocalizedText, hint: LocalizedText? = nil, required: Bool = true,
        pattern: String? = nil, patternMessage: LocalizedText? = nil, maxLength: Int? = nil,
        min: Decimal? = nil, max: Decimal? = nil, minDaysFromToday: Int? = nil, maxDaysFromToday: Int? = nil,
        options: [Option]? = nil, showWhen: Condition? = nil, autocomplete: String? = nil, decimals: Int? = nil,
        accept: [AttachmentKind]? = nil, maxFileMB: Int? = nil, maxFiles: Int? = nil
    ) {
        self.accept = accept
        self.maxFileMB = maxFileMB
        self.maxFiles = maxFiles
        self.decimals = decimals
        self.id = id
        self.type = type
        self.label = label
        self.hint = hint
        self.required = required
        self.pattern = pattern
        self.patternMessage = patternMessage
        self.maxLength = maxLength
        self.min = min
        self.max = max
        self.minDaysFromToday = minDaysFromToday
        self.maxDaysFromToday = maxDaysFromToday
        self.options = options
        self.showWhen = showWhen
        self.autocomplete = autocomplete
    }

    enum CodingKeys: String, CodingKey {
        case id, type, label, hint, required, pattern, patternMessage, maxLength, min, max, decimals
        case minDaysFromToday, maxDaysFromToday, options, showWhen, autocomplete, accept, maxFileMB, maxFiles
        case prefill, fields, itemLabel
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        type = try c.decode(FieldType.self, forKey: .type)
        label = try c.decode(LocalizedText.self, forKey: .label)
        hint = try c.decodeIfPresent(LocalizedText.self, forKey: .hint)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
        pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
        patternMessage = try c.decodeIfPresent(LocalizedText.self, forKey: .patternMessage)
        maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
        // Decimals come as numbers or strings in YAML; read through Double's text to keep "2.5" exact.
        min = try c.decodeIfPresent(String.self, forKey: .min).flatMap { Decimal(string: $0) }
        max = try c.decodeIfPresent(String.self, forKey: .max).flatMap { Decimal(string: $0) }
        decimals = try c.decodeIfPresent(Int.self, forKey: .decimals)
        minDaysFromToday = try c.decodeIfPresent(Int.self, forKey: .minDaysFromToday)
        maxDaysFromToday = try c.decodeIfPresent(Int.self, forKey: .maxDaysFromToday)
        options = try c.decodeIfPresent([Option].self, forKey: .options)
        showWhen = try c.decodeIfPresent(Condition.self, forKey: .showWhen)
        autocomplete = try c.decodeIfPresent(String.self, forKey: .autocomplete)
        accept = try c.decodeIfPresent([AttachmentKind].self, forKey: .accept)
        maxFileMB = try c.decodeIfPresent(Int.self, forKey: .maxFileMB)
        maxFiles = try c.decodeIfPresent(Int.self, forKey: .maxFiles)
        prefill = try c.decodeIfPresent(Prefill.self, forKey: .prefill)
        fields = try c.decodeIfPresent([FieldDefinition].self, forKey: .fields)
        itemLabel = try c.decodeIfPresent(LocalizedText.self, forKey: .itemLabel)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(label, forKey: .label)
        try c.encodeIfPresent(hint, forKey: .hint)
        try c.encode(required, forKey: .required)
        try c.encodeIfPresent(pattern, forKey: .pattern)
        try c.encodeIfPresent(patternMessage, forKey: .patternMessage)
        try c.encodeIfPresent(maxLength, forKey: .maxLength)
        try c.encodeIfPresent(min.map { "\($0)" }, forKey: .min)
        try c.encodeIfPresent(max.map { "\($0)" }, forKey: .max)
        try c.encodeIfPresent(decimals, forKey: .decimals)
        try c.encodeIfPresent(minDaysFromToday, forKey: .minDaysFromToday)
        try c.encodeIfPresent(maxDaysFromToday, forKey: .maxDaysFromToday)
        try c.encodeIfPresent(options, forKey: .options)
        try c.encodeIfPresent(showWhen, forKey: .showWhen)
        try c.encodeIfPresent(autocomplete, forKey: .autocomplete)
        try c.encodeIfPresent(accept, forKey: .accept)
        try c.encodeIfPresent(maxFileMB, forKey: .maxFileMB)
        try c.encodeIfPresent(maxFiles, forKey: .maxFiles)
        try c.encodeIfPresent(prefill, forKey: .prefill)
        try c.encodeIfPresent(fields, forKey: .fields)
        try c.encodeIfPresent(itemLabel, forKey: .itemLabel)
    }

    /// The options offered in a given kommune (options may be limited to some kommuner,
    /// e.g. each kommune's own kindergartens or schools).
    public func options(for kommune: String?) -> [Option] {
        (options ?? []).filter { opt in
            guard let only = opt.kommuner, let k = kommune else { return true }
            return only.contains(k)
        }
    }

    public struct Option: Sendable, Codable, Hashable {
        public var value: String
        public var label: LocalizedText
        public var kommuner: [String]?
        public init(value: String, label: LocalizedText, kommuner: [String]? = nil) {
            self.value = value
            self.label = label
            self.kommuner = kommuner
        }
    }

    /// When a question is asked (issue 19): a comparison on an earlier answer, or `all`,
    /// `any`, `not` of conditions.
    ///
    /// ```yaml
    /// showWhen: { field: farlig_skolevei, equals: ja }
    /// showWhen: { field: skole, in: [lund-skole, vagsbygd-skole] }
    /// showWhen: { field: trinn, atLeast: 5 }          # also atMost
    /// showWhen: { all: [ { field: a, equals: ja }, { not: { field: b, equals: ja } } ] }
    /// showWhen: { any: [ … ] }
    /// ```
    /// On a multi-select (`choices`) `equals` and `in` ask whether a value is among those chosen.
    public struct Condition: Sendable, Codable, Hashable {
        public var field: String?
        public var equals: String?
        public var `in`: [String]?
        public var atLeast: Decimal?
        public var atMost: Decimal?
        public var all: [Condition]?
        public var any: [Condition]?
        /// One condition (kept in a list only so the type can hold itself).
        public var not: [Condition]?

        public init(
            field: String? = nil, equals: String? = nil, in values: [String]? = nil, atLeast: Decimal? = nil,
            atMost: Decimal? = nil, all: [Condition]? = nil, any: [Condition]? = nil, not: Condition? = nil
        ) {
            self.field = field
            self.equals = equals
            self.in = values
            self.atLeast = atLeast
            self.atMost = atMost
            self.all = all
            self.any = any
            self.not = not.map { [$0] }
        }

        enum CodingKeys: String, CodingKey { case field, equals, `in`, atLeast, atMost, all, any, not }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            field = try c.decodeIfPresent(String.self, forKey: .field)
            equals = try c.decodeIfPresent(String.self, forKey: .equals)
            self.in = try c.decodeIfPresent([String].self, forKey: .in)
            atLeast = try c.decodeIfPresent(String.self, forKey: .atLeast).flatMap { Decimal(string: $0) }
            atMost = try c.decodeIfPresent(String.self, forKey: .atMost).flatMap { Decimal(string: $0) }
            all = try c.decodeIfPresent([Condition].self, forKey: .all)
            any = try c.decodeIfPresent([Condition].self, forKey: .any)
            not = try c.decodeIfPresent(Condition.self, forKey: .not).map { [$0] }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(field, forKey: .field)
            try c.encodeIfPresent(equals, forKey: .equals)
            try c.encodeIfPresent(self.in, forKey: .in)
            try c.encodeIfPresent(atLeast.map { "\($0)" }, forKey: .atLeast)
            try c.encodeIfPresent(atMost.map { "\($0)" }, forKey: .atMost)
            try c.encodeIfPresent(all, forKey: .all)
            try c.encodeIfPresent(any, forKey: .any)
            try c.encodeIfPresent(not?.first, forKey: .not)
        }

        /// Whether the condition holds for the answers so far. `lists`: the multi-select
        /// fields, whose answers are comma-separated values. An unanswered field holds nothing.
        public func holds(_ values: [String: String], lists: Set<String> = []) -> Bool {
            if let all { return all.allSatisfy { $0.holds(values, lists: lists) } }
            if let any { return any.contains { $0.holds(values, lists: lists) } }
            if let inner = not?.first { return !inner.holds(values, lists: lists) }
            guard let field, let raw = values[field], !raw.isEmpty else { return false }
            let chosen = lists.contains(field) ? raw.split(separator: ",").map(String.init) : [raw]
            if let equals, !chosen.contains(equals) { return false }
            if let set = self.in, !chosen.contains(where: set.contains) { return false }
            if atLeast != nil || atMost != nil {
                guard let n = Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX")) else { return false }
                if let lo = atLeast, n < lo { return false }
                if let hi = atMost, n > hi { return false }
            }
            return true
        }

        /// The values the condition compares `id` with (`equals`, `in`), at any depth.
        public func values(of id: String) -> Set<String> {
            var out = Set<String>()
            if field == id {
                if let e = equals { out.insert(e) }
                out.formUnion(self.in ?? [])
            }
            for c in (all ?? []) + (any ?? []) + (not ?? []) { out.formUnion(c.values(of: id)) }
            return out
        }

        /// Every field the condition looks at.
        public var fields: [String] {
            (field.map { [$0] } ?? []) + (all ?? []).flatMap(\.fields) + (any ?? []).flatMap(\.fields)
                + (not ?? []).flatMap(\.fields)
        }

        /// What is wrong with its shape: one kind per condition, a test for each field.
        public var shapeProblem: String? {
            let kinds = [field != nil, all != nil, any != nil, not != nil].filter { $0 }.count
            if kinds != 1 { return "et vilkår er ett av: field med equals/in/atLeast/atMost, all, any eller not" }
            if field != nil, equals == nil, self.in == nil, atLeast == nil, atMost == nil {
                return "et vilkår på et felt trenger equals, in, atLeast eller atMost"
            }
            if let list = all ?? any, list.isEmpty { return "all/any trenger minst ett vilkår" }
            return ((all ?? []) + (any ?? []) + (not ?? [])).lazy.compactMap(\.shapeProblem).first
        }
    }
}

public enum FieldType: String, Sendable, Codable, CaseIterable {
    case text
    /// Longer free text (a textarea).
    case longtext
    case number
    case date
    case choice
    /// Ja/nei, stored as `ja` or `nei`.
    case yesno
    /// A fødselsnummer (validated by the server's identity policy).
    case person
    /// A postal address: street, four-digit postnummer and poststed.
    case address
    /// An e-mail address (issue 19).
    case email
    /// A phone number: eight digits for Norway, or + and a country code; stored as `+4712345678`.
    case phone
    /// An amount in kroner, at most two decimals (øre), not negative unless `min` says so;
    /// «12 500,50», «kr 12 500» and «12500.5» all read; stored as `12500.5`.
    case money
    /// Several of a list of options (checkboxes), stored as the chosen values separated by commas.
    case choices
    /// A repeating group («add another child»): its `fields` asked once per entry.
    case group
    /// Files (a medical certificate, drawings): uploaded one at a time with a description,
    /// virus-scanned, stored outside the database; the answer is the attachments' ids.
    case attachment
}

/// A kind of file an attachment field takes, recognised by its first bytes, not its name.
public enum AttachmentKind: String, Sendable, Codable, Hashable, CaseIterable {
    case pdf, jpeg, png

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }

    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    /// What the file's first bytes say it is. HEIC (iPhone photos) is recognised so the
    /// person can be told to save it as JPEG, rather than that the file is broken.
    public enum Sniffed: Equatable, Sendable {
        case kind(AttachmentKind)
        case heic, unknown
    }

    public static func sniff(_ head: [UInt8]) -> Sniffed {
        if head.starts(with: Array("%PDF-".utf8)) { return .kind(.pdf) }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .kind(.jpeg) }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .kind(.png) }
        if head.count >= 12, Array(head[4..<8]) == Array("ftyp".utf8) {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1"].contains(brand) { return .heic }
        }
        return .unknown
    }
}

/// What one attachment field takes.
public struct AttachmentRules: Sendable, Equatable {
    public var kinds: [AttachmentKind]
    public var maxBytes: Int64
    public var maxFiles: Int
}
