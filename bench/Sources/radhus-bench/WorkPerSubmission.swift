import App
import ArgumentParser
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Counts the statements and rows one submission causes, in the request and in each background
/// step after it (issue 16): the database drivers log every statement they run (only here:
/// `RadhusConfig.sqlLogLevel`), a log handler counts them by the step that is running and by
/// their first word, and never prints them (their bound values hold fødselsnummer).
struct WorkPerSubmission: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work-per-submission",
        abstract: "Statements and rows per submission, by step (request, journal, dispatch, feed, insights).",
        discussion: """
            Runs an in-process server on the configured database (DATABASE_URL or \
            RADHUS_SQLITE_PATH), submits through the JSON API with a real access token, and drains \
            each background step after the submissions, as `radhus serve`'s loop would. Two \
            rounds: one where each submission is followed by the steps (a quiet day: every batch \
            holds one), one where the steps catch up on all submissions at once (a busy one). \
            Prints Markdown tables.
            """)

    @ArgumentParser.Option(help: "Submissions per round.") var submissions = 100
    @ArgumentParser.Flag(help: "Submit clear cases the rules decide at once (a letter each).") var automated = false
    @ArgumentParser.Option(help: "Print the statements (their text only, never bound values) of this step.")
    var show: String? = nil

    func run() async throws {
        let counter = StatementCounter.shared
        counter.show = show
        LoggingSystem.bootstrap { label in CountingLogHandler(label: label, counter: counter) }
        // The steps are run here, one at a time, to count each (withSeededApp runs no loop).
        try await withSeededApp(logLevel: .trace, tweak: { $0.sqlLogLevel = .trace }) { app in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = app.http.server.shared.localAddress?.port ?? 0
                let base = "http://127.0.0.1:\(port)"
                let authorization = try await token(app, base: base)
                let db = app.radhusConfig.database.name
                print("## Work per submission — \(db), \(automated ? "automated decisions" : "to a caseworker")\n")
                for (title, quiet) in [
                    ("quiet (steps after each submission)", true), ("busy (steps after all)", false),
                ] {
                    let before = try await rowCounts(app)
                    counter.reset()
                    for i in 0..<submissions {
                        counter.step = "request"
                        try await submit(
                            app, base: base, authorization: authorization,
                            key: "\(quiet ? "quiet" : "busy")-\(i)-\(UUID())")
                        if quiet { try await drainSteps(app, counter: counter) }
                    }
                    if !quiet { try await drainSteps(app, counter: counter) }
                    counter.step = "-"
                    let after = try await rowCounts(app)
                    report(title: title, counts: counter.snapshot(), before: before, after: after)
                }
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }

    /// Each step until it has nothing left, in the loop's order.
    func drainSteps(_ app: Application, counter: StatementCounter) async throws {
        counter.step = "journal"
        while try await JournalRegistrar(app: app).registerPending() > 0 {}
        counter.step = "dispatch"
        try await Dispatcher(app: app).drain()
        counter.step = "feed"
        while try await EventFeed(app: app).sequencePending() > 0 {}
        counter.step = "insights"
        while try await InsightsService(app: app).aggregate() > 0 {}
        counter.step = "-"
    }

    func token(_ app: Application, base: String) async throws -> String {
        let (id, secret) = try await app.createAPIClient(
            kommune: "5503", name: "Benchmark", scopes: ["applications.submit"])
        let response = try await app.client.post(URI(string: base + "/api/v1/oauth/token")) { req in
            try req.content.encode(
                ["grant_type": "client_credentials", "client_id": id, "client_secret": secret], as: .urlEncodedForm)
        }
        struct Token: Decodable { let access_token: String }
        return "Bearer " + (try response.content.decode(Token.self).access_token)
    }

    func submit(_ app: Application, base: String, authorization: String, key: String) async throws {
        // The same application as bench/benchlib.py's (synthetic people).
        let body: [String: Any] = [
            "applicant": "05917900045",
            "answers": [
                "elevens_fnr": "03891750071", "elevens_navn": "Noah Prøvestad", "adresse.gate": "Storgata 1",
                "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole",
                "trinn": "3", "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": automated ? "nei" : "ja",
            ],
        ]
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try await app.client.post(
            URI(string: base + "/api/v1/kommuner/5503/tjenester/skoleskyss/soknader"),
            headers: ["Authorization": authorization, "Idempotency-Key": key, "Content-Type": "application/json"]
        ) { req in req.body = ByteBuffer(data: data) }
        guard (200..<300).contains(response.status.code) else {
            let text = response.body.map { String(buffer: $0) } ?? ""
            throw ValidationError("submission answered \(response.status.code): \(text.prefix(300))")
        }
    }

    func rowCounts(_ app: Application) async throws -> [String: Int] {
        let sql = app.db.sql
        let tables =
            sql.dialect.name == "sqlite"
            ? "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema()"
        var counts: [String: Int] = [:]
        for row in try await sql.raw(SQLQueryString(tables)).all() {
            let t = try row.decode(column: "t", as: String.self)
            let n = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: t)").first()
            counts[t] = try n?.decode(column: "n", as: Int.self) ?? 0
        }
        return counts
    }

    func report(title: String, counts: [String: [String: Int]], before: [String: Int], after: [String: Int]) {
        let n = Double(submissions)
        let kinds = ["SELECT", "INSERT", "UPDATE", "DELETE", "transaction", "other"]
        print("### \(title), \(submissions) submissions\n")
        print("| step | " + kinds.joined(separator: " | ") + " | all statements |")
        print("|---|" + String(repeating: "---:|", count: kinds.count + 1))
        var total: [String: Int] = [:]
        for step in ["request", "journal", "dispatch", "feed", "insights"] {
            let c = counts[step] ?? [:]
            for (k, v) in c { total[k, default: 0] += v }
            let cells = kinds.map { String(format: "%.2f", Double(c[$0] ?? 0) / n) }
            let all = Double(c.values.reduce(0, +)) / n
            print("| \(step) | " + cells.joined(separator: " | ") + " | \(String(format: "%.2f", all)) |")
        }
        let cells = kinds.map { String(format: "%.2f", Double(total[$0] ?? 0) / n) }
        print(
            "| **all** | " + cells.joined(separator: " | ")
                + " | **\(String(format: "%.2f", Double(total.values.reduce(0, +)) / n))** |")
        print("\nRows added per submission: ", terminator: "")
        let added = after.keys.sorted().compactMap { t -> String? in
            let d = (after[t] ?? 0) - (before[t] ?? 0)
            return d == 0 ? nil : "\(t) \(String(format: "%.2f", Double(d) / n))"
        }
        print(added.joined(separator: ", ") + "\n")
    }
}

