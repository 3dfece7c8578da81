import Fluent
import SQLKit

/// 001: cases, their saksnummer counters, timeline events, decisions and letters.
struct CreateCases: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CaseCounter.schema)
            .field("kommune", .string, .required)
            .field("year", .int, .required)
            .field("last_value", .int, .required)
            .compositeIdentifier(over: "kommune", "year")
            .create()
        try await db.schema(CaseRecord.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("service_version", .int, .required)
            .field("saks_year", .int, .required)
            .field("saks_sequence", .int, .required)
            .field("applicant_fnr", .string, .required)
            .field("status", .string, .required)
            .field("channel", .string, .required)
            .field("answers", .string, .required)
            .field("submitted_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("idempotency_key", .string)
            .unique(on: "municipality_id", "saks_year", "saks_sequence")
            .unique(on: "idempotency_key")
            .create()
        try await db.schema(CaseEventRecord.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("kind", .string, .required)
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("detail", .string, .required)
            .create()
        try await db.schema(DecisionRecord.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("outcome", .string, .required)
            .field("granted", .bool, .required)
            .field("reasons", .string, .required)
            .field("legal_basis", .string, .required)
            .field("automated", .bool, .required)
            .field("decided_by_id", .uuid, .references(StaffUser.schema, .id))
            .field("decided_by_name", .string, .required)
            .field("decided_at", .datetime, .required)
            .field("appeal_information", .string, .required)
            .unique(on: "case_id")
            .create()
        try await db.schema(LetterRecord.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("recipient_fnr", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("decision_id", .uuid, .references(DecisionRecord.schema, .id))
            .create()
        // The queries people wait for: a kommune's queue, a citizen's cases and letters, a timeline.
        let sql = db.sql
        try await sql.create(index: "cases_queue_idx").on(CaseRecord.schema).column("municipality_id").column("status")
            .column("due_at").run()
        try await sql.create(index: "cases_applicant_idx").on(CaseRecord.schema).column("applicant_fnr").run()
        try await sql.create(index: "case_events_case_idx").on(CaseEventRecord.schema).column("case_id").column("at")
            .run()
        try await sql.create(index: "letters_recipient_idx").on(LetterRecord.schema).column("recipient_fnr").column(
            "created_at"
        ).run()
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        for index in ["letters_recipient_idx", "case_events_case_idx", "cases_applicant_idx", "cases_queue_idx"] {
            try await sql.drop(index: index).ifExists().run()
        }
        try await db.schema(LetterRecord.schema).delete()
        try await db.schema(DecisionRecord.schema).delete()
        try await db.schema(CaseEventRecord.schema).delete()
        try await db.schema(CaseRecord.schema).delete()
        try await db.schema(CaseCounter.schema).delete()
    }
}
