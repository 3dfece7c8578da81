import Fluent
import Foundation
import RadhusCore
import SQLKit

/// What was written in one of the case page's dialogue forms, and what is wrong with it, field
/// by field: a refused form comes back with the text kept and each problem at its field.
public struct DialogueDraft: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// To the applicant, as a letter (or, from the citizen, to the kommune).
        case message = "melding"
        /// An internal note, for the kommune's staff only.
        case note = "notat"
        /// A request for documents or answers, with a due date.
        case request = "foresporsel"
        /// A preliminary answer (forvaltningsloven § 11 a): why it takes time, and the date an
        /// answer can be expected.
        case preliminary = "forelopig"
        /// The applicant's reason for asking a caseworker to review an automated decision
        /// (optional; from «Mine saker» only).
        case review = "vurdering"
        /// The kommune's assessment of an appeal it upholds and forwards (issue 20).
        case appealForward = "oversend"
        /// The caseworker's summary of the appeal body's outcome (issue 20).
        case appealOutcome = "utfall"
        /// Why a second caseworker returns a proposed decision (the two-person check).
        case proposalReturn = "retur"

        /// Written with the case page's dialogue forms (`/dialog/:kind`); the others have routes
        /// of their own.
        var onCasePage: Bool { [.message, .note, .request, .preliminary].contains(self) }
    }

    public var kind: Kind
    public var text: String
    /// The due date as typed (requests only).
    public var due: String = ""
    /// Problems by input id (`tekst`, `frist`).
    public var problems: [String: LocalizedText] = [:]

    public init(kind: Kind, text: String, due: String = "", idPrefix: String? = nil) {
        self.kind = kind
        self.text = text
        self.due = due
        self.idPrefix = idPrefix
    }

    static let maxLength = 10_000

    /// What is wrong with a trimmed free text of the case's dialogue (a message, an appeal, a
    /// reason), if anything: `empty` when there is none, too long, or a character that does not
    /// show (the hash of the journal document covers the text).
    static func problem(in trimmed: String, empty: LocalizedText?) -> LocalizedText? {
        if trimmed.isEmpty { return empty }
        if trimmed.count > maxLength {
            return LocalizedText(
                nb: "Teksten er for lang: høyst 10 000 tegn (du skrev \(trimmed.count)).",
                en: "The text is too long: at most 10,000 characters (you wrote \(trimmed.count)).",
                nn: "Teksten er for lang: høgst 10 000 teikn (du skreiv \(trimmed.count)).")
        }
        if let c = PlainText.refused(in: trimmed, multiline: true) {
            return LocalizedText(
                nb: "Teksten inneholder et tegn som ikke synes eller ikke kunne leses (\(PlainText.describe(c))).",
                en: "The text holds a character that does not show or could not be read (\(PlainText.describe(c))).",
                nn: "Teksten inneheld eit teikn som ikkje synest eller ikkje kunne lesast (\(PlainText.describe(c))).")
        }
        return nil
    }

    /// The input id of a field of this form on a page (`f-melding-tekst`).
    /// Another form of the same kind on the page (a follow-up application, issue 24) prefixes its ids.
    public var idPrefix: String? = nil

    public func inputID(_ field: String) -> String { "f-\(idPrefix ?? kind.rawValue)-\(field)" }

    /// Checks the text (and a request's due date, from tomorrow to 90 days ahead); fills
    /// `problems`; returns the trimmed text and the due date (end of that day) when all is well.
    /// `textOptional`: a message that carries files may have no words.
    mutating func check(now: Date, calendar cal: NorwegianCalendar = .init(), textOptional: Bool = false) -> (
        text: String, due: Date?
    )? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let empty =
            kind == .request
            ? LocalizedText(
                nb: "Skriv hva søkeren skal sende eller svare på.",
                en: "Write what the applicant is to send or answer.",
                nn: "Skriv kva søkjaren skal sende eller svare på.")
            : kind == .preliminary
                ? LocalizedText(
                    nb: "Skriv hvorfor saken tar tid.", en: "Write why the case takes time.",
                    nn: "Skriv kvifor saka tek tid.")
                : LocalizedText(nb: "Skriv en melding.", en: "Write a message.", nn: "Skriv ei melding.")
        problems["tekst"] = Self.problem(in: trimmed, empty: textOptional ? nil : empty)
        var dueAt: Date?
        if kind == .preliminary {
            let today = cal.startOfDay(now)
            if let day = cal.parseDate(due), day > today, day <= cal.addingCalendarDays(365, to: today) {
                dueAt = cal.addingCalendarDays(1, to: day).addingTimeInterval(-1)
            } else {
                problems["frist"] = LocalizedText(
                    nb: "Skriv datoen svaret kan ventes som dd.mm.åååå, fra i morgen til ett år fram.",
                    en: "Write the date an answer can be expected as dd.mm.yyyy, from tomorrow to a year ahead.",
                    nn: "Skriv datoen svaret kan ventast som dd.mm.åååå, frå i morgon til eitt år fram.")
            }
        } else if kind == .request {
            let today = cal.startOfDay(now)
            if due.trimmingCharacters(in: .whitespaces).isEmpty {
                problems["frist"] = LocalizedText(
                    nb: "Velg en svarfrist.", en: "Choose a due date.", nn: "Vel ein svarfrist.")
            } else if let day = cal.parseDate(due) {
                if day <= today || day > cal.addingCalendarDays(90, to: today) {
                    problems["frist"] = LocalizedText(
                        nb: "Svarfristen må være fra i morgen til 90 dager fram.",
                        en: "The due date must be from tomorrow to 90 days ahead.",
                        nn: "Svarfristen må vere frå i morgon til 90 dagar fram.")
                } else {
                    // The whole day: an answer on the due date is in time.
                    dueAt = cal.addingCalendarDays(1, to: day).addingTimeInterval(-1)
                }
            } else {
                problems["frist"] = LocalizedText(
                    nb: "Skriv svarfristen som dd.mm.åååå, for eksempel 17.12.2026.",
                    en: "Write the due date as dd.mm.yyyy, for example 17.12.2026.",
                    nn: "Skriv svarfristen som dd.mm.åååå, til dømes 17.12.2026.")
            }
        }
        guard problems.isEmpty else { return nil }
        return (trimmed, dueAt)
    }
}

