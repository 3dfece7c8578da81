import Fluent
import SQLKit

/// 015 (issue 18): a session ends after a while without requests (its `expires_at`, moved
/// forward as it is used) and at `ends_at` in any case; a session started through a provider
/// records the provider's session (`provider_session`, a hash of issuer and `sid`), so the
/// provider's front-channel logout can end it.
struct SessionsEndWhenIdle: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SessionRecord.schema).field("ends_at", .datetime).update()
        try await db.schema(SessionRecord.schema).field("provider_session", .string).update()
        try await db.sql.create(index: "sessions_by_provider_session").on(SessionRecord.schema)
            .column("provider_session").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "sessions_by_provider_session").run()
        try await db.schema(SessionRecord.schema).deleteField("provider_session").update()
        try await db.schema(SessionRecord.schema).deleteField("ends_at").update()
    }
}
