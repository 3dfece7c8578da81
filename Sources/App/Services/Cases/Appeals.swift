import Fluent
import Foundation
import RadhusCore
import SQLKit

/// What the applicant wrote in the appeal form, and what is wrong with it, field by field.
public struct AppealDraft: Sendable {
    public var text: String
    /// Why the appeal comes after the deadline (forvaltningsloven § 31); asked only then.
    public var lateReason: String
    /// Problems by input id (`tekst`, `sen`).
    public var problems: [String: LocalizedText] = [:]

    public init(text: String, lateReason: String = "") {
        self.text = text
        self.lateReason = lateReason
    }

    mutating func check(late: Bool) -> (text: String, lateReason: String?)? {
        let text = self.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let reason = lateReason.trimmingCharacters(in: .whitespacesAndNewlines)
        problems["tekst"] = DialogueDraft.problem(
            in: text,
            empty: LocalizedText(
                nb: "Skriv hva du klager på, og hvorfor.", en: "Write what you appeal against, and why.",
                nn: "Skriv kva du klagar på, og kvifor."))
        if late {
            problems["sen"] = DialogueDraft.problem(
                in: reason,
                empty: LocalizedText(
                    nb:
                        "Klagefristen er ute. Skriv hvorfor du klager for sent, så vurderer kommunen om klagen kan behandles.",
                    en:
                        "The deadline to appeal has passed. Write why you appeal late, and the kommune will consider whether the appeal can be heard.",
                    nn:
                        "Klagefristen er ute. Skriv kvifor du klagar for seint, så vurderer kommunen om klaga kan behandlast."
                ))
        }
        guard problems.isEmpty else { return nil }
        return (text, late ? reason : nil)
    }
}

