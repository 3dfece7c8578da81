import Fluent
import SQLKit

/// 001: the staff access log and database-stored sessions.
struct CreateAccessLogAndSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AccessLogEntry.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("staff_id", .uuid, .required, .references(StaffUser.schema, .id))
            .field("staff_role", .string, .required)
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("action", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await db.schema(SessionRecord.schema)
            .id()
            .field("key", .string, .required)
            .field("data", .string, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "key")
            .create()
        let sql = db.sql
        try await sql.create(index: "access_log_case_idx").on(AccessLogEntry.schema).column("case_id").column("at")
            .run()
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        try await sql.drop(index: "access_log_case_idx").ifExists().run()
        try await db.schema(SessionRecord.schema).delete()
        try await db.schema(AccessLogEntry.schema).delete()
    }
}
