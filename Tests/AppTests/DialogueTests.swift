import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 20: the dialogue on a case — requests for information with their due dates, the
    /// deadline's pause, reminders and expiry, messages both ways, notes that stay inside the
    /// kommune, assignment, and the state machine under all of it.
    @Suite struct DialogueTests {
        static let cal = NorwegianCalendar()
        static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10) -> Date {
            cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
        }

        static func caseID(_ receipt: String) throws -> UUID {
            try #require(UUID(uuidString: String(receipt.split(separator: "/")[1])))
        }

        static func events(_ app: Application, _ caseID: UUID) async throws -> [String] {
            try await CaseEventRecord.query(on: app.db).filter(\.$caseID == caseID).sort(\.$at).all().map(\.kind)
        }

        @Test func aRequestWaitsForTheApplicantPausesTheDeadlineAndTheAnswerReturnsTheCase() async throws {
            let clock = ManualClock(Self.oslo(2026, 3, 2))
            try await withRadhus(clock: clock) { app in
                // setup: Ola applies for skoleskyss (a service whose deadline pauses)
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let caseID = try Self.caseID(try await citizen.applySkoleskyss())
                let submitted = try #require(try await CaseRecord.find(caseID, on: app.db))
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                #expect(try await staff.get(SiteURL.staffCase(caseID).path).status == .ok)
                // act: the caseworker asks for a statement from the school, due in a week
                clock.advance(by: 60)
                let asked = clock.now()
                let sent = try await staff.post(
                    SiteURL.caseDialogue(caseID, .request).path,
                    ["tekst": "Send oss en bekreftelse fra skolen på skoleveien.", "frist": "09.03.2026"])
                #expect(sent.status == .seeOther)
                // check: the case waits, for the caseworker and for the citizen
                let waiting = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(waiting.caseStatus == .venterPaSoker)
                #expect(
                    try await staff.get(SiteURL.queue(service: nil, status: nil).path).body.contains("Venter på søker"))
                let mine = try await citizen.get(SiteURL.myCase(caseID).path)
                #expect(mine.body.contains("Venter på deg") && mine.body.contains("bekreftelse fra skolen"))
                #expect(mine.body.contains("Svar innen 09.03.2026"))
                // …and the request went to the inbox as a letter on the dispatch path
                let letters = try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).all()
                #expect(letters.map(\.title) == ["Vi trenger flere opplysninger i sak \(submitted.saksnummer)"])
                #expect(try await ShipmentRecord.query(on: app.db).filter(\.$caseID == caseID).count() > 0)
                // act: three days later Ola answers in the portal
                clock.advance(by: 3 * 86_400)
                let answered = clock.now()
                // (sessions end when idle: both sign in again after the days that passed)
                try await citizen.loginCitizen(People.ola)
                try await staff.loginStaff("harstad.saksbehandler")
                let answer = try await citizen.post(
                    SiteURL.myCaseMessage(caseID).path, ["tekst": "Rektor bekrefter at veien mangler fortau."])
                #expect(answer.status == .seeOther && answer.location == SiteURL.myCase(caseID, flash: .sent).path)
                // check: back with the caseworker, marked, the deadline moved by the time waited exactly
                let back = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(back.caseStatus == .underBehandling)
                #expect(back.attention == CaseAttention.answered.rawValue)
                #expect(back.dueAt == submitted.dueAt.addingTimeInterval(answered.timeIntervalSince(asked)))
                let request = try #require(try await InformationRequest.query(on: app.db).first())
                #expect(request.outcome == "besvart" && request.closedAt == answered && request.pauses)
                #expect(
                    try await Self.events(app, caseID) == [
                        "submitted", "opened", "information_requested", "letter_sent", "information_received",
                    ])
                let queue = try await staff.get(SiteURL.queue(service: nil, status: nil).path)
                #expect(queue.body.contains("Svar mottatt"))
                let page = try await staff.get(SiteURL.staffCase(caseID).path)
                #expect(page.body.contains("Rektor bekrefter at veien mangler fortau."))
                #expect(page.body.contains("Svar på forespørsel"))
                // check: on record — the application (I), the request (U), the answer (I)
                try await JournalRegistrar(app: app).registerPending()
                let journal = try await JournalEntry.query(on: app.db).filter(\.$caseID == caseID)
                    .sort(\.$documentNumber).all()
                #expect(journal.map(\.type) == ["I", "U", "I"])
                #expect(journal.map(\.documentNumber) == [1, 2, 3])
                #expect(journal.last?.publicTitle == "Svar fra søker på forespørsel om opplysninger")
                guard case .success = try await ArchiveVerifier(db: app.db).verify() else {
                    Issue.record("the journal's chain is broken")
                    return
                }
                // check: the facts insights read carry the moved due date
                _ = try await EventFeed(app: app).sequencePending()
                _ = try await InsightsService(app: app).aggregate()
                let facts = try await app.db.sql.select().column("due_at").from("case_facts")
                    .where("case_id", .equal, SQLBind(caseID)).first()
                #expect(try facts?.decode(column: "due_at", as: Date.self) == back.dueAt)
            }
        }

        @Test func aReminderGoesOutBeforeTheDueDateAndAfterItTheCaseReturnsMarked() async throws {
            let clock = ManualClock(Self.oslo(2026, 3, 2))
            try await withRadhus(clock: clock) { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let caseID = try Self.caseID(try await citizen.applySkoleskyss())
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                _ = try await staff.get(SiteURL.staffCase(caseID).path)
                let before = try #require(try await CaseRecord.find(caseID, on: app.db)).dueAt
                let asked = clock.now()
                #expect(
                    try await staff.post(
                        SiteURL.caseDialogue(caseID, .request).path, ["tekst": "Legeerklæring", "frist": "09.03.2026"]
                    ).status == .seeOther)
                let dialogue = DialogueService(db: app.db, writer: app.writer, clock: clock, services: app.services)
                // act / check: nothing to do four days ahead of the due date
                clock.set(Self.oslo(2026, 3, 5))
                #expect(try await dialogue.remindAndExpire() == 0)
                // act / check: one reminder, two days before, digital only (paper would come late)
                clock.set(Self.oslo(2026, 3, 8))
                #expect(try await dialogue.remindAndExpire() == 1)
                #expect(try await dialogue.remindAndExpire() == 0, "one reminder, not one per tick")
                let reminder = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).all()
                        .first { $0.title.hasPrefix("Påminnelse") })
                let shipments = try await ShipmentRecord.query(on: app.db).filter(\.$letterID == reminder.id!).all()
                #expect(!shipments.isEmpty && shipments.allSatisfy(\.digitalOnly))
                // act: the due date passes without an answer
                clock.set(Self.oslo(2026, 3, 10, 0) + 60)
                #expect(try await dialogue.remindAndExpire() == 1)
                // check: back with the caseworker, marked; the deadline moved by the days waited
                let record = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(record.caseStatus == .underBehandling && record.attention == CaseAttention.expired.rawValue)
                #expect(record.dueAt == before.addingTimeInterval(clock.now().timeIntervalSince(asked)))
                #expect(try await Self.events(app, caseID).suffix(2) == ["reminder_sent", "request_expired"])
                try await citizen.loginCitizen(People.ola)
                try await staff.loginStaff("harstad.saksbehandler")
                let queue = try await staff.get(SiteURL.queue(service: nil, status: nil).path)
                #expect(queue.body.contains("Svarfrist gått ut"))
                // check: the citizen can still write, now as an ordinary message
                let late = try await citizen.post(
                    SiteURL.myCaseMessage(caseID).path, ["tekst": "Beklager, her kommer det."])
                #expect(late.status == .seeOther)
                #expect(try await Self.events(app, caseID).last == "message_received")
            }
        }

        /// Forvaltningsloven § 11 a: a case still open when its month is about to end gets a
        /// preliminary answer — automatically, once, warned of in the queue; or from the
        /// caseworker with their reason, which stops the automatic one. A decided case gets none.
        @Test func aCaseStillOpenAfterAMonthGetsItsPreliminaryAnswerOnce() async throws {
            let clock = ManualClock(Self.oslo(2026, 3, 2))
            try await withRadhus(clock: clock) { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let open = try Self.caseID(try await citizen.applySkoleskyss(distance: "5,5"))
                let manual = try Self.caseID(try await citizen.applySkoleskyss(distance: "6,5"))
                let decided = try Self.caseID(try await citizen.applySkoleskyss(distance: "7,5"))
                let record = try #require(try await CaseRecord.find(open, on: app.db))
                #expect(record.preliminaryDueAt == Self.oslo(2026, 3, 28))
                let staff = try await PageModelTests.staff(app, "harstad.saksbehandler")
                let dialogue = DialogueService(db: app.db, writer: app.writer, clock: clock, services: app.services)
                let casework = CaseworkService(db: app.db, writer: app.writer, clock: clock, services: app.services)
                guard
                    case .decided = try await casework.decide(
                        caseID: decided,
                        draft: DecisionDraft(
                            outcomeID: "innvilget", reasons: "Skoleveien er over 4 km.",
                            legalBasis: "opplæringslova § 3-7"),
                        by: staff)
                else {
                    Issue.record("not decided")
                    return
                }
                // the caseworker answers one case herself, with the reason
                clock.set(Self.oslo(2026, 3, 20))
                let sent = try await dialogue.write(
                    DialogueDraft(
                        kind: .preliminary, text: "Vi må vurdere skoleveien på stedet.", due: "15.04.2026"),
                    caseID: manual, by: staff)
                guard case .done = sent else {
                    Issue.record("refused: \(sent)")
                    return
                }
                // the queue warns five days ahead of the automatic one
                let early = try await Queue.Model.query(
                    Queue.Filter(), staff: staff, services: app.services, now: clock.now(), on: app.db)
                #expect(early.rows.allSatisfy { $0.preliminarySoon == nil })
                clock.set(Self.oslo(2026, 3, 24))
                let warned = try await Queue.Model.query(
                    Queue.Filter(), staff: staff, services: app.services, now: clock.now(), on: app.db)
                #expect(warned.rows.filter { $0.preliminarySoon != nil }.map(\.id) == [open])
                // act: the day before nothing goes; on the day it goes, once
                clock.set(Self.oslo(2026, 3, 27))
                #expect(try await dialogue.sendDuePreliminaryAnswers() == 0)
                clock.set(Self.oslo(2026, 3, 28, 11))
                #expect(try await dialogue.sendDuePreliminaryAnswers() == 1)
                #expect(try await dialogue.sendDuePreliminaryAnswers() == 0)
                // check: the letter says why and when (the due date passed: two weeks on), on the dispatch path
                let letters = try await LetterRecord.query(on: app.db).filter(\.$caseID == open).all()
                let letter = try #require(letters.first { $0.title == "Foreløpig svar i sak \(record.saksnummer)" })
                #expect(letter.body.contains("Vi regner med å svare innen 11.04.2026"))
                #expect(letter.body.contains("forvaltningsloven § 11 a"))
                #expect(try await ShipmentRecord.query(on: app.db).filter(\.$letterID == letter.id!).count() > 0)
                #expect(try await Self.events(app, open).contains("preliminary_answer"))
                // the caseworker's: their reason and date; no automatic one after it; none for the decided case
                let own = try await LetterRecord.query(on: app.db).filter(\.$caseID == manual).all()
                #expect(own.filter { $0.title.hasPrefix("Foreløpig svar") }.count == 1)
                #expect(own.first?.body.contains("Vi må vurdere skoleveien på stedet.") == true)
                #expect(own.first?.body.contains("15.04.2026") == true)
                #expect(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == decided).all()
                        .allSatisfy { !$0.title.hasPrefix("Foreløpig svar") })
                #expect(try await CaseRecord.find(decided, on: app.db)?.preliminaryDueAt == nil)
            }
        }

        /// The right an automated decision's letter names: the applicant asks, the case reopens
        /// to a person with the rule trace, and their decision is a new one referring to it.
        @Test func anAutomatedDecisionIsReviewedByACaseworkerOnRequest() async throws {
            try await withRadhus { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let caseID = try Self.caseID(
                    try await citizen.applySkoleskyss(distance: "5,5", grade: "3", needsCaseworker: false))
                let automated = try #require(try await DecisionRecord.query(on: app.db).first())
                #expect(automated.automated)
                // the letter says how, and links to the form on the case
                let letter = try #require(try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).first())
                #expect(letter.body.contains("Det kan du gjøre under saken i «Mine saker»"))
                let letterPage = try await citizen.get(SiteURL.letter(letter.id!).path)
                #expect(letterPage.body.contains(SiteURL.myCase(caseID).path + "#vurdering"))
                let mine = try await citizen.get(SiteURL.myCase(caseID).path)
                #expect(mine.body.contains("Be om at en saksbehandler vurderer vedtaket"))
                // act: Ola asks, with a reason
                let asked = try await citizen.post(
                    SiteURL.myCaseReview(caseID).path, ["tekst": "Veien er farligere enn avstanden tilsier."])
                #expect(asked.status == .seeOther && asked.location == SiteURL.myCase(caseID, flash: .review).path)
                // check: reopened to a person, marked; asking twice is refused
                let reopened = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(reopened.caseStatus == .underBehandling && reopened.attention == CaseAttention.review.rawValue)
                let again = try await citizen.post(SiteURL.myCaseReview(caseID).path, ["tekst": ""])
                #expect(again.status == .conflict)
                // the caseworker sees the rule trace, the automated decision and the form
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let page = try await staff.get(SiteURL.staffCase(caseID).path)
                #expect(page.body.contains("Regelvurdering") && page.body.contains("Tidligere vedtak"))
                #expect(page.body.contains("Veien er farligere enn avstanden tilsier."))
                #expect(page.body.contains(SiteURL.decide(caseID).path))
                let decided = try await staff.post(
                    SiteURL.decide(caseID).path,
                    [
                        "utfall": "innvilget", "begrunnelse": "Vurdert på nytt: skoleveien er over 4 km og farlig.",
                        "hjemmel": "opplæringslova § 3-7",
                    ])
                #expect(decided.status == .seeOther)
                // check: a new decision that refers to the automated one; both on record
                let decisions = try await DecisionRecord.query(on: app.db).filter(\.$caseID == caseID)
                    .sort(\.$decidedAt).all()
                #expect(decisions.count == 2)
                #expect(decisions.last?.automated == false && decisions.last?.reviewsDecisionID == automated.id)
                let letters = try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).sort(\.$createdAt)
                    .all()
                #expect(letters.last?.body.contains("erstatter det automatiske vedtaket") == true)
                let closed = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(closed.caseStatus == .avsluttet && closed.attention == nil)
                #expect(
                    try await Self.events(app, caseID).filter { ["decided", "review_requested"].contains($0) } == [
                        "decided", "review_requested", "decided",
                    ])
                // a decision made by a person cannot be "reviewed" this way (that is an appeal)
                #expect(try await citizen.post(SiteURL.myCaseReview(caseID).path, ["tekst": ""]).status == .conflict)
                #expect(!(try await citizen.get(SiteURL.myCase(caseID).path)).body.contains("Be om vurdering"))
            }
        }

        @Test func aDeadlineThatDoesNotPauseRunsOnWhileWaiting() async throws {
            let clock = ManualClock(Self.oslo(2026, 3, 2))
            try await withRadhus(clock: clock) { app in
                // barnehageplass: admission dates are fixed, so its deadline does not pause
                let receipt = try await PageModelTests.submit(
                    app, kommune: "4204", applicant: People.ida, at: clock.now())
                let staff = try await PageModelTests.staff(app, "kristiansand.saksbehandler")
                let dialogue = DialogueService(db: app.db, writer: app.writer, clock: clock, services: app.services)
                let result = try await dialogue.write(
                    DialogueDraft(kind: .request, text: "Bekreftelse på arbeidsforhold", due: "10.03.2026"),
                    caseID: receipt.caseID, by: staff)
                guard case .done = result else {
                    Issue.record("refused: \(result)")
                    return
                }
                clock.advance(by: 2 * 86_400)
                let before = try #require(try await CaseRecord.find(receipt.caseID, on: app.db)).dueAt
                try await dialogue.withdrawRequest(caseID: receipt.caseID, by: staff)
                let record = try #require(try await CaseRecord.find(receipt.caseID, on: app.db))
                #expect(record.caseStatus == .underBehandling && record.dueAt == before)
                #expect(try await InformationRequest.query(on: app.db).first()?.pauses == false)
            }
        }

        @Test func theStateMachineRefusesIllegalStepsAndWritesNothing() async throws {
            try await withRadhus { app in
                let receipt = try await PageModelTests.submit(app, kommune: "4204", applicant: People.ida, at: Date())
                let staff = try await PageModelTests.staff(app, "kristiansand.saksbehandler")
                let dialogue = DialogueService(db: app.db, writer: app.writer, clock: app.clock, services: app.services)
                let ida = try Fodselsnummer(People.ida, policy: .synthetic)
                // a request cannot be withdrawn when none waits
                await #expect(throws: RadhusError.self) {
                    try await dialogue.withdrawRequest(caseID: receipt.caseID, by: staff)
                }
                // a second request while the first waits is refused
                let due = Self.cal.isoDate(app.clock.now().addingTimeInterval(5 * 86_400))
                _ = try await dialogue.write(
                    DialogueDraft(kind: .request, text: "Første", due: due), caseID: receipt.caseID, by: staff)
                await #expect(throws: RadhusError.self) {
                    _ = try await dialogue.write(
                        DialogueDraft(kind: .request, text: "Andre", due: due), caseID: receipt.caseID, by: staff)
                }
                #expect(try await InformationRequest.query(on: app.db).count() == 1)
                // decided: no request, no message from either side; a note still may be written
                let decided = try await CaseworkService(
                    db: app.db, writer: app.writer, clock: app.clock, services: app.services
                ).decide(
                    caseID: receipt.caseID,
                    draft: DecisionDraft(
                        outcomeID: "avslatt", reasons: "Barnet har ikke rett til plass nå.",
                        legalBasis: "barnehageloven § 16"),
                    by: staff)
                guard case .decided = decided else {
                    Issue.record("not decided: \(String(describing: decided))")
                    return
                }
                let eventsBefore = try await Self.events(app, receipt.caseID)
                await #expect(throws: RadhusError.self) {
                    _ = try await dialogue.write(
                        DialogueDraft(kind: .request, text: "Tredje", due: due), caseID: receipt.caseID, by: staff)
                }
                await #expect(throws: RadhusError.self) {
                    _ = try await dialogue.write(
                        DialogueDraft(kind: .message, text: "Hei"), caseID: receipt.caseID, by: staff)
                }
                await #expect(throws: RadhusError.self) {
                    _ = try await dialogue.citizenWrites(
                        DialogueDraft(kind: .message, text: "Hei"), caseID: receipt.caseID, applicant: ida)
                }
                #expect(try await Self.events(app, receipt.caseID) == eventsBefore)
                let note = try await dialogue.write(
                    DialogueDraft(kind: .note, text: "Ringt søker"), caseID: receipt.caseID, by: staff)
                guard case .done = note else {
                    Issue.record("note refused")
                    return
                }
                // the open request closed with the decision? no: it stays as asked, the case decided
                #expect(try await CaseRecord.find(receipt.caseID, on: app.db)?.caseStatus == .avsluttet)
            }
        }

        @Test func refusedFormsComeBackWithWhatWasTypedAndTheProblemAtItsField() async throws {
            try await withRadhus { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let caseID = try Self.caseID(try await citizen.applySkoleskyss())
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let refused = try await staff.post(
                    SiteURL.caseDialogue(caseID, .request).path, ["tekst": "Legeerklæring", "frist": "i morgen"])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.contains("Skriv svarfristen som dd.mm.åååå"))
                #expect(refused.body.contains("href=\"#f-foresporsel-frist\""))
                #expect(
                    refused.body.contains(#"value="i morgen""#) && refused.body.contains(">Legeerklæring</textarea>"))
                #expect(try await CaseRecord.find(caseID, on: app.db)?.caseStatus == .underBehandling)
                let past = try await staff.post(
                    SiteURL.caseDialogue(caseID, .request).path, ["tekst": "X", "frist": "01.01.2020"])
                #expect(past.status == .unprocessableEntity && past.body.contains("fra i morgen til 90 dager fram"))
                let empty = try await citizen.post(SiteURL.myCaseMessage(caseID).path, ["tekst": "   "])
                #expect(empty.status == .unprocessableEntity && empty.body.contains("Skriv en melding."))
                let long = try await citizen.post(
                    SiteURL.myCaseMessage(caseID).path, ["tekst": String(repeating: "a", count: 10_001)])
                #expect(long.status == .unprocessableEntity && long.body.contains("høyst 10 000 tegn"))
                let control = try await citizen.post(SiteURL.myCaseMessage(caseID).path, ["tekst": "Hei\u{7}"])
                #expect(control.status == .unprocessableEntity)
                #expect(try await CaseMessage.query(on: app.db).count() == 0)
                // another person's case is not found, and nothing is written
                let other = WebClient(app)
                try await other.loginCitizen(People.ida)
                #expect(try await other.post(SiteURL.myCaseMessage(caseID).path, ["tekst": "Hei"]).status == .notFound)
                #expect(try await CaseMessage.query(on: app.db).count() == 0)
            }
        }

        @Test func notesNeverReachTheCitizenTheAPIOrThePublicJournal() async throws {
            try await withRadhus { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let caseID = try Self.caseID(try await citizen.applySkoleskyss())
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let secret = "Internt-NOTAT-7f3a: far virket usikker på avstanden"
                #expect(
                    try await staff.post(SiteURL.caseDialogue(caseID, .note).path, ["tekst": secret]).status
                        == .seeOther)
                #expect(
                    try await staff.post(
                        SiteURL.caseDialogue(caseID, .message).path, ["tekst": "Hei Ola, vi ser på saken."]
                    )
                    .status == .seeOther)
                // check: the caseworker sees both, marked
                let page = try await staff.get(SiteURL.staffCase(caseID).path)
                #expect(page.body.contains(secret) && page.body.contains("Internt notat – vises ikke for søker"))
                // check: the citizen sees the message, never the note — in the case, the inbox, the letters
                let mine = try await citizen.get(SiteURL.myCase(caseID).path)
                #expect(mine.body.contains("Hei Ola, vi ser på saken.") && !mine.body.contains("7f3a"))
                #expect(!(try await citizen.get(SiteURL.inbox.path)).body.contains("7f3a"))
                for letter in try await LetterRecord.query(on: app.db).all() {
                    #expect(!letter.body.contains("7f3a"))
                    #expect(!(try await citizen.get(SiteURL.letter(letter.id!).path)).body.contains("7f3a"))
                }
                // check: not in the journal, its documents, the public journal, the events or the API
                try await JournalRegistrar(app: app).registerPending()
                for doc in try await JournalDocument.query(on: app.db).all() {
                    #expect(!String(decoding: doc.content, as: UTF8.self).contains("7f3a"))
                }
                let journal = try await JournalEntry.query(on: app.db).filter(\.$caseID == caseID).all()
                #expect(journal.map(\.type).sorted() == ["I", "U"])
                let publicJournal = try await WebClient(app).get("/k/5503/postjournal")
                #expect(publicJournal.status == .ok && !publicJournal.body.contains("7f3a"))
                for e in try await CaseEventRecord.query(on: app.db).all() { #expect(!e.detail.contains("7f3a")) }
                let api = try await PublicAPITests.Client.make(app)
                for path in [
                    "/kommuner/5503/saker/\(caseID)", "/kommuner/5503/saker/\(caseID)/brev", "/kommuner/5503/hendelser",
                ] {
                    let read = try await api.call(.GET, path)
                    #expect(read.status == .ok, "\(path): \(read.status)")
                    #expect(!read.body.contains("7f3a"), "\(path)")
                }
            }
        }

        @Test func casesAreAssignedAndTheQueueShowsMineAndTheUnassigned() async throws {
            try await withRadhus { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let first = try Self.caseID(try await citizen.applySkoleskyss(distance: "5,5"))
                let second = try Self.caseID(try await citizen.applySkoleskyss(distance: "6,5"))
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                #expect(
                    try await staff.post(SiteURL.assignCase(first).path, ["saksbehandler": "meg"]).status == .seeOther)
                let me = try await StaffUser.query(on: app.db).filter(\.$username == "harstad.saksbehandler").first()
                #expect(try await CaseRecord.find(first, on: app.db)?.assignedTo == me?.id)
                let mine = try await staff.get(SiteURL.queue(service: nil, status: nil, assigned: "meg").path)
                let unassigned = try await staff.get(SiteURL.queue(service: nil, status: nil, assigned: "ingen").path)
                let firstNumber = try #require(try await CaseRecord.find(first, on: app.db)).saksnummer.description
                let secondNumber = try #require(try await CaseRecord.find(second, on: app.db)).saksnummer.description
                #expect(mine.body.contains(">\(firstNumber)<") && !mine.body.contains(">\(secondNumber)<"))
                #expect(unassigned.body.contains(">\(secondNumber)<") && !unassigned.body.contains(">\(firstNumber)<"))
                // a staff member of another kommune cannot be assigned, and nobody outside the kommune assigns
                let other = try #require(
                    try await StaffUser.query(on: app.db).filter(\.$username == "kristiansand.saksbehandler").first())
                let foreign = try await staff.post(
                    SiteURL.assignCase(second).path, ["saksbehandler": other.id!.uuidString])
                #expect(foreign.status == .unprocessableEntity)
                let outsider = WebClient(app)
                try await outsider.loginStaff("kristiansand.saksbehandler")
                #expect(
                    try await outsider.post(SiteURL.assignCase(second).path, ["saksbehandler": "meg"]).status
                        == .notFound)
                #expect(try await CaseRecord.find(second, on: app.db)?.assignedTo == nil)
                #expect(try await Self.events(app, first).last == "assigned")
            }
        }

        /// The queue finds cases by the applicant's name (each found case logged), assigns the
        /// chosen rows at once (all of the kommune's own or none), and keeps a caseworker's
        /// saved filters.
        @Test func nameSearchBulkAssignAndSavedFilters() async throws {
            try await withRadhus { app in
                let ola = WebClient(app)
                try await ola.loginCitizen(People.ola)
                let first = try Self.caseID(try await ola.applySkoleskyss(distance: "5,5"))
                let second = try Self.caseID(try await ola.applySkoleskyss(distance: "6,5"))
                let ida = WebClient(app)
                try await ida.loginCitizen(People.ida)
                let idas = try Self.caseID(try await ida.applySkoleskyss(distance: "7,5"))
                let foreign = try await PageModelTests.submit(app, kommune: "4204", applicant: People.ida, at: Date())
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                var numbers: [UUID: String] = [:]
                for id in [first, second, idas] {
                    numbers[id] = try #require(try await CaseRecord.find(id, on: app.db)).saksnummer.description
                }
                // name search: Ola's two, not Ida's; each found case logged
                let found = try await staff.get("/ansatt/saker?navn=pr%C3%B8vestad")
                #expect(found.status == .ok)
                #expect(found.body.contains(">\(numbers[first]!)<") && found.body.contains(">\(numbers[second]!)<"))
                #expect(!found.body.contains(">\(numbers[idas]!)<"))
                #expect(found.body.contains("Navnesøk føres i tilgangsloggen"))
                let logged = try await AccessLogEntry.query(on: app.db).filter(\.$action == "search_name").all()
                #expect(Set(logged.map(\.caseID)) == [first, second])
                guard case .success = try await ArchiveVerifier(db: app.db).verify() else {
                    Issue.record("the access log's chain is broken by the name search's rows")
                    return
                }
                // bulk assign: one case of another kommune among them refuses the lot
                let queue = try await staff.get("/ansatt/saker")
                #expect(queue.status == .ok)
                let refused = try await staff.send(
                    .POST, SiteURL.bulkAssign.path,
                    body: "_csrf=\(staff.csrf!)&sak%5B%5D=\(first)&sak%5B%5D=\(foreign.caseID)&saksbehandler=meg")
                #expect(refused.status == .notFound, "\(refused.body.prefix(2000))")
                #expect(try await CaseRecord.find(first, on: app.db)?.assignedTo == nil)
                let assigned = try await staff.send(
                    .POST, SiteURL.bulkAssign.path,
                    body:
                        "_csrf=\(staff.csrf!)&sak%5B%5D=\(first)&sak%5B%5D=\(idas)&saksbehandler=meg&tilbake=%2Fansatt%2Fsaker%3Ftildelt%3Dmeg"
                )
                #expect(assigned.status == .seeOther && assigned.location == "/ansatt/saker?tildelt=meg")
                let me = try await StaffUser.query(on: app.db).filter(\.$username == "harstad.saksbehandler").first()
                #expect(try await CaseRecord.find(first, on: app.db)?.assignedTo == me?.id)
                #expect(try await CaseRecord.find(idas, on: app.db)?.assignedTo == me?.id)
                #expect(try await CaseRecord.find(second, on: app.db)?.assignedTo == nil)
                // saved filters: kept for this caseworker, listed, deleted
                _ = try await staff.get("/ansatt/saker?tildelt=meg")
                let saved = try await staff.post(
                    SiteURL.savedFilters.path, ["navn": "Mine åpne", "tildelt": "meg", "status": "ugyldig"])
                #expect(saved.status == .seeOther && saved.location == "/ansatt/saker?tildelt=meg")
                let filter = try #require(try await SavedFilter.query(on: app.db).first())
                #expect(filter.name == "Mine åpne" && filter.query == "tildelt=meg")
                let listed = try await staff.get("/ansatt/saker")
                #expect(listed.body.contains(#"href="/ansatt/saker?tildelt=meg">Mine åpne</a>"#))
                let unnamed = try await staff.post(SiteURL.savedFilters.path, ["navn": " ", "tildelt": "meg"])
                #expect(unnamed.status == .unprocessableEntity)
                let other = WebClient(app)
                try await other.loginStaff("harstad.leder")
                #expect(!(try await other.get("/ansatt/saker")).body.contains("Mine åpne"))
                _ = try await other.post(SiteURL.deleteSavedFilter(filter.id!).path)
                #expect(
                    try await SavedFilter.query(on: app.db).count() == 1, "another's filter is not theirs to delete")
                _ = try await staff.get("/ansatt/saker")
                #expect(try await staff.post(SiteURL.deleteSavedFilter(filter.id!).path).status == .seeOther)
                #expect(try await SavedFilter.query(on: app.db).count() == 0)
            }
        }

        /// A citizen's message and a decision on the same case at the same moment: whichever
        /// comes first, the other sees it — never a message after a decision in the timeline.
        @Test func aMessageAndADecisionRacingLeaveAConsistentTimeline() async throws {
            try await withRadhus { app in
                let staff = try await PageModelTests.staff(app, "kristiansand.saksbehandler")
                let ida = try Fodselsnummer(People.ida, policy: .synthetic)
                let dialogue = DialogueService(db: app.db, writer: app.writer, clock: app.clock, services: app.services)
                // On PostgreSQL the decisions come from a second writer, as from another web node: its
                // transactions run beside the messages' (one writer groups its commands in turn).
                // SQLite has one writer by design.
                let otherNode =
                    app.writer.kind == .postgres ? WriteCoordinator(kind: .postgres, maxBatch: 1) : app.writer
                let casework = CaseworkService(db: app.db, writer: otherNode, clock: app.clock, services: app.services)
                var ids: [UUID] = []
                for _ in 0..<12 {
                    ids.append(
                        try await PageModelTests.submit(app, kommune: "4204", applicant: People.ida, at: Date()).caseID)
                }
                // act: each case gets a message and a decision at once
                await withTaskGroup(of: Void.self) { group in
                    for id in ids {
                        group.addTask {
                            _ = try? await dialogue.citizenWrites(
                                DialogueDraft(kind: .message, text: "Et spørsmål"), caseID: id, applicant: ida)
                        }
                        group.addTask {
                            _ = try? await casework.decide(
                                caseID: id,
                                draft: DecisionDraft(
                                    outcomeID: "avslatt", reasons: "Barnet har ikke rett til plass nå.",
                                    legalBasis: "barnehageloven § 16"),
                                by: staff)
                        }
                    }
                }
                // check: every case decided once; a message only with its event, and before the decision
                for id in ids {
                    let record = try #require(try await CaseRecord.find(id, on: app.db))
                    #expect(record.caseStatus == .avsluttet)
                    let kinds = try await CaseEventRecord.query(on: app.db).filter(\.$caseID == id).all()
                    let decided = kinds.filter { $0.kind == "decided" }
                    #expect(decided.count == 1)
                    let messages = try await CaseMessage.query(on: app.db).filter(\.$caseID == id).all()
                    let received = kinds.filter { $0.kind == "message_received" }
                    #expect(messages.count == received.count && messages.count <= 1)
                    if let m = messages.first, let d = decided.first { #expect(m.createdAt <= d.at) }
                    #expect(record.attention == nil, "a decision clears what needed attention")
                }
            }
        }
    }
}