/// Appeals (klage, forvaltningsloven §§ 28–36; issue 20). The applicant appeals a decision in
/// «Mine saker»; the appeal is a case of its own, linked to the appealed one, which waits
/// (`paklaget`). The kommune reverses its decision (a new decision on the appealed case) or
/// upholds it and forwards the appeal with its assessment to the appeal body — the service's
/// statsforvalter or the kommune's klagenemnd — as a package on the dispatch path. The appeal
/// body's outcome, registered when it comes back, settles both cases.
public struct AppealService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let services: ServiceRegistry

    public init(db: any Database, writer: WriteCoordinator, clock: any Clock, services: ServiceRegistry) {
        self.db = db
        self.writer = writer
        self.clock = clock
        self.services = services
    }

    /// A decision the applicant may appeal, and until when.
    struct Appealable {
        var decision: DecisionRecord
        var deadline: Date
    }

    /// Whether the case's decision may be appealed: a decided case (not an appeal itself) whose
    /// decision in force has not been appealed, and was not made by an appeal body (its decision
    /// is final, forvaltningsloven § 28 third paragraph). The deadline runs from the day the
    /// decision's letter reached the applicant's inbox.
    static func appealable(_ record: CaseRecord, on db: any Database) async throws -> Appealable? {
        guard record.caseStatus == .avsluttet, record.appealOf == nil, let caseID = record.id,
            let decision = try await DecisionRecord.query(on: db).inForce(case: caseID), let decisionID = decision.id
        else { return nil }
        let earlier = try await Appeal.query(on: db).filter(\.$appealedCaseID == caseID).all()
        if earlier.contains(where: { $0.decisionID == decisionID }) { return nil }
        if earlier.contains(where: { $0.appealOutcome == .changed }) { return nil }
        let letter = try await LetterRecord.query(on: db).filter(\.$decisionID == decisionID).first()
        return Appealable(
            decision: decision, deadline: AppealDeadline.ends(received: letter?.createdAt ?? decision.decidedAt))
    }

    public enum LodgeResult: Sendable {
        case lodged(appealCaseID: UUID)
        case invalid(AppealDraft)
    }

    /// The applicant appeals: a new case (`appeal_received`, the next saksnummer) linked to the
    /// appealed one, the appeal's row, and the appealed case `paklaget` — together or not at all.
    public func lodge(caseID: UUID, draft: AppealDraft, applicant: Fodselsnummer) async throws -> LodgeResult {
        let clock = self.clock
        let services = self.services
        return try await writer.write(on: db) { tx in
            try await CaseLedger.lock(caseID, on: tx)
            let now = clock.now()
            guard
                let record = try await CaseRecord.query(on: tx).filter(\.$id == caseID)
                    .filter(\.$applicantFnr == applicant.value).first()
            else {
                throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
            }
            guard let appealable = try await Self.appealable(record, on: tx) else {
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb:
                            "Vedtaket i saken kan ikke påklages her: saken er ikke avgjort, klagen er allerede sendt, eller vedtaket er klageinstansens.",
                        en:
                            "The decision cannot be appealed here: the case is not decided, the appeal is sent already, or the decision is the appeal body's.",
                        nn:
                            "Vedtaket i saka kan ikkje påklagast her: saka er ikkje avgjord, klaga er alt send, eller vedtaket er klageinstansen sitt."
                    ))
            }
            var draft = draft
            guard let (text, lateReason) = draft.check(late: now > appealable.deadline) else {
                return .invalid(draft)
            }
            guard
                let service = try await services.forCase(
                    serviceID: record.serviceID, version: record.serviceVersion, municipalityID: record.municipalityID,
                    on: tx), let m = try await Municipality.find(record.municipalityID, on: tx)
            else {
                throw RadhusError.internalInconsistency("case \(caseID) has no service or kommune")
            }
            // The appeal carries the appealed application's answers: its case page shows what was
            // applied for, and the same person's other cases are found as for any case.
            let appeal = CaseLedger.NewCase(
                municipality: try m.snapshot(), serviceID: record.serviceID, serviceVersion: record.serviceVersion,
                applicant: record.applicantFnr, subject: record.subjectFnr, channel: .digital,
                answersJSON: record.answersJSON, submittedAt: now,
                dueAt: service.deadline.dueDate(from: now), idempotencyKey: nil, actor: "citizen",
                detail: record.saksnummer.description, appealOf: caseID)
            let number = try await CaseLedger.create(appeal, on: tx)
            let row = Appeal()
            row.municipalityID = record.municipalityID
            row.caseID = appeal.id
            row.appealedCaseID = caseID
            row.decisionID = try appealable.decision.requireID()
            row.text = text
            row.lodgedAt = now
            row.deadlineAt = appealable.deadline
            row.lateReason = lateReason
            row.body = (service.appealBody ?? .statsforvalteren).rawValue
            try await row.create(on: tx)
            try await CaseLedger.move(
                caseID, municipality: record.municipalityID, from: .avsluttet, by: .appeal, at: now, actor: "citizen",
                detail: number.description, on: tx)
            return .lodged(appealCaseID: appeal.id)
        }
    }

    /// The appeal a case is, with the case it appeals; nil for a case that is not an appeal.
    static func appeal(of record: CaseRecord, on db: any Database) async throws -> (Appeal, CaseRecord)? {
        guard let appealedID = record.appealOf, let caseID = record.id,
            let row = try await Appeal.query(on: db).filter(\.$caseID == caseID).first(),
            let appealed = try await CaseRecord.find(appealedID, on: db)
        else { return nil }
        return (row, appealed)
    }

    /// The appeal a case under appeal waits for: its case's id and saksnummer; nil for a case that
    /// is not `paklaget` (no read then: the case pages ask this of every case).
    static func waitingFor(_ record: CaseRecord, on db: any Database) async throws -> (
        id: UUID, saksnummer: Saksnummer
    )? {
        guard record.caseStatus == .paklaget, let caseID = record.id,
            let latest = try await Appeal.query(on: db).filter(\.$appealedCaseID == caseID)
                .filter(\.$outcome == nil).first(),
            let appealCase = try await CaseRecord.find(latest.caseID, on: db)
        else { return nil }
        return (latest.caseID, appealCase.saksnummer)
    }

    /// A decision made on an appeal's case page is a decision on the appealed case: the kommune's
    /// reversal (omgjøring, forvaltningsloven § 33 second paragraph) while the appeal is with it,
    /// or the appeal body's changed decision registered once the appeal was forwarded. Either way
    /// the appeal is settled with it. The caller holds the appeal case's row.
    static func decide(
        onAppeal record: CaseRecord, draft: DecisionDraft, scope: TenantScope, municipality: Municipality.Snapshot,
        by decider: DecisionWriter.Decider, services: ServiceRegistry, now: Date, on tx: any Database
    ) async throws -> CaseworkService.DecideResult {
        guard let (appeal, appealed) = try await Self.appeal(of: record, on: tx), appeal.outcome == nil,
            appealed.caseStatus == .paklaget
        else {
            throw CaseLedger.refused(record.caseStatus, .appealSettled)
        }
        try await CaseLedger.lock(appealed.requireID(), on: tx)
        let forwarded = record.caseStatus == .oversendt
        let body = appeal.appealBody
        var decider = decider
        if forwarded, let staff = decider.staff {
            // The appeal body decided; the caseworker registers its decision.
            decider = .init(staff: nil, system: (staff.userID, LetterTexts.bodyName(body, kommune: municipality.name)))
        }
        let appealNumber = record.saksnummer
        let kommune = municipality.name
        let result = try await CaseworkService.decide(
            appealed, draft: draft, scope: scope, municipality: municipality, by: decider, services: services, now: now,
            preface: { earlier, lang in
                forwarded
                    ? LetterTexts.changedByBodyPreface(body, kommune: kommune, earlierAt: earlier, lang)
                    : LetterTexts.reversedPreface(appeal: appealNumber, earlierAt: earlier, lang)
            }, on: tx)
        guard case .decided = result else { return result }
        try await settle(
            appeal, appealCase: record, outcome: forwarded ? .changed : .reversedByKommune, note: draft.reasons,
            actor: decider.signature, now: now, on: tx)
        return result
    }

    /// Closes the appeal's case with its outcome.
    static func settle(
        _ appeal: Appeal, appealCase record: CaseRecord, outcome: AppealOutcome, note: String, actor: String, now: Date,
        on tx: any Database
    ) async throws {
        appeal.outcome = outcome.rawValue
        appeal.outcomeAt = now
        appeal.outcomeNote = note
        try await appeal.update(on: tx)
        try await CaseLedger.move(
            record.requireID(), municipality: record.municipalityID, from: record.caseStatus, by: .appealSettled,
            at: now,
            actor: actor, detail: outcome.rawValue,
            set: [("attention", SQLLiteral.null), ("preliminary_due_at", SQLLiteral.null)], on: tx)
    }

    public enum Result: Sendable {
        case done
        case invalid(DialogueDraft)
    }

    /// The kommune upholds the decision and forwards the appeal with its assessment: the appeal
    /// case `oversendt`, a copy of the forwarding letter to the applicant (forvaltningsloven § 33
    /// fourth paragraph gives them the chance to comment), and the package to the appeal body as
    /// a shipment of that letter on the dispatch path (`ShipmentChannel.appealBody`).
    public func forward(caseID: UUID, assessment: String, by staff: StaffContext) async throws -> Result {
        try CaseworkService.requireDecider(staff)
        let clock = self.clock
        return try await writer.write(on: db) { tx in
            let (record, appeal, appealed) = try await Self.lockAppeal(caseID, scope: staff.scope, on: tx)
            let now = clock.now()
            guard appeal.outcome == nil, record.caseStatus.after(.forward) != nil else {
                throw CaseLedger.refused(record.caseStatus, .forward)
            }
            var draft = DialogueDraft(kind: .appealForward, text: assessment)
            draft.problems["tekst"] = DialogueDraft.problem(
                in: assessment.trimmingCharacters(in: .whitespacesAndNewlines),
                empty: LocalizedText(
                    nb: "Skriv kommunens vurdering av klagen: hvorfor vedtaket opprettholdes.",
                    en: "Write the kommune's assessment of the appeal: why the decision is upheld.",
                    nn: "Skriv vurderinga til kommunen av klaga: kvifor vedtaket blir halde oppe."))
            guard draft.problems.isEmpty else { return .invalid(draft) }
            let text = assessment.trimmingCharacters(in: .whitespacesAndNewlines)
            let body = appeal.appealBody
            let bodyName = LetterTexts.bodyName(body, kommune: staff.municipality.name)
            guard
                try await DispatchSettings.query(on: tx).filter(\.$municipalityID == staff.municipality.id).first()?
                    .address(of: body) != nil
            else {
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb:
                            "Kommunen har ikke satt adressen til \(bodyName). En administrator setter den under «Utsending».",
                        en:
                            "The kommune has not set the address of \(bodyName). An administrator sets it under “Dispatch”.",
                        nn:
                            "Kommunen har ikkje sett adressa til \(bodyName). Ein administrator set ho under «Utsending»."
                    ))
            }
            try await CaseLedger.move(
                caseID, municipality: record.municipalityID, from: record.caseStatus, by: .forward, at: now,
                actor: staff.signature, detail: bodyName, set: [("attention", SQLLiteral.null)], on: tx)
            appeal.forwardedAt = now
            appeal.assessment = text
            try await appeal.update(on: tx)
            let lang = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql).language
            let letterID = try await CaseLetters.send(
                case: caseID, municipality: record.municipalityID, recipient: record.applicantFnr,
                title: LetterTexts.forwardedTitle(record.saksnummer, lang),
                body: LetterTexts.forwardedBody(
                    appealed: appealed.saksnummer, body: bodyName, assessment: text, kommune: staff.municipality.name,
                    lang),
                digitalOnly: false, now: now, on: tx)
            try await Outbox.enqueueAppealPackage(
                letterID: letterID, caseID: caseID, municipalityID: record.municipalityID, now: now, on: tx.sql)
            return .done
        }
    }

    /// The appeal body upheld the decision, or quashed it and sent the case back: registered by a
    /// caseworker when its decision comes. Upheld, both cases close; quashed, the appeal closes
    /// and the appealed case goes back to a caseworker, marked. (Changed, it is a decision made
    /// on the appeal's page: `decide(onAppeal:)`.)
    public func registerOutcome(
        caseID: UUID, outcome: AppealOutcome, note: String, by staff: StaffContext
    ) async throws -> Result {
        try CaseworkService.requireDecider(staff)
        guard outcome == .upheld || outcome == .quashed else {
            throw RadhusError.localized(
                .unprocessableEntity,
                LocalizedText(
                    nb: "Velg hva klageinstansen kom til.", en: "Choose what the appeal body decided.",
                    nn: "Vel kva klageinstansen kom til."))
        }
        let clock = self.clock
        return try await writer.write(on: db) { tx in
            let (record, appeal, appealed) = try await Self.lockAppeal(caseID, scope: staff.scope, on: tx)
            let now = clock.now()
            guard appeal.outcome == nil, record.caseStatus == .oversendt, appealed.caseStatus == .paklaget else {
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb: "Klagen er ikke sendt til klageinstansen, eller utfallet er alt registrert.",
                        en: "The appeal has not been forwarded, or its outcome is registered already.",
                        nn: "Klaga er ikkje send til klageinstansen, eller utfallet er alt registrert."))
            }
            let trimmed = note.trimmingCharacters(in: .whitespacesAndNewlines)
            var draft = DialogueDraft(kind: .appealOutcome, text: note)
            if let problem = DialogueDraft.problem(
                in: trimmed,
                empty: LocalizedText(
                    nb: "Skriv kort hva klageinstansen kom til, med datoen for vedtaket.",
                    en: "Write briefly what the appeal body decided, with the date of its decision.",
                    nn: "Skriv kort kva klageinstansen kom til, med datoen for vedtaket."))
            {
                draft.problems["tekst"] = problem
                return .invalid(draft)
            }
            try await CaseLedger.lock(appealed.requireID(), on: tx)
            let appealedID = try appealed.requireID()
            if outcome == .upheld {
                try await CaseLedger.move(
                    appealedID, municipality: appealed.municipalityID, from: .paklaget, by: .appealUpheld, at: now,
                    actor: staff.signature, detail: outcome.rawValue, on: tx)
            } else {
                try await CaseLedger.move(
                    appealedID, municipality: appealed.municipalityID, from: .paklaget, by: .appealQuashed, at: now,
                    actor: staff.signature, detail: outcome.rawValue,
                    set: [("attention", SQLBind(CaseAttention.quashed.rawValue)), ("assigned_to", SQLLiteral.null)],
                    on: tx)
            }
            try await Self.settle(
                appeal, appealCase: record, outcome: outcome, note: trimmed, actor: staff.signature, now: now, on: tx)
            let lang = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql).language
            try await CaseLetters.send(
                case: caseID, municipality: record.municipalityID, recipient: record.applicantFnr,
                title: LetterTexts.settledTitle(record.saksnummer, lang),
                body: LetterTexts.settledBody(
                    outcome, body: LetterTexts.bodyName(appeal.appealBody, kommune: staff.municipality.name),
                    appealed: appealed.saksnummer, note: trimmed, kommune: staff.municipality.name, lang),
                digitalOnly: false, now: now, on: tx)
            return .done
        }
    }

    /// Takes an appeal's case for the command (then reads the time), with its appeal and the case
    /// it appeals; not found outside the staff member's kommune or for a case that is no appeal.
    static func lockAppeal(
        _ caseID: UUID, scope: TenantScope, on tx: any Database
    ) async throws -> (CaseRecord, Appeal, CaseRecord) {
        try await CaseLedger.lock(caseID, on: tx)
        guard let record = try await scope.find(CaseRecord.self, caseID, on: tx),
            let (appeal, appealed) = try await Self.appeal(of: record, on: tx)
        else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        return (record, appeal, appealed)
    }

}

