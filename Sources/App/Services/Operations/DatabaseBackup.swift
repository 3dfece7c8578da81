import Fluent
import Foundation
import SQLKit
import Vapor

/// `radhus backup` and `radhus restore` for the embedded SQLite database (issue 18). A backup is
/// made while Radhus serves: `VACUUM INTO` writes a consistent copy of what was committed when it
/// began (WAL readers do not block writers, and it blocks no writer), and the copy is checked
/// with `PRAGMA integrity_check` before it is called good. PostgreSQL is backed up with its own
/// tools (docs/OPERATIONS.md: pg_dump, or base backups with WAL archiving for point-in-time).
public enum DatabaseBackup {
    public struct Summary: Sendable {
        public var file: String
        public var bytes: Int
        public var cases: Int
        public var journalEntries: Int
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes a checked copy of the application's SQLite database to `file` (which must not exist).
    public static func backup(_ app: Application, to file: String) async throws -> Summary {
        guard case .sqlite = app.radhusConfig.database else {
            throw Problem(
                description:
                    "radhus backup copies the embedded SQLite database; back up PostgreSQL with pg_dump or base backups (docs/OPERATIONS.md)"
            )
        }
        guard !FileManager.default.fileExists(atPath: file) else {
            throw Problem(description: "\(file) exists already: name a new file")
        }
        try await app.db.sql.raw("VACUUM INTO \(bind: file)").run()
        return try await check(file, with: app)
    }

    /// Opens `file` beside the application's database and checks it: SQLite's integrity check,
    /// and that it is a Radhus database (it has cases and a journal).
    public static func check(_ file: String, with app: Application) async throws -> Summary {
        guard FileManager.default.fileExists(atPath: file) else { throw Problem(description: "no file at \(file)") }
        return try await app.db.withConnection { conn in
            let sql = conn.sql
            try await sql.raw("ATTACH DATABASE \(bind: file) AS backup").run()
            do {
                let verdict = try await sql.raw("PRAGMA backup.integrity_check").all().map {
                    (try? $0.decode(column: "integrity_check", as: String.self)) ?? "?"
                }
                guard verdict == ["ok"] else {
                    throw Problem(description: "\(file) is damaged: \(verdict.prefix(3).joined(separator: "; "))")
                }
                func count(_ table: String) async throws -> Int {
                    do {
                        return try await sql.raw("SELECT count(*) AS n FROM backup.\(unsafeRaw: table)").first()?
                            .decode(column: "n", as: Int.self) ?? 0
                    } catch {
                        throw Problem(description: "\(file) is not a Radhus database (no table \(table))")
                    }
                }
                let summary = Summary(
                    file: file,
                    bytes: (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0,
                    cases: try await count(CaseRecord.schema), journalEntries: try await count("journal_entries"))
                try await sql.raw("DETACH DATABASE backup").run()
                return summary
            } catch {
                try? await sql.raw("DETACH DATABASE backup").run()
                throw error
            }
        }
    }

    /// Puts a checked backup in place of the database at `path`, which no process may have open
    /// (stop `radhus serve` first). The old database is kept beside it as `path.before-restore`.
    public static func restore(_ backup: String, into path: String) throws {
        let fm = FileManager.default
        let kept = path + ".before-restore"
        if fm.fileExists(atPath: path) {
            try? fm.removeItem(atPath: kept)
            try fm.moveItem(atPath: path, toPath: kept)
        }
        // The old database's write-ahead log belongs to it, not to the restored one.
        for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: path + suffix) }
        try fm.copyItem(atPath: backup, toPath: path)
    }
}
