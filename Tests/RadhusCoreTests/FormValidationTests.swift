import Foundation
import Testing

@testable import RadhusCore

@Suite struct FormValidationTests {
    static let calendar = NorwegianCalendar()
    static let today = calendar.parseDate("2026-11-23")!

    static let service = ServiceDefinition(
        id: "test", version: 1, title: .init(nb: "Test"), summary: .init(nb: "Test"), whoCanApply: .init(nb: "Alle"),
        youNeed: nil, minutesToFill: 1, deadline: .init(days: 21, kind: .calendar), legalBasis: "testloven § 1",
        fields: [
            FieldDefinition(id: "navn", type: .text, label: .init(nb: "Navn"), maxLength: 10),
            FieldDefinition(
                id: "kode", type: .text, label: .init(nb: "Kode"), required: false, pattern: "[A-Z]{3}",
                patternMessage: .init(nb: "Skriv tre store bokstaver")),
            FieldDefinition(id: "km", type: .number, label: .init(nb: "Avstand"), min: 0, max: Decimal(string: "100")),
            FieldDefinition(
                id: "start", type: .date, label: .init(nb: "Start"), minDaysFromToday: 0, maxDaysFromToday: 30),
            FieldDefinition(
                id: "skole", type: .choice, label: .init(nb: "Skole"),
                options: [
                    .init(value: "a", label: .init(nb: "A"), kommuner: ["5503"]),
                    .init(value: "b", label: .init(nb: "B"), kommuner: ["4204"]),
                ]),
            FieldDefinition(id: "farlig", type: .yesno, label: .init(nb: "Farlig vei")),
            FieldDefinition(
                id: "hvorfor", type: .longtext, label: .init(nb: "Hvorfor"),
                showWhen: .init(field: "farlig", equals: "ja")),
            FieldDefinition(id: "barn", type: .person, label: .init(nb: "Barnets fødselsnummer")),
            FieldDefinition(id: "adresse", type: .address, label: .init(nb: "Adresse")),
        ],
        outcomes: [
            .init(
                id: "innvilget", label: .init(nb: "Innvilget"), granted: true,
                letter: .init(title: .init(nb: "Vedtak"), body: .init(nb: "Hei {{navn}}")))
        ])

    static let child = Fodselsnummer.synthetic(day: 3, month: 9, year: 2017)!

    static let valid: [String: String] = [
        "navn": "Ola", "km": "4,5", "start": "01.12.2026", "skole": "a", "farlig": "nei",
        "barn": child, "adresse.gate": "Storgata 1", "adresse.postnummer": "9405", "adresse.poststed": "Harstad",
    ]

    func validate(_ input: [String: String], kommune: String = "5503", policy: IdentityPolicy = .synthetic)
        -> FormResult
    {
        FormValidator(policy: policy, kommune: kommune, today: Self.today).validate(Self.service, input: input)
    }

