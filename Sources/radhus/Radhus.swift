import App
import ArgumentParser
import Foundation
import Logging
import RadhusRules
import Vapor

/// The `radhus` command. It only parses arguments and calls into `App`.
@main
struct Radhus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radhus",
        abstract: "Radhus – the open digital town hall for Norwegian municipalities.",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, Rules.self, Archive.self, APIClientCommand.self, Catalog.self,
            Backup.self, Restore.self, OperatorCommand.self, KommuneCommand.self,
        ]
    )
}

struct Options: ParsableArguments {
    @ArgumentParser.Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @ArgumentParser.Flag(
        help:
            "Logs as JSON lines (one object per line). The default when stderr is not a terminal (a service, a container); plain text in a terminal."
    )
    var jsonLogs = false
}

/// Builds and configures an application from the environment.
func makeApp(_ options: Options, serving: Bool = false) async throws -> Application {
    // Line-buffered stdout, so the URL and demo logins show at once even when piped to a log.
    var level = Logger.Level(rawValue: options.logLevel) ?? .info
    if level == .trace {
        // Vapor logs raw HTTP at trace level, request bodies with fødselsnummer included.
        say("Log level trace is not allowed (it would log request bodies with personal data); using debug.")
        level = .debug
    }
    let format = ProcessInfo.processInfo.environment["RADHUS_LOG_FORMAT"]
    let json = options.jsonLogs || format == "json" || (format != "text" && isatty(STDERR_FILENO) == 0)
    LoggingSystem.bootstrap { label in
        if json { return PrivacyLogHandler(wrapping: JSONLogHandler(label: label, level: level)) }
        var h = StreamLogHandler.standardError(label: label)
        h.logLevel = level
        return PrivacyLogHandler(wrapping: h)
    }
    // The mode decides Vapor's environment name; `.env` is loaded by Application.make, so the
    // whole configuration is read after it (a mode set only in `.env` applies from there on).
    let mode = ProcessInfo.processInfo.environment["RADHUS_MODE"]
    var env = Environment(name: mode == "production" ? "production" : "development", arguments: ["radhus"])
    env.arguments = ["radhus"]
    let app = try await Application.make(env)
    let config: RadhusConfig
    do {
        var c = try RadhusConfig.fromEnvironment()
        // Only `serve` runs the background jobs (RadhusConfig reads which).
        if !serving { c.backgroundJobs = [] }
        config = c
    } catch {
        try? await app.asyncShutdown()
        throw ValidationError("\(error)")
    }
    do {
        try await configure(
            app, config: config, clock: config.clockFile.map { OffsetFileClock(path: $0) } ?? SystemClock())
    } catch {
        try? await app.asyncShutdown()
        throw ValidationError("Radhus could not start: \(error)")
    }
    return app
}

/// Runs `body` with a configured application, and shuts it down afterwards on every path.
func withApp<T>(_ options: Options, _ body: (Application) async throws -> T) async throws -> T {
    let app = try await makeApp(options)
    let result: T
    do { result = try await body(app) } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
    return result
}

extension Radhus {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Migrate the database, seed the demo kommuner into an empty database, and serve the portal.",
            discussion: """
                Uses the embedded SQLite database radhus.sqlite in the working directory, or PostgreSQL when
                DATABASE_URL=postgres://… is set. RADHUS_MODE=production turns off the test login and demo data.
                """)

        @ArgumentParser.Option(help: "Address to listen on.") var hostname = "127.0.0.1"
        @ArgumentParser.Option(help: "Port to listen on.") var port = 8080
        @OptionGroup var options: Options

        func run() async throws {
            let app = try await makeApp(options, serving: true)
            do {
                let demo = app.radhusConfig.mode != .production
                try await app.prepareDatabase(seedDemo: demo)
                let url = "http://\(hostname == "0.0.0.0" ? "127.0.0.1" : hostname):\(port)"
                say(
                    "Radhus \(RadhusConfig.version) on \(app.radhusConfig.database.name) (\(app.radhusConfig.mode.rawValue) mode)"
                )
                say("Open \(url)")
                if demo { say(DemoSeeder.loginsText(baseURL: url)) }
                app.environment.arguments = ["radhus", "serve", "--hostname", hostname, "--port", "\(port)"]
                try await app.execute()
                // SIGTERM or SIGINT: stop taking connections and let the requests in flight
                // finish (up to Vapor's shutdown timeout) before anything else stops. Left to
                // `asyncShutdown`, the databases could close first (its storage shuts down in no
                // set order) and a request still running crashed on `req.db` (issue 18, found
                // by `bench/durability/run --drains`).
                await app.server.shutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run pending database migrations (or revert the last batch).")

        @ArgumentParser.Flag(help: "Revert the last batch of migrations instead.") var revert = false
        @OptionGroup var options: Options

        func run() async throws {
            try await withApp(options) { app in
                if revert { try await app.autoRevert() } else { try await app.autoMigrate() }
                say(revert ? "Reverted." : "Migrated.")
            }
        }
    }

    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seed the demo kommuner, staff and synthetic citizens (or reset them).")

        @ArgumentParser.Flag(help: "Delete all cases, letters, sessions and demo rows first, then seed again.")
        var reset = false
        @ArgumentParser.Flag(
            help:
                "Also generate a year of synthetic activity (applications, decisions, letters read and printed) for the reports."
        )
        var history = false
        @ArgumentParser.Option(help: "Days of history with --history.") var days = 365
        @OptionGroup var options: Options

        func run() async throws {
            try await withApp(options) { app in
                guard app.radhusConfig.mode != .production else {
                    throw ValidationError("Demo data is not allowed in production mode.")
                }
                try await app.autoMigrate()
                let seeder = DemoSeeder(
                    db: app.db, writer: app.writer, bcryptCost: app.radhusConfig.bcryptCost,
                    catalog: CatalogService(app: app))
                if reset { try await seeder.reset() } else { try await seeder.seed() }
                try await CatalogService(app: app).publishBuiltIns()
                say(reset ? "Demo data reset." : "Demo data seeded.")
                if history {
                    guard (1...3660).contains(days) else { throw ValidationError("--days must be between 1 and 3660.") }
                    say("Generating \(days) days of activity (this takes a while)…")
                    let summary = try await DemoHistory.generate(app: app, days: days)
                    say(
                        "History: \(summary.cases) cases, \(summary.events) events. See /ansatt/rapport as harstad.leder."
                    )
                }
                say(DemoSeeder.loginsText(baseURL: "http://127.0.0.1:8080"))
            }
        }
    }
}

