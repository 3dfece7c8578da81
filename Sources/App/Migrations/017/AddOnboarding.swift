import Fluent
import SQLKit

/// 017 (issue 18): onboarding without the demo seeder — the platform's operators, one-time
/// invitations for staff, the admin actions' log, and what a kommune is added with beyond its
/// name (a contact, the text in its logo).
struct AddOnboarding: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Operator.schema)
            .id()
            .field("username", .string, .required)
            .field("password_hash", .string, .required)
            .field("display_name", .string, .required)
            .field("active", .bool, .required)
            .field("failed_logins", .int)
            .field("locked_until", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "username")
            .create()
        try await db.schema(Invitation.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("unit_id", .uuid, .references(MunicipalUnit.schema, .id))
            // Only the hash: the link in the e-mail is the secret.
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("staff_user_id", .uuid)
            .field("invited_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await db.schema(AdminLogEntry.schema)
            .id()
            .field("at", .datetime, .required)
            .field("municipality_id", .uuid, .references(Municipality.schema, .id))
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("detail", .string, .required)
            .create()
        try await db.sql.create(index: "admin_log_by_kommune").on(AdminLogEntry.schema)
            .column("municipality_id").column("at").run()
        try await db.schema(Municipality.schema).field("contact", .string).update()
        try await db.schema(Municipality.schema).field("logo_text", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Municipality.schema).deleteField("logo_text").update()
        try await db.schema(Municipality.schema).deleteField("contact").update()
        try await db.sql.drop(index: "admin_log_by_kommune").run()
        try await db.schema(AdminLogEntry.schema).delete()
        try await db.schema(Invitation.schema).delete()
        try await db.schema(Operator.schema).delete()
    }
}
