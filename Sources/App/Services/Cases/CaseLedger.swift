import Fluent
import Foundation
import RadhusCore
import SQLKit

/// The only code that writes the case record: it creates cases, gives them their gapless
/// saksnummer, moves their status along `CaseStatus`'s transitions and appends their timeline
/// events. Submission, decision, casework, the inbox and access requests all come through here,
/// inside the transaction their command owns, so a case and its events can never disagree
/// about how they were written (and the SQLite/PostgreSQL difference lives in one place).
///
/// Written with SQLKit statements rather than Fluent models: creating a case is on the hottest
/// write path, and Fluent's reflection over model properties cost more than the SQL itself.
enum CaseLedger {
    /// A case about to be created.
    struct NewCase: Sendable {
        var id = UUID()
        var municipality: Municipality.Snapshot
        var serviceID: String
        var serviceVersion: Int
        /// Whose case it is; empty for an anonymous request (an innsynskrav).
        var applicant: String
        /// Whom it concerns, when someone else than the applicant (`SubmissionService.subject`).
        var subject: String? = nil
        var channel: SubmissionChannel
        /// The validated answers, as the JSON stored with the case.
        var answersJSON: String
        var submittedAt: Date
        var dueAt: Date
        var idempotencyKey: String?
        /// Who sent it, for the timeline (`citizen`, or the API client's name).
        var actor: String
        /// The detail of the `submitted` event.
        var detail: String
        /// When its preliminary answer is due (`PreliminaryAnswer.due`); nil for none.
        var preliminaryDueAt: Date? = nil
        /// The case an appeal appeals (issue 20); its first event is then `appeal_received`.
        var appealOf: UUID? = nil

        var firstEvent: CaseEventKind { appealOf == nil ? .submitted : .appealReceived }
    }

    /// Creates the case and its `submitted` event in `tx`, with the next saksnummer of its
    /// kommune and year (rolled back with the transaction, so numbers stay gapless).
    ///
    /// `with` is a row written together with the case (the submission's rule evaluation). On
    /// PostgreSQL the counter, the case, the event and that row run as one statement: a batch of
    /// commands holds the counter row's lock while it runs, so round trips are what limit
    /// throughput there. SQLite runs in-process and takes plain statements.
    static func create(_ new: NewCase, with row: CaseRow? = nil, on tx: any Database) async throws -> Saksnummer {
        let sql = tx.sql
        let year = NorwegianCalendar().year(of: new.submittedAt)
        if sql.dialect.name == "postgresql" {
            return try await createPostgres(new, year: year, with: row, on: sql)
        }
        let sequence = try await nextSaksnummer(kommune: new.municipality.number, year: year, on: sql)
        try await sql.insert(into: CaseRecord.schema)
            .columns(
                "id", "municipality_id", "service_id", "service_version", "saks_year", "saks_sequence", "applicant_fnr",
                "subject_fnr", "subject_relation", "status", "channel", "answers", "submitted_at", "due_at",
                "decided_at", "idempotency_key", "preliminary_due_at", "appeal_of"
            )
            .values(
                SQLBind(new.id), SQLBind(new.municipality.id), SQLBind(new.serviceID), SQLBind(new.serviceVersion),
                SQLBind(year), SQLBind(sequence), SQLBind(new.applicant), SQLBind.orNull(new.subject),
                SQLBind.orNull(new.subject.map { _ in "stated" }), SQLBind(CaseStatus.mottatt.rawValue),
                SQLBind(new.channel.rawValue), SQLBind(new.answersJSON), SQLBind(new.submittedAt), SQLBind(new.dueAt),
                SQLLiteral.null, SQLBind.orNull(new.idempotencyKey), SQLBind.orNull(new.preliminaryDueAt),
                SQLBind.orNull(new.appealOf)
            )
            .run()
        try await append(
            new.firstEvent, case: new.id, municipality: new.municipality.id, at: new.submittedAt, actor: new.actor,
            detail: new.detail, facts: .init(serviceID: new.serviceID, channel: new.channel, dueAt: new.dueAt), on: tx)
        if let row { try await sql.raw(row("\(bind: new.id)", "")).run() }
        return Saksnummer(year: year, sequence: sequence)
    }