    func problems(_ input: [String: String], kommune: String = "5503") -> [String: FieldProblem] {
        guard case .failure(let errors) = validate(input, kommune: kommune) else { return [:] }
        return Dictionary(errors.map { ($0.inputID, $0.problem) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func validAnswersAreNormalised() throws {
        // act
        guard case .success(let answers) = validate(Self.valid) else {
            Issue.record("expected valid")
            return
        }
        // check
        #expect(answers["km"] == "4.5")
        #expect(answers["start"] == "2026-12-01")
        #expect(answers["adresse.postnummer"] == "9405")
        #expect(answers["hvorfor"] == nil)
    }

    @Test func everyMissingRequiredFieldIsReportedAtOnce() {
        // act
        let p = problems([:])
        // check
        #expect(Set(p.keys) == ["navn", "km", "start", "skole", "farlig", "barn", "adresse.gate"])
        #expect(p.values.allSatisfy { $0 == .required })
    }

    @Test func rulesFromTheDefinitionAreApplied() {
        // setup: each rule broken once
        var input = Self.valid
        input["navn"] = "Et altfor langt navn"
        input["kode"] = "abc"
        input["km"] = "101"
        input["start"] = "2027-06-01"
        input["skole"] = "b"  // Kristiansand's school, not offered in Harstad
        input["adresse.postnummer"] = "94O5"
        // act
        let p = problems(input)
        // check
        #expect(p["navn"] == .tooLong(max: 10))
        #expect(p["kode"] == .pattern(message: .init(nb: "Skriv tre store bokstaver")))
        #expect(p["km"] == .numberOutOfRange(min: 0, max: 100))
        if case .dateOutOfRange = p["start"] {} else { Issue.record("start: \(String(describing: p["start"]))") }
        #expect(p["skole"] == .notAnOption)
        #expect(p["adresse.postnummer"] == .postcode)
    }

    @Test func malformedValuesAreRefused() {
        // setup
        var input = Self.valid
        input["km"] = "fire"
        input["start"] = "31.02.2026"
        input["farlig"] = "kanskje"
        input["barn"] = "12345678901"
        // act
        let p = problems(input)
        // check
        #expect(p["km"] == .notANumber)
        #expect(p["start"] == .notADate)
        #expect(p["farlig"] == .notAnOption)
        #expect(p["barn"] == .identity(.checksum))
    }

    @Test func plainDecimals() {
        for ok in ["0", "12", "-3", "4.5", "-0.25"] { #expect(FormValidator.isPlainDecimal(ok), "\(ok)") }
        for bad in ["", "-", ".5", "5.", "1.2.3", "1e5", "fire", "4,5", "--1", "١٢"] {
            #expect(!FormValidator.isPlainDecimal(bad), "\(bad)")
        }
    }

    @Test func conditionalFieldIsRequiredOnlyWhenItsConditionHolds() {
        // act / check: hidden, then shown without an answer, then answered
        var input = Self.valid
        input["hvorfor"] = "Dette blir forkastet"
        guard case .success(let a) = validate(input) else {
            Issue.record("expected valid")
            return
        }
        #expect(a["hvorfor"] == nil, "an answer to a hidden question is dropped")
        input["farlig"] = "ja"
        input["hvorfor"] = ""
        #expect(problems(input)["hvorfor"] == .required)
        input["hvorfor"] = "Ingen fortau langs riksveien"
        guard case .success(let b) = validate(input) else {
            Issue.record("expected valid")
            return
        }
        #expect(b["hvorfor"] == "Ingen fortau langs riksveien")
    }

    @Test func personFieldFollowsTheIdentityPolicy() {
        // act
        guard case .failure(let errors) = validate(Self.valid, policy: .production) else {
            Issue.record("expected refusal")
            return
        }
        // check
        #expect(errors.map(\.problem) == [.identity(.notAllowed(.synthetic))])
    }

    @Test func optionsDependOnTheKommune() {
        // setup
        var input = Self.valid
        input["skole"] = "b"
        // act / check
        guard case .success = validate(input, kommune: "4204") else {
            Issue.record("expected valid in 4204")
            return
        }
    }

    @Test func definitionProblemsAreFound() {
        // setup: a definition with each kind of mistake
        var broken = Self.service
        broken.fields.append(FieldDefinition(id: "navn", type: .choice, label: .init(nb: "Dobbel"), pattern: "("))
        broken.fields.append(
            FieldDefinition(
                id: "x", type: .text, label: .init(nb: "X"), showWhen: .init(field: "finnes-ikke", equals: "ja")))
        // act
        let p = broken.problems()
        // check
        for message in [
            "feltet «navn» er definert to ganger", "valgfeltet «navn» har ingen alternativer",
            "feltet «navn» har et ugyldig mønster (pattern) «(»",
            "feltet «x» avhenger av det ukjente feltet «finnes-ikke»",
        ] {
            #expect(p.contains { $0.hasPrefix(message) }, "\(message) in \(p)")
        }
        #expect(Self.service.problems().isEmpty)
    }
}

@Suite struct CalendarTests {
    let cal = NorwegianCalendar()

    @Test(arguments: [(2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2038, 4, 25)])
    func easterSunday(year: Int, month: Int, day: Int) {
        let e = NorwegianCalendar.easterSunday(year: year)
        #expect(e.month == month && e.day == day)
    }

    @Test func publicHolidays2026() {
        for d in [
            "2026-01-01", "2026-04-02", "2026-04-03", "2026-04-05", "2026-04-06", "2026-05-01", "2026-05-14",
            "2026-05-17", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26",
        ] {
            #expect(cal.isPublicHoliday(cal.parseDate(d)!), "\(d)")
        }
        #expect(!cal.isPublicHoliday(cal.parseDate("2026-04-01")!))
        #expect(!cal.isPublicHoliday(cal.parseDate("2026-04-07")!))
    }

    @Test func workingDaysSkipEasterAndWeekends() {
        // Wednesday 1 April 2026 + 2 working days: Thu/Fri are holidays, Sat/Sun weekend, Mon holiday → Tue 7th, Wed 8th.
        #expect(cal.isoDate(cal.addingWorkingDays(2, to: cal.parseDate("2026-04-01")!)) == "2026-04-08")
        // Friday 15 May 2026 + 1: Sunday 17 May, so Monday 18th.
        #expect(cal.isoDate(cal.addingWorkingDays(1, to: cal.parseDate("2026-05-15")!)) == "2026-05-18")
        // 17 May 2027 is a Monday.
        #expect(cal.isoDate(cal.addingWorkingDays(1, to: cal.parseDate("2027-05-14")!)) == "2027-05-18")
    }

    @Test func datesAreParsedInBothForms() {
        #expect(cal.parseDate("2026-11-23") == cal.parseDate("23.11.2026"))
        #expect(cal.parseDate("2026-02-30") == nil)
        #expect(cal.parseDate("23/11/2026") == nil)
        #expect(cal.norwegianDate(cal.parseDate("2026-01-05")!) == "05.01.2026")
    }
}

@Suite struct CaseDomainTests {
    @Test func statusTransitions() {
        #expect(CaseStatus.mottatt.canMove(to: .underBehandling))
        #expect(CaseStatus.underBehandling.canMove(to: .avsluttet))
        #expect(CaseStatus.avsluttet.after(.open) == nil, "only a review reopens a decided case")
        #expect(!CaseStatus.avsluttet.canMove(to: .avsluttet))
    }

    /// The whole state machine (issue 20), written out: every status and transition not in this
    /// table is refused, so a new path cannot slip a case past it.
    @Test func theStateMachineAllowsExactlyItsTable() {
        let allowed: [CaseStatus: [CaseTransition: CaseStatus]] = [
            .mottatt: [
                .open: .underBehandling, .requestInformation: .venterPaSoker, .decide: .avsluttet, .forward: .oversendt,
                .appealSettled: .avsluttet, .propose: .tilGodkjenning,
            ],
            .underBehandling: [
                .requestInformation: .venterPaSoker, .decide: .avsluttet, .forward: .oversendt,
                .appealSettled: .avsluttet, .propose: .tilGodkjenning, .decideFollowUp: .avsluttet,
            ],
            .venterPaSoker: [
                .informationReceived: .underBehandling, .requestExpired: .underBehandling,
                .requestWithdrawn: .underBehandling, .decide: .avsluttet, .appealSettled: .avsluttet,
                .propose: .tilGodkjenning, .decideFollowUp: .avsluttet,
            ],
            // The two-person check: approved (decided) or returned.
            .tilGodkjenning: [.decide: .avsluttet, .returnProposal: .underBehandling, .decideFollowUp: .avsluttet],
            // A follow-up application (issue 24) reopens a decided case.
            .avsluttet: [.reviewRequested: .underBehandling, .appeal: .paklaget, .followUpReceived: .underBehandling],
            // Appeals: the appealed case waits; the appeal's own case is forwarded, then settled.
            .paklaget: [.decide: .avsluttet, .appealUpheld: .avsluttet, .appealQuashed: .underBehandling],
            .oversendt: [.appealSettled: .avsluttet],
        ]
        for status in CaseStatus.allCases {
            for transition in CaseTransition.allCases {
                #expect(status.after(transition) == allowed[status]?[transition], "\(status) by \(transition)")
            }
        }
        // every transition says why in the timeline with its own event
        #expect(Set(CaseTransition.allCases.map(\.event)).count == CaseTransition.allCases.count)
        #expect(!CaseStatus.avsluttet.isOpen && CaseStatus.venterPaSoker.isOpen)
        #expect(!CaseStatus.paklaget.isOpen && CaseStatus.oversendt.isOpen)
    }

    /// Forvaltningsloven §§ 29–30: three weeks from the letter's arrival, to the end of the day,
    /// moved past a weekend or public holiday to the next working day.
    @Test func theAppealDeadlineIsThreeWeeksToTheNextWorkingDay() {
        let cal = NorwegianCalendar()
        func oslo(_ m: Int, _ d: Int, _ h: Int = 10, _ min: Int = 0, _ s: Int = 0) -> Date {
            cal.calendar.date(from: DateComponents(year: 2026, month: m, day: d, hour: h, minute: min, second: s))!
        }
        // Tuesday 3 March → Tuesday 24 March, 23:59:59
        #expect(AppealDeadline.ends(received: oslo(3, 3)) == oslo(3, 24, 23, 59, 59))
        // Saturday 14 March → Saturday 4 April (Easter Saturday); Easter Monday 6 April is a
        // holiday too: Tuesday 7 April
        #expect(AppealDeadline.ends(received: oslo(3, 14)) == oslo(4, 7, 23, 59, 59))
    }

    @Test func aPausedDeadlineResumesWithTheTimeThatWasLeft() {
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        let paused = due.addingTimeInterval(-10 * 86_400)
        let resumed = paused.addingTimeInterval(3 * 86_400 + 17)
        #expect(
            ServiceDefinition.Deadline.resumed(due: due, pausedAt: paused, resumedAt: resumed)
                == due.addingTimeInterval(3 * 86_400 + 17))
        #expect(ServiceDefinition.Deadline.resumed(due: due, pausedAt: paused, resumedAt: paused) == due)
        // a clock set back never shortens the deadline
        #expect(ServiceDefinition.Deadline.resumed(due: due, pausedAt: paused, resumedAt: paused - 60) == due)
    }

    @Test func templatePlaceholders() {
        #expect(
            LetterTemplate.fill("Hei {{navn}}, sak {{ saksnummer }}.", with: ["navn": "Ola", "saksnummer": "2026/1"])
                == "Hei Ola, sak 2026/1.")
        #expect(LetterTemplate.fill("Ukjent {{x}} og {{uavsluttet", with: [:]) == "Ukjent {{x}} og {{uavsluttet")
    }

    @Test func decisionDraftNeedsOutcomeReasonsAndLegalBasis() {
        let s = FormValidationTests.service
        #expect(
            DecisionDraft(outcomeID: "", reasons: "kort", legalBasis: " ").problems(in: s) == [
                .outcomeMissing, .reasonsMissing, .legalBasisMissing,
            ])
        #expect(
            DecisionDraft(outcomeID: "innvilget", reasons: "Avstanden er over fire kilometer.", legalBasis: "§ 1")
                .problems(in: s).isEmpty)
    }

