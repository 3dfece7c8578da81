import Fluent
import SQLKit

/// 031 (issue 20): the queue filtered by service, at 100,000 open and 1,000,000 closed cases.
/// With a service (and a status) chosen, the count and the deadline order came from the
/// kommune's rows of that status, each read from the table to check its service: 110 ms at the
/// benchmark's size. Two indexes serve them from the index alone — the open cases of a service in
/// deadline order (partial, like the queue's own), and a service's cases of one status.
struct IndexTheQueueByService: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.raw(
            """
            CREATE INDEX cases_open_service_due_idx ON cases (municipality_id, service_id, due_at, saks_year, saks_sequence)
            WHERE \(unsafeRaw: Queue.openCases)
            """
        ).run()
        try await db.sql.create(index: "cases_service_status_due_idx").on(CaseRecord.schema).column("municipality_id")
            .column("service_id").column("status").column("due_at").column("saks_year").column("saks_sequence").run()
        try await SQLiteStatistics.analyze(["cases_open_service_due_idx", "cases_service_status_due_idx"], on: db.sql)
    }

    func revert(on db: any Database) async throws {
        for index in ["cases_service_status_due_idx", "cases_open_service_due_idx"] {
            try await db.sql.drop(index: index).run()
        }
    }
}