extension LetterTexts {
    static func bodyName(_ body: AppealBody, kommune: String) -> String {
        switch body {
        case .statsforvalteren: "Statsforvalteren"
        case .klagenemnd: "\(kommune) klagenemnd"
        }
    }

    static func reversedPreface(appeal: Saksnummer, earlierAt: Date, _ lang: Language) -> String {
        let date = NorwegianCalendar().norwegianDate(earlierAt)
        return pick(
            lang,
            nb:
                "Vi har behandlet klagen din (sak \(appeal)) og endrer vedtaket av \(date) (forvaltningsloven § 33 andre ledd). Dette vedtaket erstatter det du klaget på.",
            nn:
                "Vi har behandla klaga di (sak \(appeal)) og endrar vedtaket av \(date) (forvaltningslova § 33 andre ledd). Dette vedtaket erstattar det du klaga på."
        )
    }

    static func changedByBodyPreface(_ body: AppealBody, kommune: String, earlierAt: Date, _ lang: Language) -> String {
        let date = NorwegianCalendar().norwegianDate(earlierAt)
        let name = bodyName(body, kommune: kommune)
        return pick(
            lang,
            nb:
                "\(name) har behandlet klagen din og endret vedtaket av \(date). Kommunen gjennomfører det nye vedtaket, som står her. Vedtaket i klagesaken er endelig og kan ikke påklages (forvaltningsloven § 28 tredje ledd).",
            nn:
                "\(name) har behandla klaga di og endra vedtaket av \(date). Kommunen gjennomfører det nye vedtaket, som står her. Vedtaket i klagesaka er endeleg og kan ikkje påklagast (forvaltningslova § 28 tredje ledd)."
        )
    }

