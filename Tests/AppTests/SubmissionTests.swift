import App
import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

extension AppTests {
    @Suite struct SubmissionTests {
        @Test func sendingTheSameFormTwiceGivesTheFirstReceipt() async throws {
            try await withRadhus { app in
                // setup: an application checked and ready to send
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                try await citizen.get("/k/5503/skoleskyss/soknad")
                _ = try await citizen.post(
                    "/k/5503/skoleskyss/soknad",
                    [
                        "elevens_fnr": People.child, "elevens_navn": "Noah", "adresse.gate": "Storgata 1",
                        "adresse.postnummer": "9405",
                        "adresse.poststed": "Harstad", "skole": "kanebogen-skole", "trinn": "3", "avstand_km": "5",
                        "farlig_skolevei": "nei", "helsebehov": "ja",
                    ])
                let check = try await citizen.get("/k/5503/skoleskyss/sjekk")
                let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
                // act: the send button is pressed twice (or the browser retries)
                let first = try await citizen.post("/k/5503/skoleskyss/send", ["token": token])
                let second = try await citizen.post("/k/5503/skoleskyss/send", ["token": token])
                // check: one case, and both answers lead to the same receipt
                #expect(first.status == .seeOther && second.status == .seeOther)
                #expect(first.location == second.location)
                #expect(try await CaseRecord.query(on: app.db).count() == 1)
                #expect(try await CaseEventRecord.query(on: app.db).count() == 1)
            }
        }

        @Test func aRepeatedCommandReturnsTheOriginalReceiptAcrossARestartOfTheService() async throws {
            try await withRadhus { app in
                // setup
                let m = try await app.municipality("5503").snapshot()
                let service = try #require(app.shippedServices.service("skoleskyss"))
                let command = SubmitApplication(
                    municipality: m, service: service, applicant: try Fodselsnummer(People.ida, policy: .synthetic),
                    answers: ValidatedAnswers(values: ["elevens_navn": "Nora"]), idempotencyKey: "key-1")
                // act: the same command twice
                let a = try await SubmissionService(db: app.db, writer: app.writer, clock: SystemClock()).submit(
                    command)
                let b = try await SubmissionService(db: app.db, writer: app.writer, clock: SystemClock()).submit(
                    command)
                // check
                #expect(!a.repeated && b.repeated)
                #expect(a.caseID == b.caseID && a.saksnummer == b.saksnummer)
                // act / check: someone else presenting the same key does not get that receipt
                var stolen = command
                stolen.applicant = try Fodselsnummer(People.ola, policy: .synthetic)
                await #expect(throws: RadhusError.self) {
                    try await SubmissionService(db: app.db, writer: app.writer, clock: SystemClock()).submit(stolen)
                }
                #expect(try await CaseRecord.query(on: app.db).count() == 1)
            }
        }