    /// A row of another table written with a new case: an `INSERT … SELECT` whose case id is
    /// `caseID` selected `from` — a bound id with nothing (SQLite), or `c.id` from the case's own
    /// CTE ` FROM c` (PostgreSQL).
    typealias CaseRow = @Sendable (_ caseID: SQLQueryString, _ from: String) -> SQLQueryString

    private static func createPostgres(
        _ new: NewCase, year: Int, with row: CaseRow?,
        on sql: any SQLDatabase
    ) async throws -> Saksnummer {
        let m = new.municipality
        var query = SQLQueryString(
            """
            WITH n AS (
              INSERT INTO \(unsafeRaw: CaseCounter.schema) (kommune, year, last_value) VALUES (\(bind: m.number), \(bind: year), 1)
              ON CONFLICT (kommune, year) DO UPDATE SET last_value = \(unsafeRaw: CaseCounter.schema).last_value + 1
              RETURNING last_value
            ), c AS (
              INSERT INTO \(unsafeRaw: CaseRecord.schema) (id, municipality_id, service_id, service_version, saks_year, saks_sequence,
                applicant_fnr, subject_fnr, subject_relation, status, channel, answers, submitted_at, due_at, idempotency_key,
                preliminary_due_at, appeal_of)
              SELECT \(bind: new.id), \(bind: m.id), \(bind: new.serviceID), \(bind: new.serviceVersion), \(bind: year),
                n.last_value, \(bind: new.applicant), \(bind: new.subject), \(bind: new.subject.map { _ in "stated" }),
                \(bind: CaseStatus.mottatt.rawValue), \(bind: new.channel.rawValue),
                \(bind: new.answersJSON), \(bind: new.submittedAt), \(bind: new.dueAt), \(bind: new.idempotencyKey),
                \(bind: new.preliminaryDueAt), \(bind: new.appealOf) FROM n
              RETURNING id, saks_sequence
            ), e AS (
              INSERT INTO \(unsafeRaw: CaseEventRecord.schema) (id, case_id, municipality_id, kind, at, actor, detail, service_id, channel,
                due_at)
              SELECT \(bind: UUID()), c.id, \(bind: m.id), \(bind: new.firstEvent.rawValue), \(bind: new.submittedAt),
                \(bind: new.actor), \(bind: new.detail), \(bind: new.serviceID), \(bind: new.channel.rawValue), \(bind: new.dueAt) FROM c
            )
            """)
        if let row { query += ", r AS (" + row("c.id", " FROM c") + ")" }
        query += " SELECT saks_sequence FROM c"
        guard let row = try await sql.raw(query).first() else {
            throw RadhusError.internalInconsistency("case insert returned no row")
        }
        return Saksnummer(year: year, sequence: try row.decode(column: "saks_sequence", as: Int.self))
    }

    /// What an event tells its readers beyond its kind and time (the feed and insights read these,
    /// not the cases and decisions): `submitted` names the service, channel and due date;
    /// `decided` whether rules decided alone.
    struct Facts: Sendable {
        var serviceID: String? = nil
        var channel: SubmissionChannel? = nil
        var dueAt: Date? = nil
        var automated: Bool? = nil
    }

    /// Appends one event to a case's timeline.
    static func append(
        _ kind: CaseEventKind, case caseID: UUID, municipality: UUID, at: Date, actor: String, detail: String = "",
        facts: Facts = Facts(), on db: any Database
    ) async throws {
        try await db.sql.insert(into: CaseEventRecord.schema)
            .columns(
                "id", "case_id", "municipality_id", "kind", "at", "actor", "detail", "service_id", "channel", "due_at",
                "automated"
            )
            .values(
                SQLBind(UUID()), SQLBind(caseID), SQLBind(municipality), SQLBind(kind.rawValue), SQLBind(at),
                SQLBind(actor), SQLBind(detail), SQLBind.orNull(facts.serviceID),
                SQLBind.orNull(facts.channel?.rawValue),
                SQLBind.orNull(facts.dueAt),
                SQLBind.orNull(facts.automated)
            )
            .run()
    }

