import App
import ArgumentParser
import Foundation
import Logging
import Vapor

/// The `radhus` command. It only parses arguments and calls into `App`.
@main
struct Radhus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radhus",
        abstract: "Radhus – the open digital town hall for Norwegian municipalities.",
        subcommands: [Serve.self, Migrate.self, Demo.self]
    )
}

struct Options: ParsableArguments {
    @ArgumentParser.Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @ArgumentParser.Flag(help: "Logs as JSON lines (one object per line) instead of plain text.")
    var jsonLogs = false
}

/// Builds and configures an application from the environment.
func makeApp(_ options: Options) async throws -> Application {
    // Line-buffered stdout, so the URL and demo logins show at once even when piped to a log.
    let level = Logger.Level(rawValue: options.logLevel) ?? .info
    let json = options.jsonLogs || ProcessInfo.processInfo.environment["RADHUS_LOG_FORMAT"] == "json"
    LoggingSystem.bootstrap { label in
        if json { return JSONLogHandler(label: label, level: level) }
        var h = StreamLogHandler.standardError(label: label)
        h.logLevel = level
        return h
    }
    let config: RadhusConfig
    do { config = try RadhusConfig.fromEnvironment() } catch {
        throw ValidationError("\(error)")
    }
    var env = Environment(name: config.mode == .production ? "production" : "development", arguments: ["radhus"])
    env.arguments = ["radhus"]
    let app = try await Application.make(env)
    do {
        try await configure(app, config: config)
    } catch {
        try? await app.asyncShutdown()
        throw ValidationError("Radhus could not start: \(error)")
    }
    return app
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
            let app = try await makeApp(options)
            do {
                let demo = app.radhusConfig.mode != .production
                try await app.prepareDatabase(seedDemo: demo)
                let url = "http://\(hostname == "0.0.0.0" ? "127.0.0.1" : hostname):\(port)"
                say("Radhus \(RadhusConfig.version) on \(app.radhusConfig.database.name) (\(app.radhusConfig.mode.rawValue) mode)")
                say("Open \(url)")
                if demo { say(DemoSeeder.loginsText(baseURL: url)) }
                app.environment.arguments = ["radhus", "serve", "--hostname", hostname, "--port", "\(port)"]
                try await app.execute()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run pending database migrations (or revert the last batch).")

        @ArgumentParser.Flag(help: "Revert the last batch of migrations instead.") var revert = false
        @OptionGroup var options: Options

        func run() async throws {
            let app = try await makeApp(options)
            do {
                if revert { try await app.autoRevert() } else { try await app.autoMigrate() }
                say(revert ? "Reverted." : "Migrated.")
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Seed the demo kommuner, staff and synthetic citizens (or reset them).")

        @ArgumentParser.Flag(help: "Delete all cases, letters, sessions and demo rows first, then seed again.") var reset = false
        @OptionGroup var options: Options

        func run() async throws {
            let app = try await makeApp(options)
            do {
                guard app.radhusConfig.mode != .production else {
                    throw ValidationError("Demo data is not allowed in production mode.")
                }
                try await app.autoMigrate()
                let seeder = DemoSeeder(db: app.db, writer: app.writer, bcryptCost: app.radhusConfig.bcryptCost)
                if reset { try await seeder.reset() } else { try await seeder.seed() }
                say(reset ? "Demo data reset." : "Demo data seeded.")
                say(DemoSeeder.loginsText(baseURL: "http://127.0.0.1:8080"))
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }
}

/// Writes a line to standard output at once (print is block-buffered when piped to a log,
/// and the URL and demo logins must show as soon as the server is up).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
