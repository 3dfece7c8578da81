import Fluent
import RadhusCore
import SQLKit

/// 012: a case event carries the facts its readers need, and so does its place in the feed:
/// `submitted` its service, channel and due date; `decided` whether rules decided alone. The
/// insights aggregator then reads the feed only, not the cases and decisions it describes.
/// Events written before get these facts from their cases and decisions.
struct EventsCarryFacts: AsyncMigration {
    static let tables = [CaseEventRecord.schema, FeedEvent.schema]
    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("service_id", .string), ("channel", .string), ("due_at", .datetime),
        ("automated", .bool),
    ]

    func prepare(on db: any Database) async throws {
        // One column per ALTER TABLE: SQLite adds (and drops) one at a time.
        for table in Self.tables {
            for (column, type) in Self.columns { try await db.schema(table).field(.string(column), type).update() }
        }
        let sql = db.sql
        // Correlated subqueries: portable between SQLite and PostgreSQL, one statement per table.
        func fromCase(_ column: String, of table: String) -> SQLRaw {
            SQLRaw("(SELECT c.\(column) FROM \(CaseRecord.schema) c WHERE c.id = \(table).case_id)")
        }
        func automated(of table: String) -> SQLRaw {
            SQLRaw("(SELECT d.automated FROM \(DecisionRecord.schema) d WHERE d.case_id = \(table).case_id)")
        }
        // The same facts for both tables; each names an event's kind in its own way.
        let kinds: [(table: String, column: String, submitted: String, decided: String)] = [
            (CaseEventRecord.schema, "kind", CaseEventKind.submitted.rawValue, CaseEventKind.decided.rawValue),
            (FeedEvent.schema, "type", CaseEventKind.submitted.feedType, CaseEventKind.decided.feedType),
        ]
        for k in kinds {
            try await sql.update(k.table)
                .set("service_id", to: fromCase("service_id", of: k.table))
                .set("channel", to: fromCase("channel", of: k.table))
                .set("due_at", to: fromCase("due_at", of: k.table))
                .where(SQLIdentifier(k.column), .equal, SQLBind(k.submitted)).run()
            try await sql.update(k.table).set("automated", to: automated(of: k.table))
                .where(SQLIdentifier(k.column), .equal, SQLBind(k.decided)).run()
        }
    }

    func revert(on db: any Database) async throws {
        for table in Self.tables {
            for (column, _) in Self.columns { try await db.schema(table).deleteField(.string(column)).update() }
        }
    }
}
