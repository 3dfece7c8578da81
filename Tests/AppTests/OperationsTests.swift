import App
import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

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

        @Test func shippedServiceDefinitionsLoad() throws {
            // act
            let catalog = try ShippedServices.load(from: RadhusConfig.defaultServicesDirectory())
            // check
            #expect(Set(catalog.services.map(\.id)) == ["barnehageplass", "skoleskyss"])
            for s in catalog.services { #expect(s.problems().isEmpty) }
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
                return text.contains("hundepass/service.yaml") && text.contains("missing 'summary'")
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
