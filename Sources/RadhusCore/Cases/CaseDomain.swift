import Foundation

/// Saksnummer: saksår/sekvensnummer, e.g. `2026/17`, gapless per kommune and year.
public struct Saksnummer: Hashable, Sendable, CustomStringConvertible, Comparable {
    public var year: Int
    public var sequence: Int
    public init(year: Int, sequence: Int) {
        self.year = year
        self.sequence = sequence
    }
    public var description: String { "\(year)/\(sequence)" }
    public static func < (a: Self, b: Self) -> Bool { (a.year, a.sequence) < (b.year, b.sequence) }
}

/// Where a case stands, as the citizen and the caseworker see it.
public enum CaseStatus: String, Sendable, Codable, CaseIterable {
    /// Mottatt: received, no caseworker has opened it yet.
    case mottatt
    /// Under behandling: a caseworker has started on it.
    case underBehandling = "under_behandling"
    /// Venter på søker: the kommune has asked the applicant for documents or answers and waits
    /// for them until a due date (issue 20). Shown to the citizen as «Venter på deg».
    case venterPaSoker = "venter_pa_soker"
    /// Avsluttet: a decision (vedtak) has been made and sent.
    case avsluttet
    /// Påklaget: the applicant has appealed the decision (klage, forvaltningsloven § 28); the
    /// appeal is its own case, linked to this one, and this one waits for it — reversed by the
    /// kommune (a new decision), upheld by the appeal body (closed again), or quashed and sent
    /// back (worked on anew).
    case paklaget
    /// Oversendt: an appeal the kommune upheld and forwarded to the appeal body (klageinstans,
    /// forvaltningsloven § 33), waiting for its outcome to be registered.
    case oversendt
    /// Til godkjenning: a caseworker's proposed decision waits for a second caseworker's approval
    /// (the two-person check a kommune can require for a service).
    case tilGodkjenning = "til_godkjenning"

    /// Still with the kommune: in the queue, open to the dialogue. Not a decided case, and not
    /// one whose appeal is being handled (the appeal case is the one in the queue).
    public var isOpen: Bool { self != .avsluttet && self != .paklaget }

    /// The status `transition` leads to from here, or nil when it is not allowed: the one
    /// state machine every path that changes a case's status goes through (`CaseLedger.move`).
    public func after(_ transition: CaseTransition) -> CaseStatus? {
        switch (self, transition) {
        case (.mottatt, .open): .underBehandling
        case (.mottatt, .requestInformation), (.underBehandling, .requestInformation): .venterPaSoker
        case (.venterPaSoker, .informationReceived), (.venterPaSoker, .requestExpired),
            (.venterPaSoker, .requestWithdrawn):
            .underBehandling
        // The applicant asks a caseworker to look at an automated decision: the case reopens.
        case (.avsluttet, .reviewRequested): .underBehandling
        // A decision may be made while waiting too: the caseworker judged the case complete.
        case (.mottatt, .decide), (.underBehandling, .decide), (.venterPaSoker, .decide): .avsluttet
        // The two-person check: a proposal waits for a second caseworker, who approves it (the
        // decision) or returns it.
        case (.mottatt, .propose), (.underBehandling, .propose), (.venterPaSoker, .propose): .tilGodkjenning
        case (.tilGodkjenning, .decide): .avsluttet
        case (.tilGodkjenning, .returnProposal): .underBehandling
        // A follow-up application on a decided case (issue 24: igangsettingstillatelse,
        // ferdigattest) reopens it; its decision closes it again.
        case (.avsluttet, .followUpReceived): .underBehandling
        case (.underBehandling, .decideFollowUp), (.venterPaSoker, .decideFollowUp), (.tilGodkjenning, .decideFollowUp):
            .avsluttet
        // Appeals (klage): the decided case is appealed; a new decision on it reverses the old
        // one (the kommune's omgjøring, or the appeal body's); upheld it closes again, quashed
        // it goes back to a caseworker.
        case (.avsluttet, .appeal): .paklaget
        case (.paklaget, .decide), (.paklaget, .appealUpheld): .avsluttet
        case (.paklaget, .appealQuashed): .underBehandling
        // The appeal's own case: forwarded to the appeal body, then settled one way or the other.
        case (.mottatt, .forward), (.underBehandling, .forward): .oversendt
        case (.mottatt, .appealSettled), (.underBehandling, .appealSettled), (.venterPaSoker, .appealSettled),
            (.oversendt, .appealSettled):
            .avsluttet
        default: nil
        }
    }