/// The dialogue on a case (issue 20): messages both ways, internal notes, requests for
/// information with their due dates, reminders and expiry, and who the case is given to.
/// Every status change goes through `CaseLedger.move`; every letter through `CaseLetters`.
public struct DialogueService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let services: ServiceRegistry
    /// For the case decisions' rules (issue 24): how fødselsnumre are read.
    let policy: IdentityPolicy

    public init(
        db: any Database, writer: WriteCoordinator, clock: any Clock, services: ServiceRegistry,
        policy: IdentityPolicy = .synthetic
    ) {
        self.db = db
        self.writer = writer
        self.clock = clock
        self.services = services
        self.policy = policy
    }

    public enum Result: Sendable {
        case done
        case invalid(DialogueDraft)
    }

    // MARK: The caseworker

    /// A message to the applicant, a note, or a request for information, by a caseworker.
    /// `files`: files taken for a message or request (`AttachmentService.messageField`, owned by
    /// `AttachmentService.staffOwner`): tied to it in its transaction and carried by its letter.
    func write(
        _ draft: DialogueDraft, caseID: UUID, by staff: StaffContext, files: [Attachment] = []
    ) async throws -> Result {
        guard staff.role.mayDecide || (draft.kind == .note && staff.role.mayReadCases) else {
            throw RadhusError.localized(
                .forbidden,
                LocalizedText(
                    nb: "Rollen din kan ikke skrive til søkere.", en: "Your role cannot write to applicants.",
                    nn: "Rolla di kan ikkje skrive til søkjarar."))
        }
        var draft = draft
        guard let (text, due) = draft.check(now: clock.now()) else { return .invalid(draft) }
        let kind = draft.kind
        guard files.isEmpty || kind == .message || kind == .request else {
            throw RadhusError.localized(
                .unprocessableEntity,
                LocalizedText(
                    nb: "Filer kan bare sendes med en melding eller en forespørsel.",
                    en: "Files can only be sent with a message or a request.",
                    nn: "Filer kan berre sendast med ei melding eller ein førespurnad."))
        }
        let services = self.services
        try await onCase(caseID, by: staff, permitted: true) { tx, record, now in
            let m = staff.municipality
            if kind == .note {
                try await Self.insertMessage(
                    .note, case: caseID, municipality: m.id, author: staff.signature, authorID: staff.userID,
                    body: text, at: now, on: tx)
                return
            }
            guard record.caseStatus.isOpen else { throw CaseLedger.refused(record.caseStatus, .requestInformation) }
            let recipient = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql)
            let lang = recipient.language
            var requestID: UUID?
            let title: String
            let body: String
            if kind == .preliminary, let due {
                let body = try await Self.sendPreliminary(
                    record, reason: text, expected: due, kommune: m, services: services, now: now, on: tx)
                try await Self.insertMessage(
                    .outbound, case: caseID, municipality: m.id, author: staff.signature, authorID: staff.userID,
                    body: body.text, at: now, letterID: body.letterID, on: tx)
                return
            }
            if kind == .request, let due {
                let service = try await services.forCase(
                    serviceID: record.serviceID, version: record.serviceVersion, municipalityID: m.id, on: tx)
                let pauses = service?.deadline.pauses ?? false
                requestID = try await Self.openRequest(
                    caseID: caseID, municipality: m.id, from: record.caseStatus, text: text, due: due, pauses: pauses,
                    by: staff.signature, now: now, on: tx)
                title = LetterTexts.requestTitle(record.saksnummer, lang)
                body = LetterTexts.requestBody(text, due: due, pauses: pauses, kommune: m.name, lang)
            } else {
                try await Self.setAttention(nil, caseID, on: tx)
                title = LetterTexts.messageTitle(m.name, record.saksnummer, lang)
                body = LetterTexts.messageBody(text, kommune: m.name, lang)
            }
            let letterID = try await CaseLetters.send(
                case: caseID, municipality: m.id, recipient: record.applicantFnr, title: title,
                body: body + LetterTexts.filesSection(files, lang), digitalOnly: false, now: now, on: tx)
            let messageID = UUID()
            try await Self.insertMessage(
                .outbound, id: messageID, case: caseID, municipality: m.id, author: staff.signature,
                authorID: staff.userID, body: text, at: now, letterID: letterID, requestID: requestID, on: tx)
            try await AttachmentService.link(
                files.map(\.id), owner: AttachmentService.staffOwner(staff.userID), municipality: m.id, caseID: caseID,
                messageID: messageID, on: tx)
        }
        return .done
    }

    /// Stops waiting for the applicant (the answer came another way, or the request was wrong):
    /// the deadline resumes as an answer would resume it.
    public func withdrawRequest(caseID: UUID, by staff: StaffContext) async throws {
        try await onCase(caseID, by: staff) { tx, record, now in
            try await Self.close(
                record, outcome: .withdrawn, by: .requestWithdrawn, actor: staff.signature, attention: nil, now: now,
                on: tx)
        }
    }

    /// Gives the case to a caseworker of the kommune (nil: back to unassigned).
    public func assign(caseID: UUID, to userID: UUID?, by staff: StaffContext) async throws {
        try await onCase(caseID, by: staff) { tx, record, now in
            var name = ""
            if let userID {
                guard
                    let user = try await staff.scope.query(StaffUser.self, on: tx).filter(\.$id == userID)
                        .filter(\.$active == true).first(),
                    StaffRole(rawValue: user.role)?.mayDecide == true
                else {
                    throw RadhusError.localized(
                        .unprocessableEntity,
                        LocalizedText(
                            nb: "Velg en saksbehandler i kommunen.", en: "Choose a caseworker of the municipality.",
                            nn: "Vel ein saksbehandlar i kommunen."))
                }
                name = user.displayName
            }
            guard record.assignedTo != userID else { return }
            try await tx.sql.update(CaseRecord.schema).set("assigned_to", to: SQLBind.orNull(userID))
                .where("id", .equal, SQLBind(caseID)).run()
            try await CaseLedger.append(
                .assigned, case: caseID, municipality: staff.municipality.id, at: now, actor: staff.signature,
                detail: name, on: tx)
        }
    }

    /// A caseworker's command on a case: the role's check, the case's row taken before the
    /// time is read (`CaseLedger.lock`), the case found through the tenant scope.
    private func onCase(
        _ caseID: UUID, by staff: StaffContext, permitted: Bool? = nil,
        _ body: @escaping @Sendable (any Database, CaseRecord, Date) async throws -> Void
    ) async throws {
        guard permitted ?? staff.role.mayDecide else {
            throw RadhusError.localized(.forbidden, ErrorMessages.noCaseAccess)
        }
        let clock = self.clock
        try await writer.write(on: db) { tx in
            try await CaseLedger.lock(caseID, on: tx)
            let now = clock.now()
            guard let record = try await staff.scope.find(CaseRecord.self, caseID, on: tx) else {
                throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
            }
            try await body(tx, record, now)
        }
    }

    // MARK: The citizen

    /// The applicant writes on their own case; while the case waits for them, that is their
    /// answer, and the case goes back to its caseworker.
    /// `files`: the ids of files taken for this message (`AttachmentService.messageField`), tied
    /// to it in its transaction; with files, the words may be left out.
    public func citizenWrites(
        _ draft: DialogueDraft, caseID: UUID, applicant: Fodselsnummer, files: [UUID] = []
    ) async throws -> Result {
        var draft = draft
        guard let (text, _) = draft.check(now: clock.now(), textOptional: !files.isEmpty) else {
            return .invalid(draft)
        }
        let clock = self.clock
        let services = self.services
        let policy = self.policy
        try await writer.write(on: db) { tx in
            try await CaseLedger.lock(caseID, on: tx)
            let now = clock.now()
            // Read after the row is taken: a decision written at the same moment is seen here.
            guard
                let record = try await CaseRecord.query(on: tx).filter(\.$id == caseID)
                    .filter(\.$applicantFnr == applicant.value).first()
            else {
                throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
            }
            guard record.caseStatus.isOpen else {
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb:
                            "Saken er avgjort, så meldinger kan ikke lenger sendes her. Vil du klage på vedtaket, står det i vedtaksbrevet hvordan.",
                        en:
                            "The case is decided, so messages can no longer be sent here. To appeal, the decision letter says how.",
                        nn:
                            "Saka er avgjord, så meldingar kan ikkje lenger sendast her. Vil du klage på vedtaket, står det i vedtaksbrevet korleis."
                    ))
            }
            var requestID: UUID?
            var documents: [String] = []
            if record.caseStatus == .venterPaSoker {
                documents =
                    try await InformationRequest.query(on: tx).filter(\.$caseID == caseID)
                    .filter(\.$closedAt == nil).first()?.documentFields ?? []
                requestID = try await Self.close(
                    record, outcome: .answered, by: .informationReceived, actor: "citizen", attention: .answered,
                    now: now, on: tx)
            } else {
                try await Self.setAttention(.message, caseID, on: tx)
                try await CaseLedger.append(
                    .messageReceived, case: caseID, municipality: record.municipalityID, at: now, actor: "citizen",
                    on: tx)
            }
            let messageID = UUID()
            try await Self.insertMessage(
                .inbound, id: messageID, case: caseID, municipality: record.municipalityID, author: "citizen",
                authorID: nil, body: text, at: now, requestID: requestID, on: tx)
            try await AttachmentService.link(
                files, owner: applicant.value, municipality: record.municipalityID, caseID: caseID,
                messageID: messageID, documents: documents, on: tx)
            // Issue 24: an answer may complete the application (the checklist runs again and
            // starts the clock, or asks for what is still missing).
            if requestID != nil,
                let service = try await services.forCase(
                    serviceID: record.serviceID, version: record.serviceVersion,
                    municipalityID: record.municipalityID, on: tx), service.deadline.statutory != nil,
                let fresh = try await CaseRecord.query(on: tx).filter(\.$id == caseID).first(),
                let m = try await Municipality.query(on: tx).filter(\.$id == record.municipalityID).first()
            {
                try await CaseChecks.check(
                    try CaseChecks.ref(fresh), service: service, registry: services, municipality: try m.snapshot(),
                    policy: policy, now: now, on: tx)
            }
        }
        return .done
    }

    /// The applicant asks for a caseworker to review an automated decision (the right its
    /// letter names): the case reopens to a person, with the rule trace, marked. Their reason,
    /// when given, is a message on the case (journaled I). Once per automated decision.
    public func requestReview(caseID: UUID, reason: String, applicant: Fodselsnummer) async throws -> Result {
        var draft = DialogueDraft(kind: .review, text: reason)
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if !trimmed.isEmpty { guard draft.check(now: clock.now()) != nil else { return .invalid(draft) } }
        let clock = self.clock
        try await writer.write(on: db) { tx in
            try await CaseLedger.lock(caseID, on: tx)
            let now = clock.now()
            guard
                let record = try await CaseRecord.query(on: tx).filter(\.$id == caseID)
                    .filter(\.$applicantFnr == applicant.value).first()
            else {
                throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
            }
            guard try await Self.reviewable(record, on: tx) != nil else {
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb:
                            "Saken har ikke et automatisk vedtak som kan vurderes på nytt: den er allerede hos en saksbehandler, eller vedtaket er fattet av en. Vil du klage, står det i vedtaksbrevet hvordan.",
                        en:
                            "The case has no automated decision to review: it is with a caseworker already, or a caseworker made the decision. To appeal, the decision letter says how.",
                        nn:
                            "Saka har ikkje eit automatisk vedtak som kan vurderast på nytt: ho er alt hos ein saksbehandlar, eller vedtaket er gjort av ein. Vil du klage, står det i vedtaksbrevet korleis."
                    ))
            }
            try await CaseLedger.move(
                caseID, municipality: record.municipalityID, from: .avsluttet, by: .reviewRequested, at: now,
                actor: "citizen", set: [("attention", SQLBind(CaseAttention.review.rawValue))], on: tx)
            if !trimmed.isEmpty {
                try await Self.insertMessage(
                    .inbound, case: caseID, municipality: record.municipalityID, author: "citizen", authorID: nil,
                    body: trimmed, at: now, on: tx)
            }
        }
        return .done
    }

    /// The automated decision a caseworker may still be asked to review: the one in force on a
    /// decided case, when rules made it. The portal's form, the letter's link and the command
    /// all ask this.
    static func reviewable(_ record: CaseRecord, on db: any Database) async throws -> DecisionRecord? {
        guard record.caseStatus == .avsluttet else { return nil }
        let decision = try await DecisionRecord.query(on: db).inForce(case: try record.requireID())
        return decision?.automated == true ? decision : nil
    }

    // MARK: In the background

    /// Sends the reminders due (two days before a request's due date, digitally only: paper
    /// would come too late) and returns to their caseworkers the cases whose due date passed.
    /// Returns how many requests it acted on.
    @discardableResult
    public func remindAndExpire(batch: Int = 200) async throws -> Int {
        let now = clock.now()
        let soon = now.addingTimeInterval(Self.reminderLead)
        // A read first: an idle tick takes no write lock.
        let open = try await InformationRequest.query(on: db).filter(\.$closedAt == nil)
            .filter(\.$dueAt <= soon).sort(\.$dueAt).limit(batch).all()
        var acted = 0
        for request in open {
            let expired = request.dueAt < now
            guard expired || request.remindedAt == nil else { continue }
            // The applicant may answer in the same moment: then the case moved already, and the
            // refused move rolls this request's step back (the answer stands).
            do {
                try await remindOrExpire(request.id!, caseID: request.caseID, expired: expired)
                acted += 1
            } catch let e as RadhusError where e.status == .conflict {
                continue
            }
        }
        return acted
    }

    private func remindOrExpire(_ requestID: UUID, caseID: UUID, expired: Bool) async throws {
        let clock = self.clock
        try await writer.write(on: db) { tx in
            try await CaseLedger.lock(caseID, on: tx)
            let now = clock.now()
            guard
                let current = try await InformationRequest.query(on: tx).filter(\.$id == requestID)
                    .filter(\.$closedAt == nil).first(),
                let record = try await CaseRecord.find(current.caseID, on: tx),
                record.caseStatus == .venterPaSoker
            else { return }
            if expired {
                try await Self.close(
                    record, outcome: .expired, by: .requestExpired, actor: "system", attention: .expired, now: now,
                    on: tx)
            } else {
                guard let m = try await Municipality.find(record.municipalityID, on: tx) else { return }
                let lang = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql).language
                try await CaseLetters.send(
                    case: record.id!, municipality: m.id!, recipient: record.applicantFnr,
                    title: LetterTexts.reminderTitle(record.saksnummer, lang),
                    body: LetterTexts.reminderBody(current.text, due: current.dueAt, kommune: m.name, lang),
                    digitalOnly: true, now: now, on: tx)
                current.remindedAt = now
                try await current.update(on: tx)
                try await CaseLedger.append(
                    .reminderSent, case: record.id!, municipality: m.id!, at: now, actor: "system",
                    detail: NorwegianCalendar().isoDate(current.dueAt), on: tx)
            }
        }
    }

    /// Sends the preliminary answers due (forvaltningsloven § 11 a): cases still open when
    /// their month is about to end (`cases.preliminary_due_at`, indexed). Returns how many.
    @discardableResult
    public func sendDuePreliminaryAnswers(batch: Int = 200) async throws -> Int {
        let due = try await CaseRecord.query(on: db).filter(\.$preliminaryDueAt <= clock.now())
            .sort(\.$preliminaryDueAt).limit(batch).all()
        var sent = 0
        let clock = self.clock
        let services = self.services
        for c in due {
            let caseID = try c.requireID()
            let didSend = try await writer.write(on: db) { tx -> Bool in
                try await CaseLedger.lock(caseID, on: tx)
                let now = clock.now()
                guard let record = try await CaseRecord.find(caseID, on: tx), let at = record.preliminaryDueAt,
                    at <= now, record.caseStatus.isOpen,
                    let m = try await Municipality.find(record.municipalityID, on: tx)
                else { return false }
                let body = try await Self.sendPreliminary(
                    record, reason: nil, expected: PreliminaryAnswer.expected(dueAt: record.dueAt, now: now),
                    kommune: try m.snapshot(), services: services, now: now, on: tx)
                try await Self.insertMessage(
                    .outbound, case: caseID, municipality: m.id!, author: "system", authorID: nil, body: body.text,
                    at: now, letterID: body.letterID, on: tx)
                return true
            }
            if didSend { sent += 1 }
        }
        return sent
    }

    /// The preliminary answer's letter: why (the caseworker's words, or that the case needs more
    /// time — or the applicant's answer, while it waits for one), when an answer can be expected,
    /// and the law. Clears the case's `preliminary_due_at` so it is sent once.
    static func sendPreliminary(
        _ record: CaseRecord, reason: String?, expected: Date, kommune m: Municipality.Snapshot,
        services: ServiceRegistry, now: Date, on tx: any Database
    ) async throws -> (text: String, letterID: UUID) {
        let caseID = try record.requireID()
        guard record.caseStatus.isOpen else { throw CaseLedger.refused(record.caseStatus, .decide) }
        let lang = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql).language
        let service = try await services.forCase(
            serviceID: record.serviceID, version: record.serviceVersion, municipalityID: m.id, on: tx)
        let body = LetterTexts.preliminaryBody(
            service: service?.title[lang] ?? record.serviceID, received: record.submittedAt, reason: reason,
            waiting: record.caseStatus == .venterPaSoker, expected: expected, kommune: m.name, lang)
        let letterID = try await CaseLetters.send(
            case: caseID, municipality: m.id, recipient: record.applicantFnr,
            title: LetterTexts.preliminaryTitle(record.saksnummer, lang), body: body, digitalOnly: false, now: now,
            on: tx)
        try await tx.sql.update(CaseRecord.schema).set("preliminary_due_at", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(caseID)).run()
        try await CaseLedger.append(
            .preliminaryAnswer, case: caseID, municipality: m.id, at: now, actor: reason == nil ? "system" : "staff",
            detail: NorwegianCalendar().isoDate(expected), on: tx)
        return (body, letterID)
    }

    /// How long before a request's due date its reminder goes out.
    static let reminderLead: TimeInterval = 2 * 86400

    // MARK: Shared steps

    /// Closes the case's open request and moves the case back to its caseworker; when the
    /// service's deadline pauses, it resumes with the time that was left (`Deadline.resumed`).
    /// The event carries the new due date for insights. Returns the request's id.
    @discardableResult
    static func close(
        _ record: CaseRecord, outcome: InformationRequest.Outcome, by transition: CaseTransition, actor: String,
        attention: CaseAttention?, now: Date, on tx: any Database
    ) async throws -> UUID? {
        let caseID = try record.requireID()
        guard record.caseStatus == .venterPaSoker else { throw CaseLedger.refused(record.caseStatus, transition) }
        let request = try await InformationRequest.query(on: tx).filter(\.$caseID == caseID)
            .filter(\.$closedAt == nil).first()
        var due = record.dueAt
        var set: [(String, any SQLExpression)] = []
        if let request {
            request.closedAt = now
            request.outcome = outcome.rawValue
            try await request.update(on: tx)
            if request.pauses, var clock = record.statutoryDeadline {
                // A statutory deadline in weeks (issue 24) stands still for whole days, as the
                // law counts: the days waited are added, and the last day moved to a working day.
                clock.pausedDays += StatutoryDeadline.pausedDays(from: request.createdAt, to: now)
                due = clock.ends()
                set.append(("clock_paused_days", SQLBind(clock.pausedDays)))
            } else if request.pauses {
                due = ServiceDefinition.Deadline.resumed(due: record.dueAt, pausedAt: request.createdAt, resumedAt: now)
            }
        }
        try await CaseLedger.move(
            caseID, municipality: record.municipalityID, from: .venterPaSoker, by: transition, at: now, actor: actor,
            detail: due == record.dueAt ? "" : NorwegianCalendar().isoDate(due), facts: .init(dueAt: due),
            set: [("due_at", SQLBind(due)), ("attention", SQLBind.orNull(attention?.rawValue))] + set, on: tx)
        return request?.id
    }

    /// A request for information on the case (the caseworker's, or the checklist's with the
    /// attachment fields it asks for, issue 24): its row, and the case waiting for the applicant.
    /// The caller sends the letter. Returns the request's id.
    static func openRequest(
        caseID: UUID, municipality: UUID, from status: CaseStatus, text: String, due: Date, pauses: Bool,
        documents: [String] = [], by actor: String, now: Date, on tx: any Database
    ) async throws -> UUID {
        let request = InformationRequest()
        request.id = UUID()
        request.caseID = caseID
        request.municipalityID = municipality
        request.text = text
        request.dueAt = due
        request.createdAt = now
        request.createdBy = actor
        request.pauses = pauses
        request.documents = documents.isEmpty ? nil : documents.joined(separator: ",")
        try await request.create(on: tx)
        try await CaseLedger.move(
            caseID, municipality: municipality, from: status, by: .requestInformation, at: now, actor: actor,
            detail: NorwegianCalendar().isoDate(due), set: [("attention", SQLLiteral.null)], on: tx)
        return request.id!
    }

    /// Sets (or clears) what needs the caseworker's attention on a case.
    static func setAttention(_ attention: CaseAttention?, _ caseID: UUID, on tx: any Database) async throws {
        try await tx.sql.update(CaseRecord.schema).set("attention", to: SQLBind.orNull(attention?.rawValue))
            .where("id", .equal, SQLBind(caseID)).run()
    }

    static func insertMessage(
        _ direction: CaseMessage.Direction, id: UUID = UUID(), case caseID: UUID, municipality: UUID, author: String,
        authorID: UUID?, body: String, at: Date, letterID: UUID? = nil, requestID: UUID? = nil, on tx: any Database
    ) async throws {
        try await tx.sql.insert(into: CaseMessage.schema)
            .columns(
                "id", "case_id", "municipality_id", "direction", "author", "author_id", "body", "created_at",
                "letter_id", "request_id", "journaled"
            )
            .values(
                SQLBind(id), SQLBind(caseID), SQLBind(municipality), SQLBind(direction.rawValue), SQLBind(author),
                SQLBind.orNull(authorID), SQLBind(body), SQLBind(at), SQLBind.orNull(letterID),
                SQLBind.orNull(requestID),
                // A message in (I) and a meeting's minutes (N, issue 22) wait for the registrar; a
                // message out is journaled as its letter (U), and a note never.
                direction == .inbound || direction == .minutes || direction == .thirdParty
                    ? SQLLiteral.null : SQLBind(true)
            )
            .run()
    }
}

