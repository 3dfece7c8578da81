import FluentKit
import SQLKit

extension Database {
    /// The same database as SQLKit sees it. Radhus runs only on SQL databases (SQLite and
    /// PostgreSQL, both through Fluent's SQL drivers), so every `Database` it is handed is one;
    /// this is the one place that relies on that.
    public var sql: any SQLDatabase {
        guard let sql = self as? any SQLDatabase else {
            preconditionFailure("Radhus needs an SQL database; \(type(of: self)) is not one")
        }
        return sql
    }
}

/// SQLite plans with the statistics ANALYZE left in `sqlite_stat1`; an index created after the
/// table was analyzed has none, and SQLite then takes it for a very selective one — the queue's
/// page and the case page chose new indexes that walk every open case (issue 20's benchmark:
/// 450 ms). A migration that adds an index to a big table analyzes just that index
/// (`radhus serve`'s `PRAGMA optimize` at start looks only at tables it finds stale).
/// PostgreSQL keeps its statistics per table, not per index, and its autovacuum refreshes them.
enum SQLiteStatistics {
    static func analyze(_ indexes: [String], on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "sqlite" else { return }
        for index in indexes { try await sql.raw("ANALYZE \(ident: index)").run() }
    }
}