    /// Whether some transition leads from here to `next`.
    public func canMove(to next: CaseStatus) -> Bool {
        CaseTransition.allCases.contains { after($0) == next }
    }
}

/// What moves a case from one status to another (`CaseStatus.after`); each has its timeline
/// event, so a status never changes without the event that says why.
public enum CaseTransition: String, Sendable, CaseIterable {
    /// A caseworker opens a received case.
    case open
    /// The caseworker asks the applicant for documents or answers, with a due date.
    case requestInformation
    /// The applicant answered in the portal.
    case informationReceived
    /// The due date passed without an answer: back to the caseworker, marked so.
    case requestExpired
    /// The caseworker no longer waits (the answer came another way).
    case requestWithdrawn
    /// A decision (vedtak), by a person or by rules.
    case decide
    /// The applicant asks for a caseworker to review an automated decision (the right its
    /// letter names): the case goes back to a person, whose decision is a new one.
    case reviewRequested
    /// The applicant appealed the decision (on the appealed case).
    case appeal
    /// The kommune upheld the decision and sent the appeal to the appeal body (on the appeal).
    case forward
    /// The appeal is settled: reversed by the kommune, or the appeal body's outcome came back
    /// (on the appeal).
    case appealSettled
    /// The appeal body upheld the decision (on the appealed case).
    case appealUpheld
    /// The appeal body quashed the decision and sent the case back (on the appealed case).
    case appealQuashed
    /// A caseworker proposes a decision for a second caseworker to approve (two-person check).
    case propose
    /// The second caseworker sends the proposal back, with why.
    case returnProposal
    /// The applicant sends a follow-up application on the decided case (issue 24).
    case followUpReceived
    /// The follow-up's decision (its own event: the case's first decision stays the one the
    /// insights count).
    case decideFollowUp

    public var event: CaseEventKind {
        switch self {
        case .open: .opened
        case .requestInformation: .informationRequested
        case .informationReceived: .informationReceived
        case .requestExpired: .requestExpired
        case .requestWithdrawn: .requestWithdrawn
        case .decide: .decided
        case .reviewRequested: .reviewRequested
        case .appeal: .appealed
        case .forward: .forwarded
        case .appealSettled: .appealSettled
        case .appealUpheld: .appealUpheld
        case .appealQuashed: .appealQuashed
        case .propose: .decisionProposed
        case .returnProposal: .proposalReturned
        case .followUpReceived: .followUpReceived
        case .decideFollowUp: .followUpDecided
        }
    }
}