    @Test func decisionLetterCarriesReasonsLegalBasisAndAppeal() {
        let input = DecisionLetter.Input(
            template: .init(title: .init(nb: "Vedtak for {{navn}}"), body: .init(nb: "Hei {{navn}}.")),
            kommune: "Harstad kommune",
            serviceTitle: "Skoleskyss", saksnummer: .init(year: 2026, sequence: 7),
            date: NorwegianCalendar().parseDate("2026-11-23")!,
            outcomeLabel: "Innvilget", reasons: "Avstanden er 5 km.", legalBasis: "opplæringslova § 3-7",
            decidedBy: nil, answers: ["navn": "Ola"])
        let letter = DecisionLetter.compose(input)
        #expect(letter.title == "Vedtak for Ola")
        for part in [
            "Saksnummer: 2026/7", "Hei Ola.", "## Begrunnelse\nAvstanden er 5 km.", "## Hjemmel\nopplæringslova § 3-7",
            "## Du kan klage", "3 uker", "fattet automatisk",
        ] {
            #expect(letter.body.contains(part), "\(part)")
        }
    }

    /// `{{soker}}`: the applicant's name from the register, else «søkeren» (or «søkjaren»).
    @Test func theApplicantIsNamedOrCalledTheApplicant() {
        var input = DecisionLetter.Input(
            template: .init(title: .init(nb: "Vedtak"), body: .init(nb: "Til {{soker}}.", nn: "Til {{soker}}.")),
            kommune: "Harstad kommune", serviceTitle: "Skoleskyss", saksnummer: .init(year: 2026, sequence: 7),
            date: Date(), outcomeLabel: "Innvilget", reasons: "R", legalBasis: "L", decidedBy: nil, answers: [:])
        #expect(DecisionLetter.compose(input).body.contains("Til søkeren."))
        input.language = .nn
        #expect(DecisionLetter.compose(input).body.contains("Til søkjaren."))
        input.applicantName = "Ida Testesen"
        #expect(DecisionLetter.compose(input).body.contains("Til Ida Testesen."))
    }
}

