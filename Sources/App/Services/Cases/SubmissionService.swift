import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// A citizen's application, ready to be submitted (already validated against its service).
public struct SubmitApplication: Sendable {
    public var municipality: Municipality.Snapshot
    public var service: ServiceDefinition
    public var applicant: Fodselsnummer
    public var answers: ValidatedAnswers
    public var channel: SubmissionChannel
    /// The portal form token or the API's Idempotency-Key.
    public var idempotencyKey: String?
    /// Who sent it, for the timeline: `citizen` in the portal, the domain system through the API.
    public var actor: String = "citizen"

    public init(
        municipality: Municipality.Snapshot, service: ServiceDefinition, applicant: Fodselsnummer,
        answers: ValidatedAnswers, channel: SubmissionChannel = .digital, idempotencyKey: String?
    ) {
        self.municipality = municipality
        self.service = service
        self.applicant = applicant
        self.answers = answers
        self.channel = channel
        self.idempotencyKey = idempotencyKey
    }
}

/// What the citizen gets back: the saksnummer and when to expect an answer.
public struct SubmissionReceipt: Sendable, Equatable {
    public var caseID: UUID
    public var saksnummer: Saksnummer
    public var submittedAt: Date
    public var dueAt: Date
    /// True when this was a repeat of an earlier submission (same token): nothing new was written.
    public var repeated: Bool
    /// The outcome, when rules decided the application in the same transaction.
    public var automatedOutcome: String? = nil
}