    static func quashedPreface(earlierAt: Date, _ lang: Language) -> String {
        let date = NorwegianCalendar().norwegianDate(earlierAt)
        return pick(
            lang,
            nb:
                "Klageinstansen opphevet vedtaket av \(date) og sendte saken tilbake til kommunen. Vi har behandlet saken på nytt, og dette vedtaket erstatter det som ble opphevet.",
            nn:
                "Klageinstansen oppheva vedtaket av \(date) og sende saka tilbake til kommunen. Vi har behandla saka på nytt, og dette vedtaket erstattar det som vart oppheva."
        )
    }

    static func forwardedTitle(_ saksnummer: Saksnummer, _ lang: Language) -> String {
        pick(
            lang, nb: "Klagen din er sendt til klageinstansen – sak \(saksnummer)",
            nn: "Klaga di er send til klageinstansen – sak \(saksnummer)")
    }

    static func forwardedBody(
        appealed: Saksnummer, body: String, assessment: String, kommune: String, _ lang: Language
    ) -> String {
        pick(
            lang,
            nb: """
                Vi har behandlet klagen din på vedtaket i sak \(appealed). Vi opprettholder vedtaket og har sendt klagen med sakens dokumenter til \(body), som avgjør den (forvaltningsloven § 33).

                ## Kommunens vurdering
                \(assessment)

                Har du merknader til vurderingen, kan du skrive til oss under saken i «Mine saker» innen tre uker, så sender vi dem videre.

                Hilsen \(kommune)
                """,
            nn: """
                Vi har behandla klaga di på vedtaket i sak \(appealed). Vi held oppe vedtaket og har sendt klaga med dokumenta i saka til \(body), som avgjer ho (forvaltningslova § 33).

                ## Vurderinga til kommunen
                \(assessment)

                Har du merknader til vurderinga, kan du skrive til oss under saka i «Mine saker» innan tre veker, så sender vi dei vidare.

                Helsing \(kommune)
                """)
    }

