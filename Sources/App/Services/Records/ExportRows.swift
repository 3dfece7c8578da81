import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

/// One row of an export query.
///
/// On SQLite the values are taken straight from SQLite's row; SQLKit's `decode(column:as:)`
/// goes through a decoder and a dynamic protocol cast for every value, which was a large part
/// of the archive export's CPU at a million journalposts (tens of millions of values). Other
/// databases read through SQLKit as before. The conversions are sqlite-nio's own
/// (`SQLiteDataConvertible`), the ones its decoder uses, so both paths read the same values.
struct ExportRow: Sendable {
    private let sqlite: SQLiteRow?
    private let row: (any SQLRow)?

    /// Runs `query` and returns its rows.
    static func all(_ query: SQLQueryString, on db: any Database) async throws -> [ExportRow] {
        let sql = db.sql
        if let lite = db as? any SQLiteDatabase {
            let (text, binds) = sql.serialize(query)
            let encoder = SQLiteDataEncoder()
            let values = try binds.map { try encoder.encode($0) }
            // The connection's own async query steps the statement on its thread and hands each
            // row over there; the database-level `query` sends every row to the event loop as a
            // task of its own (a future per row: a tenth of the export's CPU).
            return try await lite.withConnection { conn in
                let rows = RowCollector()
                try await conn.query(text, values) { rows.rows.append(ExportRow(sqlite: $0, row: nil)) }
                return rows.rows
            }
        }
        return try await sql.raw(query).all().map { ExportRow(sqlite: nil, row: $0) }
    }

    func get<T: SQLiteDataConvertible & Decodable>(_ column: String, as _: T.Type = T.self) throws -> T {
        guard let sqlite else { return try row!.decode(column: column, as: T.self) }
        guard let data = sqlite.column(column), let value = T(sqliteData: data) else {
            throw ArchiveExporter.Problem(description: "column \(column) is not a \(T.self)")
        }
        return value
    }

    func optional<T: SQLiteDataConvertible & Decodable>(_ column: String, as _: T.Type = T.self) throws -> T? {
        guard let sqlite else { return try row!.decode(column: column, as: T?.self) }
        if case .null? = sqlite.column(column) { return nil }
        return try get(column, as: T.self)
    }
}

/// Rows gathered by a query's row callback, which runs on one thread after another.
private final class RowCollector: @unchecked Sendable {
    var rows: [ExportRow] = []
}
