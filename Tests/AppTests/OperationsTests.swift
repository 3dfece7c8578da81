import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

extension AppTests {
    @Suite struct OperationsTests {
        @Test func healthReportsVersionAndDatabase() async throws {
            try await withRadhus(seed: false) { app in
                // act
                try await app.testing().test(.GET, "/health") { res in
                    // check
                    #expect(res.status == .ok)
                    let body = try res.content.decode([String: String].self)
                    #expect(body["status"] == "ok")
                    #expect(body["version"] == RadhusConfig.version)
                    #expect(body["database"] == TestDatabase.name)
                }
            }
        }

        @Test func apiErrorsAreProblemDetailsWithABody() async throws {
            try await withRadhus(seed: false) { app in
                // act
                let page = try await WebClient(app).get("/api/v1/finnes-ikke")
                // check
                #expect(page.status == .notFound)
                #expect(page.headers.contentType?.subType == "problem+json")
                #expect(page.body.contains(#""status":404"#))
            }
        }

        @Test func sqliteIsDurableAndInWALMode() async throws {
            guard TestDatabase.postgresURL == nil else { return }
            try await withRadhus(seed: false) { app in
                // act
                let sql = app.db.sql
                let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(
                    column: "journal_mode", as: String.self)
                // check
                #expect(mode == "wal")
                // 2 = FULL: a commit is synced before the answer goes out.
                let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                #expect(sync == 2)
            }
        }

        /// Issue 19: the demo does not depend on particular services: with one service folder
        /// (not skoleskyss, not barnehageplass) it seeds and the kommune offers just that one.
        @Test func theDemoStartsWithAnySetOfServices() async throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("radhus-one-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try FileManager.default.copyItem(
                atPath: RadhusConfig.defaultServicesDirectory() + "/parkeringstillatelse",
                toPath: dir.appendingPathComponent("parkeringstillatelse").path)
            try await withRadhus(tweak: { $0.servicesDirectory = dir.path }) { app in
                let harstad = try await app.municipality("5503").requireID()
                let offered = try await app.services.offered(municipalityID: harstad, on: app.db).map(\.id)
                #expect(offered == ["parkeringstillatelse"])
            }
        }