/// Submits applications: one transaction creates the case with its gapless saksnummer and
/// the first timeline event, or nothing at all.
public struct SubmissionService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let rules: ServiceRules?
    let policy: IdentityPolicy
    /// The case decisions at receipt (issue 24): the checklist, the statutory clock, the
    /// third-party notices. Nil skips them (a service without them needs none).
    let checks: Checks?

    /// What the receipt's case decisions need beside the transaction.
    public struct Checks: Sendable {
        var registry: ServiceRegistry
        var config: RadhusConfig?
    }

    public init(
        db: any Database, writer: WriteCoordinator, clock: any Clock, rules: ServiceRules? = nil,
        policy: IdentityPolicy = .synthetic, checks: Checks? = nil
    ) {
        self.db = db
        self.writer = writer
        self.clock = clock
        self.rules = rules
        self.policy = policy
        self.checks = checks
    }

    public func submit(_ command: SubmitApplication) async throws -> SubmissionReceipt {
        // Everything that only reads or computes happens before the transaction, so the single
        // writer spends its time on the writes alone.
        if let key = command.idempotencyKey,
            let existing = try await Self.existing(key: key, applicant: command.applicant, on: db)
        {
            return existing
        }
        let now = clock.now()
        let ruling = try await Self.ruling(command, rules: rules, policy: policy, now: now, on: db)
        if let ruling { try await RulesService.storeVersion(ruling.rules, writer: writer, db: db, now: now) }
        let decided = ruling
        let checks = self.checks
        let policy = self.policy
        do {
            return try await writer.write(on: db) { tx in
                try await Self.write(command, now: now, ruling: decided, checks: checks, policy: policy, on: tx)
            }
        } catch {
            guard let dbError = error as? any DatabaseError, dbError.isConstraintFailure else { throw error }
            // The same token arrived twice at once; the unique key let one through. Answer
            // the other with the first one's receipt.
            if let key = command.idempotencyKey,
                let existing = try await Self.existing(key: key, applicant: command.applicant, on: db)
            {
                return existing
            }
            throw error
        }
    }

    public static func existing(key: String, applicant: Fodselsnummer, on db: any Database) async throws
        -> SubmissionReceipt?
    {
        let sql = db.sql
        guard
            let row = try await sql.select()
                .columns("id", "applicant_fnr", "saks_year", "saks_sequence", "submitted_at", "due_at")
                .from(CaseRecord.schema).where("idempotency_key", .equal, key).first()
        else { return nil }
        // A token belongs to the person who got it; someone else's token is not a match.
        guard try row.decode(column: "applicant_fnr", as: String.self) == applicant.value else {
            throw RadhusError.localized(.conflict, ErrorMessages.keyUsed)
        }
        return SubmissionReceipt(
            caseID: try row.decode(column: "id", as: UUID.self),
            saksnummer: Saksnummer(
                year: try row.decode(column: "saks_year", as: Int.self),
                sequence: try row.decode(column: "saks_sequence", as: Int.self)),
            submittedAt: try row.decode(column: "submitted_at", as: Date.self),
            dueAt: try row.decode(column: "due_at", as: Date.self), repeated: true)
    }

    /// The submission inside a transaction the caller owns: checks the token, evaluates the
    /// rules and writes, all in `tx`.
    public static func submit(
        _ command: SubmitApplication, now: Date, rules: ServiceRules? = nil, policy: IdentityPolicy = .synthetic,
        on tx: any Database
    ) async throws -> SubmissionReceipt {
        if let key = command.idempotencyKey,
            let existing = try await existing(key: key, applicant: command.applicant, on: tx)
        {
            return existing
        }
        let ruling = try await ruling(command, rules: rules, policy: policy, now: now, on: tx)
        if let ruling { try await RulesService.insertVersion(ruling.rules, now: now, on: tx) }
        return try await write(command, now: now, ruling: ruling, on: tx)
    }

    /// The kommune's automation mode and, unless it is off, the rules' evaluation of the answers.
    static func ruling(
        _ command: SubmitApplication, rules: ServiceRules?, policy: IdentityPolicy, now: Date,
        on db: any Database
    ) async throws -> RulesService.Ruling? {
        guard let rules else { return nil }
        let mode = try await RulesService.mode(
            municipalityID: command.municipality.id, service: command.service, on: db)
        guard mode != .off else { return nil }
        let outcome = try RulesService.evaluate(
            rules, service: command.service, answers: command.answers.values,
            submitted: now, policy: policy)
        return RulesService.Ruling(rules: rules, mode: mode, outcome: outcome)
    }

    /// Whom an application concerns, when not the applicant: the answer to the service's first
    /// person field (the child in skoleskyss and barnehageplass), unless that is the applicant.
    static func subject(of command: SubmitApplication) -> String? {
        guard let field = command.service.fields.first(where: { $0.type == .person }),
            let value = command.answers.values[field.id], !value.isEmpty, value != command.applicant.value
        else { return nil }
        return value
    }

    /// The writes of a submission: the case with its saksnummer and first event (`CaseLedger`),
    /// the rule evaluation, and (mode on, decisive outcome) the automated decision.
    static func write(
        _ command: SubmitApplication, now: Date, ruling: RulesService.Ruling?, checks: Checks? = nil,
        policy: IdentityPolicy = .synthetic, on tx: any Database
    ) async throws -> SubmissionReceipt {
        let calendar = NorwegianCalendar()
        let dueAt = command.service.deadline.dueDate(from: now, calendar: calendar)
        let answers = String(decoding: try JSONEncoder.sorted.encode(command.answers), as: UTF8.self)
        let decide = ruling.flatMap {
            $0.mode == .on ? $0.outcome.decisiveOutcome.flatMap(command.service.outcome) : nil
        }
        let m = command.municipality
        let new = CaseLedger.NewCase(
            municipality: m, serviceID: command.service.id, serviceVersion: command.service.version,
            applicant: command.applicant.value, subject: subject(of: command), channel: command.channel,
            answersJSON: answers,
            submittedAt: now, dueAt: dueAt, idempotencyKey: command.idempotencyKey, actor: command.actor,
            detail: command.channel.rawValue,
            preliminaryDueAt: PreliminaryAnswer.due(received: now, calendar: calendar))
        let evaluation = ruling.map {
            RulesService.evaluationRow(
                $0.outcome, rules: $0.rules, municipalityID: m.id, serviceID: command.service.id, mode: $0.mode,
                automated: decide != nil, now: now)
        }
        let saksnummer = try await CaseLedger.create(new, with: evaluation, on: tx)
        // The draft's files become the case's, in the same transaction (issue 19).
        try await AttachmentService.link(
            AttachmentService.ids(in: command.answers.values, of: command.service), owner: command.applicant.value,
            municipality: m.id, service: command.service.id, caseID: new.id, on: tx)
        var receipt = SubmissionReceipt(
            caseID: new.id, saksnummer: saksnummer, submittedAt: now, dueAt: dueAt, repeated: false)
        // Issue 24: the neighbours are notified, and the checklist asks for what is missing or
        // starts the statutory clock — in this transaction, so no case is left without them.
        if let checks, command.service.thirdParties != nil || command.service.deadline.statutory != nil {
            let ref = CaseChecks.CaseRef(
                id: new.id, saksnummer: saksnummer, applicantFnr: command.applicant.value, status: .mottatt,
                answers: command.answers.values, submittedAt: now, clockStartedAt: nil, clockPausedDays: 0,
                clockWeeks: nil)
            try await ThirdPartyNotices.notify(
                ref, service: command.service, municipality: m, config: checks.config, now: now, on: tx)
            try await CaseChecks.check(
                ref, service: command.service, registry: checks.registry, municipality: m, policy: policy, now: now,
                on: tx)
            if let due = try await tx.sql.select().column("due_at").from(CaseRecord.schema)
                .where("id", .equal, SQLBind(new.id)).first()?.decode(column: "due_at", as: Date.self)
            {
                receipt.dueAt = due
            }
        }
        guard let ruling else { return receipt }
        if let decide {
            let facts = DecisionWriter.CaseFacts(
                id: new.id, saksnummer: receipt.saksnummer, applicantFnr: command.applicant.value,
                answers: command.answers.values, status: .mottatt)
            _ = try await DecisionWriter.write(
                facts: facts, service: command.service, outcome: decide, reasons: ruling.outcome.reasons,
                legalBasis: command.service.legalBasis,
                values: RulesService.decisionValues(ruling.outcome, service: command.service), by: .init(staff: nil),
                municipality: m, now: now, on: tx)
            receipt.automatedOutcome = decide.id
        }
        return receipt
    }
}

