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

    public init(municipality: Municipality.Snapshot, service: ServiceDefinition, applicant: Fodselsnummer,
                answers: ValidatedAnswers, channel: SubmissionChannel = .digital, idempotencyKey: String?) {
        self.municipality = municipality; self.service = service; self.applicant = applicant
        self.answers = answers; self.channel = channel; self.idempotencyKey = idempotencyKey
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

    public init(db: any Database, writer: WriteCoordinator, clock: any Clock, rules: ServiceRules? = nil, policy: IdentityPolicy = .synthetic) {
        self.db = db; self.writer = writer; self.clock = clock; self.rules = rules; self.policy = policy
    }

    public func submit(_ command: SubmitApplication) async throws -> SubmissionReceipt {
        // Everything that only reads or computes happens before the transaction, so the single
        // writer spends its time on the writes alone.
        if let key = command.idempotencyKey, let existing = try await Self.existing(key: key, applicant: command.applicant, on: db) {
            return existing
        }
        let now = clock.now()
        let ruling = try await Self.ruling(command, rules: rules, policy: policy, now: now, on: db)
        if let ruling { try await RulesService.storeVersion(ruling.rules, writer: writer, db: db, now: now) }
        let decided = ruling
        do {
            return try await writer.write(on: db) { tx in
                try await Self.write(command, now: now, ruling: decided, on: tx)
            }
        } catch {
            guard let dbError = error as? any DatabaseError, dbError.isConstraintFailure else { throw error }
            // The same token arrived twice at once; the unique key let one through. Answer
            // the other with the first one's receipt.
            if let key = command.idempotencyKey,
               let existing = try await Self.existing(key: key, applicant: command.applicant, on: db) {
                return existing
            }
            throw error
        }
    }

    public static func existing(key: String, applicant: Fodselsnummer, on db: any Database) async throws -> SubmissionReceipt? {
        let sql = db as! any SQLDatabase
        guard let row = try await sql.select()
            .columns("id", "applicant_fnr", "saks_year", "saks_sequence", "submitted_at", "due_at")
            .from(CaseRecord.schema).where("idempotency_key", .equal, key).first() else { return nil }
        // A token belongs to the person who got it; someone else's token is not a match.
        guard try row.decode(column: "applicant_fnr", as: String.self) == applicant.value else {
            throw RadhusError.conflict("Innsendingsnøkkelen er allerede brukt.")
        }
        return SubmissionReceipt(caseID: try row.decode(column: "id", as: UUID.self),
                                 saksnummer: Saksnummer(year: try row.decode(column: "saks_year", as: Int.self),
                                                        sequence: try row.decode(column: "saks_sequence", as: Int.self)),
                                 submittedAt: try row.decode(column: "submitted_at", as: Date.self),
                                 dueAt: try row.decode(column: "due_at", as: Date.self), repeated: true)
    }

    /// The submission inside a transaction the caller owns: checks the token, evaluates the
    /// rules and writes, all in `tx`.
    public static func submit(_ command: SubmitApplication, now: Date, rules: ServiceRules? = nil, policy: IdentityPolicy = .synthetic,
                              on tx: any Database) async throws -> SubmissionReceipt {
        if let key = command.idempotencyKey, let existing = try await existing(key: key, applicant: command.applicant, on: tx) {
            return existing
        }
        let ruling = try await ruling(command, rules: rules, policy: policy, now: now, on: tx)
        if let ruling { try await RulesService.insertVersion(ruling.rules, now: now, on: tx) }
        return try await write(command, now: now, ruling: ruling, on: tx)
    }

    /// The kommune's automation mode and, unless it is off, the rules' evaluation of the answers.
    static func ruling(_ command: SubmitApplication, rules: ServiceRules?, policy: IdentityPolicy, now: Date,
                       on db: any Database) async throws -> RulesService.Ruling? {
        guard let rules else { return nil }
        let mode = try await RulesService.mode(municipalityID: command.municipality.id, service: command.service, on: db)
        guard mode != .off else { return nil }
        let outcome = try RulesService.evaluate(rules, service: command.service, answers: command.answers.values,
                                                submitted: now, policy: policy)
        return RulesService.Ruling(rules: rules, mode: mode, outcome: outcome)
    }

    /// The writes of a submission: the saksnummer, the case, its first event, the rule
    /// evaluation, and (mode on, decisive outcome) the automated decision. Written with SQLKit
    /// statements rather than Fluent models: this is the hottest write path, and Fluent's
    /// reflection over model properties cost more than the SQL itself.
    static func write(_ command: SubmitApplication, now: Date, ruling: RulesService.Ruling?, on tx: any Database) async throws -> SubmissionReceipt {
        let sql = tx as! any SQLDatabase
        let calendar = NorwegianCalendar()
        let year = calendar.year(of: now)
        let caseID = UUID()
        let dueAt = command.service.deadline.dueDate(from: now, calendar: calendar)
        let answers = String(decoding: try JSONEncoder.sorted.encode(command.answers), as: UTF8.self)
        let decides = ruling.map { $0.mode == .on && $0.outcome.decisiveOutcome.flatMap(command.service.outcome) != nil } ?? false
        if sql.dialect.name == "postgresql" && !decides {
            return try await writePostgres(command, caseID: caseID, year: year, dueAt: dueAt, answers: answers, now: now,
                                           ruling: ruling, on: sql)
        }
        let sequence = try await nextSaksnummer(kommune: command.municipality.number, year: year, on: tx)
        try await sql.insert(into: CaseRecord.schema)
            .columns("id", "municipality_id", "service_id", "service_version", "saks_year", "saks_sequence", "applicant_fnr",
                     "status", "channel", "answers", "submitted_at", "due_at", "decided_at", "idempotency_key")
            .values(SQLBind(caseID), SQLBind(command.municipality.id), SQLBind(command.service.id), SQLBind(command.service.version),
                    SQLBind(year), SQLBind(sequence), SQLBind(command.applicant.value), SQLBind(CaseStatus.mottatt.rawValue),
                    SQLBind(command.channel.rawValue), SQLBind(answers), SQLBind(now), SQLBind(dueAt), SQLLiteral.null,
                    command.idempotencyKey.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
            .run()
        try await insertEvent(caseID: caseID, municipalityID: command.municipality.id, kind: .submitted, at: now,
                              actor: command.actor, detail: command.channel.rawValue, on: sql)
        var receipt = SubmissionReceipt(caseID: caseID, saksnummer: Saksnummer(year: year, sequence: sequence),
                                        submittedAt: now, dueAt: dueAt, repeated: false)
        guard let ruling else { return receipt }
        let decide = ruling.mode == .on ? ruling.outcome.decisiveOutcome.flatMap(command.service.outcome) : nil
        try await RulesService.record(ruling.outcome, rules: ruling.rules, caseID: caseID, municipalityID: command.municipality.id,
                                      serviceID: command.service.id, mode: ruling.mode, automated: decide != nil, now: now, on: tx)
        if let decide {
            let facts = DecisionWriter.CaseFacts(id: caseID, saksnummer: receipt.saksnummer, applicantFnr: command.applicant.value,
                                                 answers: command.answers.values, status: .mottatt)
            _ = try await DecisionWriter.write(facts: facts, service: command.service, outcome: decide, reasons: ruling.outcome.reasons,
                                               legalBasis: command.service.legalBasis, by: .init(staff: nil),
                                               municipality: command.municipality, now: now, on: tx)
            receipt.automatedOutcome = decide.id
        }
        return receipt
    }

    static func insertEvent(caseID: UUID, municipalityID: UUID, kind: CaseEventKind, at: Date, actor: String, detail: String,
                            on sql: any SQLDatabase) async throws {
        try await sql.insert(into: CaseEventRecord.schema)
            .columns("id", "case_id", "municipality_id", "kind", "at", "actor", "detail")
            .values(SQLBind(UUID()), SQLBind(caseID), SQLBind(municipalityID), SQLBind(kind.rawValue), SQLBind(at),
                    SQLBind(actor), SQLBind(detail))
            .run()
    }
    /// PostgreSQL: the counter, the case, its first event and the rule evaluation in one
    /// statement (data-modifying CTEs), one round trip instead of four. A batch of commands runs
    /// on one connection while the counter row is locked, so round trips are what limit
    /// throughput there; SQLite runs in-process and takes the general path.
    static func writePostgres(_ command: SubmitApplication, caseID: UUID, year: Int, dueAt: Date, answers: String, now: Date,
                              ruling: RulesService.Ruling?, on sql: any SQLDatabase) async throws -> SubmissionReceipt {
        let m = command.municipality
        var query = SQLQueryString("""
            WITH n AS (
              INSERT INTO \(unsafeRaw: CaseCounter.schema) (kommune, year, last_value) VALUES (\(bind: m.number), \(bind: year), 1)
              ON CONFLICT (kommune, year) DO UPDATE SET last_value = \(unsafeRaw: CaseCounter.schema).last_value + 1
              RETURNING last_value
            ), c AS (
              INSERT INTO \(unsafeRaw: CaseRecord.schema) (id, municipality_id, service_id, service_version, saks_year, saks_sequence,
                applicant_fnr, status, channel, answers, submitted_at, due_at, idempotency_key)
              SELECT \(bind: caseID), \(bind: m.id), \(bind: command.service.id), \(bind: command.service.version), \(bind: year),
                n.last_value, \(bind: command.applicant.value), \(bind: CaseStatus.mottatt.rawValue), \(bind: command.channel.rawValue),
                \(bind: answers), \(bind: now), \(bind: dueAt), \(bind: command.idempotencyKey) FROM n
              RETURNING id, saks_sequence
            ), e AS (
              INSERT INTO \(unsafeRaw: CaseEventRecord.schema) (id, case_id, municipality_id, kind, at, actor, detail)
              SELECT \(bind: UUID()), c.id, \(bind: m.id), \(bind: CaseEventKind.submitted.rawValue), \(bind: now), \(bind: command.actor),
                \(bind: command.channel.rawValue) FROM c
            )
            """)
        if let ruling {
            let o = ruling.outcome
            let values: [any Encodable & Sendable] = [
                m.id, command.service.id, ruling.rules.hash, ruling.rules.binding.decision, ruling.mode.rawValue,
                RulesService.encodeInputs(o.inputs), o.result.description, RulesService.encodeTrace(o.trace), o.decisiveOutcome,
                false, now,
            ]
            query += """
                , r AS (
                  INSERT INTO \(unsafeRaw: RuleEvaluationRecord.schema) (id, case_id, municipality_id, service_id, model_hash,
                    decision_name, mode, inputs, result, trace, suggested_outcome, automated, evaluated_at)
                  SELECT \(bind: UUID()), c.id, \(binds: values) FROM c
                )
                """
        }
        query += " SELECT saks_sequence FROM c"
        guard let row = try await sql.raw(query).first() else {
            throw RadhusError.internalInconsistency("case insert returned no row")
        }
        let sequence = try row.decode(column: "saks_sequence", as: Int.self)
        return SubmissionReceipt(caseID: caseID, saksnummer: Saksnummer(year: year, sequence: sequence), submittedAt: now, dueAt: dueAt,
                                 repeated: false)
    }

    /// Takes the next saksnummer for a kommune and year inside the caller's transaction.
    /// The counter row is locked until commit (PostgreSQL row lock; SQLite's single writer),
    /// and rolled back with it, so numbers are gapless and never given twice.
    static func nextSaksnummer(kommune: String, year: Int, on tx: any Database) async throws -> Int {
        let sql = tx as! any SQLDatabase
        // One statement: create the year's counter at 1, or add one to it (an upsert that both
        // SQLite ≥ 3.35 and PostgreSQL run as written).
        let upsert = sql.insert(into: CaseCounter.schema)
            .columns("kommune", "year", "last_value")
            .values(SQLBind(kommune), SQLBind(year), SQLBind(1))
            .onConflict(with: ["kommune", "year"]) { update in
                update.set(SQLIdentifier("last_value"), to: SQLRaw("\(CaseCounter.schema).last_value + 1"))
            }
        guard let row = try await upsert.returning("last_value").first() else {
            throw RadhusError.internalInconsistency("saksnummer counter returned no row")
        }
        return try row.decode(column: "last_value", as: Int.self)
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
    }

    /// A kommune by kommunenummer, as a plain SQL select (it is on every submission's path).
    public static func snapshot(number: String, on db: any Database) async throws -> Snapshot? {
        guard let row = try await (db as! any SQLDatabase).select()
            .columns("id", "number", "name", "brand_color", "contact_email")
            .from(schema).where("number", .equal, number).first() else { return nil }
        return Snapshot(id: try row.decode(column: "id", as: UUID.self), number: try row.decode(column: "number", as: String.self),
                        name: try row.decode(column: "name", as: String.self),
                        brandColor: try row.decode(column: "brand_color", as: String.self),
                        contactEmail: try row.decode(column: "contact_email", as: String.self))
    }

    public func snapshot() throws -> Snapshot {
        Snapshot(id: try requireID(), number: number, name: name, brandColor: brandColor, contactEmail: contactEmail)
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
        SubmissionService(db: db, writer: writer, clock: application.clock, rules: application.services.rules(for: service),
                          policy: application.radhusConfig.identityPolicy)
    }
}
