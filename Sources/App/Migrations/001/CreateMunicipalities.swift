import Fluent

/// 001: kommuner, their units and staff.
struct CreateMunicipalities: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Municipality.schema)
            .id()
            .field("number", .string, .required)
            .field("name", .string, .required)
            .field("brand_color", .string, .required)
            .field("contact_email", .string, .required)
            .unique(on: "number")
            .create()
        try await db.schema(MunicipalUnit.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("name", .string, .required)
            .create()
        try await db.schema(StaffUser.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("unit_id", .uuid, .references(MunicipalUnit.schema, .id))
            .field("username", .string, .required)
            .field("password_hash", .string, .required)
            .field("display_name", .string, .required)
            .field("role", .string, .required)
            .field("active", .bool, .required)
            .unique(on: "username")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(StaffUser.schema).delete()
        try await db.schema(MunicipalUnit.schema).delete()
        try await db.schema(Municipality.schema).delete()
    }
}