/// Issue 19: e-mail, phone and money questions read what people write and store one form.
@Suite struct RicherQuestionTests {
    static let service = ServiceDefinition(
        id: "kontakt", version: 1, title: .init(nb: "Kontakt"), summary: .init(nb: "K"), whoCanApply: .init(nb: "Alle"),
        youNeed: nil, minutesToFill: 1, deadline: .init(days: 21, kind: .calendar), legalBasis: "testloven § 1",
        fields: [
            FieldDefinition(id: "epost", type: .email, label: .init(nb: "E-post")),
            FieldDefinition(id: "telefon", type: .phone, label: .init(nb: "Telefon")),
            FieldDefinition(id: "inntekt", type: .money, label: .init(nb: "Inntekt"), max: 10_000_000),
        ],
        outcomes: [
            .init(
                id: "ok", label: .init(nb: "OK"), granted: true,
                letter: .init(title: .init(nb: "Vedtak"), body: .init(nb: "Hei")))
        ])

    func validate(_ input: [String: String]) -> FormResult {
        FormValidator(policy: .synthetic, kommune: "5503", today: Date()).validate(Self.service, input: input)
    }

    @Test func goodAnswersAreStoredInOneForm() throws {
        for (typed, stored) in [
            (
                ["epost": "kari@example.no", "telefon": "912 34 567", "inntekt": "kr 12 500,50"],
                ["+4791234567", "12500.5"]
            ),
            (["epost": "a.b@c.d.no", "telefon": "+47 91234567", "inntekt": "12500,-"], ["+4791234567", "12500"]),
            (["epost": "x@y.se", "telefon": "0046 70 123 45 67", "inntekt": "0"], ["+46701234567", "0"]),
        ] {
            guard case .success(let answers) = validate(typed) else {
                Issue.record("refused: \(typed)")
                continue
            }
            #expect(answers.values["telefon"] == stored[0] && answers.values["inntekt"] == stored[1], "\(typed)")
        }
    }

