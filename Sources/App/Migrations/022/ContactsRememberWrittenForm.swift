import Fluent
import SQLKit

/// 022 (issue 19): the citizen's written form of Norwegian (`nb` or `nn`), chosen on the
/// profile or by switching the portal's language: letters are written in it, and the portal
/// opens in it after a login on a new device.
struct ContactsRememberWrittenForm: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CitizenContact.schema).field("written_language", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(CitizenContact.schema).deleteField("written_language").update()
    }
}
