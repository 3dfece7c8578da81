import Fluent
import SQLKit

/// 027 (issue 20): a caseworker's saved queue filters — a name and the query string.
struct AddSavedFilters: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SavedFilter.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("staff_id", .uuid, .required, .references(StaffUser.schema, .id))
            .field("name", .string, .required)
            .field("query", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "saved_filters_staff_idx").on(SavedFilter.schema).column("staff_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(SavedFilter.schema).delete()
    }
}
