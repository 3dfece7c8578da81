import App
import ArgumentParser
import Fluent
import Foundation
import SQLKit
import Vapor

/// Helpers for the benchmarks in bench/. Uses the same configuration as `radhus serve`
/// (DATABASE_URL or RADHUS_SQLITE_PATH), so it measures the same database with the same
/// durability settings.
@main
struct RadhusBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radhus-bench",
        abstract: "Benchmark helpers for Radhus (see bench/README.md).",
        subcommands: [RawInsert.self])
}

struct RawInsert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Durable single-row inserts, one transaction each: the baseline for group commit.",
        discussion: "Prints one JSON line: {\"clients\":N,\"inserts\":N,\"seconds\":S,\"rate\":R}.")

    @ArgumentParser.Option(help: "Concurrent clients.") var clients = 1
    @ArgumentParser.Option(help: "How long to measure.") var seconds = 5.0

    func run() async throws {
        let config = try RadhusConfig.fromEnvironment()
        var env = Environment(name: "production", arguments: ["radhus-bench"])
        env.arguments = ["radhus-bench"]
        let app = try await Application.make(env)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: config)
            let sql = app.db as! any SQLDatabase
            try await sql.raw("CREATE TABLE IF NOT EXISTS bench_raw_inserts (id TEXT PRIMARY KEY, payload TEXT NOT NULL, at TEXT NOT NULL)").run()
            try await sql.raw("DELETE FROM bench_raw_inserts").run()
            let isSQLite = config.database.name == "sqlite"
            // SQLite has one writer: clients take turns (as they did before group commit); each
            // insert is its own transaction and its own fsync. PostgreSQL: clients run concurrently.
            let gate = AsyncGate()
            let deadline = Date().addingTimeInterval(seconds)
            let start = Date()
            let count = try await withThrowingTaskGroup(of: Int.self) { group in
                for c in 0..<clients {
                    group.addTask {
                        var n = 0
                        while Date() < deadline {
                            let row = "\(c)-\(n)-\(UUID().uuidString)"
                            if isSQLite {
                                try await gate.withTurn {
                                    try await sql.raw("INSERT INTO bench_raw_inserts (id, payload, at) VALUES (\(bind: row), \(bind: String(repeating: "x", count: 200)), \(bind: Date().description))").run()
                                }
                            } else {
                                try await sql.raw("INSERT INTO bench_raw_inserts (id, payload, at) VALUES (\(bind: row), \(bind: String(repeating: "x", count: 200)), \(bind: Date().description))").run()
                            }
                            n += 1
                        }
                        return n
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = Date().timeIntervalSince(start)
            try await sql.raw("DROP TABLE bench_raw_inserts").run()
            print(#"{"clients":\#(clients),"inserts":\#(count),"seconds":\#(String(format: "%.3f", elapsed)),"rate":\#(String(format: "%.1f", Double(count) / elapsed))}"#)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// One at a time, in arrival order.
actor AsyncGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func withTurn(_ body: @Sendable () async throws -> Void) async throws {
        if busy { await withCheckedContinuation { waiters.append($0) } } else { busy = true }
        defer {
            if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
        }
        try await body()
    }
}