/// The texts of the dialogue's letters, in the recipient's written form.
enum LetterTexts {
    static func pick(_ lang: Language, nb: String, nn: String) -> String { lang == .nn ? nn : nb }

    static func messageTitle(_ kommune: String, _ saksnummer: Saksnummer, _ lang: Language) -> String {
        pick(lang, nb: "Melding fra \(kommune) i sak \(saksnummer)", nn: "Melding frå \(kommune) i sak \(saksnummer)")
    }

    static func messageBody(_ text: String, kommune: String, _ lang: Language) -> String {
        text + "\n\n"
            + pick(
                lang, nb: "Du kan svare under saken i «Mine saker» hos \(kommune).",
                nn: "Du kan svare under saka i «Mine saker» hos \(kommune).")
    }

    /// What a letter with files says of them (issue 20): their names, and where they are —
    /// under the letter in the inbox, and on paper with a printed letter (the print batch
    /// carries them). Nothing when there are none.
    static func filesSection(_ files: [Attachment], _ lang: Language) -> String {
        guard !files.isEmpty else { return "" }
        return "\n\n## " + pick(lang, nb: "Vedlegg", nn: "Vedlegg") + "\n"
            + files.map { "- \($0.fileName) (\($0.sizeText))" }.joined(separator: "\n") + "\n\n"
            + pick(
                lang,
                nb:
                    "Du finner vedleggene under brevet i innboksen din. Får du brevet på papir, følger de med i konvolutten.",
                nn:
                    "Du finn vedlegga under brevet i innboksen din. Får du brevet på papir, følgjer dei med i konvolutten."
            )
    }

