import Fluent
import SQLKit

/// 032 (issue 20): files sent with a message on the case — an attachment's `message_id` (the
/// application's own files have none).
struct MessagesCarryFiles: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Attachment.schema).field("message_id", .uuid).update()
        try await db.sql.create(index: "attachments_by_message").on(Attachment.schema).column("message_id").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "attachments_by_message").run()
        try await db.schema(Attachment.schema).deleteField("message_id").update()
    }
}
