import Fluent
import SQLKit

/// 019 (issue 19): files sent with an application. The bytes live in the attachment store
/// (a folder, or object storage); the row holds what the file is, its checksum and whose it
/// is. `case_id` is NULL while the file belongs to a draft (pending), set when the
/// application is sent; pending files older than a draft's lifetime are swept.
struct AddAttachments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Attachment.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("field_id", .string, .required)
            .field("owner_fnr", .string, .required)
            .field("case_id", .uuid, .references(CaseRecord.schema, .id))
            .field("file_name", .string, .required)
            .field("description", .string, .required)
            .field("media_type", .string, .required)
            .field("size_bytes", .int64, .required)
            .field("sha256", .string, .required)
            .field("storage_key", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "attachments_by_owner").on(Attachment.schema)
            .column("owner_fnr").column("municipality_id").column("service_id").run()
        try await db.sql.create(index: "attachments_by_case").on(Attachment.schema).column("case_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Attachment.schema).delete()
    }
}