        @Test func shippedServiceDefinitionsLoad() throws {
            // act
            let catalog = try ShippedServices.load(from: RadhusConfig.defaultServicesDirectory())
            // check
            #expect(
                Set(catalog.services.map(\.id)) == [
                    "barnehageplass", "byggesak-med-ansvar", "byggesak-uten-ansvar", "parkeringstillatelse",
                    "skoleskyss",
                ])
            for s in catalog.services { #expect(s.problems().isEmpty) }
            // The building permits' case decisions (issue 24) compile with their services.
            #expect(
                Set(catalog.decisions["byggesak-med-ansvar"]?.keys ?? [:].keys) == ["completeness", "deadline", "fee"])
        }

        @Test func aBrokenServiceDefinitionIsRefusedWithItsFileName() throws {
            // setup: a definition with no summary
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "radhus-services-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: dir.appendingPathComponent("hundepass"), withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            try "id: hundepass\nversion: 1\ntitle: { nb: Hundepass }\n".write(
                to: dir.appendingPathComponent("hundepass/service.yaml"), atomically: true, encoding: .utf8)
            // act / check
            #expect {
                try ShippedServices.load(from: dir.path)
            } throws: { error in
                let text = "\(error)"
                return text.contains("hundepass/service.yaml") && text.contains("mangler «summary»")
            }
        }

        @Test func demoSeedIsIdempotentAndResettable() async throws {
            try await withRadhus { app in
                // act: seeding again
                let seeder = DemoSeeder(
                    db: app.db, writer: app.writer, bcryptCost: 4, catalog: CatalogService(app: app))
                try await seeder.seed()
                // check
                #expect(try await Municipality.query(on: app.db).count() == 2)
                #expect(try await StaffUser.query(on: app.db).count() == 8)
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ida)
                _ = try await citizen.applySkoleskyss()
                // act: reset, then check
                try await seeder.reset()
                #expect(try await CaseRecord.query(on: app.db).count() == 0)
                #expect(try await Municipality.query(on: app.db).count() == 2)
                // every demo identity is synthetic
                for p in DemoData.citizens + DemoData.children {
                    #expect(try Fodselsnummer(p.fnr, policy: .synthetic).isSynthetic)
                }
            }
        }

        /// The README's demo logins are the ones the seeder creates.
        @Test func readmeListsTheRealDemoLogins() throws {
            // setup
            let root = URL(fileURLWithPath: RadhusConfig.defaultServicesDirectory()).deletingLastPathComponent()
            let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
            // check
            for c in DemoData.citizens { #expect(readme.contains("`\(c.fnr)`"), "README lacks \(c.name)") }
            #expect(readme.contains("`radhus-demo`"))
            #expect(readme.contains("swift run radhus serve"))
        }

        @Test func pagesHaveOneH1ALangAndATitle() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                for path in ["/", "/k/5503", "/k/5503/barnehageplass", "/logg-inn", "/ansatt/logg-inn"] {
                    // act
                    let page = try await web.get(path)
                    // check
                    #expect(page.status == .ok, "\(path)")
                    #expect(page.body.components(separatedBy: "<h1").count == 2, "\(path) has one h1")
                    #expect(page.body.contains(#"<html lang="nb">"#))
                    #expect(page.body.contains(#"<main id="main""#))
                    #expect(page.body.contains(#"class="skip-link""#))
                }
                let css = try await web.get("/assets/radhus-2.css")
                #expect(css.status == .ok && css.body.contains(".brand-5503{background:#0b4f6c;}"))
            }
        }
    }
}

