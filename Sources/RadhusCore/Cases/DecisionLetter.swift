import Foundation

/// Writes the decision letter (vedtaksbrev). Whatever the service's template says, the
/// letter always carries what forvaltningsloven requires of an enkeltvedtak: the decision,
/// the reasons (§§ 24–25), the legal basis, who decided (or that it was automated), and
/// the right to appeal (§ 27).
public enum DecisionLetter {
    public struct Input: Sendable {
        public var template: LetterTemplate
        public var kommune: String
        public var serviceTitle: String
        public var saksnummer: Saksnummer
        public var date: Date
        public var outcomeLabel: String
        public var reasons: String
        public var legalBasis: String
        /// Nil for an automated decision.
        public var decidedBy: String?
        public var answers: [String: String]
        /// The answers as a person reads them (`ServiceDefinition.letterDisplay`): a date as
        /// 15.08.2027, a choice by its label. The stored answers when not given.
        public var displayAnswers: [String: String]? = nil
        /// The kommune's own closing and contact line for the service (its adoption's local parts).
        public var signature: String?
        public var contact: String?
        /// The kommune's postmottak (its contact e-mail): where to appeal or ask for a review.
        public var postmottak: String?
        /// The recipient's written form (bokmål or nynorsk, issue 19): the template's text in it
        /// when the service has it, and the letter's own parts always.
        public var language: Language = .nb
        /// The answers and decision values that are amounts (`ServiceDefinition.moneyNames`), for
        /// how `{{sum}}` reads.
        public var moneyNames: Set<String> = []
        /// The applicant's name from the register, for `{{soker}}`; «søkeren» («søkjaren»)
        /// where it is not known (an ID-porten login carries no name).
        public var applicantName: String?
        /// Sections after the legal basis, before the right to appeal (issue 24: the fee),
        /// each beginning with its `## ` heading.
        public var sections: [String] = []

        public init(
            template: LetterTemplate, kommune: String, serviceTitle: String, saksnummer: Saksnummer, date: Date,
            outcomeLabel: String, reasons: String, legalBasis: String, decidedBy: String?, answers: [String: String],
            displayAnswers: [String: String]? = nil, signature: String? = nil, contact: String? = nil,
            postmottak: String? = nil
        ) {
            self.displayAnswers = displayAnswers
            self.template = template
            self.kommune = kommune
            self.serviceTitle = serviceTitle
            self.saksnummer = saksnummer
            self.date = date
            self.outcomeLabel = outcomeLabel
            self.reasons = reasons
            self.legalBasis = legalBasis
            self.decidedBy = decidedBy
            self.answers = answers
            self.signature = signature
            self.contact = contact
            self.postmottak = postmottak
        }
    }

    /// What a template may name besides the form's answers: set by `compose`, and checked
    /// against when a service is loaded (`ServiceSchema`).
    public static let templateValues = ["saksnummer", "kommune", "dato", "tjeneste", "utfall", "soker"]

    public static func compose(_ input: Input, calendar: NorwegianCalendar = .init()) -> (title: String, body: String) {
        var display = input.displayAnswers ?? input.answers
        var raw = input.answers
        for (key, value) in [
            ("saksnummer", input.saksnummer.description), ("kommune", input.kommune), ("tjeneste", input.serviceTitle),
            ("utfall", input.outcomeLabel),
        ] {
            display[key] = value
            raw[key] = value
        }
        display["dato"] = calendar.norwegianDate(input.date)
        raw["dato"] = calendar.isoDate(input.date)
        let lang = input.language.written
        let nn = lang == .nn
        let applicant = input.applicantName.flatMap { $0.isEmpty ? nil : $0 } ?? (nn ? "søkjaren" : "søkeren")
        display["soker"] = applicant
        raw["soker"] = applicant
        var values = LetterTemplate.Values(display: display, raw: raw)
        values.money = input.moneyNames
        values.language = lang
        let (title, intro) = input.template.render(language: lang, values: values)
        let signature =
            input.decidedBy.map { nn ? "Vedtaket er gjort av \($0)." : "Vedtaket er fattet av \($0)." }
            ?? AppealInformation.reviewText(
                kommune: input.kommune, postmottak: input.postmottak, saksnummer: input.saksnummer.description,
                language: lang)
        var closing = [input.signature, input.kommune].compactMap { $0 }.joined(separator: "\n")
        if let contact = input.contact { closing += "\n\nKontakt: \(contact)" }
        let body = """
            Saksnummer: \(input.saksnummer)
            Dato: \(calendar.norwegianDate(input.date))

            \(intro)

            ## Vedtak
            \(input.outcomeLabel)

            ## \(nn ? "Grunngiving" : "Begrunnelse")
            \(input.reasons)

            ## \(nn ? "Heimel" : "Hjemmel")
            \(input.legalBasis)\(input.sections.map { "\n\n" + $0 }.joined())

            ## Du kan klage
            \(AppealInformation.text(kommune: input.kommune, postmottak: input.postmottak, saksnummer: input.saksnummer.description, language: lang))

            \(signature)
            \(nn ? "Med venleg helsing" : "Med vennlig hilsen")
            \(closing)
            """
        return (title, body)
    }
}
