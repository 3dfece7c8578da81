import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    @Suite struct CitizenJourneyTests {
        /// The whole path in the issue: apply → caseworker decides → letter in the inbox.
        @Test func applyDecideAndReadTheLetter() async throws {
            try await withRadhus { app in
                // setup: a citizen and a caseworker in separate browsers
                let citizen = WebClient(app)
                let staff = WebClient(app)

                // act: the citizen applies
                try await citizen.loginCitizen(People.ola)
                let receiptPath = try await citizen.applySkoleskyss()
                let receipt = try await citizen.get(receiptPath)

                // check: the receipt shows the saksnummer and the deadline
                #expect(receipt.status == .ok)
                let year = NorwegianCalendar().year(of: Date())
                #expect(receipt.body.contains("\(year)/1"))
                #expect(receipt.body.contains("Søknaden er sendt"))
                let cases = try await CaseRecord.query(on: app.db).all()
                #expect(cases.count == 1)
                let record = try #require(cases.first)
                #expect(record.caseStatus == .mottatt)
                #expect(record.answers["avstand_km"] == "5.5")
                let dueIn = record.dueAt.timeIntervalSince(record.submittedAt) / 86400
                #expect(abs(dueIn - 21) < 0.1)

                // check: mine saker lists it with its status
                let mine = try await citizen.get("/mine-saker")
                #expect(mine.body.contains("\(year)/1") && mine.body.contains("Mottatt"))

                // act: the caseworker finds it in the queue and opens it
                try await staff.loginStaff("harstad.saksbehandler")
                let queue = try await staff.get("/ansatt/saker")
                #expect(queue.body.contains("\(year)/1"))
                let casePath = "/ansatt/saker/\(record.id!.uuidString.lowercased())"
                let casePage = try await staff.get(casePath)
                #expect(casePage.status == .ok)
                // check: the fødselsnummer is masked until revealed
                #expect(!casePage.body.contains(People.ola))
                #expect(casePage.body.contains(String(People.ola.prefix(6)) + " *****"))
                #expect(try await AccessLogEntry.query(on: app.db).filter(\.$action == "view_case").count() == 1)

                // act: decide
                let decided = try await staff.post(
                    casePath + "/vedtak",
                    [
                        "utfall": "innvilget",
                        "begrunnelse": "Skoleveien er 5,5 km, over grensen på 4 km for 2.–10. trinn.",
                        "hjemmel": "opplæringslova § 3-7",
                    ])
                #expect(decided.status == .seeOther)

                // check: decision, letter and closed case, all written
                let after = try #require(try await CaseRecord.find(record.id, on: app.db))
                #expect(after.caseStatus == .avsluttet)
                #expect(after.decidedAt != nil)
                let decision = try #require(try await DecisionRecord.query(on: app.db).first())
                #expect(
                    decision.outcome == "innvilget" && !decision.automated
                        && decision.decidedByName.contains("Hanne Hansen"))
                let letters = try await LetterRecord.query(on: app.db).all()
                #expect(letters.count == 1)
                #expect(letters[0].recipientFnr == People.ola)

                // act: the citizen reads the letter in the inbox
                let inbox = try await citizen.get("/innboks")
                #expect(inbox.body.contains("Vedtak om skoleskyss for Noah Prøvestad"))
                #expect(inbox.body.contains("Ulest"))
                let letter = try await citizen.get("/innboks/\(letters[0].id!.uuidString.lowercased())")
                #expect(letter.status == .ok)
                for part in ["Begrunnelse", "Skoleveien er 5,5 km", "opplæringslova § 3-7", "Du kan klage", "3 uker"] {
                    #expect(letter.body.contains(part), "letter lacks \(part)")
                }
                #expect(try await LetterRecord.find(letters[0].id, on: app.db)?.readAt != nil)
                #expect(!(try await citizen.get("/innboks")).body.contains("Ulest"))

                // check: the timeline has every step, in order
                let kinds = try await CaseEventRecord.query(on: app.db).filter(\.$caseID == record.id!).sort(\.$at)
                    .all().map(\.kind)
                #expect(kinds == ["submitted", "opened", "decided", "letter_sent", "letter_read"])
                let caseView = try await citizen.get("/mine-saker/\(record.id!.uuidString.lowercased())")
                #expect(caseView.body.contains("Vedtak fattet") && caseView.body.contains("Brevet ble lest"))
            }
        }

        @Test func formErrorsAreShownFieldByFieldAndKeepWhatWasTyped() async throws {
            try await withRadhus { app in
                // setup
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ida)
                try await citizen.get("/k/5503/skoleskyss/soknad")
                // act: a form with errors
                let page = try await citizen.post(
                    "/k/5503/skoleskyss/soknad",
                    [
                        "elevens_fnr": "12345678901", "elevens_navn": "Nora <b>Demodal</b>", "trinn": "11",
                        "avstand_km": "fire",
                        "adresse.gate": "Storgata 1", "adresse.postnummer": "94", "adresse.poststed": "Harstad",
                    ])
                #expect(page.status == .unprocessableEntity)
                #expect(page.body.contains("Det er 7 feil i skjemaet"))
                #expect(page.body.contains("Fødselsnummeret er ikke gyldig"))
                #expect(page.body.contains("«Trinn» må være mellom 1 og 10"))
                #expect(page.body.contains("«Avstand fra hjemmet til skolen i kilometer» må være et tall"))
                #expect(page.body.contains("Postnummeret må være 4 siffer"))
                #expect(
                    page.body.contains("Velg et av alternativene for «Skole»")
                        || page.body.contains("Velg et svar for «Skole»"))
                // check: what was typed is kept, escaped
                #expect(page.body.contains(#"value="12345678901""#))
                #expect(page.body.contains(#"value="Nora &lt;b&gt;Demodal&lt;/b&gt;""#))
                #expect(page.body.contains(#"value="fire""#))
                #expect(page.body.contains(##"href="#f-elevens_fnr""##), "the summary links to the field")
                #expect(try await CaseRecord.query(on: app.db).count() == 0)
            }
        }

        @Test func englishIsOffered() async throws {
            try await withRadhus { app in
                // act: switch to English
                let web = WebClient(app)
                let switched = try await web.get("/sprak/en?tilbake=/k/5503/skoleskyss")
                #expect(switched.status == .seeOther && switched.location == "/k/5503/skoleskyss")
                let page = try await web.get("/k/5503/skoleskyss")
                #expect(page.body.contains(#"<html lang="en">"#))
                #expect(page.body.contains("Apply for school transport"))
                // act / check: an open redirect is refused
                let evil = try await web.get("/sprak/en?tilbake=//evil.example")
                #expect(evil.location == "/")
            }
        }
    }
}