    @Test func badAnswersAreRefusedWithTheirProblem() {
        for (typed, field, problem) in [
            (["epost": "kari.example.no"], "epost", FieldProblem.notAnEmail),
            (["epost": "kari@example"], "epost", .notAnEmail),
            (["epost": "ka ri@example.no"], "epost", .notAnEmail),
            (["telefon": "1234"], "telefon", .notAPhone),
            (["telefon": "+47 1234 56"], "telefon", .notAPhone),
            (["telefon": "91 23 45 6x"], "telefon", .notAPhone),
            (["inntekt": "-5"], "inntekt", .notAnAmount),
            (["inntekt": "12,555"], "inntekt", .notAnAmount),
            (["inntekt": "mange"], "inntekt", .notAnAmount),
            (["inntekt": "20 000 000"], "inntekt", .numberOutOfRange(min: 0, max: 10_000_000)),
        ] {
            var input = ["epost": "kari@example.no", "telefon": "91234567", "inntekt": "100"]
            input.merge(typed) { $1 }
            guard case .failure(let errors) = validate(input) else {
                Issue.record("accepted: \(typed)")
                continue
            }
            #expect(errors.map(\.problem) == [problem] && errors.first?.field.id == field, "\(typed): \(errors)")
        }
    }

    @Test func answersReadAsPeopleWriteThem() {
        let answers = ["inntekt": "12500.5", "telefon": "+4791234567"]
        let money = Self.service.fields[2].displayValue(answers: answers, kommune: "5503", language: .nb)
        #expect(
            money?.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
                == "12 500,50 kr")
        #expect(
            Self.service.fields[1].displayValue(answers: answers, kommune: "5503", language: .nb) == "+47 91 23 45 67")
    }
}

