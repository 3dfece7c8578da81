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
