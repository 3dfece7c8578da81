import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Issue 19: nynorsk as a full third language — the portal's words and the services' texts,
/// the choice remembered on the profile, and letters in the citizen's written form.
extension AppTests {
    @Suite struct NynorskTests {
        @Test func thePortalSpeaksNynorskAndRemembersIt() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                // Choosing nynorsk while signed in: the page and the profile.
                let switched = try await web.get("/sprak/nn?tilbake=/k/5503/skoleskyss/soknad")
                #expect(switched.status == .seeOther)
                let form = try await web.get("/k/5503/skoleskyss/soknad")
                #expect(form.body.contains(#"<html lang="nn">"#))
                #expect(form.body.contains("Søknad om skuleskyss"))
                #expect(form.body.contains("Fødselsnummeret til eleven"))
                #expect(form.body.contains("Gå vidare"))
                #expect(form.body.contains(#"lang="nb" hreflang="nb">Bokmål</a>"#))
                #expect(form.body.contains(#"lang="en" hreflang="en">English</a>"#))
                let contact = try await CitizenContact.query(on: app.db).filter(\.$fnr == People.ida).first()
                #expect(contact?.writtenLanguage == "nn")
                // Errors in nynorsk.
                let wrong = try await web.post("/k/5503/skoleskyss/soknad", ["trinn": "12"])
                #expect(wrong.body.contains("må vere mellom 1 og 10"))
                // A new device: the login brings nynorsk back.
                let other = WebClient(app)
                try await other.get("/logg-inn")
                let login = try await other.post("/logg-inn", ["fodselsnummer": People.ida])
                #expect(login.headers[.setCookie].contains { $0.hasPrefix("radhus_lang=nn") })
            }
        }

        @Test func theLetterIsWrittenInTheCitizensWrittenForm() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                try await web.get("/min-profil")
                let saved = try await web.post("/min-profil", ["epost": "", "malform": "nn"])
                #expect(saved.status == .seeOther)
                let receipt = try await web.applySkoleskyss()
                let caseID = try #require(UUID(uuidString: String(receipt.split(separator: "/")[1])))
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                try await staff.get(SiteURL.staffCase(caseID).path)
                let decided = try await staff.post(
                    SiteURL.decide(caseID).path,
                    [
                        "utfall": "innvilget", "begrunnelse": "Eleven har helsebehov som gir rett til skyss.",
                        "hjemmel": "opplæringslova § 3-7",
                    ])
                #expect(decided.status == .seeOther)
                let letter = try #require(try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).first())
                #expect(letter.title == "Vedtak om skuleskyss for Noah Prøvestad")
                #expect(letter.body.contains("Vi viser til søknaden om skuleskyss for Noah Prøvestad"))
                #expect(letter.body.contains("## Grunngiving") && letter.body.contains("## Heimel"))
                #expect(letter.body.contains("Fristen for å klage er 3 veker"))
                #expect(letter.body.contains("Med venleg helsing"))
                #expect(!letter.body.contains("Begrunnelse"))
            }
        }

        @Test func aNewApplicationStartsWithWhatIsKnownAboutThePerson() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                let form = try await web.get("/k/5503/parkeringstillatelse/soknad")
                // Ida's number, and her name and address from the register (the demo's contact row).
                #expect(form.body.contains(#"name="gjelder_fnr" value="\#(People.ida)""#))
                #expect(form.body.contains(#"name="navn" value="Ida Testesen""#))
                #expect(form.body.contains(#"name="adresse.gate" value="Storgata 12""#))
                #expect(form.body.contains(#"name="adresse.postnummer" value="9405""#))
                // Hers to change: what she typed wins over the register.
                try await web.postMultipart(
                    "/k/5503/parkeringstillatelse/soknad",
                    ["steg": "person", "gjelder_fnr": People.child, "navn": "Noah Prøvestad", "handling": "lagre"])
                let again = try await web.get("/k/5503/parkeringstillatelse/soknad")
                #expect(again.body.contains(#"name="navn" value="Noah Prøvestad""#))
                #expect(!again.body.contains("Storgata 12"))
            }
        }

        /// A version published before nynorsk was required still opens after an upgrade (its
        /// cases must), while publishing the same text now is refused for lacking nynorsk.
        @Test func aStoredVersionWithoutNynorskStillLoads() async throws {
            try await withRadhus { app in
                let shipped = try String(
                    contentsOfFile: RadhusConfig.defaultServicesDirectory() + "/skoleskyss/service.yaml",
                    encoding: .utf8)
                // The text as it was before this issue: no `nn:` anywhere, version 7.
                let old = shipped.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("nn:") }
                    .joined(separator: "\n")
                    .replacingOccurrences(of: #", nn: "[^"]*""#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: "version: 1", with: "version: 7")
                #expect(!old.contains("nn:"))
                let dmn = try String(
                    contentsOfFile: RadhusConfig.defaultServicesDirectory() + "/skoleskyss/skoleskyss.dmn",
                    encoding: .utf8)
                let files = ["service.yaml": old, "skoleskyss.dmn": dmn]
                #expect(throws: ServicePackage.Problem.self) { try ServicePackage.compile(files: files) }
                try await CatalogService.insert(
                    id: "skoleskyss", version: 7, title: "Søknad om skoleskyss", publisherID: nil,
                    publisherName: "Radhus", changes: "Før nynorsk.", files: files, now: Date(), on: app.db)
                let entry = try await app.services.entry("skoleskyss", version: 7, on: app.db)
                #expect(entry?.definition.title.nn == nil)
                #expect(entry?.definition.title[.nn] == "Søknad om skoleskyss", "bokmål where it has no nynorsk")
            }
        }
        /// The staff workspace speaks nynorsk too, its users and login settings included.
        @Test func theWorkspaceSpeaksNynorsk() async throws {
            try await withRadhus { app in
                let caseworker = WebClient(app)
                try await caseworker.loginStaff("harstad.saksbehandler")
                caseworker.cookies["radhus_lang"] = "nn"
                let queue = try await caseworker.get("/ansatt/saker")
                #expect(queue.body.contains(#"<html lang="nn">"#))
                #expect(queue.body.contains("Registrer ein søknad som kom på papir"))
                #expect(queue.body.contains(#"hreflang="nb""#), "a way back to bokmål")
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.admin")
                leader.cookies["radhus_lang"] = "nn"
                #expect(try await leader.get("/ansatt/tjenesteverksted").body.contains("Ny teneste frå botnen av"))
                let users = try await leader.get("/ansatt/brukere")
                #expect(users.status == .ok && users.body.contains(#"<html lang="nn">"#))
                #expect(users.body.contains("Inviter ein tilsett") && users.body.contains("Inga eining"))
                #expect(try await leader.get("/ansatt/innlogging").body.contains("Innlogging for tilsette"))
            }
        }
        /// An error says itself in the reader's language where it has one; one written in bokmål
        /// alone is marked `lang="nb"` on a nynorsk page.
        @Test func errorsSpeakTheReadersLanguage() async throws {
            try await withRadhus { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ida)
                citizen.cookies["radhus_lang"] = "nn"
                let missing = try await citizen.get("/mine-saker/\(UUID().uuidString)")
                #expect(missing.status == .notFound && missing.body.contains("Fann ikkje saka."))
                citizen.cookies["radhus_lang"] = "en"
                #expect(try await citizen.get("/k/9999").body.contains("We found no municipality numbered"))
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                staff.cookies["radhus_lang"] = "nn"
                let refused = try await staff.get("/ansatt/tjenester")
                #expect(refused.status == .forbidden && refused.body.contains(#"<html lang="nn">"#))
                #expect(refused.body.contains("<p class=\"lead\">Berre leiar eller administrator kan styre tenestene"))
                // A message written in bokmål alone (the catalogue's publishing rules) is marked so.
                let leader = WebClient(app)
                try await leader.loginStaff("kristiansand.leder")
                leader.cookies["radhus_lang"] = "nn"
                _ = try await leader.get("/ansatt/tjenester/skoleskyss/ny-versjon")
                let yaml = try #require(app.shippedServices.files["skoleskyss"]?["service.yaml"])
                let others = try await leader.post(
                    "/ansatt/tjenester/skoleskyss/ny-versjon",
                    [
                        "tjeneste": yaml.replacingOccurrences(of: "version: 1", with: "version: 2"),
                        "regelfil": "skoleskyss.dmn", "regler": app.shippedServices.rules["skoleskyss"]!.content,
                        "endringer": "Ny frist.",
                    ])
                #expect(others.status == .forbidden && others.body.contains(#"<html lang="nn">"#))
                #expect(others.body.contains(#"<p class="lead" lang="nb">Bare Harstad kommune kan gi ut"#))
            }
        }
    }
}
