import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

/// Issue 19: an application not sent yet is kept on the server for its person, resumable from
/// another device for 30 days, listed as «Ikke sendt», deleted on request.
extension AppTests {
    @Suite struct DraftTests {
        static let form = "/k/5503/skoleskyss/soknad"

        static func draftCount(_ app: Application) async throws -> Int {
            try await app.db.sql.raw("SELECT COUNT(*) AS n FROM drafts").first()?.decode(column: "n", as: Int.self)
                ?? -1
        }

        @Test func aDraftStartedInOneSessionIsResumedInAnother() async throws {
            try await withRadhus { app in
                let phone = WebClient(app)
                try await phone.loginCitizen(People.ida)
                try await phone.get(Self.form)
                // Half a form, with a mistake: kept as typed.
                let first = try await phone.post(
                    Self.form, ["elevens_navn": "Noah Prøvestad", "trinn": "12", "adresse.gate": "Storgata 1"])
                #expect(first.status == .unprocessableEntity)
                // Another device: a new login, a new session.
                let laptop = WebClient(app)
                try await laptop.loginCitizen(People.ida)
                let mine = try await laptop.get("/mine-saker")
                #expect(mine.body.contains("Ikke sendt"))
                #expect(mine.body.contains("Fortsett: Søknad om skoleskyss"))
                let resumed = try await laptop.get(Self.form)
                #expect(resumed.body.contains(#"value="Noah Prøvestad""#))
                #expect(resumed.body.contains(#"value="12""#))
                #expect(resumed.body.contains(#"value="Storgata 1""#))
                // Someone else sees nothing of it.
                let ola = WebClient(app)
                try await ola.loginCitizen(People.ola)
                #expect(!(try await ola.get("/mine-saker")).body.contains("Ikke sendt"))
                #expect(!(try await ola.get(Self.form)).body.contains("Noah Prøvestad"))
                // Finished and sent on the laptop: the draft is gone.
                _ = try await laptop.applySkoleskyss()
                #expect(try await Self.draftCount(app) == 0)
                #expect(!(try await laptop.get("/mine-saker")).body.contains("Ikke sendt"))
            }
        }

        @Test func saveForLaterAndDeleteOnRequest() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                try await web.get(Self.form)
                let saved = try await web.post(Self.form, ["elevens_navn": "Nora", "handling": "lagre"])
                #expect(saved.status == .seeOther)
                #expect(saved.location == "/mine-saker?lagret=1#utkast")
                let mine = try await web.get(try #require(saved.location))
                #expect(mine.body.contains("Søknaden er lagret"))
                #expect(try await Self.draftCount(app) == 1)
                let deleted = try await web.post(SiteURL.deleteDraft(kommune: "5503", service: "skoleskyss").path)
                #expect(deleted.status == .seeOther)
                #expect(try await Self.draftCount(app) == 0)
                #expect(!(try await web.get(Self.form)).body.contains(#"value="Nora""#))
            }
        }

        @Test func aDraftIsGoneAfterThirtyDays() async throws {
            try await withRadhus { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                try await web.get(Self.form)
                try await web.post(Self.form, ["elevens_navn": "Nora", "handling": "lagre"])
                #expect(try await Drafts.sweep(app, now: Date().addingTimeInterval(29 * 86400)) == 0)
                #expect(try await Drafts.sweep(app, now: Date().addingTimeInterval(31 * 86400)) == 1)
                #expect(try await Self.draftCount(app) == 0)
            }
        }

