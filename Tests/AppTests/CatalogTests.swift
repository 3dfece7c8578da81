import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    /// The shared service catalogue (issue 7): Kristiansand adopts Harstad's skoleskyss in one
    /// step, sets its own parts, receives and decides applications for it; Harstad publishes a
    /// new version, Kristiansand sees the diff and upgrades, keeping its own parts; packages
    /// move between installations.
    @Suite struct CatalogTests {
        static func skoleskyss(_ web: WebClient, kommune: String, school: String) async throws -> WebClient.Page {
            _ = try await web.get("/k/\(kommune)/skoleskyss/soknad")
            return try await web.post(
                "/k/\(kommune)/skoleskyss/soknad",
                [
                    "elevens_fnr": People.child, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Markens gate 3",
                    "adresse.postnummer": "4611", "adresse.poststed": "Kristiansand", "skole": school, "trinn": "3",
                    "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "ja",
                ])
        }

        static func send(_ web: WebClient, kommune: String) async throws -> String {
            let check = try await web.get("/k/\(kommune)/skoleskyss/sjekk")
            let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
            let sent = try await web.post("/k/\(kommune)/skoleskyss/send", ["token": token])
            #expect(sent.status == .seeOther)
            return try #require(sent.location)
        }

        @Test func kristiansandAdoptsHarstadsSkoleskyssAndDecidesApplicationsForIt() async throws {
            try await withRadhus { app in
                // act / check: a visitor sees the catalogue; Kristiansand does not offer skoleskyss yet
                let visitor = WebClient(app)
                let catalog = try await visitor.get("/katalog")
                #expect(
                    catalog.status == .ok && catalog.body.contains("Søknad om skoleskyss")
                        && catalog.body.contains("Harstad kommune"))
                #expect(
                    try await visitor.get("/k/4204/skoleskyss").status == .notFound, "not offered before it is adopted")
                #expect(!(try await visitor.get("/k/4204").body.contains("skoleskyss")))

                // act / check: a caseworker may not adopt; the leader adopts in one step.
                let caseworker = WebClient(app)
                try await caseworker.loginStaff("kristiansand.saksbehandler")
                #expect(try await caseworker.get("/ansatt/tjenester").status == .forbidden)
                let leader = WebClient(app)
                try await leader.loginStaff("kristiansand.leder")
                let list = try await leader.get("/ansatt/tjenester")
                #expect(
                    list.body.contains("Tilgjengelig i katalogen")
                        && list.body.contains("/ansatt/tjenester/skoleskyss/ta-i-bruk"))
                let adopted = try await leader.post("/ansatt/tjenester/skoleskyss/ta-i-bruk")
                #expect(adopted.status == .seeOther)
                #expect(try await leader.post("/ansatt/tjenester/skoleskyss/ta-i-bruk").status == .conflict, "once")

                // act / check: its own parts: contact, signature, guidelines and its own schools; bad input is kept and explained.
                _ = try await leader.get("/ansatt/tjenester/skoleskyss")
                let bad = try await leader.post(
                    "/ansatt/tjenester/skoleskyss/lokalt",
                    [
                        "kontakt": String(repeating: "x", count: 301), "signatur": "Skoleskyssteamet",
                        "valg[skole]": "Lund skole\nLund skole",
                    ])
                #expect(
                    bad.status == .unprocessableEntity && bad.body.contains("høyst 300 tegn")
                        && bad.body.contains("to linjer er like"))
                #expect(bad.body.contains("Skoleskyssteamet"), "what was typed is kept")
                let saved = try await leader.post(
                    "/ansatt/tjenester/skoleskyss/lokalt",
                    [
                        "kontakt": "Skoleskyss, tlf. 38 07 50 00", "signatur": "Skoleskyssteamet",
                        "retningslinjer": "Kristiansand regner Vågsbygdveien som særlig farlig for 1.–4. trinn.",
                        "valg[skole]": "Lund skole\nVågsbygd skole\nHaumyrheia skole",
                    ])
                #expect(saved.status == .seeOther)
                let start = try await visitor.get("/k/4204/skoleskyss")
                #expect(
                    start.status == .ok && start.body.contains("Vågsbygdveien")
                        && start.body.contains("tlf. 38 07 50 00"))
                #expect(
                    !(try await visitor.get("/k/5503/skoleskyss").body.contains("Vågsbygdveien")),
                    "Harstad's is untouched")

                // act / check: a citizen applies in Kristiansand, with Kristiansand's own school list.
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let form = try await citizen.get("/k/4204/skoleskyss/soknad")
                #expect(form.body.contains("Haumyrheia skole") && !form.body.contains("Kanebogen skole"))
                #expect(
                    try await Self.skoleskyss(citizen, kommune: "4204", school: "kanebogen-skole").status
                        == .unprocessableEntity,
                    "another kommune's school is not a choice here")
                #expect(
                    try await Self.skoleskyss(citizen, kommune: "4204", school: "haumyrheia-skole").status == .seeOther)
                _ = try await Self.send(citizen, kommune: "4204")
                let k = try await app.municipality("4204")
                let record = try #require(
                    try await CaseRecord.query(on: app.db).filter(\.$municipalityID == k.id!).first())
                #expect(record.serviceID == "skoleskyss" && record.serviceVersion == 1)

                // act / check: Kristiansand's caseworker decides it; the letter carries Kristiansand's signature and contact.
                let worker = WebClient(app)
                try await worker.loginStaff("kristiansand.saksbehandler")
                let casePage = try await worker.get("/ansatt/saker/\(record.id!.uuidString.lowercased())")
                #expect(casePage.body.contains("Vågsbygdveien"), "the caseworker sees the kommune's guidelines")
                let decided = try await worker.post(
                    "/ansatt/saker/\(record.id!.uuidString.lowercased())/vedtak",
                    [
                        "utfall": "innvilget", "begrunnelse": "Eleven har 5,5 km skolevei.",
                        "hjemmel": "opplæringslova § 3-7",
                    ])
                #expect(decided.status == .seeOther)
                let letter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == record.id!).first())
                #expect(letter.body.contains("Med vennlig hilsen\nSkoleskyssteamet\nKristiansand kommune"))
                #expect(letter.body.contains("Kontakt: Skoleskyss, tlf. 38 07 50 00"))

                // act / check: a clear case is decided by the shared rules at once, also in Kristiansand.
                _ = try await citizen.get("/k/4204/skoleskyss/soknad")
                _ = try await citizen.post(
                    "/k/4204/skoleskyss/soknad",
                    [
                        "elevens_fnr": People.child, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Markens gate 3",
                        "adresse.postnummer": "4611", "adresse.poststed": "Kristiansand", "skole": "lund-skole",
                        "trinn": "3",
                        "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "nei",
                    ])
                _ = try await Self.send(citizen, kommune: "4204")
                #expect(
                    try await DecisionRecord.query(on: app.db).filter(\.$municipalityID == k.id!).filter(
                        \.$automated == true
                    ).count() == 1)

                // check: the catalogue shows who uses which version.
                let page = try await visitor.get("/katalog")
                #expect(page.body.contains("Harstad kommune (v1), Kristiansand kommune (v1)"))
            }
        }

        @Test func harstadPublishesANewVersionAndKristiansandUpgradesAfterSeeingTheDiff() async throws {
            try await withRadhus { app in
                // setup: Kristiansand uses version 1 with its own parts
                let kristiansand = try await app.municipality("4204").snapshot()
                _ = try await CatalogService(app: app).adopt("skoleskyss", kommune: kristiansand, actor: "test")
                try await CatalogService(app: app).setLocalParts(
                    "skoleskyss", .init(signature: "Skoleskyssteamet"), kommune: kristiansand, actor: "test")
                // setup: a case under version 1, still open at the upgrade.
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                #expect(try await Self.skoleskyss(citizen, kommune: "4204", school: "lund-skole").status == .seeOther)
                _ = try await Self.send(citizen, kommune: "4204")

                // act / check: only the publisher may publish; Kristiansand's leader gets 403.
                let kleader = WebClient(app)
                try await kleader.loginStaff("kristiansand.leder")
                let yaml1 = try #require(app.shippedServices.files["skoleskyss"]?["service.yaml"])
                let yaml2 = yaml1.replacingOccurrences(of: "version: 1", with: "version: 2")
                    .replacingOccurrences(of: "  days: 21", with: "  days: 14")
                #expect(try await kleader.get("/ansatt/tjenester/skoleskyss/ny-versjon").status == .ok)
                _ = try await kleader.get("/ansatt/tjenester/skoleskyss")
                #expect(
                    try await kleader.post(
                        "/ansatt/tjenester/skoleskyss/ny-versjon",
                        [
                            "tjeneste": yaml2, "regelfil": "skoleskyss.dmn",
                            "regler": app.shippedServices.rules["skoleskyss"]!.content,
                            "endringer": "Kortere frist.",
                        ]
                    ).status == .forbidden)

                let hleader = WebClient(app)
                try await hleader.loginStaff("harstad.leder")
                let form = try await hleader.get("/ansatt/tjenester/skoleskyss/ny-versjon")
                #expect(form.body.contains("Gi ut versjon 2"))
                // act / check: a broken version is refused with the reason, and nothing is published.
                let broken = try await hleader.post(
                    "/ansatt/tjenester/skoleskyss/ny-versjon",
                    [
                        "tjeneste": yaml1, "regelfil": "skoleskyss.dmn",
                        "regler": app.shippedServices.rules["skoleskyss"]!.content,
                        "endringer": "Kortere frist.",
                    ])
                #expect(broken.status == .unprocessableEntity && broken.body.contains("versjonen må være 2"))
                let badRules = try await hleader.post(
                    "/ansatt/tjenester/skoleskyss/ny-versjon",
                    [
                        "tjeneste": yaml2, "regelfil": "skoleskyss.dmn", "regler": "<definitions/>",
                        "endringer": "Kortere frist.",
                    ])
                #expect(badRules.status == .unprocessableEntity && badRules.body.contains("skoleskyss.dmn"))
                #expect(
                    try await ServicePackageRecord.query(on: app.db).filter(\.$serviceID == "skoleskyss").count() == 1)
                let published = try await hleader.post(
                    "/ansatt/tjenester/skoleskyss/ny-versjon",
                    [
                        "tjeneste": yaml2, "regelfil": "skoleskyss.dmn",
                        "regler": app.shippedServices.rules["skoleskyss"]!.content,
                        "endringer": "Kortere svarfrist: 14 dager.",
                    ])
                #expect(published.status == .seeOther)

                // act / check: Kristiansand is offered the upgrade with a readable diff.
                let page = try await kleader.get("/ansatt/tjenester/skoleskyss")
                #expect(
                    page.body.contains("Ny versjon 2 fra Harstad kommune")
                        && page.body.contains("Kortere svarfrist: 14 dager."))
                #expect(
                    page.body.contains("Fjernet") && page.body.contains("  days: 21") && page.body.contains("Lagt til")
                        && page.body.contains("  days: 14"))
                #expect(try await kleader.get("/ansatt/tjenester").body.contains("Ny versjon 2"))
                let upgraded = try await kleader.post("/ansatt/tjenester/skoleskyss/oppgrader", ["versjon": "2"])
                #expect(upgraded.status == .seeOther)
                let adoption = try #require(
                    try await ServiceAdoption.query(on: app.db).filter(\.$municipalityID == kristiansand.id)
                        .filter(\.$serviceID == "skoleskyss").first())
                #expect(adoption.version == 2 && adoption.localJSON.contains("Skoleskyssteamet"), "own parts kept")
                #expect(
                    try await kleader.post("/ansatt/tjenester/skoleskyss/oppgrader", ["versjon": "2"]).status
                        == .conflict)

                // act / check: new applications use version 2 (14 days); the open case stays on version 1.
                #expect(try await Self.skoleskyss(citizen, kommune: "4204", school: "lund-skole").status == .seeOther)
                _ = try await Self.send(citizen, kommune: "4204")
                let cases = try await CaseRecord.query(on: app.db).filter(\.$municipalityID == kristiansand.id).sort(
                    \.$saksSequence
                ).all()
                #expect(cases.map(\.serviceVersion) == [1, 2])
                let days = Calendar(identifier: .gregorian).dateComponents(
                    [.day], from: cases[1].submittedAt, to: cases[1].dueAt
                ).day
                #expect(days == 14)
                let worker = WebClient(app)
                try await worker.loginStaff("kristiansand.saksbehandler")
                let decided = try await worker.post(
                    "/ansatt/saker/\(cases[0].id!.uuidString.lowercased())/vedtak",
                    [
                        "utfall": "avslatt", "begrunnelse": "Skoleveien er under 4 km.",
                        "hjemmel": "opplæringslova § 3-7",
                    ])
                #expect(decided.status == .seeOther)
                let letter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == cases[0].id!).first())
                #expect(letter.body.contains("Skoleskyssteamet"))
                // check: Harstad, which did not upgrade yet, is still on version 1 (its own adoption).
                let harstad = try await app.municipality("5503")
                #expect(
                    try await ServiceAdoption.query(on: app.db).filter(\.$municipalityID == harstad.id!).filter(
                        \.$serviceID == "skoleskyss"
                    ).first()?.version == 1)
            }
        }

        @Test func aPackageMovesToAnotherInstallationIntact() async throws {
            var exported: Data? = nil
            try await withRadhus { app in
                // act / check: the package downloads from the catalogue
                let web = WebClient(app)
                let download = try await web.get("/katalog/skoleskyss/1/pakke.json")
                #expect(
                    download.status == .ok
                        && download.headers.first(name: .contentDisposition)?.contains("skoleskyss-1.json") == true)
                exported = Data(download.body.utf8)
                #expect(try await web.get("/katalog/skoleskyss/9/pakke.json").status == .notFound)
            }
            // act / check: another installation, without the built-in skoleskyss: it imports the package.
            try await withRadhus(seed: false) { app in
                let package = try ServicePackage.decoder.decode(ServicePackage.self, from: try #require(exported))
                #expect(package.publisher?.kommune == "5503" && package.files["skoleskyss.dmn"] != nil)
                let catalog = CatalogService(app: app)
                #expect(try await catalog.importPackage(package) == .imported)
                #expect(try await catalog.importPackage(package) == .alreadyThere)
                var tampered = package
                tampered.files["service.yaml"] = package.files["service.yaml"]!.replacingOccurrences(
                    of: "days: 21", with: "days: 7")
                await #expect(throws: ServicePackage.Problem.self) { try await catalog.importPackage(tampered) }
                tampered.sha256 = ServicePackage.digest(tampered.files)
                await #expect(throws: RadhusError.self) { try await catalog.importPackage(tampered) }
                let row = try #require(try await ServicePackageRecord.query(on: app.db).first())
                #expect(row.publisherName == "Harstad kommune" && row.sha256 == package.sha256)
                #expect(try await app.services.entry("skoleskyss", version: 1, on: app.db)?.rules != nil)
            }
        }
        /// A kommune's own list of choices keeps the publisher's values for the same choices (and
        /// their nynorsk), and cannot drop a choice the service's questions or letters depend on.
        @Test func aKommunesOwnChoicesKeepThePublishersValues() async throws {
            try await withRadhus { app in
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.leder")
                _ = try await leader.get("/ansatt/tjenester/parkeringstillatelse")
                // act / check: «Som passasjer» is what the conditions and the letter compare with
                let dropped = try await leader.post(
                    "/ansatt/tjenester/parkeringstillatelse/lokalt", ["valg[rolle]": "Som sjåfør"])
                #expect(dropped.status == .unprocessableEntity && dropped.body.contains("bygger på «Som passasjer»"))
                let saved = try await leader.post(
                    "/ansatt/tjenester/parkeringstillatelse/lokalt",
                    ["valg[rolle]": "som sjåfør\nSom passasjer\nSom ledsager i drosje"])
                #expect(saved.status == .seeOther)
                let harstad = try await app.municipality("5503")
                let offered = try #require(
                    try await app.services.offered(municipalityID: harstad.id!, id: "parkeringstillatelse", on: app.db))
                let options = try #require(offered.field("rolle")?.options)
                #expect(options.map(\.value) == ["sjafor", "passasjer", "som-ledsager-i-drosje"])
                #expect(options[1].label.nn == "Som passasjer" && options[1].label.en == "As a passenger")
                #expect(options[2].label.nb == "Som ledsager i drosje")
            }
        }
    }
}
