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
}

/// Submits applications: one transaction creates the case with its gapless saksnummer and
/// the first timeline event, or nothing at all.
public struct SubmissionService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock

    public init(db: any Database, writer: WriteCoordinator, clock: any Clock) {
        self.db = db; self.writer = writer; self.clock = clock
    }

    public func submit(_ command: SubmitApplication) async throws -> SubmissionReceipt {
        do {
            return try await writer.write(on: db) { tx in try await Self.submit(command, now: clock.now(), on: tx) }
        } catch {
            guard let dbError = error as? any DatabaseError, dbError.isConstraintFailure else { throw error }
            // Two requests with the same token raced past the check below (PostgreSQL runs
            // them concurrently); the loser's transaction rolled back. Answer with the winner.
            if let key = command.idempotencyKey,
               let existing = try await Self.existing(key: key, applicant: command.applicant, on: db) {
                return existing
            }
            throw error
        }
    }

    public static func existing(key: String, applicant: Fodselsnummer, on db: any Database) async throws -> SubmissionReceipt? {
        guard let c = try await CaseRecord.query(on: db).filter(\.$idempotencyKey == key).first() else { return nil }
        // A token belongs to the person who got it; someone else's token is not a match.
        guard c.applicantFnr == applicant.value else { throw RadhusError.conflict("Innsendingsnøkkelen er allerede brukt.") }
        return SubmissionReceipt(caseID: try c.requireID(), saksnummer: c.saksnummer, submittedAt: c.submittedAt,
                                 dueAt: c.dueAt, repeated: true)
    }

    /// The submission inside a transaction the caller owns (the group commit, or a larger command).
    public static func submit(_ command: SubmitApplication, now: Date, on tx: any Database) async throws -> SubmissionReceipt {
        if let key = command.idempotencyKey, let existing = try await existing(key: key, applicant: command.applicant, on: tx) {
            return existing
        }
        let calendar = NorwegianCalendar()
        let year = calendar.year(of: now)
        let sequence = try await nextSaksnummer(kommune: command.municipality.number, year: year, on: tx)
        let record = CaseRecord()
        record.id = UUID()
        record.municipalityID = command.municipality.id
        record.serviceID = command.service.id
        record.serviceVersion = command.service.version
        record.saksYear = year
        record.saksSequence = sequence
        record.applicantFnr = command.applicant.value
        record.status = CaseStatus.mottatt.rawValue
        record.channel = command.channel.rawValue
        record.answersJSON = String(decoding: try JSONEncoder.sorted.encode(command.answers), as: UTF8.self)
        record.submittedAt = now
        record.dueAt = command.service.deadline.dueDate(from: now, calendar: calendar)
        record.idempotencyKey = command.idempotencyKey
        try await record.create(on: tx)
        let caseID = try record.requireID()
        try await CaseEventRecord(caseID: caseID, municipalityID: command.municipality.id, kind: .submitted, at: now,
                                  actor: "citizen", detail: command.channel.rawValue).create(on: tx)
        return SubmissionReceipt(caseID: caseID, saksnummer: record.saksnummer, submittedAt: now, dueAt: record.dueAt, repeated: false)
    }

    /// Takes the next saksnummer for a kommune and year inside the caller's transaction.
    /// The counter row is locked until commit (PostgreSQL row lock; SQLite's single writer),
    /// and rolled back with it, so numbers are gapless and never given twice.
    static func nextSaksnummer(kommune: String, year: Int, on tx: any Database) async throws -> Int {
        let sql = tx as! any SQLDatabase
        try await sql.insert(into: CaseCounter.schema)
            .columns("kommune", "year", "last_value")
            .values(SQLBind(kommune), SQLBind(year), SQLBind(0))
            .ignoringConflicts(with: ["kommune", "year"])
            .run()
        guard let row = try await sql.update(CaseCounter.schema)
            .set(SQLIdentifier("last_value"), to: SQLBinaryExpression(SQLIdentifier("last_value"), .add, SQLLiteral.numeric("1")))
            .where("kommune", .equal, kommune)
            .where("year", .equal, year)
            .returning("last_value")
            .first() else {
            throw RadhusError.internalInconsistency("saksnummer counter row missing")
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
