import Fluent

/// 014: a staff account counts failed password logins in a row and is locked for a while after
/// too many (issue 18: the password login is a fallback, rate-limited and locked).
struct StaffLoginLockout: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column per ALTER TABLE: SQLite adds one at a time.
        try await db.schema(StaffUser.schema).field("failed_logins", .int).update()
        try await db.schema(StaffUser.schema).field("locked_until", .datetime).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(StaffUser.schema).deleteField("locked_until").update()
        try await db.schema(StaffUser.schema).deleteField("failed_logins").update()
    }
}