/// Issue 19: conditions across fields, and multi-select answers.
@Suite struct ConditionTests {
    typealias C = FieldDefinition.Condition

    @Test func comparisonsAndCombinations() {
        let v = ["rolle": "passasjer", "trinn": "7", "hjelp": "rullator,annet", "ja": "ja"]
        let lists: Set<String> = ["hjelp"]
        #expect(C(field: "rolle", equals: "passasjer").holds(v))
        #expect(!C(field: "rolle", equals: "sjafor").holds(v))
        #expect(C(field: "rolle", in: ["sjafor", "passasjer"]).holds(v))
        #expect(C(field: "trinn", atLeast: 5).holds(v) && !C(field: "trinn", atLeast: 8).holds(v))
        #expect(C(field: "trinn", atMost: 7).holds(v) && !C(field: "trinn", atMost: 6).holds(v))
        #expect(C(field: "hjelp", equals: "annet").holds(v, lists: lists))
        #expect(!C(field: "hjelp", equals: "annet").holds(v), "without the list, the whole answer is compared")
        #expect(C(field: "hjelp", in: ["rullestol", "rullator"]).holds(v, lists: lists))
        #expect(
            C(all: [C(field: "rolle", equals: "passasjer"), C(not: C(field: "hjelp", equals: "rullestol"))]).holds(
                v, lists: lists))
        #expect(!C(any: [C(field: "rolle", equals: "sjafor"), C(field: "trinn", atLeast: 10)]).holds(v))
        #expect(!C(field: "mangler", equals: "x").holds(v), "an unanswered field holds nothing")
        #expect(C(not: C(field: "mangler", equals: "x")).holds(v))
    }

    @Test func shapesThatMeanNothingAreNamed() {
        #expect(C(field: "a").shapeProblem != nil)
        #expect(C(field: "a", equals: "x", all: [C(field: "b", equals: "y")]).shapeProblem != nil)
        #expect(C(all: []).shapeProblem != nil)
        #expect(C(all: [C(field: "a", equals: "x")]).shapeProblem == nil)
        #expect(C(all: [C(field: "a", equals: "x"), C(not: C(field: "b", equals: "y"))]).fields == ["a", "b"])
    }

    @Test func aMultiSelectTakesOnlyItsOptionsInTheirOrder() {
        let def = ServiceDefinition(
            id: "x", version: 1, title: .init(nb: "X", en: "X"), summary: .init(nb: "X", en: "X"),
            whoCanApply: .init(nb: "X", en: "X"), youNeed: nil, minutesToFill: nil,
            deadline: .init(days: 1, kind: .calendar), legalBasis: "x",
            fields: [
                .init(
                    id: "hjelp", type: .choices, label: .init(nb: "Hjelp", en: "Aids"),
                    options: [
                        .init(value: "rullator", label: .init(nb: "Rullator", en: "Walker")),
                        .init(value: "annet", label: .init(nb: "Annet", en: "Other")),
                    ]),
                .init(
                    id: "annet", type: .text, label: .init(nb: "Annet", en: "Other"),
                    showWhen: .init(field: "hjelp", equals: "annet")),
            ], outcomes: [])
        let v = FormValidator(policy: .synthetic, kommune: nil, today: Date())
        guard case .success(let ok) = v.validate(def, input: ["hjelp": "annet,rullator", "annet": "Stokk"]) else {
            Issue.record("refused")
            return
        }
        #expect(ok.values == ["hjelp": "rullator,annet", "annet": "Stokk"])
        #expect(def.fields[0].displayValue(answers: ok.values, kommune: "5503", language: .nb) == "Rullator, Annet")
        guard case .failure(let e) = v.validate(def, input: ["hjelp": "rullator,fly"]) else {
            Issue.record("an unknown option was taken")
            return
        }
        #expect(e.map(\.problem) == [.notAnOption])
        // Not chosen «annet»: its follow-up is not asked, and a sent answer is dropped.
        guard case .success(let dropped) = v.validate(def, input: ["hjelp": "rullator", "annet": "x"]) else {
            Issue.record("refused")
            return
        }
        #expect(dropped.values["annet"] == nil)
    }
}