extension Municipality {
    /// The plain values of a kommune, safe to pass between tasks.
    public struct Snapshot: Sendable, Equatable {
        public var id: UUID
        public var number: String
        public var name: String
        public var brandColor: String
        public var contactEmail: String
        /// The text in the portal's header logo, when not the name (set at onboarding).
        public var logoText: String? = nil

        /// What the header's logo says.
        public var logo: String { logoText.flatMap { $0.isEmpty ? nil : $0 } ?? name }
    }

    /// A kommune by kommunenummer, as a plain SQL select (it is on every submission's path).
    public static func snapshot(number: String, on db: any Database) async throws -> Snapshot? {
        guard
            let row = try await db.sql.select()
                .columns("id", "number", "name", "brand_color", "contact_email", "logo_text")
                .from(schema).where("number", .equal, number).first()
        else { return nil }
        return Snapshot(
            id: try row.decode(column: "id", as: UUID.self), number: try row.decode(column: "number", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            brandColor: try row.decode(column: "brand_color", as: String.self),
            contactEmail: try row.decode(column: "contact_email", as: String.self),
            logoText: try row.decode(column: "logo_text", as: String?.self))
    }

    public func snapshot() throws -> Snapshot {
        Snapshot(
            id: try requireID(), number: number, name: name, brandColor: brandColor, contactEmail: contactEmail,
            logoText: logoText)
    }
}

extension JSONEncoder {
    /// Stable key order, so stored JSON is byte-identical for identical content.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}

extension Request {
    /// The submission service for one service, with its rules: the one path both the portal
    /// and the API submit through.
    func submissions(for service: ServiceDefinition) -> SubmissionService {
        SubmissionService(
            db: db, writer: writer, clock: application.clock, rules: application.services.rules(for: service),
            policy: application.radhusConfig.identityPolicy,
            checks: .init(registry: application.services, config: application.radhusConfig))
    }
}
