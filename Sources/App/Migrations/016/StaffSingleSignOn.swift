import Fluent
import SQLKit

/// 016 (issue 18): a kommune's own identity provider for its staff (Entra ID or any OpenID
/// Connect provider), with its groups mapped to Radhus roles and units; staff accounts made
/// at first login remember the provider's subject.
struct StaffSingleSignOn: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(StaffLoginProvider.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("issuer", .string, .required)
            .field("client_id", .string, .required)
            // Sealed (`SessionSeal`): a copy of this table alone cannot log in as the kommune.
            .field("client_secret", .string, .required)
            .field("group_roles", .string, .required)
            .field("password_login", .bool, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "municipality_id")
            .create()
        try await db.schema(StaffUser.schema).field("external_subject", .string).update()
        try await db.sql.create(index: "staff_users_by_subject").on(StaffUser.schema)
            .column("municipality_id").column("external_subject").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "staff_users_by_subject").run()
        try await db.schema(StaffUser.schema).deleteField("external_subject").update()
        try await db.schema(StaffLoginProvider.schema).delete()
    }
}
