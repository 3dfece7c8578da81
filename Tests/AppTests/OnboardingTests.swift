import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    /// Issue 18: a kommune goes from nothing to its first application without the demo
    /// seeder, in production mode: the operator CLI, the operator's page, invitations by real
    /// e-mail (SMTP on loopback), the admin's pages, and a citizen through the real OpenID
    /// Connect provider.
    @Suite(.enabled(if: OIDCProvider.available && SMTPSink.available, OIDCProvider.reason)) struct OnboardingTests {
        /// The one-time link in the last e-mail to `address`, as a path.
        func invitationPath(_ mail: SMTPSink, to address: String) throws -> String {
            let message = try #require(
                mail.messages().last { SMTPSink.header("To", in: $0)?.contains(address) == true },
                "an e-mail to \(address)")
            let body = SMTPSink.body(of: message)
            let link = try #require(
                WebClient.firstMatch(#"(/invitasjon/[A-Za-z0-9_-]+)"#, in: body), "a link in: \(body)")
            return link
        }

        func signUp(_ app: Application, path: String, name: String, username: String) async throws -> WebClient {
            let web = WebClient(app)
            let page = try await web.get(path)
            #expect(page.status == .ok && page.body.contains("Lag brukeren din"))
            let done = try await web.post(
                path,
                ["navn": name, "brukernavn": username, "passord": "et langt passord", "gjenta": "et langt passord"])
            #expect(done.status == .seeOther, "\(done.status) \(done.body.prefix(400))")
            if let next = done.location { try await web.get(next) }
            return web
        }

        @Test func fromAnEmptyDatabaseToTheFirstApplication() async throws {
            let provider = try OIDCProvider()
            defer { provider.stop() }
            let mail = try SMTPSink()
            defer { mail.stop() }
            try await withRadhus(mode: .production, seed: false) { config in
                try? provider.configure(&config)
                config.identities = .synthetic
                config.smtpURL = "smtp://127.0.0.1:\(mail.port)"
            } _: { app in
                // arrange: what `radhus serve` does at start; an empty database
                try await CatalogService(app: app).publishBuiltIns()
                #expect(try await Municipality.query(on: app.db).count() == 0)
                // act: `radhus operator create`
                _ = try await Onboarding.createOperator(
                    app, username: "drift", name: "Driftsvakt", password: "correct-horse-battery")
                let op = WebClient(app)
                try await op.get("/drift/logg-inn")
                #expect(
                    try await op.post("/drift/logg-inn", ["brukernavn": "drift", "passord": "feil passord"]).status
                        == .unauthorized)
                let inOp = try await op.post(
                    "/drift/logg-inn", ["brukernavn": "drift", "passord": "correct-horse-battery"])
                #expect(inOp.status == .seeOther && inOp.location == "/drift")
                try await op.get("/drift")
                // act: a kommune number not on the official list, and no e-mail: explained, kept
                let bad = try await op.post(
                    "/drift/kommuner",
                    [
                        "kommunenummer": "5401", "navn": "Tromsø\u{202E}", "enheter": "", "postmottak": "postmottak",
                        "admin": "",
                    ])
                #expect(bad.status == .unprocessableEntity)
                for text in [
                    "offisielle lista", "minst én enhet", "postmottakets e-postadresse", "administrator i kommunen",
                    "value=\"5401\"", "«Navn» inneholder",
                ] {
                    #expect(bad.body.contains(text), "says \(text)")
                }
                #expect(try await Municipality.query(on: app.db).count() == 0, "nothing half-made")
                // act: Tromsø, properly
                let added = try await op.post(
                    "/drift/kommuner",
                    [
                        "kommunenummer": "5501", "enheter": "Oppvekst og utdanning\nHelse og omsorg",
                        "postmottak": "postmottak@tromso.kommune.no",
                        "kontakt": "Digitaliseringsenheten, tlf. 77 79 00 00",
                        "logotekst": "Tromsø kommune – Romssa suohkan", "admin": "ingrid.admin@tromso.kommune.no",
                    ])
                #expect(added.status == .seeOther && added.location == "/drift?melding=lagt-til")
                #expect(try await op.get("/drift").body.contains("Tromsø kommune"))
                let portal = try await WebClient(app).get("/k/5501")
                #expect(
                    portal.body.contains(#"<a class="site-name" href="/k/5501">Tromsø kommune – Romssa suohkan</a>"#))
                #expect(try await op.post("/drift/kommuner", ["kommunenummer": "5501"]).body.contains("alt lagt til"))

                // act: the admin signs up from the e-mail's link; the link then works no more
                let adminLink = try invitationPath(mail, to: "ingrid.admin@tromso.kommune.no")
                let weak = try await WebClient(app).get(adminLink)
                #expect(weak.body.lowercased().contains("administrator") && weak.body.contains("Tromsø kommune"))
                let tooShort = WebClient(app)
                try await tooShort.get(adminLink)
                let refused = try await tooShort.post(
                    adminLink, ["navn": "Ingrid", "brukernavn": "ingrid", "passord": "kort", "gjenta": "kort"])
                #expect(
                    refused.status == .unprocessableEntity && refused.body.contains("minst 12 tegn")
                        && refused.body.contains("value=\"Ingrid\""))
                let admin = try await signUp(app, path: adminLink, name: "Ingrid Admin", username: "ingrid")
                #expect(try await WebClient(app).get(adminLink).status == .notFound, "used once")
                // act: the admin invites a caseworker in a unit
                let users = try await admin.get("/ansatt/brukere")
                #expect(users.status == .ok && users.body.contains("Ingrid Admin"))
                let unit = try #require(
                    WebClient.firstMatch(#"<option value="([0-9A-F-]{36})">Oppvekst og utdanning"#, in: users.body))
                let invited = try await admin.post(
                    "/ansatt/brukere/inviter",
                    ["epost": "kari.saksbehandler@tromso.kommune.no", "rolle": "saksbehandler", "enhet": unit])
                #expect(invited.status == .seeOther, "\(invited.status) \(invited.body.prefix(300))")
                let caseworker = try await signUp(
                    app, path: try invitationPath(mail, to: "kari.saksbehandler@tromso.kommune.no"),
                    name: "Kari Saksbehandler",
                    username: "kari")
                let kari = try #require(try await StaffUser.query(on: app.db).filter(\.$username == "kari").first())
                #expect(kari.role == "saksbehandler" && kari.unitID?.uuidString == unit)
                // act: the admin adopts skoleskyss and names Tromsø's schools
                #expect(try await admin.post("/ansatt/tjenester/skoleskyss/ta-i-bruk").status == .seeOther)
                try await admin.get("/ansatt/tjenester/skoleskyss")
                #expect(
                    try await admin.post(
                        "/ansatt/tjenester/skoleskyss/lokalt",
                        [
                            "kontakt": "Skoleskyss, tlf. 77 79 00 00", "signatur": "Oppvekst og utdanning",
                            "valg[skole]": "Prestvannet skole\nKroken skole",
                        ]
                    ).status == .seeOther)

                // act: a citizen logs in through ID-porten (the provider) and applies
                let citizen = WebClient(app)
                let started = try await citizen.get("/logg-inn/idporten?neste=/k/5501/skoleskyss/soknad")
                let back = try await ProviderBrowser(app).logIn(at: try #require(started.location), pid: People.ola)
                #expect(try await citizen.get(back).location == "/k/5501/skoleskyss/soknad")
                let receipt = try await citizen.applySkoleskyss(kommune: "5501", school: "prestvannet-skole")
                #expect(receipt.hasSuffix("/kvittering"))
                let saksnummer = try #require(
                    WebClient.firstMatch(#"class="case-number">([^<]+)<"#, in: try await citizen.get(receipt).body))
                // check: the caseworker sees it in Tromsø's queue
                let queue = try await caseworker.get("/ansatt/saker")
                #expect(queue.status == .ok && queue.body.contains(saksnummer), "the case is in the queue")
                // check: the admin log has each step, and the admin can read it
                let log = try await admin.get("/ansatt/brukere/logg")
                for action in ["kommune-added", "invited", "invitation-accepted"] {
                    #expect(log.body.contains(action), "logged: \(action)")
                }
                #expect(!log.body.contains("et langt passord"), "no password in the log")
                // check: a caseworker may not manage users
                #expect(try await caseworker.get("/ansatt/brukere").status == .forbidden)
            }
        }

        /// The admin changes a role and deactivates someone; the change is logged, and the
        /// deactivated person's session ends.
        @Test func theAdminChangesRolesAndDeactivates() async throws {
            try await withRadhus { app in
                let admin = WebClient(app)
                try await admin.loginStaff("harstad.admin")
                let worker = WebClient(app)
                try await worker.loginStaff("harstad.saksbehandler")
                let user = try #require(
                    try await StaffUser.query(on: app.db).filter(\.$username == "harstad.saksbehandler").first())
                try await admin.get("/ansatt/brukere")
                let changed = try await admin.post(
                    "/ansatt/brukere/\(user.id!.uuidString)", ["rolle": "leder", "enhet": "", "aktiv": "nei"])
                #expect(changed.status == .seeOther)
                #expect(try await worker.get("/ansatt/saker").status == .seeOther, "deactivated: logged out")
                let log = try await admin.get("/ansatt/brukere/logg")
                #expect(
                    log.body.contains("harstad.saksbehandler: rolle saksbehandler → leder")
                        && log.body.contains("deaktivert"))
                // the admin cannot demote or lock out themselves
                let me = try #require(
                    try await StaffUser.query(on: app.db).filter(\.$username == "harstad.admin").first())
                #expect(
                    try await admin.post(
                        "/ansatt/brukere/\(me.id!.uuidString)", ["rolle": "saksbehandler", "aktiv": "ja"]
                    ).status == .badRequest)
                // another kommune's user is not found
                let other = try #require(
                    try await StaffUser.query(on: app.db).filter(\.$username == "kristiansand.saksbehandler").first())
                #expect(
                    try await admin.post("/ansatt/brukere/\(other.id!.uuidString)", ["rolle": "leder", "aktiv": "ja"])
                        .status == .notFound)
            }
        }
    }
}

