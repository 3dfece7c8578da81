import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    /// Issue 20, first parts: the caseworker sees who applied (name, e-mail, written form from
    /// the register) and is warned of other open applications about the same person (as
    /// applicant or as the one the case concerns) for the same service, not only of one with the
    /// very same answers.
    @Suite struct CaseworkTests {
        @Test func theCasePageNamesTheApplicantAndOtherOpenCasesOfThePerson() async throws {
            try await withRadhus { app in
                // setup: Ola applies twice for the same child, with different distances
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let first = try await citizen.applySkoleskyss(distance: "5,5")
                _ = try await citizen.applySkoleskyss(distance: "6,5")
                let firstID = try #require(UUID(uuidString: String(first.split(separator: "/")[1])))
                // Ida applies for the same child (a second guardian: warned too), and for her own
                // child (another person: not warned)
                let ida = WebClient(app)
                try await ida.loginCitizen(People.ida)
                _ = try await ida.applySkoleskyss(distance: "7,5")
                try await ida.get("/k/5503/skoleskyss/soknad")
                #expect(
                    try await ida.post(
                        "/k/5503/skoleskyss/soknad",
                        [
                            "elevens_fnr": DemoData.children[0].fnr, "elevens_navn": "Emma Testesen",
                            "adresse.gate": "Storgata 12", "adresse.postnummer": "9405", "adresse.poststed": "Harstad",
                            "skole": "kanebogen-skole", "trinn": "2", "avstand_km": "4", "farlig_skolevei": "nei",
                            "helsebehov": "ja",
                        ]
                    ).status == .seeOther)
                let check = try await ida.get("/k/5503/skoleskyss/sjekk")
                let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
                #expect(try await ida.post("/k/5503/skoleskyss/send", ["token": token]).status == .seeOther)
                // act
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let page = try await staff.get(SiteURL.staffCase(firstID).path)
                // check: who applied, how to reach them, in which written form they read
                #expect(page.status == .ok)
                #expect(page.body.contains("Søkerens navn") && page.body.contains("Ola Prøvestad"))
                #expect(page.body.contains("mailto:ola.provestad@example.test"))
                #expect(page.body.contains("Målform i brev"))
                #expect(!page.body.contains(People.ola), "the number stays masked until revealed")
                // check: the other open cases about the same child (Ola's second, Ida's), not Emma's
                #expect(page.body.contains("Samme person har 2 andre åpne saker for denne tjenesten"))
                let warned = page.body.components(separatedBy: "Samme person har")[1].components(
                    separatedBy: "</div>")[0]
                let cases = try await CaseRecord.query(on: app.db).sort(\.$saksSequence).all()
                #expect(cases.count == 4)
                #expect(warned.contains(">\(cases[1].saksnummer)<") && warned.contains(">\(cases[2].saksnummer)<"))
                #expect(!warned.contains(">\(cases[3].saksnummer)<"))
            }
        }
        /// «Finn sak»: a saksnummer goes to its case, in the own kommune only; a malformed or
        /// unknown one is refused at the field with what was typed.
        @Test func findACaseBySaksnummer() async throws {
            try await withRadhus { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let receipt = try await citizen.applySkoleskyss()
                let caseID = try #require(UUID(uuidString: String(receipt.split(separator: "/")[1])))
                let record = try #require(try await CaseRecord.find(caseID, on: app.db))
                let number = record.saksnummer.description
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let found = try await staff.get("/ansatt/saker?saksnummer=" + WebClient.percentEncode(" \(number) "))
                #expect(found.status == .seeOther && found.location == SiteURL.staffCase(caseID).path)
                let malformed = try await staff.get("/ansatt/saker?saksnummer=tolv")
                #expect(malformed.status == .unprocessableEntity && malformed.body.contains("som år/nummer"))
                #expect(malformed.body.contains(#"value="tolv""#))
                let unknown = try await staff.get("/ansatt/saker?saksnummer=2026/999")
                #expect(
                    unknown.status == .unprocessableEntity && unknown.body.contains("ingen sak med saksnummer 2026/999")
                )
                // another kommune's case is not found from here
                let other = WebClient(app)
                try await other.loginStaff("kristiansand.saksbehandler")
                #expect(
                    try await other.get("/ansatt/saker?saksnummer=" + WebClient.percentEncode(number)).status
                        == .unprocessableEntity)
            }
        }
    }
}