    static func requestTitle(_ saksnummer: Saksnummer, _ lang: Language) -> String {
        pick(
            lang, nb: "Vi trenger flere opplysninger i sak \(saksnummer)",
            nn: "Vi treng fleire opplysningar i sak \(saksnummer)")
    }

    static func requestBody(_ text: String, due: Date, pauses: Bool, kommune: String, _ lang: Language) -> String {
        let date = NorwegianCalendar().norwegianDate(due)
        return pick(
            lang, nb: "For å behandle søknaden din trenger vi dette fra deg:",
            nn: "For å behandle søknaden din treng vi dette frå deg:")
            + "\n\n" + text + "\n\n## " + pick(lang, nb: "Svarfrist", nn: "Svarfrist") + "\n"
            + pick(
                lang,
                nb:
                    "Svar innen \(date) under saken i «Mine saker». Svarer du ikke innen fristen, behandler vi saken med de opplysningene vi har.",
                nn:
                    "Svar innan \(date) under saka i «Mine saker». Svarar du ikkje innan fristen, behandlar vi saka med dei opplysningane vi har."
            )
            + (pauses
                ? "\n\n"
                    + pick(
                        lang, nb: "Mens vi venter på svaret ditt, står saksbehandlingsfristen stille.",
                        nn: "Medan vi ventar på svaret ditt, står saksbehandlingsfristen stille.") : "")
            + "\n\n" + pick(lang, nb: "Med hilsen", nn: "Med helsing") + "\n" + kommune
    }