extension AppTests {
    /// Issue 18: a parent applies for a child; the case records both, letters go to the
    /// parent, and each sees the case in «Mine saker».
    @Suite struct ApplicantAndSubjectTests {
        @Test func aParentAppliesForAChild() async throws {
            try await withRadhus { app in
                let parent = WebClient(app)
                try await parent.loginCitizen(People.ola)
                let receipt = try await parent.applySkoleskyss(needsCaseworker: false)
                let id = try #require(receipt.split(separator: "/").dropLast().last.map(String.init))
                // check: the case names who applied and whom it concerns, on the ground stated
                let record = try #require(try await CaseRecord.find(UUID(uuidString: id), on: app.db))
                #expect(record.applicantFnr == People.ola && record.subjectFnr == People.child)
                #expect(record.subjectRelation == "stated")
                // check: the parent sees it as applied for another, and has the letter
                let mine = try await parent.get("/mine-saker")
                #expect(mine.body.contains("Du søkte for en annen"))
                #expect(try await parent.get("/innboks").body.contains("Vedtak om skoleskyss"))
                // check: the child sees the case about them, but the letter is not theirs
                let child = WebClient(app)
                try await child.loginCitizen(People.child)
                let theirs = try await child.get("/mine-saker")
                #expect(
                    theirs.body.contains("Saken gjelder deg") && theirs.body.contains(record.saksnummer.description))
                #expect(try await child.get("/mine-saker/\(id)").status == .ok)
                #expect(
                    !(try await child.get("/innboks").body.contains("Vedtak om skoleskyss")),
                    "letters go to the applicant")
                // check: anyone else: not found
                let other = WebClient(app)
                try await other.loginCitizen(People.ida)
                #expect(try await other.get("/mine-saker/\(id)").status == .notFound)
                #expect(!(try await other.get("/mine-saker").body.contains(record.saksnummer.description)))
            }
        }
    }
}