/// Issue 18, operations: metrics, liveness and readiness, backup and restore.
extension AppTests.OperationsTests {
    @Test func metricsShowRequestsBackgroundStepsShipmentsAndLoginFailures() async throws {
        try await withRadhus { app in
            // setup: a request to a route with a parameter, a failed login, a background step
            let web = WebClient(app)
            try await web.get("/k/5503")
            try await web.get("/ansatt/logg-inn")
            try await web.post("/ansatt/logg-inn", ["brukernavn": "ingen", "passord": "feil"])
            _ = try await BackgroundLoop.runStep(JournalJob(app: app))
            // act
            let page = try await web.get("/metrics")
            // check: Prometheus's text format, route templates (never a concrete path), our series
            #expect(page.status == .ok)
            #expect(page.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
            for series in [
                #"http_requests_total{method="GET",path="/k/:kommune",status="200"}"#,
                "http_request_duration_seconds_bucket", #"radhus_login_failures_total{kind="staff"}"#,
                #"radhus_background_items_total{step="journal"}"#, #"radhus_shipments{state="MOTTATT"}"#,
                #"radhus_unjournaled_documents{kind="application"}"#, "radhus_write_transactions",
                "radhus_db_ping_seconds",
            ]
                + (TestDatabase.postgresURL == nil
                    ? [] : ["radhus_db_pool_max_connections", #"radhus_db_connections{state="active"}"#])
            {
                #expect(page.body.contains(series), "\(series)")
            }
            #expect(!page.body.contains("/k/5503\""), "a concrete path is never a label")
        }
    }

    @Test func livenessAndReadinessSayWhatIsWrong() async throws {
        try await withRadhus(seed: false) { app in
            let web = WebClient(app)
            // act / check: migrated and reachable
            #expect(try await web.get("/health/live").status == .ok)
            let ready = try await web.get("/health/ready")
            #expect(ready.status == .ok && ready.body.contains("ready"))
            // act / check: one migration undone → not ready, saying why
            try await app.migrator.revertLastBatch().get()
            let behind = try await web.get("/health/ready")
            #expect(behind.status == .serviceUnavailable && behind.body.contains("migrations not applied"))
            try await app.autoMigrate()
        }
    }

    /// A backup taken while the database is written holds what was committed when it began,
    /// passes the integrity check, and restored in place of the database serves the same cases.
    @Test func aBackupRestoresTheSameCases() async throws {
        guard TestDatabase.postgresURL == nil else {
            // PostgreSQL is backed up with pg_dump (docs/OPERATIONS.md); the command says so.
            try await withRadhus(seed: false) { app in
                await #expect(throws: DatabaseBackup.Problem.self) {
                    try await DatabaseBackup.backup(app, to: "/tmp/never-\(UUID().uuidString)")
                }
            }
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("radhus-backup-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        var before: [String] = []
        try await withRadhus { app in
            // setup: two cases, one of them journaled
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ida)
            _ = try await citizen.applySkoleskyss()
            try await JournalRegistrar(app: app).registerPending()
            _ = try await citizen.applySkoleskyss(grade: "4")
            before = try await CaseRecord.query(on: app.db).sort(\.$saksSequence).all().map {
                $0.saksnummer.description
            }
            // act
            let summary = try await DatabaseBackup.backup(app, to: file)
            _ = try await citizen.applySkoleskyss(grade: "5")  // after the backup began: not in it
            // check
            #expect(summary.cases == 2 && summary.journalEntries >= 1)
            await #expect(throws: DatabaseBackup.Problem.self) { try await DatabaseBackup.backup(app, to: file) }
            // act / check: a damaged copy is refused
            let damaged = file + ".damaged"
            defer { try? FileManager.default.removeItem(atPath: damaged) }
            var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            for i in stride(from: 4096, to: min(bytes.count, 4096 * 6), by: 7) { bytes[i] ^= 0x5A }
            try bytes.write(to: URL(fileURLWithPath: damaged))
            await #expect(throws: (any Error).self) { try await DatabaseBackup.check(damaged, with: app) }
        }
        // act: restore into a new database path and serve from it
        let restored = FileManager.default.temporaryDirectory.appendingPathComponent("radhus-restored-\(UUID()).sqlite")
            .path
        defer {
            for s in ["", "-wal", "-shm", ".before-restore"] {
                try? FileManager.default.removeItem(atPath: restored + s)
            }
        }
        try DatabaseBackup.restore(file, into: restored)
        let app = try await Application.make(.testing)
        do {
            try await configure(
                app, config: RadhusConfig(mode: .test, database: .sqlite(path: restored), bcryptCost: 4),
                clock: SystemClock())
            try await app.autoMigrate()
            // check: the same cases, and the journal verifies
            let after = try await CaseRecord.query(on: app.db).sort(\.$saksSequence).all().map {
                $0.saksnummer.description
            }
            #expect(after == before)
            guard case .success = try await ArchiveVerifier(db: app.db).verify() else {
                Issue.record("the restored journal does not verify")
                try await app.asyncShutdown()
                return
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

extension AppTests.OperationsTests {
    static let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Prometheus's own parser accepts the page (`promtool check metrics`, Debian's prometheus).
    @Test(.enabled(if: promtool != nil, "needs promtool (Debian package prometheus; scripts/install-test-deps)"))
    func promtoolAcceptsTheMetrics() async throws {
        try await withRadhus { app in
            // setup: a few requests and a step, so every kind of series is there
            let web = WebClient(app)
            try await web.get("/k/5503")
            try await web.get("/finnes-ikke")
            _ = try await BackgroundLoop.runStep(JournalJob(app: app))
            let page = try await web.get("/metrics")
            // act
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.promtool!)
            process.arguments = ["check", "metrics"]
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data(page.body.utf8))
            try input.fileHandleForWriting.close()
            let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // check: accepted (promtool's lint notes, such as a counter's missing _total, fail it too)
            #expect(process.terminationStatus == 0, "\(said)")
        }
    }
}