/// Every change to a case is an event with a time. The benefits reports are computed from
/// these rows (processing time = decided − submitted), so they are never edited, only added.
public enum CaseEventKind: String, Sendable, Codable, CaseIterable {
    case submitted
    case opened
    case decided
    case letterSent = "letter_sent"
    case letterRead = "letter_read"
    /// The applicant wrote on the case (issue 20); the text is in the case's messages, never
    /// in the event (the feed and the API carry events).
    case messageReceived = "message_received"
    /// The kommune asked the applicant for information; the detail is the due date.
    case informationRequested = "information_requested"
    case informationReceived = "information_received"
    case requestExpired = "request_expired"
    case requestWithdrawn = "request_withdrawn"
    /// A reminder of a request's due date went out.
    case reminderSent = "reminder_sent"
    /// The case was given to a caseworker (the detail is their name), or given back.
    case assigned
    /// A preliminary answer (foreløpig svar, forvaltningsloven § 11 a) went out; the detail is
    /// the date an answer can be expected.
    case preliminaryAnswer = "preliminary_answer"
    /// The applicant asked for a caseworker to review an automated decision.
    case reviewRequested = "review_requested"
    /// An appeal's case began (its first event, in place of `submitted`: an appeal is not an
    /// application, and the insights count applications); the detail is the appealed case's
    /// saksnummer.
    case appealReceived = "appeal_received"
    /// The case's decision was appealed; the detail is the appeal's saksnummer.
    case appealed
    /// The appeal went to the appeal body; the detail names it.
    case forwarded
    /// The appeal is settled; the detail is the outcome (`AppealOutcome`).
    case appealSettled = "appeal_settled"
    /// The appeal body upheld the decision (on the appealed case).
    case appealUpheld = "appeal_upheld"
    /// The appeal body quashed the decision and sent the case back (on the appealed case).
    case appealQuashed = "appeal_quashed"
    /// A decision was proposed for the two-person check; the detail is the outcome proposed.
    case decisionProposed = "decision_proposed"
    /// The second caseworker returned the proposal.
    case proposalReturned = "proposal_returned"
    /// A meeting was booked on the case (issue 22); the detail is its kind and start.
    case meetingBooked = "meeting_booked"
    /// A meeting was moved to another time; the detail is the new start.
    case meetingMoved = "meeting_moved"
    /// A meeting was cancelled.
    case meetingCancelled = "meeting_cancelled"
    /// The caseworker proposed a meeting (booked it for the applicant, who may move or cancel it).
    case meetingProposed = "meeting_proposed"
    /// A guest outside the case was invited to a meeting by e-mail.
    case meetingGuestInvited = "meeting_guest_invited"
    /// The meeting's reminder went to the applicant.
    case meetingReminded = "meeting_reminded"
    /// The meeting got under way in the video room (two participants in).
    case meetingStarted = "meeting_started"
    /// The meeting was held; the detail is its kind and duration in minutes.
    case meetingHeld = "meeting_held"
    /// The minutes were written and journaled as a note (N).
    case meetingMinutes = "meeting_minutes"
    /// The admission round offered a place (issue 23); the detail is the kindergarten.
    case admissionOffered = "admission_offered"
    /// The admission round gave no place from the child's wishes.
    case admissionNoOffer = "admission_no_offer"
    /// The applicant accepted the offer (the detail says whether they wait for a higher wish).
    case admissionAccepted = "admission_accepted"
    /// The applicant declined the offer, or let it expire.
    case admissionDeclined = "admission_declined"
    /// The application was complete and its statutory deadline set, or the deadline changed
    /// (issue 24: a neighbour objected, the clock stood still); the detail is the weeks and
    /// the last day, the event's due date the new one.
    case deadlineSet = "deadline_set"
    /// The checklist found documents missing; the detail lists their fields.
    case documentsMissing = "documents_missing"
    /// Letters went to the third parties the application lists (neighbours); the detail is how many.
    case thirdPartiesNotified = "third_parties_notified"
    /// A third party (a neighbour) commented through their link.
    case thirdPartyCommented = "third_party_commented"
    /// The decision set a fee (the invoice basis); the detail is the kroner to pay.
    case feeSet = "fee_set"
    /// A follow-up application on the decided case (igangsettingstillatelse, ferdigattest);
    /// the detail is its kind.
    case followUpReceived = "follow_up_received"
    /// The follow-up was decided; the detail is its kind and outcome.
    case followUpDecided = "follow_up_decided"

    /// The event's type in the event feed and the API (`case.submitted` …).
    public var feedType: String { "case.\(rawValue)" }

    public init?(feedType: String) {
        guard feedType.hasPrefix("case.") else { return nil }
        self.init(rawValue: String(feedType.dropFirst(5)))
    }
}

/// Forvaltningsloven § 11 a third paragraph: in a case about an individual decision, an
/// application that cannot be answered within one month of its receipt gets a preliminary answer
/// saying why and when an answer can be expected. Radhus sends it on its own `lead` before the
/// month ends, unless the case is decided or a caseworker sent one first; the queue warns from
/// `warning` before that.
public enum PreliminaryAnswer {
    /// Days before the month ends that the automatic preliminary answer goes out.
    public static let lead = 5
    /// Days before the automatic one that the queue warns of it.
    public static let warning = 5

    /// When the automatic preliminary answer goes out for an application received at `received`.
    public static func due(received: Date, calendar cal: NorwegianCalendar = .init()) -> Date {
        cal.addingCalendarDays(-lead, to: cal.calendar.date(byAdding: .month, value: 1, to: received)!)
    }

    /// The answer date to promise: the case's due date while it lies ahead, else two weeks on.
    public static func expected(dueAt: Date, now: Date, calendar cal: NorwegianCalendar = .init()) -> Date {
        dueAt > now ? dueAt : cal.addingCalendarDays(14, to: now)
    }
}

/// How an application came in (the digital share is counted from this).
public enum SubmissionChannel: String, Sendable, Codable { case digital, paper }

/// Staff roles in a kommune.
public enum StaffRole: String, Sendable, Codable, CaseIterable {
    case saksbehandler, leder, arkivar, admin

