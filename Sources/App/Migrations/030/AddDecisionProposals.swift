import Fluent
import SQLKit

/// 030 (issue 20): the two-person check — a caseworker's proposed decision, kept as proposed,
/// and what the second caseworker did with it (approved or returned, who, when, why).
struct AddDecisionProposals: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(DecisionProposal.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("draft", .string, .required)
            .field("proposed_by_id", .uuid, .required)
            .field("proposed_by_name", .string, .required)
            .field("proposed_at", .datetime, .required)
            .field("outcome", .string)
            .field("reviewed_by_id", .uuid)
            .field("reviewed_by_name", .string)
            .field("reviewed_at", .datetime)
            .field("comment", .string)
            .create()
        try await db.sql.create(index: "decision_proposals_case_idx").on(DecisionProposal.schema).column("case_id")
            .run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DecisionProposal.schema).delete()
    }
}
