import App
import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

/// Which database the App tests run against: a fresh SQLite file per test, or the
/// PostgreSQL database named by `RADHUS_TEST_DATABASE_URL` (CI runs the suites on both).
enum TestDatabase {
    static var postgresURL: String? {
        let url = ProcessInfo.processInfo.environment["RADHUS_TEST_DATABASE_URL"]
        return (url?.isEmpty ?? true) ? nil : url
    }
    static var name: String { postgresURL == nil ? "sqlite" : "postgresql" }
}

/// make → configure → migrate → seed → test → revert → shutdown, on the error path too.
func withRadhus(
    mode: RadhusConfig.Mode = .test, clock: (any Clock)? = nil, seed: Bool = true,
    tweak: (inout RadhusConfig) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    let sqlitePath = FileManager.default.temporaryDirectory.appendingPathComponent(
        "radhus-test-\(UUID().uuidString).sqlite"
    ).path
    let database: RadhusConfig.DatabaseKind =
        TestDatabase.postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: sqlitePath)
    var config = RadhusConfig(mode: mode, database: database, postgresPoolSize: 4, bcryptCost: 4)
    let filesDir = FileManager.default.temporaryDirectory.appendingPathComponent("radhus-files-\(UUID().uuidString)")
    config.filesDirectory = filesDir.path
    defer { try? FileManager.default.removeItem(at: filesDir) }
    tweak(&config)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, config: config, clock: clock ?? SystemClock())
        if case .postgres = database {
            // A clean schema, whatever an interrupted earlier run left behind.
            let sql = app.db.sql
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await app.autoMigrate()
        if seed {
            try await DemoSeeder(db: app.db, writer: app.writer, bcryptCost: 4, catalog: CatalogService(app: app))
                .seed()
        }
        try await body(app)
        do { try await app.autoRevert() } catch {
            throw RevertFailed(underlying: String(reflecting: error))
        }
    } catch {
        try? await app.asyncShutdown()
        removeSQLite(sqlitePath)
        throw error
    }
    try await app.asyncShutdown()
    removeSQLite(sqlitePath)
}

private func removeSQLite(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

extension Application {
    func municipality(_ number: String) async throws -> Municipality {
        try #require(try await Municipality.query(on: db).filter(\.$number == number).first())
    }
}

/// Synthetic people used across the App tests.
enum People {
    static let ida = DemoData.citizens[0].fnr
    static let ola = DemoData.citizens[1].fnr
    static let child = DemoData.children[1].fnr
}

/// A failing revert is a migration bug: say so, instead of looking like a test failure.
struct RevertFailed: Error, CustomStringConvertible {
    var underlying: String
    var description: String { "autoRevert failed: \(underlying)" }
}
