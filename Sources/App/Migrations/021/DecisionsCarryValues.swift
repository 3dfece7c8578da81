import Fluent
import SQLKit

/// 021 (issue 19): a decision carries its structured values (a permit's «gyldig til», an
/// amount) as a JSON object of strings, as the service's `decisionValues` define them.
struct DecisionsCarryValues: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(DecisionRecord.schema).field("values_json", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DecisionRecord.schema).deleteField("values_json").update()
    }
}