    /// Who may make decisions (vedtak) in cases.
    public var mayDecide: Bool { self == .saksbehandler || self == .leder }
    /// Who may see cases at all (an admin manages users and settings, not cases).
    public var mayReadCases: Bool { self != .admin }
    /// Who sets up the kommune: automation modes, dispatch settings and stuck letters.
    public var mayManageSettings: Bool { self == .leder || self == .admin }
    /// Who sees the access log (who looked at which case).
    public var mayReadAccessLog: Bool { self == .arkivar || self == .leder }
    /// Who may stop a letter before print.
    public var mayStopLetters: Bool { mayDecide || self == .admin }
    /// Who registers an application that came on paper (channel = paper).
    public var mayRegisterPaper: Bool { mayDecide || self == .arkivar }
    /// Who sees the insights: the report for politicians, comparisons, maturity.
    public var mayReadInsights: Bool { self == .leder || self == .admin }
    /// Who records baselines, settings and the action plan.
    public var mayEditBaselines: Bool { self == .admin }
    /// Who manages the kommune's staff and how they log in (single sign-on, invitations).
    public var mayManageUsers: Bool { self == .admin }
    /// Who may file a corrected version of a registered document.
    public var mayCorrectDocuments: Bool { mayDecide || self == .arkivar }
}

/// The standard information about the right to appeal (forvaltningsloven §§ 27 og 29).
public enum AppealInformation {
    public static let weeks = 3
    public static let legalBasis = "forvaltningsloven §§ 28 og 29"

    /// With `postmottak` and `saksnummer`, the text says how to appeal, not only that one may
    /// (issue 17: letters promised a right with no address to use it at).
    public static func text(
        kommune: String, postmottak: String? = nil, saksnummer: String? = nil, language: Language = .nb
    ) -> String {
        var text =
            language == .nn
            ? """
            Du kan klage på vedtaket. Fristen for å klage er \(weeks) veker frå du fekk dette brevet \
            (forvaltningslova §§ 28 og 29). Klaga sender du til \(kommune), som vurderer saka på nytt. Viss vi ikkje gir \
            deg medhald, sender vi klaga vidare til klageinstansen. Du har rett til å sjå dokumenta i saka \
            (forvaltningslova § 18).
            """
            : """
            Du kan klage på vedtaket. Fristen for å klage er \(weeks) uker fra du mottok dette brevet \
            (\(legalBasis)). Klagen sender du til \(kommune), som vurderer saken på nytt. Hvis vi ikke gir \
            deg medhold, sender vi klagen videre til klageinstansen. Du har rett til å se dokumentene i saken \
            (forvaltningsloven § 18).
            """
        if let postmottak {
            text +=
                " "
                + howTo(
                    language == .nn ? "Send klaga" : "Send klagen", kommune: kommune, postmottak: postmottak,
                    saksnummer, language: language)
        }
        return text
    }

    /// How to ask for a caseworker to look at an automated decision.
    public static func reviewText(
        kommune: String, postmottak: String?, saksnummer: String?, language: Language = .nb
    ) -> String {
        let ask =
            language == .nn
            ? "Vedtaket er gjort automatisk. Du har rett til å få ei forklaring og til å be om at ein saksbehandlar vurderer saka. Det kan du gjere under saka i «Mine saker»."
            : "Vedtaket er fattet automatisk. Du har rett til å få en forklaring og til å be om at en saksbehandler vurderer saken. Det kan du gjøre under saken i «Mine saker»."
        guard let postmottak else { return ask }
        return ask + " " + howTo("Be om det", kommune: kommune, postmottak: postmottak, saksnummer, language: language)
    }

    static func howTo(
        _ verb: String, kommune: String, postmottak: String, _ saksnummer: String?, language: Language = .nb
    ) -> String {
        let reference = saksnummer.map { ", og oppgi saksnummer \($0)" } ?? ""
        return "\(verb) på e-post til \(postmottak) eller i brev til \(kommune)\(reference)."
    }
}

/// What a caseworker submits to decide a case, checked before anything is written.
public struct DecisionDraft: Sendable, Equatable, Codable {
    public var outcomeID: String
    public var reasons: String
    public var legalBasis: String
    /// The letter is never printed: it stays digital even when unread (SvarUt's "kun digital").
    public var digitalOnly: Bool

    /// The decision values as typed (issue 19), by id; checked against the service's
    /// `decisionValues` for the chosen outcome.
    public var values: [String: String]

