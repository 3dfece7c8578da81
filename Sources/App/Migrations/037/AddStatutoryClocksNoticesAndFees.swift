import Fluent
import SQLKit

/// 037 (issue 24): what building permits need, as general capabilities. A case's statutory
/// clock (the day its application was complete, the weeks the rules gave it, the days it
/// stood still); letters to third parties (neighbours) with a personal link — only its SHA-256
/// is kept — and their comments; and the fee each decision set, with what came off for a late
/// decision, as the invoice basis for the kommune's economy system.
struct AddStatutoryClocksNoticesAndFees: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column a statement: SQLite adds one per ALTER TABLE.
        for (name, type) in [
            ("clock_started_at", DatabaseSchema.DataType.datetime), ("clock_weeks", .int),
            ("clock_paused_days", .int),
        ] {
            try await db.schema(CaseRecord.schema).field(.string(name), type).update()
        }
        // The documents a request asks for by their field (the checklist's request).
        try await db.schema(InformationRequest.schema).field("documents", .string).update()
        try await db.schema(ThirdPartyNotice.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("fnr", .string, .required)
            .field("address", .string, .required)
            .field("token_sha256", .string, .required)
            .field("letter_id", .uuid)
            .field("comment_due", .datetime, .required)
            .field("opened_at", .datetime)
            .field("comment_message_id", .uuid)
            .field("created_at", .datetime, .required)
            .unique(on: "token_sha256")
            .unique(on: "case_id", "position")
            .create()
        try await db.sql.create(index: "third_party_notices_letter_idx").on(ThirdPartyNotice.schema)
            .column("letter_id").run()
        try await db.schema(FeeRecord.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("decision_id", .uuid, .required)
            .field("service_id", .string, .required)
            .field("fee", .int, .required)
            .field("days_late", .int, .required)
            .field("reduction_percent", .int, .required)
            .field("reduction", .int, .required)
            .field("amount_due", .int, .required)
            .field("decided_at", .datetime, .required)
            .unique(on: "decision_id")
            .create()
        try await db.sql.create(index: "fees_municipality_idx").on(FeeRecord.schema)
            .column("municipality_id").column("decided_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(FeeRecord.schema).delete()
        try await db.schema(ThirdPartyNotice.schema).delete()
        try await db.schema(InformationRequest.schema).deleteField("documents").update()
        for f in ["clock_started_at", "clock_weeks", "clock_paused_days"] {
            try await db.schema(CaseRecord.schema).deleteField(.string(f)).update()
        }
    }
}
