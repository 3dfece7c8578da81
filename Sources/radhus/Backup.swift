import App
import ArgumentParser
import Foundation
import Vapor

extension Radhus {
    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the embedded SQLite database to FILE while Radhus serves, and check the copy.",
            discussion: """
                The copy holds everything committed when the backup began (VACUUM INTO) and is checked with
                PRAGMA integrity_check. PostgreSQL: use pg_dump or base backups (docs/OPERATIONS.md).
                """)
        @ArgumentParser.Argument(help: "The file to write (must not exist).") var file: String
        @OptionGroup var options: Options

        func run() async throws {
            let summary = try await withApp(options) { app in
                do { return try await DatabaseBackup.backup(app, to: file) } catch let p as DatabaseBackup.Problem {
                    throw ValidationError(p.description)
                }
            }
            say(
                "Backup written and checked: \(summary.file), \(summary.bytes / 1024) kB, \(summary.cases) cases, \(summary.journalEntries) journal entries"
            )
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a backup in place of the embedded SQLite database (stop radhus serve first).",
            discussion: """
                The backup is checked first; the database it replaces is kept as <database>.before-restore.
                Uses RADHUS_SQLITE_PATH (default radhus.sqlite) like radhus serve.
                """)
        @ArgumentParser.Argument(help: "The backup file.") var file: String
        @OptionGroup var options: Options

        func run() async throws {
            let config = try RadhusConfig.fromEnvironment()
            guard case .sqlite(let path) = config.database else {
                throw ValidationError(
                    "radhus restore is for the embedded SQLite database; restore PostgreSQL with pg_restore (docs/OPERATIONS.md)"
                )
            }
            let summary = try await withApp(options) { app in
                do { return try await DatabaseBackup.check(file, with: app) } catch let p as DatabaseBackup.Problem {
                    throw ValidationError(p.description)
                }
            }
            try DatabaseBackup.restore(file, into: path)
            say(
                "Restored \(path) from \(file): \(summary.cases) cases, \(summary.journalEntries) journal entries. The old database is \(path).before-restore."
            )
        }
    }
}