    static func preliminaryTitle(_ saksnummer: Saksnummer, _ lang: Language) -> String {
        pick(lang, nb: "Foreløpig svar i sak \(saksnummer)", nn: "Førebels svar i sak \(saksnummer)")
    }

    static func preliminaryBody(
        service: String, received: Date, reason: String?, waiting: Bool, expected: Date, kommune: String,
        _ lang: Language
    ) -> String {
        let cal = NorwegianCalendar()
        let why =
            reason
            ?? (waiting
                ? pick(lang, nb: "Vi venter på opplysninger fra deg.", nn: "Vi ventar på opplysningar frå deg.")
                : pick(
                    lang, nb: "Saken trenger mer tid hos saksbehandleren.",
                    nn: "Saka treng meir tid hos saksbehandlaren."))
        return pick(
            lang,
            nb:
                "Vi har mottatt søknaden din (\(service)) \(cal.norwegianDate(received)). Vi kan ikke svare innen en måned.",
            nn:
                "Vi har motteke søknaden din (\(service)) \(cal.norwegianDate(received)). Vi kan ikkje svare innan ein månad."
        )
            + "\n\n## " + pick(lang, nb: "Hvorfor det tar tid", nn: "Kvifor det tek tid") + "\n" + why
            + "\n\n## " + pick(lang, nb: "Når du kan vente svar", nn: "Når du kan vente svar") + "\n"
            + pick(
                lang, nb: "Vi regner med å svare innen \(cal.norwegianDate(expected)).",
                nn: "Vi reknar med å svare innan \(cal.norwegianDate(expected)).")
            + "\n\n"
            + pick(
                lang,
                nb: "Dette er et foreløpig svar etter forvaltningsloven § 11 a. Du trenger ikke gjøre noe.",
                nn: "Dette er eit førebels svar etter forvaltningslova § 11 a. Du treng ikkje gjere noko.")
            + "\n\n" + pick(lang, nb: "Med hilsen", nn: "Med helsing") + "\n" + kommune
    }

