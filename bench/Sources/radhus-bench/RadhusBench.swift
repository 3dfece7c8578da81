import App
import ArgumentParser
import Fluent
import Foundation
import RadhusCore
import RadhusRules
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
        subcommands: [
            RawInsert.self, RulesBench.self, ArchiveGenerate.self, InsightsGenerate.self, WorkPerSubmission.self,
            QueueGenerate.self,
        ])
}

struct RawInsert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Durable single-row inserts, one transaction each: the baseline for group commit.",
        discussion: "Prints one JSON line: {\"clients\":N,\"inserts\":N,\"seconds\":S,\"rate\":R}.")

    @ArgumentParser.Option(help: "Concurrent clients.") var clients = 1
    @ArgumentParser.Option(help: "How long to measure.") var seconds = 5.0

    func run() async throws {
        var config = try RadhusConfig.fromEnvironment()
        config.backgroundJobs = []  // a bench helper serves nothing
        var env = Environment(name: "production", arguments: ["radhus-bench"])
        env.arguments = ["radhus-bench"]
        let app = try await Application.make(env)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: config)
            let sql = app.db.sql
            try await sql.raw(
                "CREATE TABLE IF NOT EXISTS bench_raw_inserts (id TEXT PRIMARY KEY, payload TEXT NOT NULL, at TEXT NOT NULL)"
            ).run()
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
                                    try await sql.raw(
                                        "INSERT INTO bench_raw_inserts (id, payload, at) VALUES (\(bind: row), \(bind: String(repeating: "x", count: 200)), \(bind: Date().description))"
                                    ).run()
                                }
                            } else {
                                try await sql.raw(
                                    "INSERT INTO bench_raw_inserts (id, payload, at) VALUES (\(bind: row), \(bind: String(repeating: "x", count: 200)), \(bind: Date().description))"
                                ).run()
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
            print(
                #"{"clients":\#(clients),"inserts":\#(count),"seconds":\#(String(format: "%.3f", elapsed)),"rate":\#(String(format: "%.1f", Double(count) / elapsed))}"#
            )
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

/// Evaluations per second of a generated decision table (see bench/rules/run): Radhus's
/// engine, and a hand-written Swift scan of the same table (the practical limit).
struct RulesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract:
            "Evaluate a generated table (rule i: Avstand in [i..i+1) and Kategori = \"c<i mod 7>\") as fast as possible."
    )

    @ArgumentParser.Option(help: "The DMN file.") var model: String
    @ArgumentParser.Option(help: "The decision.") var decision = "Tabell"
    @ArgumentParser.Option(help: "Rules in the table.") var rules: Int
    @ArgumentParser.Option(help: "first or unique.") var hit = "first"
    @ArgumentParser.Option(help: "Seconds per measurement.") var seconds = 3.0

    func run() throws {
        let m = try DMNModel.load(contentsOf: URL(fileURLWithPath: model))
        var rng = SplitMix64(seed: 42)
        let inputs: [(Decimal, String)] = (0..<4096).map { _ in
            let d = Decimal(Int(rng.next() % UInt64(rules * 100))) / 100
            let k = NSDecimalNumber(decimal: d).intValue % 7
            return (d, "c\(k)")
        }
        let feelInputs = inputs.map { ["Avstand": FeelValue.number($0.0), "Kategori": .string($0.1)] }
        // The same table by hand, the practical limit: a linear scan over plain arrays, with the
        // same exact technique the engine uses (compare Doubles; decimals when close to an end).
        let lows = (0..<rules).map { Decimal($0) }
        let highs = (0..<rules).map { Decimal($0 + 1) }
        let lowD = lows.map { NSDecimalNumber(decimal: $0).doubleValue }
        let highD = highs.map { NSDecimalNumber(decimal: $0).doubleValue }
        let cats = (0..<rules).map { "c\($0 % 7)" }
        let outs = (0..<rules).map { "R\($0)" }
        let first = hit == "first"
        func native(_ d: Decimal, _ k: String) -> String? {
            let x = NSDecimalNumber(decimal: d).doubleValue
            var found: String?
            for i in 0..<rules {
                let nearLow = abs(x - lowD[i]) <= 1e-9 * max(abs(x), 1)
                let nearHigh = abs(x - highD[i]) <= 1e-9 * max(abs(x), 1)
                let inRange = (nearLow || nearHigh) ? (d >= lows[i] && d < highs[i]) : (x > lowD[i] && x < highD[i])
                guard inRange, k == cats[i] else { continue }
                if first { return outs[i] }
                if found != nil { return nil }
                found = outs[i]
            }
            return found
        }
        // Check that both agree before timing anything.
        for (i, inp) in inputs.prefix(200).enumerated() {
            let e = try m.evaluate(decision: decision, inputs: feelInputs[i]).value
            guard e == .string(native(inp.0, inp.1) ?? "") || (e == .null && native(inp.0, inp.1) == nil) else {
                throw ValidationError("engine and hand-written function disagree on input \(inp): \(e)")
            }
        }
        func measure(_ body: (Int) throws -> Void) rethrows -> Double {
            var n = 0
            let start = Date()
            while Date().timeIntervalSince(start) < seconds {
                for _ in 0..<256 {
                    try body(n & 4095)
                    n += 1
                }
            }
            return Double(n) / Date().timeIntervalSince(start)
        }
        let engine = try measure { i in _ = try m.evaluate(decision: decision, inputs: feelInputs[i]) }
        var sink = 0
        let hand = measure { i in sink &+= native(inputs[i].0, inputs[i].1)?.count ?? 0 }
        print(
            #"{"rules":\#(rules),"hit":"\#(hit)","engine_eps":\#(Int(engine)),"native_eps":\#(Int(hand)),"engine_us":\#(String(format: "%.2f", 1e6 / engine)),"sink":\#(sink % 2)}"#
        )
    }
}

/// Runs `body` with a configured application (configuration from the environment, warnings
/// only), migrated and seeded with the demo kommuner; shuts it down on every path.
func withSeededApp(
    logLevel: Logger.Level = .warning, tweak: (inout RadhusConfig) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    var config = try RadhusConfig.fromEnvironment()
    config.bcryptCost = 4
    config.backgroundJobs = []  // a bench helper runs no background loop
    tweak(&config)
    var env = Environment(name: "production", arguments: ["radhus-bench"])
    env.arguments = ["radhus-bench"]
    let app = try await Application.make(env)
    app.logger.logLevel = logLevel
    do {
        try await configure(app, config: config)
        try await app.prepareDatabase(seedDemo: true)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}