        /// 100 submissions at once get 100 distinct saksnummer with no gaps, per kommune.
        @Test func concurrentSubmissionsGetGaplessSaksnummer() async throws {
            try await withRadhus { app in
                // setup
                let harstad = try await app.municipality("5503").snapshot()
                let kristiansand = try await app.municipality("4204").snapshot()
                let service = try #require(app.shippedServices.service("barnehageplass"))
                let applicant = try Fodselsnummer(People.ida, policy: .synthetic)
                let submissions = SubmissionService(db: app.db, writer: app.writer, clock: SystemClock())
                // act: 100 in Harstad and 20 in Kristiansand, all concurrently
                let receipts = try await withThrowingTaskGroup(of: (String, SubmissionReceipt).self) { group in
                    for i in 0..<120 {
                        let m = i < 100 ? harstad : kristiansand
                        group.addTask {
                            let r = try await submissions.submit(
                                SubmitApplication(
                                    municipality: m, service: service, applicant: applicant,
                                    answers: ValidatedAnswers(values: ["barnets_navn": "Barn \(i)"]),
                                    idempotencyKey: "concurrent-\(i)"))
                            return (m.number, r)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                // check
                let year = NorwegianCalendar().year(of: Date())
                let h = receipts.filter { $0.0 == "5503" }.map(\.1.saksnummer).sorted()
                let k = receipts.filter { $0.0 == "4204" }.map(\.1.saksnummer).sorted()
                #expect(h == (1...100).map { Saksnummer(year: year, sequence: $0) })
                #expect(k == (1...20).map { Saksnummer(year: year, sequence: $0) })
                let stored = try await CaseRecord.query(on: app.db).filter(\.$municipalityID == harstad.id).all().map(
                    \.saksSequence
                ).sorted()
                #expect(stored == Array(1...100))
            }
        }

        /// Commands that share a group commit succeed or fail one by one.
        @Test func aFailingCommandInABatchRollsBackAloneAndTheOthersCommit() async throws {
            try await withRadhus { app in
                // setup
                let harstad = try await app.municipality("5503").snapshot()
                let service = try #require(app.shippedServices.service("skoleskyss"))
                let applicant = try Fodselsnummer(People.ida, policy: .synthetic)
                // act: 60 commands at once; every third one fails after writing its case
                let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                    for i in 0..<60 {
                        group.addTask {
                            do {
                                _ = try await app.writer.write(on: app.db) { tx in
                                    let r = try await SubmissionService.submit(
                                        SubmitApplication(
                                            municipality: harstad, service: service, applicant: applicant,
                                            answers: ValidatedAnswers(values: ["i": "\(i)"]),
                                            idempotencyKey: "batch-\(i)"), now: Date(), on: tx)
                                    if i % 3 == 0 { throw RadhusError.conflict("command \(i) fails") }
                                    return r
                                }
                                return (i, true)
                            } catch { return (i, false) }
                        }
                    }
                    return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
                }
                // check: exactly the others are stored, with gapless numbers
                #expect(outcomes.filter(\.value).count == 40)
                for (i, ok) in outcomes { #expect(ok == (i % 3 != 0)) }
                let keys = Set(try await CaseRecord.query(on: app.db).all().compactMap(\.idempotencyKey))
                #expect(keys == Set((0..<60).filter { $0 % 3 != 0 }.map { "batch-\($0)" }))
                let numbers = try await CaseRecord.query(on: app.db).all().map(\.saksSequence).sorted()
                #expect(numbers == Array(1...40))
                let stats = await app.writer.statistics()
                #expect(stats.transactions <= stats.commands)
            }
        }

        @Test func aFailedTransactionLeavesNoGapAndNothingHalfWritten() async throws {
            try await withRadhus { app in
                // setup
                let harstad = try await app.municipality("5503")
                let before = try await CaseRecord.query(on: app.db).count()
                // act: a transaction that takes a saksnummer, creates a case, then fails
                await #expect(throws: RadhusError.self) {
                    try await app.writer.write(on: app.db) { tx in
                        let sql = tx.sql
                        try await sql.raw("UPDATE case_counters SET last_value = last_value + 1").run()
                        let c = CaseRecord()
                        c.municipalityID = harstad.id!
                        c.serviceID = "skoleskyss"
                        c.serviceVersion = 1
                        c.saksYear = 2026
                        c.saksSequence = 999
                        c.applicantFnr = People.ida
                        c.status = "mottatt"
                        c.channel = "digital"
                        c.answersJSON = "{}"
                        c.submittedAt = Date()
                        c.dueAt = Date()
                        try await c.create(on: tx)
                        throw RadhusError.conflict("simulated failure")
                    }
                }
                // check: nothing of it is stored
                #expect(try await CaseRecord.query(on: app.db).count() == before)
            }
        }
    }

    @Suite struct BadInputTests {
        @Test func unknownKommuneAndServiceAreClear404Pages() async throws {
            try await withRadhus { app in
                // act / check: an unknown kommune, then an unknown service
                let web = WebClient(app)
                let k = try await web.get("/k/9999")
                #expect(k.status == .notFound && k.body.contains("Vi fant ingen kommune med nummer «9999»"))
                let s = try await web.get("/k/5503/hundepass")
                #expect(s.status == .notFound && s.body.contains("ingen tjeneste som heter «hundepass»"))
                try await web.loginCitizen(People.ida)
                #expect(try await web.get("/mine-saker/ikke-en-uuid").status == .notFound)
                #expect(try await web.get("/innboks/00000000-0000-0000-0000-000000000000").status == .notFound)
            }
        }

        @Test func invalidFodselsnummerAtLoginIsExplained() async throws {
            try await withRadhus { app in
                // act / check: too short a number, then a real-form one
                let web = WebClient(app)
                try await web.get("/logg-inn")
                let short = try await web.post("/logg-inn", ["fodselsnummer": "123"])
                #expect(
                    short.status == .unprocessableEntity && short.body.contains("Skriv fødselsnummeret med 11 siffer"))
                #expect(short.body.contains(#"value="123""#))
                let checksum = try await web.post("/logg-inn", ["fodselsnummer": "12345678901"])
                #expect(checksum.status == .unprocessableEntity && checksum.body.contains("ikke gyldig"))
                // act / check: a real-form number is refused in test mode (born 2039: nobody has it)
                let real = Fodselsnummer.generate(day: 1, month: 1, year: 2039, synthetic: false)!
                let refused = try await web.post("/logg-inn", ["fodselsnummer": real])
                #expect(refused.status == .unprocessableEntity && refused.body.contains("testmiljø"))
                #expect(web.cookies["radhus_session"] == nil, "a refused login stores nothing")
                #expect(try await web.get("/mine-saker").status != .ok)
            }
        }

        @Test func oversizedBodiesAreRefusedWith413() async throws {
            try await withRadhus { app in
                // setup
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                try await web.get("/k/5503/skoleskyss/soknad")
                // act
                let page = try await web.post(
                    "/k/5503/skoleskyss/soknad", ["elevens_navn": String(repeating: "x", count: 200_000)])
                #expect(page.status == .payloadTooLarge)
                #expect(page.body.contains("for stort"))
                #expect(try await CaseRecord.query(on: app.db).count() == 0)
            }
        }

        @Test func malformedBodiesAreA4xxNeverA500() async throws {
            try await withRadhus { app in
                // act / check: a body that is no form, then a JSON body where a form is expected
                let web = WebClient(app)
                try await web.loginStaff("harstad.saksbehandler")
                let garbage = try await web.send(
                    .POST, "/ansatt/logg-inn", body: "%%%&&&===", contentType: "application/x-www-form-urlencoded")
                #expect(garbage.status.code >= 400 && garbage.status.code < 500)
                let json = try await web.send(.POST, "/logg-inn", body: "{not json", contentType: "application/json")
                #expect(json.status.code >= 400 && json.status.code < 500)
            }
        }

        @Test func decisionWithoutReasonsIsRefusedFieldByField() async throws {
            try await withRadhus { app in
                // setup: a case and a caseworker
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                _ = try await citizen.applySkoleskyss()
                let id = try #require(try await CaseRecord.query(on: app.db).first()?.id).uuidString.lowercased()
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                try await staff.get("/ansatt/saker/\(id)")
                let page = try await staff.post("/ansatt/saker/\(id)/vedtak", ["begrunnelse": "kort", "hjemmel": ""])
                #expect(page.status == .unprocessableEntity)
                #expect(
                    page.body.contains("Velg utfall") && page.body.contains("Skriv begrunnelsen")
                        && page.body.contains("Skriv hjemmelen"))
                #expect(page.body.contains(">kort</textarea>"))
                #expect(try await DecisionRecord.query(on: app.db).count() == 0)
                // act / check: deciding twice: the second is a conflict, not a second letter
                try await staff.post(
                    "/ansatt/saker/\(id)/vedtak",
                    ["utfall": "innvilget", "begrunnelse": "Over fire kilometer.", "hjemmel": "§ 3-7"])
                let again = try await staff.post(
                    "/ansatt/saker/\(id)/vedtak",
                    ["utfall": "avslatt", "begrunnelse": "Andre gang nå.", "hjemmel": "§ 3-7"])
                #expect(again.status == .conflict)
                #expect(try await LetterRecord.query(on: app.db).count() == 1)
            }
        }

        @Test func productionModeRefusesTestLoginAndSyntheticNumbers() async throws {
            try await withRadhus(mode: .production) { app in
                // act / check
                let web = WebClient(app)
                let login = try await web.get("/logg-inn")
                #expect(login.status == .notFound)
                #expect(app.radhusConfig.identityPolicy == .production)
            }
        }
    }
}
