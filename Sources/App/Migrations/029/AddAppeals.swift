import Fluent
import SQLKit

/// 029 (issue 20): appeals (klage).
///
/// - `cases.appeal_of`: an appeal is a case of its own, linked to the case it appeals.
/// - `appeals`: the appeal's course — the decision appealed, when it came and whether late (and
///   why), the appeal body it goes to, the kommune's assessment when it forwarded it, and how it
///   ended.
/// - `dispatch_settings`: the addresses of the kommune's two appeal bodies (the statsforvalter,
///   the klagenemnd), where an upheld appeal's package is sent.
/// - The queue's partial index of open cases is rebuilt with today's `Queue.openCases`: a case
///   whose appeal is being handled (`paklaget`) is not open — its appeal is what is in the queue.
struct AddAppeals: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        // One column a statement: SQLite's ALTER TABLE adds one at a time.
        try await db.schema(CaseRecord.schema).field("appeal_of", .uuid).update()
        try await sql.create(index: "cases_appeal_of_idx").on(CaseRecord.schema).column("appeal_of").run()
        try await db.schema(Appeal.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("appealed_case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("decision_id", .uuid, .required, .references(DecisionRecord.schema, .id))
            .field("text", .string, .required)
            .field("lodged_at", .datetime, .required)
            .field("deadline_at", .datetime, .required)
            .field("late_reason", .string)
            .field("body", .string, .required)
            .field("forwarded_at", .datetime)
            .field("assessment", .string)
            .field("outcome", .string)
            .field("outcome_at", .datetime)
            .field("outcome_note", .string)
            .unique(on: "case_id")
            // One appeal per decision: a second is refused at the database too.
            .unique(on: "decision_id")
            .create()
        try await sql.create(index: "appeals_appealed_case_idx").on(Appeal.schema).column("appealed_case_id").run()
        for column in ["statsforvalteren_email", "klagenemnd_email"] {
            try await db.schema(DispatchSettings.schema).field(.string(column), .string).update()
        }
        try await sql.drop(index: "cases_open_due_idx").run()
        try await sql.raw(
            """
            CREATE INDEX cases_open_due_idx ON cases (municipality_id, due_at, saks_year, saks_sequence)
            WHERE \(unsafeRaw: Queue.openCases)
            """
        ).run()
        try await SQLiteStatistics.analyze(["cases_open_due_idx", "cases_appeal_of_idx"], on: sql)
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "cases_open_due_idx").run()
        try await db.sql.raw(
            """
            CREATE INDEX cases_open_due_idx ON cases (municipality_id, due_at, saks_year, saks_sequence)
            WHERE cases.status <> 'avsluttet'
            """
        ).run()
        try await db.schema(Appeal.schema).delete()
        try await db.sql.drop(index: "cases_appeal_of_idx").run()
        try await db.schema(CaseRecord.schema).deleteField("appeal_of").update()
        for column in ["statsforvalteren_email", "klagenemnd_email"] {
            try await db.schema(DispatchSettings.schema).deleteField(.string(column)).update()
        }
    }
}
