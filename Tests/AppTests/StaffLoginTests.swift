import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    /// Issue 18: staff log in through their kommune's identity provider (Entra-shaped tokens
    /// with `groups` from a real OpenID Connect provider process), groups mapped to roles.
    @Suite(.enabled(if: OIDCProvider.available, OIDCProvider.reason)) struct StaffLoginTests {
        func withProvider(_ body: (Application, OIDCProvider) async throws -> Void) async throws {
            let provider = try OIDCProvider()
            defer { provider.stop() }
            try await withRadhus(mode: .production) { config in
                config.publicURL = OIDCProvider.publicURL
                config.trustCAFile = provider.caFile
            } _: { app in
                try await body(app, provider)
            }
        }

        /// Harstad's admin sets up single sign-on on the settings page.
        func setUp(_ app: Application, _ provider: OIDCProvider, passwordLogin: Bool = true) async throws -> WebClient {
            let admin = WebClient(app)
            try await admin.loginStaff("harstad.admin")
            try await admin.get("/ansatt/innlogging")
            let saved = try await admin.post(
                "/ansatt/innlogging",
                [
                    "utsteder": provider.issuer, "klient": "radhus-staff", "hemmelighet": OIDCProvider.secret,
                    "grupper": "radhus-saksbehandlere = saksbehandler, Oppvekst og utdanning\nradhus-admin = admin",
                    "passord": passwordLogin ? "pa" : "",
                ])
            #expect(saved.status == .seeOther, "\(saved.status) \(saved.body.prefix(400))")
            return admin
        }

        @Test func aCaseworkerLogsInWithGroupsAndLosesAccessWithoutThem() async throws {
            try await withProvider { app, provider in
                _ = try await setUp(app, provider)
                // act: the login page offers Harstad's login; the caseworker uses it
                let web = WebClient(app)
                let page = try await web.get("/ansatt/logg-inn")
                #expect(page.body.contains("/ansatt/logg-inn/sso/5503"))
                let started = try await web.get("/ansatt/logg-inn/sso/5503")
                let authorize = try #require(started.location)
                #expect(authorize.hasPrefix(provider.issuer + "/authorize?") && authorize.contains("code_challenge="))
                let back = try await ProviderBrowser(app).logIn(
                    at: authorize, pid: "kari.nordmann@harstad.kommune.no", groups: "andre-ting,radhus-saksbehandlere")
                let done = try await web.get(back)
                // check: in, as a caseworker of Harstad in the unit the group names, made just in time
                #expect(
                    done.status == .seeOther && done.location?.hasPrefix("/ansatt/saker") == true,
                    "\(done.status) \(done.body.prefix(300))")
                let queue = try await web.get(done.location!)
                #expect(queue.status == .ok && queue.body.contains("Harstad"))
                let harstad = try await app.municipality("5503")
                let user = try #require(
                    try await StaffUser.query(on: app.db).filter(\.$username == "kari.nordmann@harstad.kommune.no")
                        .first())
                #expect(user.role == "saksbehandler" && user.active && user.municipalityID == harstad.id)
                #expect(user.externalSubject != nil && user.unitID != nil)
                // act: later the person is no longer in a group that gives a role
                let again = WebClient(app)
                let restart = try await again.get("/ansatt/logg-inn/sso/5503")
                let refused = try await again.get(
                    try await ProviderBrowser(app).logIn(
                        at: restart.location!, pid: "kari.nordmann@harstad.kommune.no", groups: "andre-ting"))
                // check: refused in words, no session, and the account is deactivated
                #expect(refused.status == .forbidden && refused.body.contains("ingen rolle"))
                #expect(again.cookies["radhus_session"] == nil)
                #expect(try await StaffUser.find(user.id, on: app.db)?.active == false)
                // and the session from before no longer works either
                #expect(try await web.get("/ansatt/saker").status == .seeOther)
                // check: each step is in the admin log
                let actions = try await AdminLogEntry.query(on: app.db).all().map(\.action)
                for action in ["login-settings-changed", "user-created", "user-deactivated"] {
                    #expect(actions.contains(action), "logged: \(action)")
                }
            }
        }

        @Test func theSettingsPageChecksWhatItIsGivenAndTheAdminCanSwitchPasswordsOff() async throws {
            try await withProvider { app, provider in
                let admin = WebClient(app)
                try await admin.loginStaff("harstad.admin")
                try await admin.get("/ansatt/innlogging")
                // act: nonsense in every field, and the password login off with no admin group
                let bad = try await admin.post(
                    "/ansatt/innlogging",
                    ["utsteder": "login.example", "klient": "", "grupper": "radhus-x = sjef", "passord": ""])
                // check: each field says what is wrong, what was typed is kept, nothing saved
                #expect(bad.status == .unprocessableEntity)
                for message in [
                    "begynner med https://", "klient-ID-en", "klienthemmeligheten", "«sjef» er ikke en rolle",
                ] {
                    #expect(bad.body.contains(message), "says: \(message)")
                }
                #expect(bad.body.contains("value=\"login.example\"") && bad.body.contains("radhus-x = sjef"))
                #expect(try await StaffLoginProvider.query(on: app.db).count() == 0)
                let noAdmin = try await admin.post(
                    "/ansatt/innlogging",
                    [
                        "utsteder": provider.issuer, "klient": "radhus-staff", "hemmelighet": "x",
                        "grupper": "g = saksbehandler", "passord": "",
                    ])
                #expect(noAdmin.status == .unprocessableEntity && noAdmin.body.contains("må en gruppe gi rollen admin"))
                // act: a proper set-up with the password login off
                _ = try await setUp(app, provider, passwordLogin: false)
                // check: the secret is stored sealed, and a right password no longer logs in
                let row = try #require(try await StaffLoginProvider.query(on: app.db).first())
                #expect(!row.clientSecret.contains(OIDCProvider.secret))
                let web = WebClient(app)
                try await web.get("/ansatt/logg-inn")
                let page = try await web.post(
                    "/ansatt/logg-inn", ["brukernavn": "harstad.saksbehandler", "passord": "radhus-demo"])
                #expect(page.status == .unauthorized && page.body.contains("bruker egen pålogging"))
                // other kommuner keep their password login
                let other = WebClient(app)
                try await other.get("/ansatt/logg-inn")
                let kristiansand = try await other.post(
                    "/ansatt/logg-inn", ["brukernavn": "kristiansand.saksbehandler", "passord": "radhus-demo"])
                #expect(kristiansand.status == .seeOther)
                // a caseworker may not open the settings
                let caseworker = WebClient(app)
                try await caseworker.loginStaff("kristiansand.saksbehandler")
                #expect(try await caseworker.get("/ansatt/innlogging").status == .forbidden)
            }
        }
    }
}
