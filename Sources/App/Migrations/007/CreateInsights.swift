import Fluent
import SQLKit

/// 007: insights — one row of facts per case, kept up to date from the event feed; the
/// aggregator's position in the feed; baselines per service; a kommune's insight settings;
/// leaders' notes per service and period.
struct CreateInsights: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("case_facts")
            .field("case_id", .uuid, .identifier(auto: false))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("digital", .bool, .required)
            .field("submitted_at", .datetime, .required)
            .field("submitted_day", .int, .required)
            .field("due_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("decided_day", .int)
            .field("processing_seconds", .int)
            .field("automated", .bool)
            .field("letters", .int, .required)
            .field("printed", .int, .required)
            .field("read", .int, .required)
            .create()
        let sql = db.sql
        try await sql.create(index: "case_facts_submitted").on("case_facts").column("municipality_id").column(
            "submitted_day"
        ).run()
        try await sql.create(index: "case_facts_decided").on("case_facts").column("municipality_id").column(
            "decided_day"
        ).run()
        try await db.schema("insights_head")
            .field("name", .string, .identifier(auto: false))
            .field("last_position", .int64, .required)
            .create()
        try await db.schema(BenefitBaseline.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("minutes_per_manual_case", .double, .required)
            .field("processing_days_before", .double, .required)
            .field("kroner_per_printed_letter", .double, .required)
            .field("kroner_per_meeting", .double, .required)
            .field("source", .string, .required)
            .field("measured_on", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "municipality_id", "service_id")
            .create()
        try await db.schema(InsightSettings.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("hours_per_fte", .double, .required)
            .field("named_in_comparison", .bool, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "municipality_id")
            .create()
        try await db.schema(ReportNote.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("period_key", .string, .required)
            .field("text", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "municipality_id", "service_id", "period_key")
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [
            ReportNote.schema, InsightSettings.schema, BenefitBaseline.schema, "insights_head", "case_facts",
        ] {
            try await db.schema(schema).delete()
        }
    }
}
