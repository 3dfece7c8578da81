import Fluent

/// 023 (issue 19): the service workshop's drafts: a service a kommune is writing in the browser
/// before it publishes it to the catalogue.
struct AddServiceWorkshop: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ServiceWorkshopDraft.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("files", .string, .required)
            .field("changes", .string, .required)
            .field("created_at", .datetime, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ServiceWorkshopDraft.schema).delete()
    }
}