    /// Moves a case by `transition` (refused unless `CaseStatus.after` allows it from `current`)
    /// and appends the transition's event, which says why. A decision also stamps `decided_at`.
    /// `set` are further columns of the case written in the same statement (a due date moved by
    /// a pause, what needs attention). The update names the status it moves from, so two
    /// writers that read the same status cannot both move it: the second one is refused.
    static func move(
        _ caseID: UUID, municipality: UUID, from current: CaseStatus, by transition: CaseTransition,
        at: Date, actor: String, detail: String = "", facts: Facts = Facts(), set: [(String, any SQLExpression)] = [],
        on db: any Database
    ) async throws {
        guard let next = current.after(transition) else {
            throw refused(current, transition)
        }
        var update = db.sql.update(CaseRecord.schema).set("status", to: SQLBind(next.rawValue))
        if next == .avsluttet { update = update.set("decided_at", to: SQLBind(at)) }
        for (column, value) in set { update = update.set(column, to: value) }
        let moved = try await update.where("id", .equal, SQLBind(caseID))
            .where("status", .equal, SQLBind(current.rawValue)).returning("id").all()
        guard !moved.isEmpty else {
            throw RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb: "Saken ble endret samtidig av noen andre. Last inn siden på nytt og se tidslinjen.",
                    en: "Someone else changed the case at the same time. Reload the page and see the timeline.",
                    nn: "Saka vart endra samstundes av nokon andre. Last inn sida på nytt og sjå tidslina."))
        }
        try await append(
            transition.event, case: caseID, municipality: municipality, at: at, actor: actor, detail: detail,
            facts: facts, on: db)
    }

    /// Takes the case's row for the rest of the transaction, before the command reads the
    /// case or the time: two writers of one case (a citizen's message and a decision from
    /// another node) are then ordered, and each reads the clock after the other has committed,
    /// so the timeline's times follow the order things were written. SQLite has one writer, so
    /// only PostgreSQL needs the row lock.
    static func lock(_ caseID: UUID, on tx: any Database) async throws {
        guard tx.sql.dialect.name == "postgresql" else { return }
        try await tx.sql.raw("SELECT id FROM \(unsafeRaw: CaseRecord.schema) WHERE id = \(bind: caseID) FOR UPDATE")
            .run()
    }

    /// What a person reads when the state machine refuses a step.
    static func refused(_ current: CaseStatus, _ transition: CaseTransition) -> RadhusError {
        switch (current, transition) {
        case (.avsluttet, _):
            RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb: "Saken er allerede avgjort. Vedtaket står i tidslinjen.",
                    en: "The case is decided already. The decision is in the timeline.",
                    nn: "Saka er alt avgjord. Vedtaket står i tidslina."))
        case (.venterPaSoker, .requestInformation):
            RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb: "Saken venter allerede på svar fra søker. Trekk den første forespørselen før du sender en ny.",
                    en:
                        "The case already waits for the applicant's answer. Withdraw the first request before sending another.",
                    nn: "Saka ventar alt på svar frå søkjar. Trekk den første førespurnaden før du sender ein ny."))
        case (_, .informationReceived), (_, .requestExpired), (_, .requestWithdrawn):
            RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb: "Saken venter ikke på svar fra søker.",
                    en: "The case is not waiting for the applicant's answer.",
                    nn: "Saka ventar ikkje på svar frå søkjar."))
        default:
            RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb: "Saken kan ikke gå videre slik fra «\(current.rawValue)».",
                    en: "The case cannot move that way from “\(current.rawValue)”.",
                    nn: "Saka kan ikkje gå vidare slik frå «\(current.rawValue)»."))
        }
    }

    /// Takes the next saksnummer for a kommune and year inside the caller's transaction.
    /// The counter row is locked until commit (PostgreSQL row lock; SQLite's single writer),
    /// and rolled back with it, so numbers are gapless and never given twice.
    private static func nextSaksnummer(kommune: String, year: Int, on sql: any SQLDatabase) async throws -> Int {
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