    static func reviewPreface(automatedAt: Date, _ lang: Language) -> String {
        let date = NorwegianCalendar().norwegianDate(automatedAt)
        return pick(
            lang,
            nb:
                "Du ba om at en saksbehandler skulle vurdere det automatiske vedtaket av \(date). Dette vedtaket er fattet av en saksbehandler etter en ny vurdering, og det erstatter det automatiske vedtaket.",
            nn:
                "Du bad om at ein saksbehandlar skulle vurdere det automatiske vedtaket av \(date). Dette vedtaket er gjort av ein saksbehandlar etter ei ny vurdering, og det erstattar det automatiske vedtaket."
        )
    }

    static func reminderTitle(_ saksnummer: Saksnummer, _ lang: Language) -> String {
        pick(
            lang, nb: "Påminnelse: vi venter på svaret ditt i sak \(saksnummer)",
            nn: "Påminning: vi ventar på svaret ditt i sak \(saksnummer)")
    }

    static func reminderBody(_ text: String, due: Date, kommune: String, _ lang: Language) -> String {
        let date = NorwegianCalendar().norwegianDate(due)
        return pick(
            lang, nb: "Vi minner om at vi trenger svar fra deg innen \(date):",
            nn: "Vi minner om at vi treng svar frå deg innan \(date):")
            + "\n\n" + text + "\n\n" + pick(lang, nb: "Med hilsen", nn: "Med helsing") + "\n" + kommune
    }
}
