import Fluent
import SQLKit

/// 009: daily rollups of the case facts and a processing-time histogram (InsightsRollups), built
/// from the facts already there, and an index to pick exact percentiles within a bucket.
struct CreateInsightRollups: AsyncMigration {
    func prepare(on db: any Database) async throws {
        var daily = db.schema(InsightsRollups.daily)
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("day", .int, .required)
        for column in InsightsRollups.Counts.columns { daily = daily.field(.string(column), .int64, .required) }
        try await daily.unique(on: "municipality_id", "service_id", "day").create()
        try await db.schema(InsightsRollups.processing)
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("day", .int, .required)
            .field("bucket", .int, .required)
            .field("n", .int64, .required)
            .unique(on: "municipality_id", "service_id", "day", "bucket")
            .create()
        let sql = db.sql
        try await sql.create(index: "case_facts_processing").on("case_facts").column("municipality_id").column(
            "processing_seconds"
        ).run()
        try await InsightsRollups.rebuild(on: sql)
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "case_facts_processing").run()
        try await db.schema(InsightsRollups.processing).delete()
        try await db.schema(InsightsRollups.daily).delete()
    }
}
