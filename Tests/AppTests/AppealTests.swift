import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 20: appeals (klage) — a linked case from «Mine saker» within the deadline (late with
    /// a reason), the kommune's reversal, or its assessment and the package to the appeal body
    /// over SMTP, and the outcome that settles both cases.
    @Suite struct AppealTests {
        static let cal = NorwegianCalendar()
        static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10) -> Date {
            cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
        }

        /// Ola applies for skoleskyss and the rules refuse it at once (grade 3, 2.5 km): a decided
        /// case with a decision letter. Returns the case and the staff client.
        static func refusedCase(_ app: Application) async throws -> (WebClient, UUID, DecisionRecord) {
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ola)
            let caseID = try DialogueTests.caseID(
                try await citizen.applySkoleskyss(distance: "2,5", grade: "3", needsCaseworker: false))
            let decision = try #require(try await DecisionRecord.query(on: app.db).filter(\.$caseID == caseID).first())
            #expect(decision.automated && !decision.granted)
            return (citizen, caseID, decision)
        }

        static func appealCaseID(_ app: Application, of caseID: UUID) async throws -> UUID {
            try #require(try await Appeal.query(on: app.db).filter(\.$appealedCaseID == caseID).first()).caseID
        }

        @Test(.enabled(if: SMTPSink.available, SMTPSink.reason))
        func anUpheldAppealGoesToTheAppealBodyAsAPackageAndItsOutcomeClosesBoth() async throws {
            let sink = try SMTPSink()
            let clock = ManualClock(Self.oslo(2026, 3, 3))
            try await withRadhus(clock: clock, tweak: { $0.smtpURL = "smtp://127.0.0.1:\(sink.port)" }) { app in
                let (citizen, caseID, decision) = try await Self.refusedCase(app)
                // the deadline: three weeks from the letter, Tuesday 24 March
                let mine = try await citizen.get(SiteURL.myCase(caseID).path)
                #expect(mine.body.contains("Fristen er 24.03.2026"), "\(mine.body)")
                // act: Ola appeals a week later
                clock.advance(by: 7 * 86_400)
                try await citizen.loginCitizen(People.ola)
                let sent = try await citizen.post(
                    SiteURL.myCaseAppeal(caseID).path, ["tekst": "Skoleveien går langs en vei uten fortau."])
                #expect(sent.status == .seeOther)
                let appealID = try await Self.appealCaseID(app, of: caseID)
                #expect(sent.location == SiteURL.myCase(appealID, flash: .appealed).path)
                // check: a linked case in the queue; the appealed case waits; appealing again is refused
                let appealed = try #require(try await CaseRecord.find(caseID, on: app.db))
                let appealCase = try #require(try await CaseRecord.find(appealID, on: app.db))
                #expect(appealed.caseStatus == .paklaget && appealCase.caseStatus == .mottatt)
                #expect(appealCase.appealOf == caseID && appealCase.saksnummer != appealed.saksnummer)
                let appeal = try #require(try await Appeal.query(on: app.db).first())
                #expect(appeal.decisionID == decision.id && !appeal.late && appeal.body == "statsforvalteren")
                #expect(
                    try await citizen.post(SiteURL.myCaseAppeal(caseID).path, ["tekst": "Igjen"]).status == .conflict)
                #expect(try await DialogueTests.events(app, appealID) == ["appeal_received"])
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let queue = try await staff.get(SiteURL.queue(service: nil, status: nil).path)
                #expect(queue.body.contains(appealCase.saksnummer.description))
                #expect(!queue.body.contains(">\(appealed.saksnummer.description)<"), "a case under appeal is not open")
                let page = try await staff.get(SiteURL.staffCase(appealID).path)
                #expect(page.body.contains("Skoleveien går langs en vei uten fortau."))
                #expect(page.body.contains("Omgjør vedtaket") && page.body.contains("send klagen til Statsforvalteren"))
                // a forward without the kommune's assessment comes back with the problem at its field
                let empty = try await staff.post(SiteURL.staffAppeal(appealID, action: "oversend").path, ["tekst": " "])
                #expect(empty.status == .unprocessableEntity && empty.body.contains("f-oversend-tekst"))
                // act: the kommune upholds and forwards
                let forwarded = try await staff.post(
                    SiteURL.staffAppeal(appealID, action: "oversend").path,
                    ["tekst": "Avstanden er 2,5 km og veien er vurdert som trygg av kommunen."])
                #expect(forwarded.status == .seeOther)
                #expect(try #require(try await CaseRecord.find(appealID, on: app.db)).caseStatus == .oversendt)
                // the applicant gets a copy; the package is a shipment on the appeal body's channel
                let copy = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == appealID).first())
                #expect(copy.body.contains("vurdert som trygg") && copy.recipientFnr == People.ola)
                let package = try #require(
                    try await ShipmentRecord.query(on: app.db).filter(\.$channel == "klageinstans").first())
                // act: the registrar journals, the dispatcher sends
                try await JournalRegistrar(app: app).registerPending()
                try await Dispatcher(app: app).drain()
                let shipped = try #require(try await ShipmentRecord.find(package.id, on: app.db))
                #expect(shipped.shipmentStatus == .akseptert, "\(shipped.lastError ?? "")")
                // check: one mail to the statsforvalter with the PDF, the Noark list and each document
                let mail = try #require(
                    sink.messages().first { SMTPSink.header("To", in: $0) == "klage@statsforvalteren.example" })
                #expect(mail.contains("multipart/mixed"))
                #expect(
                    mail.contains("filename*=UTF-8''klagesak-\(appealCase.saksYear)-\(appealCase.saksSequence).pdf"))
                #expect(mail.contains("filename*=UTF-8''noark5-journalposter.xml"))
                let entries = try await JournalEntry.query(on: app.db).filter(\.$caseID ~~ [caseID, appealID]).all()
                #expect(entries.count == 4, "application, decision letter, appeal, forwarding letter")
                for e in entries { #expect(mail.contains("dokument-\(e.journalYear)-\(e.journalSeq).txt")) }
                // the appeal is document 1 of its case, journaled inbound with its text
                let first = try #require(entries.first { $0.caseID == appealID && $0.documentNumber == 1 })
                #expect(first.type == "I" && first.title.hasPrefix("Klage på vedtak i sak \(appealed.saksnummer)"))
                // act: the statsforvalter upholds the decision; the caseworker registers it
                clock.advance(by: 20 * 86_400)
                try await staff.loginStaff("harstad.saksbehandler")
                let page2 = try await staff.get(SiteURL.staffCase(appealID).path)
                #expect(page2.body.contains("Registrer klageinstansens avgjørelse"))
                let noChoice = try await staff.post(
                    SiteURL.staffAppeal(appealID, action: "utfall").path, ["tekst": "Vedtak 20.03."])
                #expect(noChoice.status == .unprocessableEntity && noChoice.body.contains("Vedtak 20.03."))
                let registered = try await staff.post(
                    SiteURL.staffAppeal(appealID, action: "utfall").path,
                    ["utfall": "stadfestet", "tekst": "Statsforvalteren stadfestet vedtaket 30.03.2026."])
                #expect(registered.status == .seeOther)
                // check: both closed; the decision in force is the one appealed; the timeline says so
                #expect(try #require(try await CaseRecord.find(caseID, on: app.db)).caseStatus == .avsluttet)
                #expect(try #require(try await CaseRecord.find(appealID, on: app.db)).caseStatus == .avsluttet)
                #expect(try await DecisionRecord.query(on: app.db).inForce(case: caseID)?.id == decision.id)
                #expect(
                    try await DialogueTests.events(app, caseID).filter { $0.hasPrefix("appeal") }
                        == ["appealed", "appeal_upheld"])
                #expect(
                    try await DialogueTests.events(app, appealID).filter { !$0.hasPrefix("letter") } == [
                        "appeal_received", "opened", "forwarded", "appeal_settled",
                    ])
                let settled = try #require(try await Appeal.query(on: app.db).first())
                #expect(settled.appealOutcome == .upheld && settled.outcomeNote?.contains("30.03.2026") == true)
                // the statsforvalter's decision is final: no second appeal of the same decision
                try await citizen.loginCitizen(People.ola)
                #expect(
                    try await citizen.post(SiteURL.myCaseAppeal(caseID).path, ["tekst": "Igjen"]).status == .conflict)
                // and insights count applications, not appeals
                #expect(try await app.db.sql.raw("SELECT case_id FROM case_facts").all().count <= 1)
            }
        }

        /// The queue's open-case predicate (a literal, for its partial index) says what
        /// `CaseStatus.isOpen` says, status by status.
        @Test func theQueuesOpenCasesAreTheStateMachinesOpenStatuses() {
            let closed = CaseStatus.allCases.filter { !$0.isOpen }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            #expect(Queue.openCases == "cases.status NOT IN (\(closed))")
            for status in CaseStatus.allCases {
                #expect(Queue.openStatuses.contains("'\(status.rawValue)'") == status.isOpen, "\(status)")
            }
        }

        @Test func theKommuneReversesItsDecisionOnAppeal() async throws {
            try await withRadhus { app in
                let (citizen, caseID, decision) = try await Self.refusedCase(app)
                let appealed = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(
                    try await citizen.post(
                        SiteURL.myCaseAppeal(caseID).path, ["tekst": "Eleven har en helseplage som gjør veien tung."]
                    ).status == .seeOther)
                let appealID = try await Self.appealCaseID(app, of: caseID)
                let appealCase = try #require(try await CaseRecord.find(appealID, on: app.db))
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                // act: the caseworker finds for Ola — a decision on the appeal's page
                let decided = try await staff.post(
                    SiteURL.decide(appealID).path,
                    [
                        "utfall": "innvilget", "begrunnelse": "Helseplagen gir rett til skyss uansett avstand.",
                        "hjemmel": "opplæringslova § 3-7",
                    ])
                #expect(decided.status == .seeOther)
                // check: a new decision on the appealed case, referring to the one appealed
                let decisions = try await DecisionRecord.query(on: app.db).filter(\.$caseID == caseID)
                    .sort(\.$decidedAt).all()
                #expect(decisions.count == 2 && decisions.last?.reviewsDecisionID == decision.id)
                #expect(decisions.last?.granted == true && decisions.last?.automated == false)
                #expect(try await DecisionRecord.query(on: app.db).filter(\.$caseID == appealID).count() == 0)
                let letter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$decisionID == decisions.last!.id!).first())
                #expect(letter.body.contains("Vi har behandlet klagen din (sak \(appealCase.saksnummer))"))
                #expect(letter.body.contains("endrer vedtaket av"))
                // both cases closed, the appeal with its outcome
                #expect(try #require(try await CaseRecord.find(caseID, on: app.db)).caseStatus == .avsluttet)
                #expect(try #require(try await CaseRecord.find(appealID, on: app.db)).caseStatus == .avsluttet)
                #expect(try #require(try await Appeal.query(on: app.db).first()).appealOutcome == .reversedByKommune)
                #expect(appealed.caseStatus == .avsluttet)
                // a forward after the reversal is refused: the appeal is settled
                #expect(
                    try await staff.post(SiteURL.staffAppeal(appealID, action: "oversend").path, ["tekst": "Nei"])
                        .status == .conflict)
                // the new decision can itself be appealed (it is the kommune's, not an appeal body's)
                #expect(try await citizen.get(SiteURL.myCase(caseID).path).body.contains("Send klagen"))
            }
        }

        /// A case with two decisions (the appealed one and the kommune's reversal) and its appeal's
        /// case, exported: each journal post once (the export joined every decision of a case and
        /// repeated its posts), the appeal filed as «Klage», valid against Arkivverket's schema.
        @Test(
            .enabled(
                if: RecordsTests.exportReady,
                "needs xmllint and the Noark 5 XSDs at RADHUS_SHARED_DATA/noark5 (../shared/data by default)"))
        func anAppealedCaseIsExportedOnceWithItsAppeal() async throws {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "radhus-export-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try await withRadhus { app in
                let (citizen, caseID, _) = try await Self.refusedCase(app)
                _ = try await citizen.post(SiteURL.myCaseAppeal(caseID).path, ["tekst": "Veien er farlig om vinteren."])
                let appealID = try await Self.appealCaseID(app, of: caseID)
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                #expect(
                    try await staff.post(
                        SiteURL.decide(appealID).path,
                        [
                            "utfall": "innvilget", "begrunnelse": "Veien er særlig farlig om vinteren.",
                            "hjemmel": "opplæringslova § 3-7",
                        ]
                    ).status == .seeOther)
                try await JournalRegistrar(app: app).registerPending()
                let entries = try await JournalEntry.query(on: app.db).filter(\.$caseID ~~ [caseID, appealID]).count()
                #expect(entries == 4, "application, decision, the appeal, the new decision")
                let today = NorwegianCalendar().isoDate(Date())
                let summary = try await ArchiveExporter(app: app).export(
                    kommune: "5503", from: today, to: today, into: dir, schemas: RecordsTests.schemas, now: Date())
                #expect(summary.caseFiles == 2 && summary.journalposts == entries)
                let structure = try String(contentsOfFile: dir + "/arkivstruktur.xml", encoding: .utf8)
                #expect(structure.contains("<dokumenttype>Klage</dokumenttype>"))
                #expect(structure.components(separatedBy: "<registrering ").count - 1 == entries)
                #expect(try await DecisionRecord.query(on: app.db).filter(\.$caseID == caseID).count() == 2)
                let (status, output) = try RecordsTests.xmllint([
                    "--noout", "--schema", "\(dir)/arkivstruktur.xsd", "\(dir)/arkivstruktur.xml",
                ])
                #expect(status == 0, "\(output)")
            }
        }

        @Test func aLateAppealNeedsItsReasonAndAQuashedDecisionGoesBackToTheCaseworker() async throws {
            let clock = ManualClock(Self.oslo(2026, 3, 3))
            try await withRadhus(clock: clock) { app in
                let (citizen, caseID, _) = try await Self.refusedCase(app)
                // a month later the deadline has passed: the form asks why, and keeps what was typed
                clock.advance(by: 30 * 86_400)
                try await citizen.loginCitizen(People.ola)
                let page = try await citizen.get(SiteURL.myCase(caseID).path)
                #expect(page.body.contains("Klagefristen gikk ut 24.03.2026"))
                let refused = try await citizen.post(
                    SiteURL.myCaseAppeal(caseID).path, ["tekst": "Jeg er uenig i avstanden.", "sen": ""])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.contains("Jeg er uenig i avstanden.") && refused.body.contains("f-klage-sen"))
                #expect(try await Appeal.query(on: app.db).count() == 0)
                #expect(try #require(try await CaseRecord.find(caseID, on: app.db)).caseStatus == .avsluttet)
                // a control character never reaches the journal's hash
                let hidden = try await citizen.post(
                    SiteURL.myCaseAppeal(caseID).path, ["tekst": "Uenig\u{202E}", "sen": "Syk"])
                #expect(hidden.status == .unprocessableEntity)
                let late = try await citizen.post(
                    SiteURL.myCaseAppeal(caseID).path,
                    ["tekst": "Jeg er uenig i avstanden.", "sen": "Jeg lå på sykehus i tre uker."])
                #expect(late.status == .seeOther)
                let appeal = try #require(try await Appeal.query(on: app.db).first())
                #expect(appeal.late && appeal.lateReason == "Jeg lå på sykehus i tre uker.")
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let appealPage = try await staff.get(SiteURL.staffCase(appeal.caseID).path)
                #expect(appealPage.body.contains("Klagen kom etter fristen") && appealPage.body.contains("sykehus"))
                // the kommune upholds; the appeal body quashes: the case goes back, marked and unassigned
                #expect(
                    try await staff.post(
                        SiteURL.staffAppeal(appeal.caseID, action: "oversend").path,
                        ["tekst": "Fristoversittelsen er unnskyldelig; vedtaket er riktig."]
                    ).status == .seeOther)
                #expect(
                    try await staff.post(
                        SiteURL.staffAppeal(appeal.caseID, action: "utfall").path,
                        ["utfall": "opphevet", "tekst": "Opphevet 20.04.2026: avstanden må måles på nytt."]
                    ).status == .seeOther)
                let back = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(back.caseStatus == .underBehandling && back.attention == CaseAttention.quashed.rawValue)
                #expect(try #require(try await CaseRecord.find(appeal.caseID, on: app.db)).caseStatus == .avsluttet)
                // the applicant is told, in a letter on the appeal's case
                let told = try await LetterRecord.query(on: app.db).filter(\.$caseID == appeal.caseID)
                    .sort(\.$createdAt).all()
                #expect(told.last?.body.contains("opphevet vedtaket") == true)
                // the caseworker decides anew; the new decision may be appealed again
                #expect(
                    try await staff.post(
                        SiteURL.decide(caseID).path,
                        [
                            "utfall": "avslatt", "begrunnelse": "Målt på nytt: 2,4 km.",
                            "hjemmel": "opplæringslova § 3-7",
                        ]
                    ).status == .seeOther)
                let anew = try #require(try await DecisionRecord.query(on: app.db).inForce(case: caseID))
                let anewLetter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$decisionID == anew.id!).first())
                #expect(anewLetter.body.hasPrefix("Klageinstansen opphevet vedtaket av"), "\(anewLetter.body)")
                try await citizen.loginCitizen(People.ola)
                #expect(try await citizen.get(SiteURL.myCase(caseID).path).body.contains("Send klagen"))
            }
        }

        @Test func theAppealBodysChangedDecisionIsRegisteredAndIsFinal() async throws {
            try await withRadhus { app in
                let (citizen, caseID, decision) = try await Self.refusedCase(app)
                _ = try await citizen.post(SiteURL.myCaseAppeal(caseID).path, ["tekst": "Veien er farlig."])
                let appealID = try await Self.appealCaseID(app, of: caseID)
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                _ = try await staff.post(
                    SiteURL.staffAppeal(appealID, action: "oversend").path, ["tekst": "Vedtaket er riktig."])
                // the outcome of an appeal not yet sent back cannot be skipped to: a decision made
                // on the forwarded appeal's page is the appeal body's
                let page = try await staff.get(SiteURL.staffCase(appealID).path)
                #expect(page.body.contains("Klageinstansen endret vedtaket"))
                let decided = try await staff.post(
                    SiteURL.decide(appealID).path,
                    [
                        "utfall": "innvilget", "begrunnelse": "Statsforvalteren fant veien særlig farlig.",
                        "hjemmel": "opplæringslova § 3-7 jf. forvaltningsloven § 34",
                    ])
                #expect(decided.status == .seeOther)
                let newest = try #require(try await DecisionRecord.query(on: app.db).inForce(case: caseID))
                #expect(newest.reviewsDecisionID == decision.id && newest.decidedByName == "Statsforvalteren")
                let letter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$decisionID == newest.id!).first())
                #expect(letter.body.contains("Statsforvalteren har behandlet klagen din og endret vedtaket"))
                #expect(try #require(try await Appeal.query(on: app.db).first()).appealOutcome == .changed)
                // final: no appeal of the appeal body's decision
                #expect(!(try await citizen.get(SiteURL.myCase(caseID).path)).body.contains("Send klagen"))
                #expect(
                    try await citizen.post(SiteURL.myCaseAppeal(caseID).path, ["tekst": "Igjen"]).status == .conflict)
                // another citizen (Ida) cannot appeal Ola's case
                let ida = WebClient(app)
                try await ida.loginCitizen(People.ida)
                #expect(try await ida.post(SiteURL.myCaseAppeal(caseID).path, ["tekst": "Hei"]).status == .notFound)
            }
        }
    }

    /// Issue 20: the two-person check a kommune can require for a service — a caseworker's
    /// decision is a proposal until a second caseworker approves it or returns it.
    @Suite struct TwoPersonCheckTests {
        @Test func aProposalIsApprovedOnlyByASecondCaseworkerOrReturnedWithWhy() async throws {
            try await withRadhus { app in
                // setup: Harstad's leader requires the check for skoleskyss
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.leder")
                try await leader.get(SiteURL.staffService("skoleskyss").path)
                let set = try await leader.post(SiteURL.serviceLocal(service: "skoleskyss").path, ["totrinn": "ja"])
                #expect(set.status == .seeOther)
                let settings = try await leader.get(SiteURL.staffService("skoleskyss").path).body
                #expect(settings.range(of: #"id="totrinn"[^>]* checked"#, options: .regularExpression) != nil)
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let caseID = try DialogueTests.caseID(try await citizen.applySkoleskyss())
                let first = WebClient(app)
                try await first.loginStaff("harstad.saksbehandler")
                try await first.get(SiteURL.staffCase(caseID).path)
                let decision = [
                    "utfall": "innvilget", "begrunnelse": "Helsebehovet gir rett til skyss.",
                    "hjemmel": "opplæringslova § 3-7",
                ]
                // a proposal with a problem comes back like a decision would
                let bad = try await first.post(SiteURL.decide(caseID).path, ["utfall": "innvilget"])
                #expect(bad.status == .unprocessableEntity)
                #expect(try #require(try await CaseRecord.find(caseID, on: app.db)).caseStatus == .underBehandling)
                // act: the caseworker decides — a proposal, nothing sent
                let proposed = try await first.post(SiteURL.decide(caseID).path, decision)
                #expect(proposed.location == SiteURL.staffCase(caseID, flash: .proposed).path)
                #expect(try #require(try await CaseRecord.find(caseID, on: app.db)).caseStatus == .tilGodkjenning)
                #expect(try await DecisionRecord.query(on: app.db).filter(\.$caseID == caseID).count() == 0)
                #expect(try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).count() == 0)
                // the proposer cannot approve their own, nor decide over it
                #expect(
                    try await first.post(SiteURL.caseProposal(caseID, action: "godkjenn").path, [:]).status
                        == .forbidden)
                #expect(try await first.post(SiteURL.decide(caseID).path, decision).status == .conflict)
                #expect(try await first.get(SiteURL.staffCase(caseID).path).body.contains("En annen saksbehandler må"))
                // the second caseworker returns it without a reason: refused; with one: back to the first
                let second = WebClient(app)
                try await second.loginStaff("harstad.leder")
                let page = try await second.get(SiteURL.staffCase(caseID).path)
                #expect(page.body.contains("Godkjenn og send vedtaket") && page.body.contains("Helsebehovet gir rett"))
                let noReason = try await second.post(
                    SiteURL.caseProposal(caseID, action: "returner").path, ["tekst": ""])
                #expect(noReason.status == .unprocessableEntity && noReason.body.contains("f-retur-tekst"))
                #expect(
                    try await second.post(
                        SiteURL.caseProposal(caseID, action: "returner").path,
                        ["tekst": "Legg ved legeerklæringen i begrunnelsen."]
                    ).status == .seeOther)
                let back = try #require(try await CaseRecord.find(caseID, on: app.db))
                #expect(back.caseStatus == .underBehandling && back.attention == CaseAttention.returned.rawValue)
                let note = try #require(
                    try await CaseMessage.query(on: app.db).filter(\.$caseID == caseID).filter(\.$direction == "notat")
                        .first())
                #expect(note.body.contains("legeerklæringen"))
                // the first proposes again; the second approves: the decision, signed by both
                #expect(
                    try await first.post(
                        SiteURL.decide(caseID).path,
                        decision.merging(["begrunnelse": "Helsebehovet (legeerklæring) gir rett til skyss."]) { $1 }
                    ).status == .seeOther)
                let approved = try await second.post(SiteURL.caseProposal(caseID, action: "godkjenn").path, [:])
                #expect(approved.status == .seeOther)
                let made = try #require(try await DecisionRecord.query(on: app.db).inForce(case: caseID))
                #expect(made.decidedByName == "Hanne Hansen, saksbehandler, godkjent av Leif Larsen, leder")
                #expect(!made.automated && made.reasons.contains("legeerklæring"))
                #expect(try #require(try await CaseRecord.find(caseID, on: app.db)).caseStatus == .avsluttet)
                #expect(
                    try await DialogueTests.events(app, caseID).filter { $0 != "letter_sent" } == [
                        "submitted", "opened", "decision_proposed", "proposal_returned", "decision_proposed", "decided",
                    ])
                let proposals = try await DecisionProposal.query(on: app.db).sort(\.$proposedAt).all()
                #expect(proposals.map(\.outcome) == ["returnert", "godkjent"])
                // a second approval finds nothing to approve
                #expect(
                    try await second.post(SiteURL.caseProposal(caseID, action: "godkjenn").path, [:]).status
                        == .conflict)
            }
        }
    }

    /// Issue 20: files with the applicant's message — an answer to a request carries a document,
    /// scanned before it is kept, shown and downloadable on both sides (the caseworker's read
    /// logged), named with its checksum in the message's journal document; a refused file keeps
    /// nothing and the words typed.
    @Suite struct MessageFileTests {
        @Test(.enabled(if: TestClamd.available, TestClamd.reason))
        func anAnswerCarriesADocumentScannedJournaledAndDownloadableOnBothSides() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            try await withRadhus(tweak: { $0.clamd = clamd.socket }) { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let caseID = try DialogueTests.caseID(try await citizen.applySkoleskyss())
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                try await staff.get(SiteURL.staffCase(caseID).path)
                let due = NorwegianCalendar().norwegianDate(Date().addingTimeInterval(7 * 86_400))
                _ = try await staff.post(
                    SiteURL.caseDialogue(caseID, .request).path, ["tekst": "Send legeerklæringen.", "frist": due])
                // a virus is refused, with the words kept and nothing stored
                try await citizen.get(SiteURL.myCase(caseID).path)
                let virus = try await citizen.postMultipart(
                    SiteURL.myCaseMessage(caseID).path, ["tekst": "Her er erklæringen."],
                    files: [
                        .init(field: "vedlegg", name: "erklaering.pdf", data: Data("%PDF-1.4\n".utf8) + TestClamd.eicar)
                    ])
                #expect(virus.status == .unprocessableEntity && virus.body.contains("Her er erklæringen."))
                #expect(virus.body.contains("f-melding-vedlegg"))
                #expect(try await AttachmentTests.count(app) == 0)
                #expect(try #require(try await CaseRecord.find(caseID, on: app.db)).caseStatus == .venterPaSoker)
                // act: the document alone, no words
                let sent = try await citizen.postMultipart(
                    SiteURL.myCaseMessage(caseID).path, ["tekst": ""],
                    files: [.init(field: "vedlegg", name: "legeerklæring.pdf", data: AttachmentTests.pdf)])
                #expect(sent.status == .seeOther, "\(sent.body.prefix(400))")
                // check: the answer moved the case back, the file is the message's
                #expect(try #require(try await CaseRecord.find(caseID, on: app.db)).caseStatus == .underBehandling)
                let message = try #require(
                    try await CaseMessage.query(on: app.db).filter(\.$caseID == caseID).filter(\.$direction == "inn")
                        .first())
                let file = try #require(
                    try await AttachmentService.forCase(caseID, municipality: message.municipalityID, on: app.db).first)
                #expect(file.messageID == message.id && file.fileName == "legeerklæring.pdf")
                let mine = try await citizen.get(SiteURL.myCase(caseID).path)
                #expect(mine.body.contains(SiteURL.myAttachment(case: caseID, attachment: file.id).path))
                let page = try await staff.get(SiteURL.staffCase(caseID).path)
                #expect(page.body.contains(SiteURL.staffAttachment(case: caseID, attachment: file.id).path))
                let download = try await staff.get(SiteURL.staffAttachment(case: caseID, attachment: file.id).path)
                #expect(download.status == .ok && Data(download.body.utf8) == AttachmentTests.pdf)
                #expect(
                    try await AccessLogEntry.query(on: app.db).filter(\.$action == "read_attachment").count() == 1)
                // the message's journal document names the file with its checksum
                try await JournalRegistrar(app: app).registerPending()
                let docs = try await JournalDocument.query(on: app.db).all()
                #expect(
                    docs.contains { String(decoding: $0.content, as: UTF8.self).contains("SHA-256 \(file.sha256)") })
            }
        }

        /// The caseworker's message carries files too: a virus is refused with the words kept;
        /// the letter names the files, the inbox lists them under it, the envelope carries them
        /// (the print batch, for a recipient reserved against digital post), and the record
        /// names their checksums and links the post to its message.
        @Test(.enabled(if: TestClamd.available, TestClamd.reason))
        func aCaseworkersFilesGoWithTheLetterToTheInboxTheEnvelopeAndTheRecord() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            let printDir = DispatchTests.tempDir()
            defer { try? FileManager.default.removeItem(atPath: printDir) }
            let reserved = DemoData.citizens[2].fnr
            try await withRadhus(
                tweak: {
                    $0.clamd = clamd.socket
                    $0.printDirectory = printDir
                }
            ) { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(reserved)
                let caseID = try DialogueTests.caseID(try await citizen.applySkoleskyss())
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let page = try await staff.get(SiteURL.staffCase(caseID).path)
                #expect(page.body.contains("f-melding-vedlegg") && page.body.contains("f-foresporsel-vedlegg"))
                // a virus refuses the message: the words come back, nothing is kept or sent
                let virus = try await staff.postMultipart(
                    SiteURL.caseDialogue(caseID, .message).path, ["tekst": "Se kartet over skoleveien."],
                    files: [.init(field: "vedlegg", name: "kart.pdf", data: Data("%PDF-1.4\n".utf8) + TestClamd.eicar)])
                #expect(virus.status == .unprocessableEntity && virus.body.contains("Se kartet over skoleveien."))
                #expect(try await AttachmentTests.count(app) == 0)
                #expect(try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).count() == 0)
                // a file with a note is refused: notes take no files (the part is dropped, not kept)
                let note = try await staff.postMultipart(
                    SiteURL.caseDialogue(caseID, .note).path, ["tekst": "Internt."],
                    files: [.init(field: "vedlegg", name: "kart.pdf", data: AttachmentTests.pdf)])
                let afterNote = try await AttachmentTests.count(app)
                #expect(note.status == .seeOther && afterNote == 0)
                // act: the message with the map
                let sent = try await staff.postMultipart(
                    SiteURL.caseDialogue(caseID, .message).path, ["tekst": "Se kartet over skoleveien."],
                    files: [.init(field: "vedlegg", name: "kart.pdf", data: AttachmentTests.pdf)])
                #expect(sent.status == .seeOther, "\(sent.body.prefix(400))")
                // check: the letter names the file; the file is the message's, on the case
                let letter = try #require(try await LetterRecord.query(on: app.db).filter(\.$caseID == caseID).first())
                #expect(letter.body.contains("## Vedlegg\n- kart.pdf"))
                let message = try #require(
                    try await CaseMessage.query(on: app.db).filter(\.$letterID == letter.id!).first())
                let file = try #require(
                    try await AttachmentService.forCase(caseID, municipality: letter.municipalityID, on: app.db).first)
                #expect(file.messageID == message.id && file.ownerFnr.hasPrefix("ansatt:"))
                // act: the dispatcher sends the letter on paper (the recipient is reserved)
                try await Dispatcher(app: app).drain()
                // check: the batch holds the letter and the file behind it, named in the manifest
                let batch = try #require(DispatchTests.batches(printDir).first)
                let folder = printDir + "/utgaende/" + batch
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                let manifest = try decoder.decode(
                    Dispatcher.Manifest.self,
                    from: try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json")))
                let entry = try #require(manifest.letters.first)
                let enclosed = try #require(entry.attachments?.first)
                #expect(enclosed.sha256 == file.sha256 && enclosed.mediaType == "application/pdf")
                #expect(
                    try Data(contentsOf: URL(fileURLWithPath: folder + "/" + enclosed.file)) == AttachmentTests.pdf)
                // both pages list it; the applicant downloads it from the letter
                let staffPage = try await staff.get(SiteURL.staffCase(caseID).path)
                #expect(staffPage.body.contains(SiteURL.staffAttachment(case: caseID, attachment: file.id).path))
                let opened = try await citizen.get(SiteURL.letter(letter.id!).path)
                let link = SiteURL.myAttachment(case: caseID, attachment: file.id).path
                #expect(opened.body.contains(link), "\(opened.body)")
                let download = try await citizen.get(link)
                #expect(download.status == .ok && Data(download.body.utf8) == AttachmentTests.pdf)
                // another citizen cannot
                let other = WebClient(app)
                try await other.loginCitizen(People.ola)
                #expect(try await other.get(link).status == .notFound)
                // act: the registrar journals the letter
                try await JournalRegistrar(app: app).registerPending()
                // check: its post names the message; its document names the file's checksum
                let post = try #require(
                    try await JournalEntry.query(on: app.db).filter(\.$letterID == letter.id!).first())
                #expect(post.messageID == message.id)
                let doc = try #require(
                    try await JournalDocument.query(on: app.db).filter(\.$journalEntryID == post.id!).first())
                #expect(String(decoding: doc.content, as: UTF8.self).contains("kart.pdf: SHA-256 \(file.sha256)"))
            }
        }

        /// The files of messages both ways are documents of their journal posts: in the archive
        /// export (valid against arkivstruktur.xsd) and in the package to the appeal body.
        @Test(
            .enabled(
                if: TestClamd.available && SMTPSink.available && RecordsTests.exportReady,
                "needs clamd, aiosmtpd, xmllint and the Noark 5 XSDs"))
        func messageFilesAreFiledWithTheirPostsInTheExportAndTheAppealPackage() async throws {
            let clamd = try TestClamd()
            defer { clamd.stop() }
            let sink = try SMTPSink()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "radhus-export-\(UUID().uuidString)"
            ).path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try await withRadhus(
                tweak: {
                    $0.clamd = clamd.socket
                    $0.smtpURL = "smtp://127.0.0.1:\(sink.port)"
                }
            ) { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                let caseID = try DialogueTests.caseID(try await citizen.applySkoleskyss())
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                try await staff.get(SiteURL.staffCase(caseID).path)
                let due = NorwegianCalendar().norwegianDate(Date().addingTimeInterval(7 * 86_400))
                let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64)
                #expect(
                    try await staff.postMultipart(
                        SiteURL.caseDialogue(caseID, .request).path, ["tekst": "Fyll ut skjemaet.", "frist": due],
                        files: [.init(field: "vedlegg", name: "skjema.png", type: "image/png", data: png)]
                    ).status == .seeOther)
                try await citizen.get(SiteURL.myCase(caseID).path)
                #expect(
                    try await citizen.postMultipart(
                        SiteURL.myCaseMessage(caseID).path, ["tekst": "Utfylt."],
                        files: [.init(field: "vedlegg", name: "utfylt.pdf", data: AttachmentTests.pdf)]
                    ).status == .seeOther)
                try await staff.get(SiteURL.staffCase(caseID).path)
                #expect(
                    try await staff.post(
                        SiteURL.decide(caseID).path,
                        [
                            "utfall": "avslatt", "begrunnelse": "Skoleveien er under 4 km og ikke særlig farlig.",
                            "hjemmel": "opplæringslova § 3-7",
                        ]
                    ).status == .seeOther)
                let files = try await AttachmentService.forCase(
                    caseID, municipality: try #require(try await CaseRecord.find(caseID, on: app.db)).municipalityID,
                    on: app.db)
                #expect(files.count == 2 && files.allSatisfy { $0.messageID != nil })
                try await JournalRegistrar(app: app).registerPending()
                #expect(
                    try await JournalEntry.query(on: app.db).filter(\.$caseID == caseID).all().filter {
                        $0.messageID != nil
                    }.count == 2, "the request's letter and the answer name their messages")
                // act: the export of the closed case
                let today = NorwegianCalendar().isoDate(Date())
                _ = try await ArchiveExporter(app: app).export(
                    kommune: "5503", from: today, to: today, into: dir, schemas: RecordsTests.schemas, now: Date())
                // check: each file a Vedlegg of its post, with its checksum and its bytes
                let structure = try String(contentsOfFile: dir + "/arkivstruktur.xml", encoding: .utf8)
                for f in files {
                    #expect(structure.contains("<sjekksum>\(f.sha256)</sjekksum>"), "\(f.fileName)")
                    #expect(structure.contains("<beskrivelse>\(f.fileName)</beskrivelse>"))
                }
                #expect(structure.components(separatedBy: "<dokumenttype>Vedlegg</dokumenttype>").count - 1 == 2)
                let (status, output) = try RecordsTests.xmllint([
                    "--noout", "--schema", "\(dir)/arkivstruktur.xsd", "\(dir)/arkivstruktur.xml",
                ])
                #expect(status == 0, "\(output)")
                // act: Ola appeals; the kommune upholds and forwards
                try await citizen.loginCitizen(People.ola)
                _ = try await citizen.post(SiteURL.myCaseAppeal(caseID).path, ["tekst": "Veien er farlig."])
                let appealID = try await AppealTests.appealCaseID(app, of: caseID)
                try await staff.loginStaff("harstad.saksbehandler")
                try await staff.get(SiteURL.staffCase(appealID).path)
                #expect(
                    try await staff.post(
                        SiteURL.staffAppeal(appealID, action: "oversend").path, ["tekst": "Kommunen står fast."]
                    ).status == .seeOther)
                try await JournalRegistrar(app: app).registerPending()
                try await Dispatcher(app: app).drain()
                // check: the package carries both files, named in its journal list with checksums
                let mail = try #require(
                    sink.messages().first { SMTPSink.header("To", in: $0) == "klage@statsforvalteren.example" })
                #expect(
                    mail.components(separatedBy: "filename*=UTF-8''vedlegg-").count - 1 == 2, "\(mail.prefix(3000))")
                let list = String(
                    decoding: try #require(SMTPSink.attachment("noark5-journalposter.xml", in: mail)), as: UTF8.self)
                for f in files { #expect(list.contains("<sjekksum>\(f.sha256)</sjekksum>"), "\(list)") }
                let answerPost = try #require(
                    try await JournalEntry.query(on: app.db).filter(\.$caseID == caseID).filter(\.$type == "I").all()
                        .first { $0.messageID != nil })
                #expect(
                    SMTPSink.attachment("vedlegg-\(answerPost.journalYear)-\(answerPost.journalSeq)-1.pdf", in: mail)
                        == AttachmentTests.pdf)
            }
        }
    }
}