/// Writes a line to standard output at once (print is block-buffered when piped to a log,
/// and the URL and demo logins must show as soon as the server is up).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

extension Radhus {
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "The DMN decision engine: run TCK test folders, evaluate a model, replay stored automated decisions.",
            subcommands: [Test.self, Eval.self, Replay.self])

        struct Test: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Run DMN TCK-format folders (a model and its *-test-*.xml files); prints each folder's counts and the total last."
            )
            @ArgumentParser.Argument(
                help: "A TCK folder, or a folder of them (e.g. ../shared/data/dmn-tck/compliance-level-2).")
            var directory: String
            @ArgumentParser.Flag(help: "List every failing case.") var verbose = false

            func run() throws {
                let results = TCKRunner().run(directory: URL(fileURLWithPath: directory))
                guard !results.isEmpty else { throw ValidationError("No TCK test cases found in \(directory)") }
                for r in results where !r.passed && verbose {
                    say("FAIL \(r.folder) \(r.testFile) #\(r.id): \(r.detail)")
                }
                let (folders, total) = TCKRunner.tally(results)
                let width = folders.map(\.name.count).max() ?? 0
                for f in folders {
                    say(f.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + f.line)
                }
                say("Total: " + total.line)
                if total.casesPassed != total.cases { throw ExitCode(1) }
            }
        }

        struct Eval: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Evaluate one decision of a DMN file with JSON input.")
            @ArgumentParser.Argument(help: "The DMN file.") var model: String
            @ArgumentParser.Option(help: "The decision to evaluate.") var decision: String
            @ArgumentParser.Option(help: #"Input data as a JSON object, e.g. '{"Trinn": 3, "Avstand": 5.5}'."#)
            var input: String = "{}"
            @ArgumentParser.Flag(help: "Show which rules matched, with their inputs and outputs.") var explain = false

            func run() throws {
                let m: DMNModel
                do { m = try DMNModel.load(contentsOf: URL(fileURLWithPath: model)) } catch {
                    throw ValidationError("\(error)")
                }
                guard case .context(let ctx)? = try? FeelValue.fromJSON(Data(input.utf8)) else {
                    throw ValidationError("--input must be a JSON object")
                }
                let inputs = Dictionary(ctx.entries.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
                let result: DecisionResult
                do { result = try m.evaluate(decision: decision, inputs: inputs, explain: explain) } catch {
                    throw ValidationError("\(error)")
                }
                for e in result.inputErrors { say("warning: \(e)") }
                if explain {
                    for t in result.trace {
                        say("decision \(t.decision)\(t.hitPolicy.map { " (hit policy \($0.rawValue))" } ?? "")")
                        for i in t.inputs { say("  input \(i.name) = \(i.value)") }
                        for r in t.matched {
                            say(
                                "  matched rule \(r.index)\(r.id.map { " [\($0)]" } ?? "")\(r.annotation.map { ": \($0)" } ?? "")"
                            )
                            for (k, v) in r.outputs.sorted(by: { $0.key < $1.key }) { say("    \(k) = \(v)") }
                        }
                        for e in t.errors { say("  error: \(e)") }
                        say("  result \(t.result)")
                    }
                }
                say(result.value.description)
            }
        }

        struct Replay: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract:
                    "Re-evaluate every stored automated decision with its stored rule version; prints decisions=N mismatches=M."
            )
            @ArgumentParser.Option(help: "Only this service (e.g. skoleskyss).") var service: String?
            @OptionGroup var options: Options

            func run() async throws {
                let app = try await makeApp(options)
                do {
                    try await app.autoMigrate()
                    let report = try await RulesReplay.run(service: service, on: app.db)
                    for m in report.mismatches { say("MISMATCH \(m)") }
                    say("decisions=\(report.decisions) mismatches=\(report.mismatches.count)")
                    try await app.asyncShutdown()
                    if !report.mismatches.isEmpty { throw ExitCode(1) }
                } catch let e as ExitCode {
                    throw e
                } catch {
                    try? await app.asyncShutdown()
                    throw error
                }
            }
        }
    }
}
