import Fluent
import SQLKit

/// 038 (issue 24): follow-up applications on a decided case — igangsettingstillatelse after a
/// rammetillatelse, ferdigattest at the end. Each is sent as an inbound message with its
/// documents (journaled I), reopens the case with its own statutory clock, and is decided by a
/// decision that names it (`decisions.follow_up_id`), so the case's first decision stays the
/// one the insights count and the permit is not «replaced» by it.
struct AddFollowUps: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(FollowUpRecord.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("kind", .string, .required)
            .field("message_id", .uuid, .required)
            .field("submitted_at", .datetime, .required)
            .field("weeks", .int, .required)
            .field("due_at", .datetime, .required)
            .field("decision_id", .uuid)
            .field("outcome", .string)
            .field("decided_at", .datetime)
            .create()
        try await db.sql.create(index: "follow_ups_case_idx").on(FollowUpRecord.schema).column("case_id").run()
        try await db.schema(DecisionRecord.schema).field("follow_up_id", .uuid).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DecisionRecord.schema).deleteField("follow_up_id").update()
        try await db.schema(FollowUpRecord.schema).delete()
    }
}
