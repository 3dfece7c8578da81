import Fluent
import SQLKit

/// 028 (issue 20): the queue and the case page at 100,000 open and 1,000,000 closed cases.
///
/// - The queue reads a kommune's open cases soonest deadline first, and counts them: a partial
///   index over the open cases only, in that order, serves both without touching the closed
///   million (`Queue.openCases` writes the predicate as this index does, as a literal; 029
///   gives the index the predicate of today's `Queue.openCases`).
/// - The case page finds the other open cases about the same person by the kommune and the
///   applicant's or subject's number (SQLite picks these two-column indexes over the kommune's
///   alone), and reads its letters and its receipts by case.
struct IndexForTheQueue: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = db.sql
        try await sql.raw(
            """
            CREATE INDEX cases_open_due_idx ON cases (municipality_id, due_at, saks_year, saks_sequence)
            WHERE cases.status <> 'avsluttet'
            """
        ).run()
        try await sql.create(index: "cases_kommune_applicant_idx").on(CaseRecord.schema).column("municipality_id")
            .column("applicant_fnr").run()
        try await sql.create(index: "cases_kommune_subject_idx").on(CaseRecord.schema).column("municipality_id")
            .column("subject_fnr").run()
        try await sql.create(index: "letters_case_idx").on(LetterRecord.schema).column("case_id").run()
        try await sql.create(index: "shipment_events_case_idx").on(ShipmentEventRecord.schema).column("case_id").run()
    }

    func revert(on db: any Database) async throws {
        for index in [
            "shipment_events_case_idx", "letters_case_idx", "cases_kommune_subject_idx", "cases_kommune_applicant_idx",
            "cases_open_due_idx",
        ] {
            try await db.sql.drop(index: index).run()
        }
    }
}