        @Test func aMultiStepFormChecksEachPageAndKeepsWhatWasTyped() async throws {
            try await withRadhus { app in
                let form = "/k/5503/parkeringstillatelse/soknad"
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                let first = try await web.get(form)
                #expect(first.body.contains("Steg 1 av 4") && first.body.contains(#"aria-current="step""#))
                #expect(!first.body.contains(#"name="rolle""#), "only the first page's questions")
                // Page 1 with a mistake: only page 1's errors, nothing about later pages.
                let wrong = try await web.postMultipart(
                    form, ["steg": "person", "gjelder_fnr": People.ida, "adresse.gate": "Storgata 12"])
                #expect(wrong.status == .unprocessableEntity)
                #expect(wrong.body.contains("Skriv fullt navn"))
                #expect(!wrong.body.contains("sjåfør eller passasjer"))
                let ok = try await web.postMultipart(
                    form,
                    [
                        "steg": "person", "gjelder_fnr": People.ida, "navn": "Ida Testesen",
                        "adresse.gate": "Storgata 12", "adresse.postnummer": "9405", "adresse.poststed": "Harstad",
                    ])
                #expect(ok.location == form + "?steg=behov")
                // «Tilbake» from page 2 keeps what was typed there, unchecked.
                let back = try await web.postMultipart(
                    form, ["steg": "behov", "begrunnelse": "Kort gangavstand", "handling": "tilbake"])
                #expect(back.location == form + "?steg=person")
                #expect(try await web.get(form + "?steg=behov").body.contains("Kort gangavstand"))
                #expect(try await web.get(form + "?steg=person").body.contains(#"value="Ida Testesen""#))
                // Not finished: the check page sends back to the form.
                #expect(try await web.get("/k/5503/parkeringstillatelse/sjekk").status == .seeOther)
                // Resumed later, the form opens at the page the person was on.
                let later = WebClient(app)
                try await later.loginCitizen(People.ida)
                #expect(try await later.get(form).body.contains("Steg 1 av 4"))
                try await later.postMultipart(
                    form, ["steg": "behov", "rolle": "sjafor", "begrunnelse": "Kort gangavstand"])
                // A multi-select: each box its own `hjelpemidler[]`; «Annet» brings its follow-up.
                let boxes = try await later.send(
                    .POST, form,
                    body:
                        "_csrf=\(later.csrf ?? "")&steg=behov&rolle=passasjer&begrunnelse=Kort&hjelpemidler%5B%5D=rullator&hjelpemidler%5B%5D=annet"
                )
                #expect(
                    boxes.status == .unprocessableEntity, "«annet» asks which, and a passenger is asked about a driver")
                #expect(boxes.body.contains("Skriv hvilket annet hjelpemiddel?"))
                #expect(boxes.body.contains("Velg et svar for «Har du alltid med deg noen som kjører?»"))
                #expect(boxes.body.contains(#"value="rullator" id="f-hjelpemidler-0" checked"#))
                #expect(boxes.body.contains(#"value="annet" id="f-hjelpemidler-3" checked"#))
                // In a wheelchair the driver question is not asked (all: [passasjer, not rullestol]).
                let wheelchair = try await later.send(
                    .POST, form,
                    body:
                        "_csrf=\(later.csrf ?? "")&steg=behov&rolle=passasjer&begrunnelse=Kort&hjelpemidler%5B%5D=rullestol&sjaforer=1&sjaforer.0.navn=Kari"
                )
                #expect(
                    wheelchair.location == form + "?steg=legeerklaering",
                    "\(wheelchair.status) \(wheelchair.body.prefix(300))")
                try await later.postMultipart(
                    form, ["steg": "behov", "rolle": "sjafor", "begrunnelse": "Kort gangavstand"])
                let laterAgain = WebClient(app)
                try await laterAgain.loginCitizen(People.ida)
                #expect(try await laterAgain.get(form).body.contains("Steg 3 av 4"))
            }
        }

        @Test func stepsThatDoNotAddUpAreRefused() throws {
            var s = try ShippedServices.load(from: RadhusConfig.defaultServicesDirectory()).services.first {
                $0.id == "parkeringstillatelse"
            }!
            s.steps = [
                .init(id: "a", title: .init(nb: "A", en: "A"), fields: ["navn", "ukjent", "adresse"]),
                .init(id: "b", title: .init(nb: "B", en: "B"), fields: ["navn", "rolle", "begrunnelse"]),
            ]
            let problems = s.problems().joined(separator: "\n")
            #expect(problems.contains("steget «a» viser til det ukjente feltet «ukjent»"))
            #expect(problems.contains("feltet «navn» står i både steget «a» og steget «b»"))
            #expect(problems.contains("feltet «legeerklaering» står ikke i noe steg"))
        }

        @Test func decisionValuesThatDoNotFitAreRefused() throws {
            var s = try ShippedServices.load(from: RadhusConfig.defaultServicesDirectory()).services.first {
                $0.id == "parkeringstillatelse"
            }!
            s.decisionValues = [
                .init(id: "navn", type: .text, label: .init(nb: "A", en: "A")),
                .init(
                    id: "belop", type: .money, label: .init(nb: "B", en: "B"),
                    showWhen: .init(field: "rolle", equals: "x")),
                .init(id: "hvem", type: .person, label: .init(nb: "C", en: "C")),
            ]
            let problems = s.problems().joined(separator: "\n")
            #expect(problems.contains("vedtaksverdien «navn» har samme navn som et felt i skjemaet"))
            #expect(problems.contains("en vedtaksverdi avhenger av utfallet"))
            #expect(problems.contains("vedtaksverdien «hvem» er av typen person"))
        }

        @Test func aRepeatingGroupAddsChecksAndRemovesEntries() async throws {
            try await withRadhus { app in
                let form = "/k/5503/parkeringstillatelse/soknad"
                let web = WebClient(app)
                try await web.loginCitizen(People.ida)
                try await web.get(form + "?steg=behov")
                let base = "_csrf=\(web.csrf ?? "")&steg=behov&rolle=passasjer&begrunnelse=Kort&ledsager=ja"
                // «Legg til ein til»: two entries, what was typed kept, nothing checked yet.
                let added = try await web.send(
                    .POST, form, body: base + "&sjaforer=1&sjaforer.0.navn=Kari&handling=legg-til.sjaforer")
                #expect(added.location == form + "?steg=behov#f-sjaforer", "\(added.status)")
                let two = try await web.get(form + "?steg=behov")
                #expect(two.body.contains("Sjåfør 2"))
                #expect(two.body.contains(#"name="sjaforer.0.navn" value="Kari""#))
                #expect(two.body.contains(#"name="sjaforer.1.navn" value="""#))
                // Each entry checked like a question: the second needs a name, a bad phone is named.
                let checked = try await web.send(
                    .POST, form,
                    body: base + "&sjaforer=2&sjaforer.0.navn=Kari&sjaforer.0.telefon=12&sjaforer.1.navn=")
                #expect(checked.status == .unprocessableEntity)
                #expect(checked.body.contains(##"href="#f-sjaforer-1-navn""##))
                #expect(checked.body.contains(##"href="#f-sjaforer-0-telefon""##))
                // «Fjern sjåfør 1»: Per moves up.
                let removed = try await web.send(
                    .POST, form,
                    body: base + "&sjaforer=2&sjaforer.0.navn=Kari&sjaforer.1.navn=Per&handling=fjern.sjaforer.0")
                #expect(removed.status == .seeOther)
                let one = try await web.get(form + "?steg=behov")
                #expect(one.body.contains(#"name="sjaforer.0.navn" value="Per""#))
                #expect(!one.body.contains("Sjåfør 2"))
                // More than max is refused.
                let many = try await web.send(
                    .POST, form,
                    body: base + "&sjaforer=4&sjaforer.0.navn=A&sjaforer.1.navn=B&sjaforer.2.navn=C&sjaforer.3.navn=D")
                #expect(many.body.contains("kan ha høyst 3"))
                // Valid: on to the next page; the answers hold each entry.
                let ok = try await web.send(
                    .POST, form,
                    body: base + "&sjaforer=2&sjaforer.0.navn=Kari&sjaforer.1.navn=Per&sjaforer.1.telefon=91234567")
                #expect(ok.location == form + "?steg=legeerklaering")
            }
        }
    }
}
