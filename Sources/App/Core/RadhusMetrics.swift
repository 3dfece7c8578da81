import CoreMetrics
import Foundation
import Prometheus
import RadhusCore
import SQLKit
import Vapor

/// The process's metrics, in Prometheus's text format at `/metrics` (issue 18). swift-metrics is
/// bootstrapped once per process with a Prometheus registry, so Vapor's own request metrics
/// (`http_requests_total` and `http_request_duration_seconds` by route template, method and
/// status) and Radhus's (background steps, login failures) land in one place; figures read from
/// the database (shipments by state, unjournaled documents, the write coordinator's totals) are
/// set when the page is scraped. Nothing personal is ever a label.
public enum RadhusMetrics {
    /// Bootstrapped on first use; every application of the process shares it (tests make many).
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func bootstrap() { _ = registry }

    /// A background step ran: how many items, how long, and when it last finished (its lag).
    static func recordStep(_ kind: BackgroundJobKind, done: Int, took: Duration, at: Date) {
        let step = [("step", kind.rawValue)]
        Counter(label: "radhus_background_items_total", dimensions: step).increment(by: Int64(done))
        Timer(label: "radhus_background_run_seconds", dimensions: step).recordNanoseconds(
            took.components.seconds * 1_000_000_000 + took.components.attoseconds / 1_000_000_000)
        Gauge(label: "radhus_background_last_run_timestamp_seconds", dimensions: step).record(at.timeIntervalSince1970)
    }

    /// Attachments taken (and their bytes), and refused by the scanner or for its absence.
    static func attachmentAccepted(bytes: Int64) {
        Counter(label: "radhus_attachments_accepted_total").increment()
        Counter(label: "radhus_attachment_bytes_total").increment(by: bytes)
    }

    static func attachmentRefused(_ reason: String) {
        Counter(label: "radhus_attachments_refused_total", dimensions: [("reason", reason)]).increment()
    }

    static func loginFailed(_ kind: String) {
        Counter(label: "radhus_login_failures_total", dimensions: [("kind", kind)]).increment()
    }

    /// The figures read from the database at scrape time, then the whole registry as text.
    static func scrape(_ app: Application) async throws -> String {
        let sql = app.db.sql
        var byState = Dictionary(uniqueKeysWithValues: ShipmentStatus.allCases.map { ($0.rawValue, 0) })
        for row in try await sql.select().column("status").column(
            SQLAlias(SQLFunction("count", args: SQLLiteral.all), as: "n")
        )
        .from(ShipmentRecord.schema).groupBy("status").all() {
            byState[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        for (state, n) in byState {
            Gauge(label: "radhus_shipments", dimensions: [("state", state)]).record(n)
        }
        // Not journaled yet: what the journal step has still to do (its lag, in documents).
        for (table, pending, kind) in [
            (CaseRecord.schema, JournalRegistrar.inboundPending, "application"),
            (LetterRecord.schema, JournalRegistrar.outboundPending, "letter"),
        ] {
            let n =
                try await sql.select().column(SQLAlias(SQLFunction("count", args: SQLLiteral.all), as: "n")).from(table)
                .where(SQLRaw(pending)).first()?.decode(column: "n", as: Int.self) ?? 0
            Gauge(label: "radhus_unjournaled_documents", dimensions: [("kind", kind)]).record(n)
        }
        // The database as requests meet it: one pooled round trip now (waiting for a free
        // connection included), the pool's size, and on PostgreSQL the server's own view of
        // this database's connections (every node's) by state.
        let clock = ContinuousClock()
        let pingStart = clock.now
        _ = try await sql.raw("SELECT 1").all()
        let ping = clock.now - pingStart
        Gauge(label: "radhus_db_ping_seconds").record(
            Double(ping.components.seconds) + Double(ping.components.attoseconds) / 1e18)
        if case .postgres = app.radhusConfig.database {
            Gauge(label: "radhus_db_pool_max_connections").record(
                app.radhusConfig.postgresPoolSize * System.coreCount)
            var byState = ["active": 0, "idle": 0, "idle_in_transaction": 0]
            for row in try await sql.raw(
                "SELECT coalesce(state, 'unknown') AS state, count(*) AS n FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1"
            ).all() {
                let state = try row.decode(column: "state", as: String.self).replacingOccurrences(of: " ", with: "_")
                guard byState[state] != nil else { continue }
                byState[state] = try row.decode(column: "n", as: Int.self)
            }
            for (state, n) in byState {
                Gauge(label: "radhus_db_connections", dimensions: [("state", state)]).record(n)
            }
        }
        let stats = await app.writer.statistics()
        Gauge(label: "radhus_write_transactions").record(stats.transactions)
        Gauge(label: "radhus_write_commands").record(stats.commands)
        return withHelp(registry.emitToString())
    }

    /// What each series means, as `# HELP` lines (swift-metrics has no place for help text, and
    /// Prometheus's linter asks for it).
    static let help: [String: String] = [
        "http_requests_total": "HTTP requests by method, route template and status.",
        "http_request_errors_total": "HTTP requests answered with a 5xx, by method, route template and status.",
        "http_request_duration_seconds": "Time to answer an HTTP request, by method, route template and status.",
        "radhus_background_items_total": "Items a background step has handled since start.",
        "radhus_background_run_seconds": "Time one run of a background step took.",
        "radhus_background_last_run_timestamp_seconds": "When a background step last finished a run (Unix time).",
        "radhus_login_failures_total":
            "Failed logins, by kind (citizen test login, idporten, staff password, staff-sso, operator).",
        "radhus_db_ping_seconds":
            "One pooled round trip to the database at scrape time, waiting for a connection included.",
        "radhus_db_pool_max_connections": "The most connections this node's pool opens (PostgreSQL).",
        "radhus_db_connections": "Connections to this database by state, every node's (PostgreSQL's pg_stat_activity).",
        "radhus_shipments": "Letters by dispatch state.",
        "radhus_unjournaled_documents": "Applications and letters not yet in the journal.",
        "radhus_write_transactions": "Transactions the write coordinator has committed since start.",
        "radhus_write_commands": "Commands the write coordinator has run since start.",
    ]

    /// Puts a `# HELP` line before each `# TYPE` line that has none.
    static func withHelp(_ text: String) -> String {
        var out: [Substring] = []
        var previous: Substring = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), !previous.hasPrefix("# HELP ") {
                let name = line.dropFirst("# TYPE ".count).split(separator: " ").first.map(String.init) ?? ""
                out.append(Substring("# HELP \(name) \(help[name] ?? "Radhus metric \(name).")"))
            }
            out.append(line)
            previous = line
        }
        return out.joined(separator: "\n")
    }
}
