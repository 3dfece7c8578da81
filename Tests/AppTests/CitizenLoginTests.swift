import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    /// Issue 18: citizens log in through ID-porten, here a real OpenID Connect provider
    /// process (`OIDCProvider`) speaking the same protocol, with Radhus in production mode.
    @Suite(.enabled(if: OIDCProvider.available, OIDCProvider.reason)) struct CitizenLoginTests {
        /// Production mode for synthetic people (a staging installation against ID-porten's
        /// test environment), with the citizen login through `provider`.
        func withProvider(
            privateKeyJWT: Bool = false, clock: (any Clock)? = nil,
            _ body: (Application, OIDCProvider) async throws -> Void
        ) async throws {
            let provider = try OIDCProvider()
            defer { provider.stop() }
            try await withRadhus(mode: .production, clock: clock) { config in
                try? provider.configure(&config, privateKeyJWT: privateKeyJWT)
                config.identities = .synthetic
            } _: { app in
                try await body(app, provider)
            }
        }

        /// Starts a login on Radhus's page and signs in at the provider; returns the answer
        /// of Radhus's callback.
        @discardableResult
        func logIn(
            _ web: WebClient, _ op: ProviderBrowser, pid: String = People.ida, acr: String = "idporten-loa-substantial",
            start: String = "/logg-inn/idporten"
        ) async throws -> WebClient.Page {
            let started = try await web.get(start)
            #expect(started.status == .seeOther)
            let authorize = try #require(started.location)
            let back = try await op.logIn(at: authorize, pid: pid, acr: acr)
            return try await web.get(back)
        }

        @Test func aCitizenLogsInThroughTheProviderAndOut() async throws {
            try await withProvider { app, provider in
                let web = WebClient(app)
                let op = ProviderBrowser(app)
                // check: the login page offers ID-porten and no test login in production
                let page = try await web.get("/logg-inn?neste=/innboks")
                #expect(page.status == .ok && page.body.contains("Logg inn med ID-porten"))
                #expect(!page.body.contains("name=\"fodselsnummer\""), "no typed test login in production")
                let typed = try await web.post(
                    "/logg-inn", ["fodselsnummer": People.ida, "_csrf": web.cookies["radhus_csrf"] ?? ""])
                #expect(typed.status == .notFound, "\(typed.status)")
                // act: the link sends the browser to the provider with PKCE (S256), state and nonce
                let started = try await web.get("/logg-inn/idporten?neste=/innboks")
                let authorize = try #require(started.location)
                #expect(authorize.hasPrefix(provider.issuer + "/authorize?"))
                for part in [
                    "code_challenge_method=S256", "code_challenge=", "state=", "nonce=",
                    "acr_values=idporten-loa-substantial", "client_id=radhus",
                ] {
                    #expect(authorize.contains(part), "authorization request has \(part)")
                }
                #expect(web.cookies["radhus_session"] == nil, "no session before the login is done")
                let back = try await op.logIn(at: authorize, pid: People.ida)
                let done = try await web.get(back)
                // check: in, with a new session, and on to where they were going
                #expect(
                    done.status == .seeOther && done.location == "/innboks", "\(done.status) \(done.body.prefix(300))")
                #expect(web.cookies["radhus_session"] != nil && web.cookies["radhus_login"] == nil)
                #expect(try await web.get("/mine-saker").status == .ok)
                // check: the session row holds no fødselsnummer, not even inside the ID token
                let rows = try await app.db.sql.select().column("data").from("sessions").all()
                for row in rows {
                    #expect(!(try row.decode(column: "data", as: String.self)).contains(People.ida))
                }
                // act: the same answer again (a replayed callback) is refused: the state is spent
                let replay = try await WebClient(app).get(back)
                #expect(replay.status == .badRequest && replay.body.contains("Prøv igjen"))
                // act: log out
                try await web.get("/mine-saker")
                let out = try await web.post("/logg-ut")
                // check: on to the provider's end-session with the ID token as hint, back to our front page
                let end = try #require(out.location)
                #expect(end.hasPrefix(provider.issuer + "/endsession?id_token_hint="), "\(end)")
                let ended = try await op.get(end)
                #expect(
                    ended.status == .seeOther && ended.location?.hasPrefix(OIDCProvider.publicURL + "/?state=") == true)
                #expect(try await web.get("/mine-saker").status == .seeOther, "logged out of Radhus")
            }
        }

        @Test func privateKeyJWTAuthenticatesTheClient() async throws {
            try await withProvider(privateKeyJWT: true) { app, _ in
                let web = WebClient(app)
                let done = try await logIn(web, ProviderBrowser(app))
                #expect(
                    done.status == .seeOther && done.location == "/mine-saker",
                    "\(done.status) \(done.body.prefix(300))")
            }
        }

        /// Each forged or spoilt ID token is refused with a clear message and no session.
        @Test func spoiltIDTokensAreRefused() async throws {
            try await withProvider { app, provider in
                // arrange: one good login, so the provider's keys are known
                #expect(try await logIn(WebClient(app), ProviderBrowser(app)).status == .seeOther)
                let now = Date().timeIntervalSince1970
                let cases: [(name: String, claims: [String: Any], remove: [String], sign: String, message: String)] = [
                    ("wrong iss", ["iss": "https://evil.example"], [], "provider", "kunne ikke bekreftes"),
                    ("wrong aud", ["aud": "someone-else"], [], "provider", "kunne ikke bekreftes"),
                    ("expired", ["exp": now - 600, "iat": now - 900], [], "provider", "var utløpt"),
                    ("nonce mismatch", ["nonce": "not-the-one-we-sent"], [], "provider", "kunne ikke bekreftes"),
                    ("nonce missing", [:], ["nonce"], "provider", "kunne ikke bekreftes"),
                    ("alg none", [:], [], "none", "kunne ikke bekreftes"),
                    ("HS256 keyed with the public key", [:], [], "hs256-public-key", "kunne ikke bekreftes"),
                    ("no pid", [:], ["pid"], "provider", "gyldig fødselsnummer"),
                    (
                        "a real-looking pid in a synthetic installation", ["pid": "01010112345"], [], "provider",
                        "gyldig fødselsnummer"
                    ),
                ]
                for c in cases {
                    try await provider.spoilNextIDToken(app, claims: c.claims, remove: c.remove, sign: c.sign)
                    let web = WebClient(app)
                    let answer = try await logIn(web, ProviderBrowser(app))
                    #expect(answer.status == .unauthorized, "\(c.name): \(answer.status)")
                    #expect(answer.body.contains(c.message), "\(c.name): says why")
                    #expect(web.cookies["radhus_session"] == nil, "\(c.name): no session")
                    #expect(try await web.get("/mine-saker").status == .seeOther, "\(c.name): not logged in")
                }
                // act: a token signed with a key the provider never published: one JWKS refresh, then refused
                let before = try await provider.jwksReads(app)
                try await provider.spoilNextIDToken(app, sign: "unknown-key")
                let unknown = WebClient(app)
                let answer = try await logIn(unknown, ProviderBrowser(app))
                #expect(answer.status == .unauthorized && answer.body.contains("kunne ikke bekreftes"))
                #expect(unknown.cookies["radhus_session"] == nil)
                #expect(try await provider.jwksReads(app) == before + 1, "exactly one refresh")
                // act: another at once: no second refresh (forged kids cannot make us hammer the provider)
                try await provider.spoilNextIDToken(app, sign: "unknown-key")
                #expect(try await logIn(WebClient(app), ProviderBrowser(app)).status == .unauthorized)
                #expect(try await provider.jwksReads(app) == before + 1)
                // check: the failures are counted for the operators
                let metrics = try await WebClient(app).get("/metrics").body
                #expect(metrics.contains("radhus_login_failures_total{kind=\"idporten\"}"))
            }
        }

        /// A service that needs level high sends a citizen logged in at substantial back to
        /// ID-porten, asking for high; a token at a lower level than asked is refused.
        @Test func levelHighIsAskedForAndChecked() async throws {
            try await withProvider { app, _ in
                let web = WebClient(app)
                // act: asked for high, the person logs in at substantial
                let low = try await logIn(
                    web, ProviderBrowser(app), acr: "idporten-loa-substantial", start: "/logg-inn/idporten?niva=hoy")
                #expect(low.status == .unauthorized && low.body.contains("høyere sikkerhetsnivå"))
                #expect(web.cookies["radhus_session"] == nil)
                // act: at high
                let started = try await web.get("/logg-inn/idporten?niva=hoy")
                #expect(started.location?.contains("acr_values=idporten-loa-high") == true)
                let back = try await ProviderBrowser(app).logIn(
                    at: started.location!, pid: People.ida, acr: "idporten-loa-high")
                #expect(try await web.get(back).status == .seeOther)
            }
        }

        /// A service that says `loginLevel: high` sends a citizen logged in at substantial back
        /// to ID-porten for high, and refuses a form sent at substantial.
        @Test func aServiceThatNeedsLevelHighAsksForIt() async throws {
            // arrange: the shipped services, with skoleskyss needing level high
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "radhus-services-\(UUID().uuidString)")
            try FileManager.default.copyItem(atPath: RadhusConfig.defaultServicesDirectory(), toPath: dir.path)
            defer { try? FileManager.default.removeItem(at: dir) }
            let yaml = dir.appendingPathComponent("skoleskyss/service.yaml")
            try (try String(contentsOf: yaml, encoding: .utf8) + "\nloginLevel: high\n").write(
                to: yaml, atomically: true, encoding: .utf8)
            let provider = try OIDCProvider()
            defer { provider.stop() }
            try await withRadhus(mode: .production) { config in
                try? provider.configure(&config)
                config.identities = .synthetic
                config.servicesDirectory = dir.path
            } _: { app in
                let web = WebClient(app)
                #expect(try await logIn(web, ProviderBrowser(app)).status == .seeOther)
                // act: open the form at substantial
                let form = try await web.get("/k/5503/skoleskyss/soknad")
                // check: back to ID-porten for high, returning to the form
                #expect(
                    form.status == .seeOther
                        && form.location == "/logg-inn/idporten?neste=/k/5503/skoleskyss/soknad&niva=hoy")
                // a form sent at substantial is refused, with the reason
                try await web.get("/mine-saker")
                let sent = try await web.post("/k/5503/skoleskyss/soknad", ["trinn": "3"])
                #expect(sent.status == .forbidden && sent.body.contains("høyt sikkerhetsnivå"))
                // act: log in at high; check: the form opens
                let started = try await web.get(form.location!)
                let back = try await ProviderBrowser(app).logIn(
                    at: started.location!, pid: People.ida, acr: "idporten-loa-high")
                #expect(try await web.get(back).location == "/k/5503/skoleskyss/soknad")
                #expect(try await web.get("/k/5503/skoleskyss/soknad").status == .ok)
                // other services keep substantial
                #expect(try await WebClient(app).get("/k/4204/barnehageplass").status == .ok)
            }
        }

        /// Logging out at the provider (or in another service) ends our session through the
        /// front-channel logout frame the provider shows.
        @Test func frontChannelLogoutEndsOurSession() async throws {
            try await withProvider { app, provider in
                let web = WebClient(app)
                let op = ProviderBrowser(app)
                #expect(try await logIn(web, op).status == .seeOther)
                #expect(try await web.get("/mine-saker").status == .ok)
                // act: the person logs out at the provider, which frames our logout address
                let page = try await op.get(provider.issuer + "/logout")
                let src = try #require(WebClient.firstMatch(#"src="([^"]+)""#, in: page.body))
                    .replacingOccurrences(of: "&amp;", with: "&")
                #expect(src.hasPrefix(OIDCProvider.publicURL + "/logg-ut/idporten?"))
                // the frame carries no cookie of ours (a third-party frame), only iss and sid
                let frame = try await WebClient(app).get(String(src.dropFirst(OIDCProvider.publicURL.count)))
                #expect(frame.status == .ok)
                let csp = frame.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(
                    csp.contains("frame-ancestors \(provider.issuer)")
                        && frame.headers.first(name: "X-Frame-Options") == nil)
                // check: our session is gone
                #expect(try await web.get("/mine-saker").status == .seeOther)
                // and every other page still refuses to be framed
                #expect(try await web.get("/").headers.first(name: "X-Frame-Options") == "DENY")
            }
        }

        /// Sessions end after 30 minutes without requests, and after 8 hours in any case.
        @Test func sessionsEndWhenIdleAndAtTheirEnd() async throws {
            let clock = ManualClock(Date())
            try await withRadhus(clock: clock) { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                // act / check: in use every 20 minutes, the session lives on past 30 minutes …
                for _ in 0..<3 {
                    clock.advance(by: 20 * 60)
                    #expect(try await web.get("/mine-saker").status == .ok)
                }
                // … but not past 31 idle minutes
                clock.advance(by: 31 * 60)
                #expect(try await web.get("/mine-saker").status == .seeOther)
                // act / check: used every 25 minutes, it still ends at 8 hours
                let busy = WebClient(app)
                try await busy.loginCitizen(People.ola)
                var elapsed: TimeInterval = 0
                while elapsed + 25 * 60 < 8 * 3600 {
                    clock.advance(by: 25 * 60)
                    elapsed += 25 * 60
                    #expect(try await busy.get("/mine-saker").status == .ok, "in use at \(Int(elapsed / 60)) min")
                }
                clock.advance(by: 8 * 3600 - elapsed + 1)
                #expect(try await busy.get("/mine-saker").status == .seeOther, "ended at 8 hours")
            }
        }
    }
}
