import Fluent

/// 008: digital maturity — the anonymous staff survey (answers and participation kept apart),
/// the process inventory, and the action plan's measures.
struct CreateMaturity: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SurveyAnswer.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("unit_id", .uuid, .required, .references(MunicipalUnit.schema, .id))
            .field("round", .string, .required)
            .field("scores", .string, .required)
            .create()
        try await db.schema("survey_participation")
            .id()
            .field("staff_id", .uuid, .required, .references(StaffUser.schema, .id))
            .field("round", .string, .required)
            .unique(on: "staff_id", "round")
            .create()
        try await db.schema(ProcessItem.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("name", .string, .required)
            .field("service_id", .string)
            .field("digital", .bool, .required)
            .field("rule_governed", .bool, .required)
            .field("yearly_volume", .int, .required)
            .field("automation_candidate", .bool, .required)
            .field("note", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .create()
        try await db.schema(ActionMeasure.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("focus_area", .string, .required)
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("deadline", .string, .required)
            .field("kpi", .string, .required)
            .field("service_id", .string)
            .field("target", .double, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [ActionMeasure.schema, ProcessItem.schema, "survey_participation", SurveyAnswer.schema] {
            try await db.schema(schema).delete()
        }
    }
}