    public init(
        outcomeID: String, reasons: String, legalBasis: String, digitalOnly: Bool = false,
        values: [String: String] = [:]
    ) {
        self.values = values
        self.digitalOnly = digitalOnly
        self.outcomeID = outcomeID.trimmingCharacters(in: .whitespacesAndNewlines)
        self.reasons = reasons.trimmingCharacters(in: .whitespacesAndNewlines)
        self.legalBasis = legalBasis.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public enum Problem: Sendable, Equatable {
        case outcomeMissing, reasonsMissing, reasonsTooLong, legalBasisMissing, legalBasisTooLong
        /// A character that cannot be seen (`PlainText`) in the reasons or the legal basis.
        case invisibleInReasons(Unicode.Scalar)
        case invisibleInLegalBasis(Unicode.Scalar)
        /// A decision value's problem, at its field.
        case value(FieldError)
        public var inputID: String {
            switch self {
            case .value(let e): e.inputID
            case .outcomeMissing: "utfall"
            case .reasonsMissing, .reasonsTooLong, .invisibleInReasons: "begrunnelse"
            case .legalBasisMissing, .legalBasisTooLong, .invisibleInLegalBasis: "hjemmel"
            }
        }
    }

    /// The longest legal basis, in the workspace and the API alike (it was 10,000 in one and 500
    /// in the other).
    public static let legalBasisMax = 500

    /// An enkeltvedtak must give its reasons and the rules it rests on (forvaltningsloven §§ 24–25).
    public func problems(in service: ServiceDefinition, validator: FormValidator? = nil) -> [Problem] {
        var out: [Problem] = []
        if let validator, service.outcome(outcomeID) != nil,
            case .failure(let errors) = checkedValues(in: service, validator: validator)
        {
            out += errors.map { .value($0) }
        }
        if service.outcome(outcomeID) == nil { out.append(.outcomeMissing) }
        if let c = PlainText.refused(in: reasons, multiline: true) {
            out.append(.invisibleInReasons(c))
        } else if reasons.count < 10 {
            out.append(.reasonsMissing)
        } else if reasons.count > 8000 {
            out.append(.reasonsTooLong)
        }
        if let c = PlainText.refused(in: legalBasis) {
            out.append(.invisibleInLegalBasis(c))
        } else if legalBasis.isEmpty {
            out.append(.legalBasisMissing)
        } else if legalBasis.count > Self.legalBasisMax {
            out.append(.legalBasisTooLong)
        }
        return out
    }

    /// The decision values for the chosen outcome, read like any form's answers (a date as
    /// 2029-12-05, kroner as 12500.5); values not asked for that outcome are dropped.
    public func checkedValues(in service: ServiceDefinition, validator: FormValidator) -> FormResult {
        guard service.decisionValues?.isEmpty == false else { return .success(ValidatedAnswers(values: [:])) }
        return validator.validate(service.decisionForm, input: values, context: ["utfall": outcomeID])
    }
}

/// Forvaltningsloven § 29: an appeal is lodged within three weeks of the notice of the decision
/// reaching the party; § 30: a deadline that ends on a Saturday, Sunday or public holiday runs
/// to the next working day. A late appeal may still be heard (§ 31) — the form asks why it is
/// late, and the caseworker weighs it.
public enum AppealDeadline {
    public static let weeks = 3

    /// The end (23:59:59, Norwegian time) of the last day to appeal a decision whose letter
    /// reached the party at `received`.
    public static func ends(received: Date, calendar cal: NorwegianCalendar = .init()) -> Date {
        cal.endOfDay(cal.workingDay(onOrAfter: cal.addingCalendarDays(weeks * 7, to: cal.startOfDay(received))))
    }
}

/// How an appeal ended (`appeals.outcome`, the detail of `appeal_settled`).
public enum AppealOutcome: String, Sendable, CaseIterable, Codable {
    /// The kommune reversed its own decision (forvaltningsloven § 33 second paragraph).
    case reversedByKommune = "omgjort_av_kommunen"
    /// The appeal body upheld the decision.
    case upheld = "stadfestet"
    /// The appeal body changed the decision.
    case changed = "omgjort"
    /// The appeal body quashed the decision and sent the case back for new processing.
    case quashed = "opphevet"
}

/// Who decides an appeal the kommune upholds (the service's `appealBody`): the statsforvalter
/// (most services under state law: opplæringslova, barnehageloven, plan- og bygningsloven) or the
/// kommune's own appeals board (klagenemnd, forvaltningsloven § 28 second paragraph: decisions
/// under the kommune's own rules, such as parking permits).
public enum AppealBody: String, Sendable, Codable, Hashable, CaseIterable {
    case statsforvalteren
    case klagenemnd
}
