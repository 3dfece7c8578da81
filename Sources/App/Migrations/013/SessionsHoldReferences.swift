import Fluent
import SQLKit

/// 013: a session holds a reference to the signed-in citizen, not their fødselsnummer
/// (issue 17: 72 of 97 session rows held one in clear text). The number is in `citizens`, one
/// row per person who has signed in; sessions expire by `expires_at`, which the session sweep
/// reads. Sessions made before (holding numbers) are deleted: their people sign in again.
struct SessionsHoldReferences: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CitizenRecord.schema)
            .id()
            .field("fodselsnummer", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "fodselsnummer")
            .create()
        let sql = db.sql
        try await sql.create(index: "sessions_by_expiry").on(SessionRecord.schema).column("expires_at").run()
        try await sql.delete(from: SessionRecord.schema).run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "sessions_by_expiry").run()
        try await db.schema(CitizenRecord.schema).delete()
    }
}
