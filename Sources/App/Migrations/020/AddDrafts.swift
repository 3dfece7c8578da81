import Fluent
import SQLKit

/// 020 (issue 19): an application not yet sent is kept on the server for its person, one per
/// kommune and service, so it can be resumed on another device for 30 days (then swept).
struct AddDrafts: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Draft.schema)
            .id()
            .field("owner_fnr", .string, .required)
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("answers_json", .string, .required)
            .field("step", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "owner_fnr", "municipality_id", "service_id")
            .create()
        try await db.sql.create(index: "drafts_by_age").on(Draft.schema).column("updated_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Draft.schema).delete()
    }
}
