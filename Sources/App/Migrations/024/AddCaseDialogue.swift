import Fluent
import SQLKit

/// 024 (issue 20): the dialogue on a case. Messages both ways and internal notes; requests for
/// information with their due dates; a case's caseworker; and what needs the caseworker's
/// attention (an answer came, a due date passed), so the queue can say so without reading the
/// dialogue of every case.
struct AddCaseDialogue: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CaseMessage.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("direction", .string, .required)
            .field("author", .string, .required)
            .field("author_id", .uuid)
            .field("body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("letter_id", .uuid)
            .field("request_id", .uuid)
            .field("journaled", .bool)
            .create()
        try await db.schema(InformationRequest.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("text", .string, .required)
            .field("due_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("created_by", .string, .required)
            .field("pauses", .bool, .required)
            .field("reminded_at", .datetime)
            .field("closed_at", .datetime)
            .field("outcome", .string)
            .create()
        // One column a statement: SQLite adds one at a time.
        try await db.schema(CaseRecord.schema).field("assigned_to", .uuid).update()
        try await db.schema(CaseRecord.schema).field("attention", .string).update()
        let sql = db.sql
        try await sql.create(index: "case_messages_case_idx").on(CaseMessage.schema).column("case_id").run()
        try await sql.create(index: "case_messages_unjournaled_idx").on(CaseMessage.schema).column("journaled")
            .column("municipality_id").run()
        try await sql.create(index: "information_requests_case_idx").on(InformationRequest.schema).column("case_id")
            .run()
        // The background step finds open requests by due date: closed ones drop out of its reads.
        try await sql.create(index: "information_requests_open_idx").on(InformationRequest.schema)
            .column("closed_at").column("due_at").run()
        try await sql.create(index: "cases_assigned_idx").on(CaseRecord.schema).column("municipality_id")
            .column("assigned_to").column("status").run()
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        try await sql.drop(index: "cases_assigned_idx").run()
        try await db.schema(CaseRecord.schema).deleteField("attention").update()
        try await db.schema(CaseRecord.schema).deleteField("assigned_to").update()
        try await db.schema(InformationRequest.schema).delete()
        try await db.schema(CaseMessage.schema).delete()
    }
}
