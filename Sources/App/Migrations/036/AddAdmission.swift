import Fluent
import SQLKit

/// 036 (issue 23): coordinated kindergarten admission. A round (the main admission, or a later
/// one on what is left) with its dates, the kommune's limit of wishes and the seed of its
/// lottery; its units (a kindergarten's places for an age group); and an entry per child: the
/// wishes and priority classes it was matched with, its lottery position, the unit it got and
/// the answer to the offer.
struct AddAdmission: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AdmissionRound.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("deadline", .string, .required)
            .field("start_date", .string, .required)
            .field("answer_days", .int, .required)
            .field("wish_limit", .int, .required)
            .field("seed", .string, .required)
            .field("status", .string, .required)
            .field("previous_round_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("matched_at", .datetime)
            .unique(on: "municipality_id", "number")
            .create()
        try await db.schema(AdmissionUnit.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("round_id", .uuid, .required, .references(AdmissionRound.schema, .id))
            .field("kindergarten", .string, .required)
            .field("name", .string, .required)
            .field("private", .bool, .required)
            .field("age_group", .string, .required)
            .field("places", .int, .required)
            .unique(on: "round_id", "kindergarten", "age_group")
            .create()
        try await db.schema(AdmissionEntry.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("round_id", .uuid, .required, .references(AdmissionRound.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("lottery", .int, .required)
            .field("weight", .int, .required)
            .field("legal_right", .bool, .required)
            .field("wishes", .string, .required)
            .field("classes", .string, .required)
            .field("unit_id", .uuid)
            .field("wish_index", .int)
            .field("status", .string, .required)
            .field("answer_due", .datetime)
            .field("answered_at", .datetime)
            .field("reminded_at", .datetime)
            .unique(on: "round_id", "case_id")
            .create()
        try await db.sql.create(index: "admission_entries_case_idx").on(AdmissionEntry.schema).column("case_id").run()
        // Wishes changed by the applicant before the deadline: the round reads these instead of
        // the application's (which stays as it was received and journaled).
        try await db.schema(AdmissionWishes.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("wishes", .string, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "case_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(AdmissionWishes.schema).delete()
        try await db.schema(AdmissionEntry.schema).delete()
        try await db.schema(AdmissionUnit.schema).delete()
        try await db.schema(AdmissionRound.schema).delete()
    }
}
