import Fluent
import Foundation
import RadhusCore
import RadhusRules
import SQLKit
import Testing
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 23: the kindergarten admission round from the leader's form to the offers, the
    /// answers, the explanation and the next round.
    @Suite struct AdmissionTests {
        static let cal = NorwegianCalendar()
        static func oslo(_ y: Int, _ m: Int, _ d: Int) -> Date {
            cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: 10))!
        }

        /// Ola applies for a child born on the date, with wishes and a sibling's kindergarten.
        static func apply(
            _ citizen: WebClient, born: (Int, Int, Int), name: String, wishes: [String], sibling: String? = nil
        ) async throws -> UUID {
            let child = try #require(Fodselsnummer.synthetic(day: born.2, month: born.1, year: born.0))
            try await citizen.get("/k/5503/barnehageplass/soknad")
            var form = [
                "barnets_fnr": child, "barnets_navn": name, "oppstart": "2026-08-15", "omfang": "heltid",
                "nedsatt_funksjonsevne": "nei", "barnevern": "nei", "sosken": sibling == nil ? "nei" : "ja",
            ]
            for (i, w) in wishes.enumerated() { form[AdmissionService.wishFields[i]] = w }
            if let sibling {
                form["sosken_navn"] = "Storesøster"
                form["sosken_barnehage"] = sibling
            }
            let checked = try await citizen.post("/k/5503/barnehageplass/soknad", form)
            #expect(checked.status == .seeOther, "\(checked.body.prefix(2000))")
            let check = try await citizen.get("/k/5503/barnehageplass/sjekk")
            let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
            let sent = try await citizen.post("/k/5503/barnehageplass/send", ["token": token])
            return try AppTests.DialogueTests.caseID(try #require(sent.location))
        }

        @Test func aRoundMatchesOffersExplainsAndTheNextRoundFillsADeclinedPlace() async throws {
            let clock = ManualClock(Self.oslo(2026, 2, 10))
            try await withRadhus(clock: clock) { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                // A and B (both under three) want Kanebogen, then Medkila; B has a sibling at
                // Kanebogen. C (four) wants Medkila, which has no places for its age, then
                // Kanebogen. D is too young for a legal right and wants only Medkila.
                let a = try await Self.apply(
                    citizen, born: (2025, 2, 14), name: "Astrid", wishes: ["kanebogen", "medkila"])
                let b = try await Self.apply(
                    citizen, born: (2024, 5, 1), name: "Birk", wishes: ["kanebogen", "medkila"], sibling: "kanebogen")
                let c = try await Self.apply(
                    citizen, born: (2022, 3, 3), name: "Cecilie", wishes: ["medkila", "kanebogen"])
                let d = try await Self.apply(citizen, born: (2025, 12, 15), name: "Didrik", wishes: ["medkila"])
                // D's parent adds Kanebogen as a second wish before the deadline: a wish twice is
                // refused at its field; the change is kept for the round and journaled
                let wishesPage = try await citizen.get(SiteURL.admissionWishes(d).path)
                #expect(wishesPage.status == .ok && wishesPage.body.contains("2. ønske"))
                let twice = try await citizen.post(
                    SiteURL.admissionWishes(d).path, ["barnehage": "medkila", "barnehage_2": "medkila"])
                #expect(twice.status == .unprocessableEntity && twice.body.contains("allerede høyere på listen"))
                let changed = try await citizen.post(
                    SiteURL.admissionWishes(d).path, ["barnehage": "medkila", "barnehage_2": "kanebogen"])
                #expect(changed.status == .seeOther)
                #expect(
                    try await CaseMessage.query(on: app.db).filter(\.$caseID == d).all()
                        .contains { $0.body.contains("2. Kanebogen barnehage") && $0.messageDirection == .inbound })
                // The leader sets up the round: refused field by field, then made
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.leder")
                #expect(try await leader.get(SiteURL.admission().path).body.contains("Ny opptaksrunde"))
                let bad = try await leader.post(
                    SiteURL.admission().path,
                    [
                        "tittel": "Hovedopptak 2026", "frist": "01.03.2026", "oppstart": "15.08.2026",
                        "svarfrist": "10",
                        "onsker": "5", "plasser": "kanebogen 3 1\nmedkila 2 0",
                    ])
                #expect(bad.status == .unprocessableEntity && bad.body.contains("Linje 1"))
                #expect(bad.body.contains("kanebogen 3 1"))
                let made = try await leader.post(
                    SiteURL.admission().path,
                    [
                        "tittel": "Hovedopptak 2026", "frist": "01.03.2026", "oppstart": "15.08.2026",
                        "svarfrist": "10",
                        "onsker": "5", "plasser": "kanebogen 2 1\nmedkila 2 0",
                    ])
                #expect(made.status == .seeOther)
                let round = try #require(try await AdmissionRound.query(on: app.db).first())
                #expect(try await AdmissionUnit.query(on: app.db).count() == 3)
                // The matching, after the deadline; twice: the second changes nothing
                clock.set(Self.oslo(2026, 3, 5))
                try await leader.loginStaff("harstad.leder")
                try await leader.get(SiteURL.admissionRound(round.id!).path)
                let ran = try await leader.post(SiteURL.admissionRun(round.id!).path)
                #expect(ran.status == .seeOther)
                try await leader.post(SiteURL.admissionRun(round.id!).path)
                let entries = try await AdmissionEntry.query(on: app.db).all()
                #expect(entries.count == 4)
                let units = Dictionary(
                    try await AdmissionUnit.query(on: app.db).all().map {
                        ($0.id!, "\($0.kindergarten)|\($0.ageGroup)")
                    },
                    uniquingKeysWith: { x, _ in x })
                func got(_ id: UUID) -> String? { entries.first { $0.caseID == id }?.unitID.flatMap { units[$0] } }
                #expect(got(b) == "kanebogen|små")  // the sibling's class beats the lottery
                #expect(got(a) == "medkila|små")
                #expect(got(c) == "kanebogen|store")
                #expect(got(d) == nil)
                let ea = try #require(entries.first { $0.caseID == a })
                #expect(ea.classes == [3, 3] && ea.legalRight && ea.weight == 2)
                #expect(entries.first { $0.caseID == b }?.classes == [2, 3])
                #expect(
                    entries.first { $0.caseID == d }.map {
                        $0.wishes == ["medkila", "kanebogen"] && $0.classes == [4, 4] && !$0.legalRight
                    } == true)
                // after the matching the wishes are closed until a new round takes applications
                await #expect(throws: RadhusError.self) {
                    try await AdmissionService(db: app.db, writer: app.writer, clock: app.clock, services: app.services)
                        .changeWishes(
                            caseID: d, applicant: try Fodselsnummer(People.ola, policy: .synthetic),
                            wishes: ["medkila", "", "", "", ""], t: Strings(.nb))
                }
                // letters and events; the overview
                let offers = try await LetterRecord.query(on: app.db).all().filter {
                    $0.title.hasPrefix("Tilbud om barnehageplass")
                }
                #expect(offers.count == 3)
                // The results are decisions (enkeltvedtak): D's «no place» has its own letter with
                // the right to appeal, and the offers are the decisions of their cases
                let noPlace = try #require(try await DecisionRecord.query(on: app.db).inForce(case: d))
                #expect(noPlace.outcome == "avslatt" && !noPlace.granted)
                let noPlaceLetter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$decisionID == noPlace.id!).first())
                #expect(noPlaceLetter.title.hasSuffix("ingen plass i denne runden"))
                #expect(noPlaceLetter.body.contains("Du kan klage"))
                #expect(try await DecisionRecord.query(on: app.db).inForce(case: a)?.outcome == "innvilget")
                #expect(
                    offers.allSatisfy { $0.decisionID != nil }, "each offer letter is its decision's letter")
                #expect(try await CaseRecord.find(d, on: app.db)?.caseStatus == .avsluttet)
                #expect(try await AppTests.DialogueTests.events(app, a).contains("admission_offered"))
                #expect(try await AppTests.DialogueTests.events(app, d).contains("admission_no_offer"))
                let overview = try await leader.get(SiteURL.admissionRound(round.id!).path)
                #expect(overview.body.contains("Alle barn med rett til plass har fått tilbud."))
                #expect(overview.body.contains("Fikk første ønske: 25"))  // B; A and C got their second
                // Kanebogen's list for the under-threes: A (who holds Medkila)
                #expect(
                    overview.body.contains("Ventelister")
                        && overview.body.contains("gruppe 3, loddnummer \(ea.lottery + 1)"))
                // the caseworker sees A's round on the case: the groups, the lottery, the explanation
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let casePage = try await staff.get(SiteURL.staffCase(a).path)
                #expect(casePage.body.contains("Ønsker (prioritetsgruppe): kanebogen (3), medkila (3)"))
                #expect(casePage.body.contains("Plassene gikk ut ved gruppe 2"))
                // the report for March shows the round
                let report = try await leader.get(SiteURL.report().path + "?periode=2026-03")
                #expect(report.body.contains("Barnehageopptak") && report.body.contains("1: Hovedopptak 2026"))
                // the explanation: A's class at Kanebogen and where its places ran out (B's class)
                let why = try await AdmissionService.explanation(ea, on: app.db)
                let eb = try #require(entries.first { $0.caseID == b })
                #expect(why.count == 1 && why[0].kindergarten == "kanebogen" && why[0].classHere == 3)
                #expect(why[0].cutoff?.cls == 2 && why[0].cutoff?.lottery == eb.lottery)
                try await citizen.loginCitizen(People.ola)
                let page = try await citizen.get(SiteURL.myCase(a).path)
                #expect(page.body.contains("Tilbud om plass i Medkila barnehage"))
                #expect(page.body.contains("Plassene gikk ut ved gruppe 2"))
                #expect(!page.body.contains("Birk"))
                // D's parent appeals the «no place» from the case page: an appeal case of its own
                let dPage = try await citizen.get(SiteURL.myCase(d).path)
                #expect(dPage.body.contains(SiteURL.myCaseAppeal(d).path), "the appeal form is on the case")
                let appealed = try await citizen.post(
                    SiteURL.myCaseAppeal(d).path, ["tekst": "Didrik har søsken i Medkila; vi ber om ny vurdering."])
                #expect(appealed.status == .seeOther, "\(appealed.status) \(appealed.body.prefix(300))")
                #expect(try await Appeal.query(on: app.db).filter(\.$appealedCaseID == d).count() == 1)
                #expect(try await CaseRecord.find(d, on: app.db)?.caseStatus == .paklaget)
                try await citizen.get(SiteURL.myCase(a).path)
                // A declines; C accepts
                #expect(try await citizen.post(SiteURL.admissionAnswer(a).path, ["svar": "nei"]).status == .seeOther)
                try await citizen.get(SiteURL.myCase(c).path)
                #expect(try await citizen.post(SiteURL.admissionAnswer(c).path, ["svar": "ja"]).status == .seeOther)
                #expect(try await citizen.post(SiteURL.admissionAnswer(c).path, ["svar": "ja"]).status == .notFound)
                // B does not answer: a reminder two days before the due date, then expired
                let service = AdmissionService(
                    db: app.db, writer: app.writer, clock: app.clock, services: app.services)
                clock.set(Self.oslo(2026, 3, 13))
                #expect(try await service.remindOffers(batch: 10) == 1)
                #expect(try await service.remindOffers(batch: 10) == 0)
                #expect(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == b).all()
                        .contains { $0.title.hasPrefix("Påminnelse: svar på tilbudet") })
                clock.set(Self.oslo(2026, 3, 16))
                #expect(try await service.expireOffers(batch: 10) == 1)
                #expect(
                    try await AdmissionEntry.query(on: app.db).filter(\.$caseID == b).first()?.entryStatus == .expired)
                // the next round: D gets the place A declined
                try await leader.loginStaff("harstad.leder")
                try await leader.get(SiteURL.admission().path)
                let next = try await leader.post(
                    SiteURL.admission().path,
                    [
                        "tittel": "Runde 2", "frist": "20.03.2026", "oppstart": "15.08.2026", "svarfrist": "10",
                        "onsker": "5", "plasser": "kanebogen 2 1\nmedkila 2 0",
                    ])
                #expect(next.status == .seeOther)
                let second = try #require(try await AdmissionRound.query(on: app.db).filter(\.$number == 2).first())
                #expect(second.previousRoundID == round.id)
                clock.set(Self.oslo(2026, 3, 21))
                try await leader.loginStaff("harstad.leder")
                try await leader.get(SiteURL.admissionRound(second.id!).path)
                #expect(try await leader.post(SiteURL.admissionRun(second.id!).path).status == .seeOther)
                let again = try await AdmissionEntry.query(on: app.db).filter(\.$roundID == second.id!).all()
                #expect(again.map(\.caseID) == [d], "D, whose «no place» is under appeal, is in the next round")
                #expect(try await AdmissionUnit.find(again.first?.unitID, on: app.db)?.kindergarten == "medkila")
                // The new offer is D's decision in force; it replaces the «no place»
                let offer = try #require(try await DecisionRecord.query(on: app.db).inForce(case: d))
                #expect(offer.outcome == "innvilget" && offer.reviewsDecisionID == noPlace.id)
            }
        }

        /// The classes come from the service's priority rules: a change of the DMN changes them.
        @Test func aChangeOfThePriorityRulesChangesTheClasses() async throws {
            try await withRadhus { app in
                let service = try #require(
                    try await app.services.offered(
                        municipalityID: try await app.municipality("5503").requireID(), id: "barnehageplass", on: app.db
                    ))
                let entry = try #require(try await app.services.entry(service.id, version: service.version, on: app.db))
                let rules = try #require(entry.rules)
                let child = try #require(Fodselsnummer.synthetic(day: 1, month: 5, year: 2024))
                let answers = [
                    "barnets_fnr": child, "oppstart": "2026-08-15", "nedsatt_funksjonsevne": "nei", "barnevern": "nei",
                    "sosken": "ja", "sosken_barnehage": "medkila",
                ]
                let submitted = Self.oslo(2026, 2, 1)
                func cls(_ r: ServiceRules, _ k: String) -> Int {
                    AdmissionService.priorityClass(
                        r, answers: answers, kindergarten: k, submitted: submitted, policy: .synthetic)
                }
                #expect(cls(rules, "medkila") == 2 && cls(rules, "kanebogen") == 3)
                // the kommune's by-laws put siblings first among the rest: group 2 becomes 1
                let changed = rules.content.replacingOccurrences(
                    of: #"<outputEntry><text>"manuell"</text></outputEntry><outputEntry><text>2</text></outputEntry>"#,
                    with: #"<outputEntry><text>"manuell"</text></outputEntry><outputEntry><text>1</text></outputEntry>"#
                )
                #expect(changed != rules.content)
                let edited = try ServiceRules(binding: rules.binding, data: Data(changed.utf8), file: "prioritet.dmn")
                #expect(cls(edited, "medkila") == 1 && cls(edited, "kanebogen") == 3)
            }
        }
    }
}