    static func settledTitle(_ saksnummer: Saksnummer, _ lang: Language) -> String {
        pick(lang, nb: "Klagen din er avgjort – sak \(saksnummer)", nn: "Klaga di er avgjord – sak \(saksnummer)")
    }

    static func settledBody(
        _ outcome: AppealOutcome, body: String, appealed: Saksnummer, note: String, kommune: String, _ lang: Language
    ) -> String {
        let nb =
            outcome == .upheld
            ? "\(body) har behandlet klagen din og stadfestet vedtaket i sak \(appealed). Vedtaket står ved lag og kan ikke påklages videre (forvaltningsloven § 28 tredje ledd)."
            : "\(body) har behandlet klagen din og opphevet vedtaket i sak \(appealed). Saken går tilbake til kommunen, som behandler den på nytt og sender deg et nytt vedtak."
        let nn =
            outcome == .upheld
            ? "\(body) har behandla klaga di og stadfesta vedtaket i sak \(appealed). Vedtaket står ved lag og kan ikkje påklagast vidare (forvaltningslova § 28 tredje ledd)."
            : "\(body) har behandla klaga di og oppheva vedtaket i sak \(appealed). Saka går tilbake til kommunen, som behandlar ho på nytt og sender deg eit nytt vedtak."
        return pick(
            lang,
            nb: "\(nb)\n\n## Klageinstansens avgjørelse\n\(note)\n\nHilsen \(kommune)",
            nn: "\(nn)\n\n## Avgjerda til klageinstansen\n\(note)\n\nHelsing \(kommune)")
    }
}
