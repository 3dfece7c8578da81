import Fluent
import SQLKit

/// 002: rule automation — evaluations with their inputs and trace, the rule files used, and
/// each kommune's automation mode per service.
struct CreateRuleEvaluations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(RuleVersionRecord.schema)
            .field("hash", .string, .identifier(auto: false))
            .field("file", .string, .required)
            .field("content", .string, .required)
            .field("first_used_at", .datetime, .required)
            .create()
        try await db.schema(RuleEvaluationRecord.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("model_hash", .string, .required, .references(RuleVersionRecord.schema, "hash"))
            .field("decision_name", .string, .required)
            .field("mode", .string, .required)
            .field("inputs", .string, .required)
            .field("result", .string, .required)
            .field("trace", .string, .required)
            .field("suggested_outcome", .string)
            .field("automated", .bool, .required)
            .field("agreed", .bool)
            .field("evaluated_at", .datetime, .required)
            .create()
        try await db.schema(AutomationSetting.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("mode", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "municipality_id", "service_id")
            .create()
        let sql = db.sql
        try await sql.create(index: "rule_evaluations_case_idx").on(RuleEvaluationRecord.schema).column("case_id").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        try await sql.drop(index: "rule_evaluations_case_idx").ifExists().run()
        try await db.schema(AutomationSetting.schema).delete()
        try await db.schema(RuleEvaluationRecord.schema).delete()
        try await db.schema(RuleVersionRecord.schema).delete()
    }
}