/// Statements by step and kind; the step is set by the one task that drives the run.
final class StatementCounter: Sendable {
    static let shared = StatementCounter()
    private let state = NIOLockedValueBox<(step: String, counts: [String: [String: Int]])>(("-", [:]))
    private let shown = NIOLockedValueBox<String?>(nil)
    var show: String? {
        get { shown.withLockedValue { $0 } }
        set { shown.withLockedValue { $0 = newValue } }
    }

    var step: String {
        get { state.withLockedValue { $0.step } }
        set { state.withLockedValue { $0.step = newValue } }
    }

    func reset() { state.withLockedValue { $0.counts = [:] } }
    func snapshot() -> [String: [String: Int]] { state.withLockedValue { $0.counts } }

    func count(_ sql: String) {
        let word = sql.prefix { !$0.isWhitespace }.uppercased()
        let kind: String
        switch word {
        case "SELECT", "INSERT", "UPDATE", "DELETE": kind = word
        case "WITH":
            let upper = sql.uppercased()
            kind = upper.contains("INSERT INTO") ? "INSERT" : upper.contains("UPDATE ") ? "UPDATE" : "SELECT"
        case "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE": kind = "transaction"
        default: kind = "other"
        }
        let step = state.withLockedValue { s -> String in
            s.counts[s.step, default: [:]][kind, default: 0] += 1
            return s.step
        }
        if step == show { FileHandle.standardError.write(Data("[\(step)] \(sql.prefix(160))\n".utf8)) }
    }
}

/// Counts each statement the drivers log; prints warnings and errors of everything else.
struct CountingLogHandler: LogHandler {
    let label: String
    let counter: StatementCounter
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        if event.message.description == "Executing query", case .string(let sql)? = event.metadata?["sql"] {
            counter.count(sql)
        } else if event.level >= .warning {
            FileHandle.standardError.write(Data("\(event.level) \(label): \(event.message)\n".utf8))
        }
    }
}
