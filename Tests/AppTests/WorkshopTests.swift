import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    /// The service workshop (issue 19, Build 9): a kommune makes its own service in the browser
    /// — from scratch or as a copy — with the catalogue's checks on every save, a preview of the
    /// form as a citizen sees it and of the letters, a DMN upload, publishing and adopting.
    @Suite struct WorkshopTests {
        static func draftPath(_ response: WebClient.Page) throws -> String {
            let location = try #require(response.location)
            #expect(location.hasPrefix("/ansatt/tjenesteverksted/"))
            return location
        }

        static func yaml(_ web: WebClient, _ path: String) async throws -> String {
            let page = try await web.get(path)
            let raw = try #require(
                WebClient.firstMatch(#"(?s)<textarea[^>]*name="fil:service.yaml"[^>]*>(.*?)</textarea>"#, in: page.body)
            )
            return raw.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        }

        @Test func kristiansandMakesAServiceFromScratchPreviewsItAndPublishesIt() async throws {
            try await withRadhus { app in
                let leader = WebClient(app)
                try await leader.loginStaff("kristiansand.leder")
                // check: only leaders and admins reach the workshop
                let caseworker = WebClient(app)
                try await caseworker.loginStaff("kristiansand.saksbehandler")
                #expect(try await caseworker.get("/ansatt/tjenesteverksted").status == .forbidden)
                let start = try await leader.get("/ansatt/tjenesteverksted")
                #expect(start.status == .ok && start.body.contains("Ny tjeneste fra bunnen av"))

                // act / check: a bad id and no name are refused field by field, the typing kept
                let bad = try await leader.post(
                    "/ansatt/tjenesteverksted", ["start": "ny", "id": "Grave Arbeid", "tittel": ""])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.contains("2–40 små bokstaver") && bad.body.contains("Skriv navnet på tjenesten"))
                #expect(bad.body.contains(#"value="Grave Arbeid""#))
                let taken = try await leader.post(
                    "/ansatt/tjenesteverksted", ["start": "ny", "id": "skoleskyss", "tittel": "Skoleskyss"])
                #expect(taken.status == .unprocessableEntity && taken.body.contains("har allerede en tjeneste"))
                #expect(try await ServiceWorkshopDraft.query(on: app.db).count() == 0)

                // act: from scratch
                let made = try await leader.post(
                    "/ansatt/tjenesteverksted",
                    ["start": "ny", "id": "gravetillatelse", "tittel": "Søknad om gravetillatelse"])
                let path = try Self.draftPath(made)
                let editor = try await leader.get(path)
                #expect(editor.status == .ok && editor.body.contains("består katalogens kontroller"))
                #expect(editor.body.contains("Fullt navn — navn, text, må besvares"))

                // check: a large file (a modeller's DMN with its diagram runs to hundreds of kB)
                // is saved, beyond the ordinary 64 kB form limit
                let large = try await leader.post(
                    path,
                    [
                        "fil:service.yaml": try await Self.yaml(leader, path) + "\n# "
                            + String(repeating: "ø", count: 150_000) + "\n", "handling": "lagre",
                    ])
                #expect(large.status == .seeOther, "\(large.status)")
                #expect(try await Self.yaml(leader, path).contains(String(repeating: "ø", count: 150_000)))
                // …from signed-in staff only: anyone else is held to the ordinary limit
                let stranger = try await WebClient(app).post(
                    path, ["fil:service.yaml": String(repeating: "ø", count: 150_000)], withCSRF: false)
                #expect(stranger.status == .payloadTooLarge)

                // check: another kommune's leader cannot see or change it
                let harstad = WebClient(app)
                try await harstad.loginStaff("harstad.leder")
                #expect(try await harstad.get(path).status == .notFound)
                #expect(try await harstad.post(path, ["handling": "lagre"]).status == .notFound)

                // act / check: a typo is saved and named in the check, with its path
                let yaml = try await Self.yaml(leader, path)
                #expect(yaml.hasPrefix("# Søknad om gravetillatelse"))
                let typo = yaml.replacingOccurrences(of: "maxLength: 2000", with: "maxLenght: 2000")
                #expect(
                    try await leader.post(path, ["fil:service.yaml": typo, "handling": "lagre"]).status == .seeOther)
                let checked = try await leader.get(path)
                #expect(checked.body.contains("maxLenght") && checked.body.contains("må rettes"))
                #expect(!checked.body.contains("består katalogens kontroller"))
                // a control character is refused at the file, what was typed kept, nothing saved
                let hostile = try await leader.post(
                    path, ["fil:service.yaml": yaml + "\u{0007}", "handling": "lagre"])
                #expect(hostile.status == .unprocessableEntity && hostile.body.contains("U+0007"))
                #expect(try await Self.yaml(leader, path).contains("maxLenght"))
                // publishing a service with a mistake is refused with the reason
                let refused = try await leader.post(path, ["fil:service.yaml": typo, "handling": "publiser"])
                #expect(refused.status == .unprocessableEntity && refused.body.contains("maxLenght"))
                #expect(
                    try await ServicePackageRecord.query(on: app.db).filter(\.$serviceID == "gravetillatelse").count()
                        == 0)

                // act: a condition and a second step, as a kommune would add them
                let richer = yaml.replacingOccurrences(
                    of: "outcomes:",
                    with: """
                        steps:
                          - id: soker
                            title: { nb: "Søkeren", nn: "Søkjaren" }
                            fields: [navn, adresse]
                          - id: arbeidet
                            title: { nb: "Arbeidet", nn: "Arbeidet" }
                            fields: [beskrivelse, i_vei, trafikkplan]
                        outcomes:
                        """
                ).replacingOccurrences(
                    of: "steps:",
                    with: """
                          - id: i_vei
                            type: yesno
                            label: { nb: "Skal dere grave i vei?", nn: "Skal de grave i veg?", en: "Will you dig in a road?" }
                          - id: trafikkplan
                            type: longtext
                            maxLength: 500
                            showWhen: { field: i_vei, equals: ja }
                            label: { nb: "Hvordan skal trafikken ledes?", nn: "Korleis skal trafikken leiast?", en: "How will traffic be routed?" }
                        steps:
                        """)
                #expect(
                    try await leader.post(path, ["fil:service.yaml": richer, "handling": "forhandsvis"]).location
                        == path + "/forhandsvis")
                let outlined = try await leader.get(path)
                #expect(outlined.body.contains("består katalogens kontroller"))
                #expect(outlined.body.contains("Hvordan skal trafikken ledes? — trafikkplan, longtext, må besvares. "))

                // act / check: the preview walks the steps as a citizen would, errors and all
                let page1 = try await leader.get(path + "/forhandsvis?steg=soker&sprak=nb")
                #expect(page1.status == .ok && page1.body.contains("Forhåndsvisning fra tjenesteverkstedet"))
                #expect(page1.body.contains(#"action="\#(path)/forhandsvis?sprak=nb""#))
                let empty = try await leader.post(path + "/forhandsvis?sprak=nb", ["steg": "soker"])
                #expect(empty.status == .unprocessableEntity && empty.body.contains("Fullt navn"))
                let next = try await leader.post(
                    path + "/forhandsvis?sprak=nb",
                    [
                        "steg": "soker", "navn": "Kari Prøvestad", "adresse.gate": "Markens gate 3",
                        "adresse.postnummer": "4611", "adresse.poststed": "Kristiansand",
                    ])
                #expect(next.location == path + "/forhandsvis?steg=arbeidet&sprak=nb")
                let conditional = try await leader.post(
                    path + "/forhandsvis?sprak=nb", ["steg": "arbeidet", "beskrivelse": "Fiberkabel", "i_vei": "ja"])
                #expect(conditional.status == .unprocessableEntity && conditional.body.contains("trafikken"))
                let done = try await leader.post(
                    path + "/forhandsvis?sprak=nb",
                    [
                        "steg": "arbeidet", "beskrivelse": "Fiberkabel", "i_vei": "ja",
                        "trafikkplan": "Manuell dirigering",
                    ])
                #expect(done.location == path + "/eksempelbrev?sprak=nb")
                let letters = try await leader.get(path + "/eksempelbrev?sprak=nb")
                #expect(letters.status == .ok && letters.body.contains("Manuell dirigering"))
                #expect(letters.body.contains("Vi viser til søknaden fra Kari Prøvestad. Søknaden er innvilget."))
                #expect(
                    letters.body.contains("Med vennlig hilsen\nKristiansand kommune")
                        || letters.body.contains("Kristiansand kommune"))
                let nynorsk = try await leader.get(path + "/eksempelbrev?sprak=nn")
                #expect(nynorsk.body.contains(#"<html lang="nn">"#))
                #expect(nynorsk.body.contains("Vi viser til søknaden frå Kari Prøvestad. Søknaden er innvilga."))
                // nothing of the preview became a case or a citizen's draft
                #expect(try await CaseRecord.query(on: app.db).filter(\.$serviceID == "gravetillatelse").count() == 0)

                // act: publish and adopt in one step
                let published = try await leader.post(
                    path,
                    [
                        "fil:service.yaml": richer, "endringer": "Første versjon.", "ta-i-bruk": "ja",
                        "handling": "publiser",
                    ])
                #expect(published.location == "/ansatt/tjenester/gravetillatelse?melding=tatt-i-bruk")
                // check: in the catalogue as Kristiansand's, adopted, the draft gone, offered to citizens
                let package = try #require(
                    try await ServicePackageRecord.query(on: app.db).filter(\.$serviceID == "gravetillatelse").first())
                #expect(package.publisherName == "Kristiansand kommune" && package.version == 1)
                #expect(try await leader.get(path).status == .notFound)
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let form = try await citizen.get("/k/4204/gravetillatelse/soknad")
                #expect(form.status == .ok && form.body.contains("Søkeren"))
                #expect(try await citizen.get("/k/5503/gravetillatelse/soknad").status == .notFound)
            }
        }

        @Test func aCopyGetsItsOwnIDTheRulesComeAsAnUploadedDMNAndThePublisherMakesTheNextVersion() async throws {
            try await withRadhus { app in
                let kristiansand = WebClient(app)
                try await kristiansand.loginStaff("kristiansand.leder")
                // check: Harstad publishes skoleskyss; Kristiansand's copy needs its own id
                let others = try await kristiansand.post(
                    "/ansatt/tjenesteverksted", ["start": "kopi", "kilde": "skoleskyss", "id": "skoleskyss"])
                #expect(others.status == .unprocessableEntity && others.body.contains("gi kopien en egen id"))
                let copy = try await kristiansand.post(
                    "/ansatt/tjenesteverksted", ["start": "kopi", "kilde": "skoleskyss", "id": "skoleskyss-sor"])
                let copyPath = try Self.draftPath(copy)
                let copied = try await kristiansand.get(copyPath)
                #expect(
                    copied.body.contains("id: skoleskyss-sor") && copied.body.contains("bygd på «Søknad om skoleskyss»")
                )
                #expect(copied.body.contains("skoleskyss.dmn") && copied.body.contains("består katalogens kontroller"))
                #expect(copied.body.contains("tjenesten «skoleskyss» i katalogen har samme navn"))

                // act: Harstad, the publisher, starts its next version from its own service
                let harstad = WebClient(app)
                try await harstad.loginStaff("harstad.leder")
                let path = try Self.draftPath(
                    try await harstad.post(
                        "/ansatt/tjenesteverksted", ["start": "kopi", "kilde": "skoleskyss", "id": "skoleskyss"]))
                #expect(try await Self.yaml(harstad, path).contains("version: 2"))
                _ = try await harstad.get(path)

                // act / check: an upload that is not DMN is refused; a broken DMN is named in the check
                let notDMN = try await harstad.postMultipart(
                    path + "/regelfil", [:],
                    files: [.init(field: "regelfil", name: "notater.txt", data: Data("hei".utf8))])
                #expect(notDMN.status == .unprocessableEntity && notDMN.body.contains("Velg en DMN-fil"))
                let broken = try await harstad.postMultipart(
                    path + "/regelfil", [:],
                    files: [.init(field: "regelfil", name: "skoleskyss.dmn", data: Data("<definitions/>".utf8))])
                #expect(broken.location == path + "?melding=lastet-opp#kontroll")
                let checked = try await harstad.get(path)
                #expect(checked.body.contains("skoleskyss.dmn") && checked.body.contains("må rettes"))
                // without the token, nothing is taken
                let original = try #require(app.shippedServices.rules["skoleskyss"]?.content)
                let forged = try await harstad.postMultipart(
                    path + "/regelfil", ["_csrf": "feil"],
                    files: [.init(field: "regelfil", name: "skoleskyss.dmn", data: Data(original.utf8))])
                #expect(forged.status == .forbidden)
                // the file from the modeller, with a byte-order mark and Windows line ends
                let fromModeler = "\u{FEFF}" + original.replacingOccurrences(of: "\n", with: "\r\n")
                #expect(
                    try await harstad.postMultipart(
                        path + "/regelfil", [:],
                        files: [.init(field: "regelfil", name: "Skoleskyss.dmn", data: Data(fromModeler.utf8))]
                    ).status == .seeOther)
                #expect(try await harstad.get(path).body.contains("består katalogens kontroller"))

                // act / check: the preview runs the uploaded rules on the answers
                let answers = [
                    "elevens_fnr": People.child, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Storgata 1",
                    "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole",
                    "trinn": "3", "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "nei",
                ]
                _ = try await harstad.get(path + "/forhandsvis")
                #expect(
                    try await harstad.post(path + "/forhandsvis?sprak=nb", answers).location == path
                        + "/eksempelbrev?sprak=nb")
                let sample = try await harstad.get(path + "/eksempelbrev?sprak=nb")
                #expect(sample.body.contains("Reglene ville avgjort saken automatisk: Innvilget"))
                #expect(sample.body.contains("dette avgjør reglene"))

                // act: publish the next version; Harstad uses skoleskyss, so its page offers the upgrade
                let published = try await harstad.post(
                    path, ["endringer": "Samme regler, ny fil.", "handling": "publiser"])
                #expect(published.location == "/ansatt/tjenester/skoleskyss")
                #expect(
                    try await ServicePackageRecord.query(on: app.db).filter(\.$serviceID == "skoleskyss").count() == 2)
                // Kristiansand's copy has its own id and version 1: still publishable.
                #expect(try await kristiansand.get(copyPath).body.contains("består katalogens kontroller"))
                // delete the draft
                #expect(try await kristiansand.post(copyPath + "/slett").location == "/ansatt/tjenesteverksted")
                #expect(try await ServiceWorkshopDraft.query(on: app.db).count() == 0)
            }
        }
    }
}
