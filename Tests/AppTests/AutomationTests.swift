import App
import Fluent
import Foundation
import RadhusCore
import RadhusRules
import Testing
import VaporTesting

extension AppTests {
    @Suite struct AutomationTests {
        /// A skoleskyss application that meets the distance rule gets its decision letter
        /// within the request, with reasons that name the rule and the law.
        @Test func aClearCaseIsDecidedWithinTheRequest() async throws {
            try await withRadhus { app in
                // setup
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                // act
                let receiptPath = try await citizen.applySkoleskyss(distance: "5,5", grade: "3", needsCaseworker: false)
                // check: decided before the answer came back
                let record = try #require(try await CaseRecord.query(on: app.db).first())
                #expect(record.caseStatus == .avsluttet)
                let decision = try #require(try await DecisionRecord.query(on: app.db).first())
                #expect(
                    decision.automated && decision.outcome == "innvilget"
                        && decision.decidedByName.contains("Automatisk"))
                #expect(
                    decision.reasons.contains(
                        "Elever på 2.–10. trinn har rett til gratis skoleskyss når skoleveien er lengre enn 4 km"))
                #expect(decision.reasons.contains("Avstand (km): 5,5"))
                #expect(decision.legalBasis == "opplæringslova § 3-7")
                let receipt = try await citizen.get(receiptPath)
                #expect(receipt.body.contains("avgjort automatisk"))
                let letter = try #require(try await LetterRecord.query(on: app.db).first())
                for part in [
                    "Vedtaket er fattet automatisk", "be om at en saksbehandler vurderer saken", "opplæringslova § 3-7",
                    "regel 4 i «Skoleskyss»", "Du kan klage",
                ] {
                    #expect(letter.body.contains(part), "letter lacks «\(part)»")
                }
                let evaluation = try #require(try await RuleEvaluationRecord.query(on: app.db).first())
                #expect(evaluation.automated && evaluation.mode == "on" && evaluation.suggestedOutcome == "innvilget")
                #expect(try await RuleVersionRecord.find(evaluation.modelHash, on: app.db) != nil)
                let kinds = try await CaseEventRecord.query(on: app.db).sort(\.$at).all().map(\.kind)
                #expect(kinds == ["submitted", "decided", "letter_sent"])
            }
        }

        @Test func unclearCasesGoToACaseworkerWithTheTrace() async throws {
            try await withRadhus { app in
                // act: an application the rules cannot decide
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                _ = try await citizen.applySkoleskyss(needsCaseworker: true)
                let record = try #require(try await CaseRecord.query(on: app.db).first())
                // check: it waits for a caseworker, who sees the rules' trace
                #expect(record.caseStatus == .mottatt)
                #expect(try await DecisionRecord.query(on: app.db).count() == 0)
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let page = try await staff.get("/ansatt/saker/\(record.id!.uuidString.lowercased())")
                #expect(page.body.contains("Regelvurdering"))
                #expect(page.body.contains("Behov for skyss på grunn av funksjonsnedsettelse"))
                // check: the suggestion names the rule that sent the case to a person and what it
                // gave, not a bare «Ingen» (issue 17, defect 12)
                #expect(page.body.contains("Ingen vedtak: regelen «Behov for skyss på grunn av funksjonsnedsettelse"))
                #expect(page.body.contains("som overlater avgjørelsen til en saksbehandler"))
            }
        }

        @Test func shadowModeSuggestsAndRecordsAgreement() async throws {
            try await withRadhus { app in
                // setup: Harstad's leader turns skoleskyss to shadow mode
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.leder")
                try await leader.get("/ansatt/automatisering")
                let saved = try await leader.post(
                    "/ansatt/automatisering", ["tjeneste": "skoleskyss", "modus": "shadow"])
                #expect(saved.status == .seeOther)
                // act: a clear case arrives, and the caseworker decides it
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                _ = try await citizen.applySkoleskyss(distance: "1", grade: "5", needsCaseworker: false)
                let record = try #require(try await CaseRecord.query(on: app.db).first())
                #expect(record.caseStatus == .mottatt, "shadow mode never decides")
                let id = record.id!.uuidString.lowercased()
                try await leader.get("/ansatt/saker/\(id)")
                try await leader.post(
                    "/ansatt/saker/\(id)/vedtak",
                    ["utfall": "avslatt", "begrunnelse": "Skoleveien er 1 km.", "hjemmel": "opplæringslova § 3-7"])
                // check
                let evaluation = try #require(try await RuleEvaluationRecord.query(on: app.db).first())
                #expect(
                    evaluation.mode == "shadow" && !evaluation.automated && evaluation.suggestedOutcome == "avslatt")
                #expect(evaluation.agreed == true)
                let page = try await leader.get("/ansatt/automatisering")
                #expect(page.body.contains("Enighet i skyggemodus: 1 av 1 (100 %)"))
                // check: another kommune is not affected
                let kristiansand = try await app.municipality("4204")
                #expect(
                    try await RulesService.mode(
                        municipalityID: kristiansand.id!,
                        service: try #require(app.shippedServices.service("skoleskyss")), on: app.db) == .on)
                // act / check: a caseworker may not change it
                let caseworker = WebClient(app)
                try await caseworker.loginStaff("harstad.saksbehandler")
                #expect(try await caseworker.get("/ansatt/automatisering").status == .forbidden)
            }
        }

        @Test func replayReproducesEveryAutomatedDecision() async throws {
            try await withRadhus { app in
                // setup: four clear cases decided by the rules
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                for (distance, grade) in [("5,5", "3"), ("1", "3"), ("2,5", "1"), ("1,5", "1")] {
                    _ = try await citizen.applySkoleskyss(distance: distance, grade: grade, needsCaseworker: false)
                }
                // act
                let report = try await RulesReplay.run(service: "skoleskyss", on: app.db)
                // check
                #expect(report.decisions == 4)
                #expect(report.mismatches.isEmpty)
                let outcomes = try await DecisionRecord.query(on: app.db).all().map(\.outcome).sorted()
                #expect(outcomes == ["avslatt", "avslatt", "innvilget", "innvilget"])
                // act / check: a tampered stored result is caught
                let e = try #require(try await RuleEvaluationRecord.query(on: app.db).first())
                e.result = #""avslatt-endret""#
                try await e.update(on: app.db)
                #expect(try await RulesReplay.run(service: nil, on: app.db).mismatches.count == 1)
            }
        }

        @Test func kindergartenRulesSuggestAPriorityGroupInShadowMode() async throws {
            try await withRadhus { app in
                // setup
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ida)
                // act: a kindergarten application
                try await citizen.get("/k/5503/barnehageplass/soknad")
                let start = NorwegianCalendar().isoDate(Date().addingTimeInterval(60 * 86400))
                let checked = try await citizen.post(
                    "/k/5503/barnehageplass/soknad",
                    [
                        "barnets_fnr": DemoData.children[0].fnr, "barnets_navn": "Emma Testesen", "oppstart": start,
                        "barnehage": "kanebogen", "omfang": "heltid", "nedsatt_funksjonsevne": "nei",
                        "barnevern": "nei",
                        "sosken": "ja", "sosken_navn": "Ola",
                    ])
                #expect(checked.status == .seeOther)
                let check = try await citizen.get("/k/5503/barnehageplass/sjekk")
                let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
                try await citizen.post("/k/5503/barnehageplass/send", ["token": token])
                // check
                let evaluation = try #require(try await RuleEvaluationRecord.query(on: app.db).first())
                #expect(evaluation.mode == "shadow" && evaluation.suggestedOutcome == nil)
                #expect(evaluation.result.contains("Prioritetsgruppe: 2"))
                #expect(try await CaseRecord.query(on: app.db).first()?.caseStatus == .mottatt)
            }
        }

        @Test func aServiceWhoseRulesDoNotLoadIsRefusedAtBoot() throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("radhus-rules-\(UUID().uuidString)")
            let source = URL(fileURLWithPath: RadhusConfig.defaultServicesDirectory()).appendingPathComponent(
                "skoleskyss")
            // setup: the shipped skoleskyss with a rule whose input entry cannot compile
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: dir.appendingPathComponent("skoleskyss"))
            defer { try? FileManager.default.removeItem(at: dir) }
            let dmn = dir.appendingPathComponent("skoleskyss/skoleskyss.dmn")
            try String(contentsOf: dmn, encoding: .utf8).replacingOccurrences(of: "[2..10]", with: "[2..")
                .write(to: dmn, atomically: true, encoding: .utf8)
            // act / check
            #expect {
                try ShippedServices.load(from: dir.path)
            } throws: { error in
                let text = "\(error)"
                return text.contains("skoleskyss.dmn") && text.contains("decision 'Skoleskyss'")
                    && text.contains("rule 4") && text.contains("column 'Trinn'")
            }
        }
    }
}
