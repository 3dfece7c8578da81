import App
import Fluent
import Foundation
import RadhusCore
import Testing
import Vapor
import VaporTesting

extension AppTests {
    /// Dispatch (issue 5): the outbox, the e-mail notice over real SMTP, the print fallback
    /// after working days, receipts, stopping, retries, webhooks. Time is a ManualClock.
    @Suite struct DispatchTests {
        static let cal = NorwegianCalendar()
        static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
            cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
        }

        static func tempDir() -> String {
            let d = FileManager.default.temporaryDirectory.appendingPathComponent("radhus-print-\(UUID().uuidString)")
                .path
            try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            return d
        }

        static func shipment(_ app: Application, channel: ShipmentChannel = .portal) async throws -> ShipmentRecord {
            try #require(try await ShipmentRecord.query(on: app.db).filter(\.$channel == channel.rawValue).first())
        }

        static func trail(_ app: Application, _ s: ShipmentRecord) async throws -> [ShipmentStatus] {
            try await ShipmentEventRecord.query(on: app.db).filter(\.$shipmentID == s.id!).sort(\.$at).all()
                .map(\.shipmentStatus)
        }

        /// A citizen applies for a clear skoleskyss case, which the rules decide at once: a letter in the outbox.
        static func decidedLetter(_ app: Application, citizen fnr: String = People.ola) async throws -> WebClient {
            let citizen = WebClient(app)
            try await citizen.loginCitizen(fnr)
            _ = try await citizen.applySkoleskyss(distance: "5,5", grade: "3", needsCaseworker: false)
            return citizen
        }

        static func batches(_ dir: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/utgaende")) ?? []).sorted()
        }

        /// A citizen who chose nynorsk gets the notice in nynorsk (issue 19).
        @Test(.enabled(if: SMTPSink.available, SMTPSink.reason))
        func theNoticeIsInTheCitizensWrittenForm() async throws {
            let sink = try SMTPSink()
            try await withRadhus(tweak: { $0.smtpURL = "smtp://127.0.0.1:\(sink.port)" }) { app in
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                _ = try await citizen.get("/sprak/nn?tilbake=/")
                _ = try await citizen.applySkoleskyss(distance: "5,5", grade: "3", needsCaseworker: false)
                try await Dispatcher(app: app).drain()
                let mail = try #require(sink.messages().first)
                let body = SMTPSink.body(of: mail)
                #expect(body.contains("Du har fått eit nytt brev frå Harstad kommune"), "\(body)")
                #expect(body.contains("You have a new letter from Harstad kommune"))
            }
        }

        /// Wednesday before Easter 2026: notice at once, paper from Thursday 9 April (Maundy
        /// Thursday, Good Friday and Easter Monday are not working days), receipt → PRINTET.
        @Test(.enabled(if: SMTPSink.available, SMTPSink.reason))
        func anUnreadLetterIsNotifiedOnceAndPrintedAfterTwoWorkingDaysAcrossEaster() async throws {
            let sink = try SMTPSink()
            let printDir = Self.tempDir()
            let clock = ManualClock(Self.oslo(2026, 4, 1, 10))
            try await withRadhus(
                clock: clock,
                tweak: {
                    $0.smtpURL = "smtp://127.0.0.1:\(sink.port)"
                    $0.printDirectory = printDir
                }
            ) { app in
                // setup: a decided letter in the outbox
                let citizen = try await Self.decidedLetter(app)
                var s = try await Self.shipment(app)
                // check: written with the decision, in its transaction.
                #expect(s.shipmentStatus == .mottatt && s.action == .deliver)
                // act: the dispatcher steps it along
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .varslet, "\(s.lastError ?? "")")
                #expect(s.printDueAt == Self.oslo(2026, 4, 9))
                #expect(s.action == .print && s.nextAttemptAt == Self.oslo(2026, 4, 9))

                let mails = sink.messages()
                #expect(mails.count == 1)
                let mail = try #require(mails.first)
                #expect(SMTPSink.header("To", in: mail) == "ola.provestad@example.test", "\(mail.prefix(400))")
                #expect(
                    SMTPSink.header("Message-ID", in: mail)
                        == "<\(s.id!.uuidString.lowercased()).notify@radhus.5503.kommune>")
                let body = SMTPSink.body(of: mail)
                #expect(body.contains("Du har fått et nytt brev fra Harstad kommune"))
                #expect(body.contains("/innboks"))
                // check: no personal content: not the number, not the case, not the letter.
                for secret in [People.ola, People.child, "skoleskyss", "Skoleskyss", "Noah", "innvilget"] {
                    #expect(!mail.contains(secret) && !body.contains(secret), "the notice reveals «\(secret)»")
                }

                // act / check: the last minute of the second working day: not yet.
                clock.set(Self.oslo(2026, 4, 8, 23, 59))
                try await dispatcher.drain()
                #expect(try await Self.shipment(app).shipmentStatus == .varslet)
                #expect(Self.batches(printDir).isEmpty)

                clock.set(Self.oslo(2026, 4, 9, 0, 1))
                try await dispatcher.drain()
                s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .sendtPrint)
                let batch = try #require(Self.batches(printDir).first)
                #expect(s.printBatch == batch)
                let key = DispatchKey.key(shipment: s.id!, step: .print)
                let folder = printDir + "/utgaende/" + batch
                #expect(FileManager.default.fileExists(atPath: "\(folder)/\(key).pdf"))
                let manifest =
                    try JSONSerialization.jsonObject(
                        with: try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))) as? [String: Any]
                #expect(manifest?["count"] as? Int == 1)
                let entry = (manifest?["letters"] as? [[String: Any]])?.first
                #expect(entry?["recipient"] as? [String] == ["Ola Prøvestad", "Markens gate 3", "4611 Kristiansand S"])
                #expect(
                    FileManager.default.contents(atPath: "\(folder)/\(key).pdf")?.starts(with: Data("%PDF-1.7".utf8))
                        == true)

                // act / check: the provider's receipt.
                try FileManager.default.createDirectory(
                    atPath: printDir + "/kvitteringer", withIntermediateDirectories: true)
                try Data(#"{"batch": "\#(batch)", "printed": ["\#(key)"]}"#.utf8).write(
                    to: URL(fileURLWithPath: printDir + "/kvitteringer/\(batch).json"))
                try await dispatcher.drain()
                s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .printet)
                #expect(FileManager.default.fileExists(atPath: printDir + "/kvitteringer/behandlet/\(batch).json"))
                #expect(try await Self.trail(app, s) == [.mottatt, .akseptert, .varslet, .sendtPrint, .printet])
                #expect(sink.messages().count == 1, "one notice, however many ticks")

                // check: both sides see the letter's history (logging in again: the clock has moved on).
                try await citizen.loginCitizen(People.ola)
                let mine = try await citizen.get(SiteURL.myCase(s.caseID).path)
                for label in [
                    "Levert i innboksen", "Varslet på e-post", "Sendt til utskrift", "Skrevet ut og postlagt",
                ] {
                    #expect(mine.body.contains(label), "citizen page lacks «\(label)»")
                }
                #expect(!mine.body.contains("bunke"), "internal details stay with staff")
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let casePage = try await staff.get(SiteURL.staffCase(s.caseID).path)
                #expect(casePage.body.contains("Sendt til utskrift – Sendt til utskrift (bunke \(batch))"))
                #expect(casePage.body.contains("Varslet på e-post – Varsel sendt på e-post"))
            }
            try? FileManager.default.removeItem(atPath: printDir)
        }

        @Test func aLetterOpenedInTimeIsNeverPrinted() async throws {
            let printDir = Self.tempDir()
            let clock = ManualClock(Self.oslo(2028, 5, 16, 9))
            try await withRadhus(clock: clock, tweak: { $0.printDirectory = printDir }) { app in
                // setup: a decided letter
                let citizen = try await Self.decidedLetter(app)
                // act
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                var s = try await Self.shipment(app)
                // check: no SMTP configured: in the inbox, paper after 17 May + 2 working days.
                #expect(s.shipmentStatus == .akseptert)
                #expect(s.printDueAt == Self.oslo(2028, 5, 20))
                clock.set(Self.oslo(2028, 5, 19, 15))
                try await citizen.loginCitizen(People.ola)
                let opened = try await citizen.get(SiteURL.letter(s.letterID).path)
                #expect(opened.status == .ok)
                clock.set(Self.oslo(2028, 5, 22, 9))
                try await dispatcher.drain()
                s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .lest && s.action == .none)
                #expect(Self.batches(printDir).isEmpty)
                #expect(try await Self.trail(app, s) == [.mottatt, .akseptert, .lest])
            }
            try? FileManager.default.removeItem(atPath: printDir)
        }

        /// The caseworker marks the letter "digital only": unread, it is never printed.
        @Test func aDigitalOnlyLetterIsNeverPrinted() async throws {
            let printDir = Self.tempDir()
            let clock = ManualClock(Self.oslo(2026, 6, 1, 9))
            try await withRadhus(clock: clock, tweak: { $0.printDirectory = printDir }) { app in
                // setup: a case decided "digital only"
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                _ = try await citizen.applySkoleskyss(needsCaseworker: true)
                let record = try #require(try await CaseRecord.query(on: app.db).first())
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                try await staff.get(SiteURL.staffCase(record.id!).path)
                let decided = try await staff.post(
                    SiteURL.decide(record.id!).path,
                    [
                        "utfall": "innvilget",
                        "begrunnelse": "Skoleveien er 5,5 km, over grensen på 4 km for 2.–10. trinn.",
                        "hjemmel": "opplæringslova § 3-7", "digitalt": "ja",
                    ])
                #expect(decided.status == .seeOther)
                // act: the dispatcher runs, then thirty days pass
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                var s = try await Self.shipment(app)
                // check
                #expect(s.digitalOnly && s.shipmentStatus == .akseptert && s.printDueAt == nil && s.action == .none)
                clock.advance(by: 30 * 86400)
                try await dispatcher.drain()
                s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .akseptert)
                #expect(Self.batches(printDir).isEmpty)
            }
            try? FileManager.default.removeItem(atPath: printDir)
        }

        @Test func aCitizenReservedAgainstDigitalPostGetsPaperAtOnce() async throws {
            let printDir = Self.tempDir()
            try await withRadhus(clock: ManualClock(Self.oslo(2026, 6, 1, 9)), tweak: { $0.printDirectory = printDir })
            { app in
                // setup: a citizen reserved against digital post
                _ = try await Self.decidedLetter(app, citizen: DemoData.citizens[2].fnr)
                // act
                try await Dispatcher(app: app).drain()
                // check
                let s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .sendtPrint)
                #expect(try await Self.trail(app, s) == [.mottatt, .mottatt, .sendtPrint])
                let details = try await ShipmentEventRecord.query(on: app.db).filter(\.$shipmentID == s.id!).sort(\.$at)
                    .all().map(\.detail)
                #expect(details[1] == "Mottakeren har reservert seg mot digital post: sendes på papir")
                #expect(Self.batches(printDir).count == 1)
            }
            try? FileManager.default.removeItem(atPath: printDir)
        }

        /// The SMTP server is down: the notice is retried with backoff, then sent once when it is back.
        @Test(.enabled(if: SMTPSink.available, SMTPSink.reason))
        func anSMTPOutageIsRetriedAndTheNoticeSentOnce() async throws {
            let sink = try SMTPSink()
            sink.stop()
            let clock = ManualClock(Self.oslo(2026, 6, 2, 9))
            try await withRadhus(
                clock: clock,
                tweak: {
                    $0.smtpURL = "smtp://127.0.0.1:\(sink.port)"
                    $0.printDirectory = Self.tempDir()
                }
            ) { app in
                // setup: a decided letter, the SMTP server down
                _ = try await Self.decidedLetter(app)
                // act
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                // check
                var s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .akseptert && s.action == .notify && s.attempts == 1)
                #expect(s.lastError?.contains("cannot connect") == true)
                let wait = try #require(s.nextAttemptAt).timeIntervalSince(clock.now())
                #expect(wait >= 27 && wait <= 33, "first retry after 30 s ± 10 %: \(wait)")
                // act / check: still down at the second attempt: the wait doubles.
                clock.advance(by: 40)
                try await dispatcher.drain()
                s = try await Self.shipment(app)
                #expect(s.attempts == 2)
                let wait2 = try #require(s.nextAttemptAt).timeIntervalSince(clock.now())
                #expect(wait2 >= 54 && wait2 <= 66)
                try sink.start()
                clock.advance(by: 70)
                try await dispatcher.drain()
                s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .varslet && s.attempts == 0 && s.lastError == nil)
                clock.advance(by: 3600)
                try await dispatcher.drain()
                #expect(sink.messages().count == 1)
            }
        }

        /// A notice that cannot be sent for four hours: the letter goes on paper instead.
        @Test func aNoticeThatFailsForFourHoursSendsTheLetterOnPaper() async throws {
            let printDir = Self.tempDir()
            let clock = ManualClock(Self.oslo(2026, 6, 2, 9))
            // Port 9 (discard) is closed on loopback: every connection is refused.
            try await withRadhus(
                clock: clock,
                tweak: {
                    $0.smtpURL = "smtp://127.0.0.1:9"
                    $0.printDirectory = printDir
                }
            ) { app in
                // setup: a decided letter, no SMTP server
                _ = try await Self.decidedLetter(app)
                // act: four hours of attempts, every quarter
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                var attempts = 0
                for _ in 0..<40 {
                    clock.advance(by: 15 * 60)
                    try await dispatcher.drain()
                    let s = try await Self.shipment(app)
                    attempts = max(attempts, s.attempts)
                    if s.shipmentStatus == .sendtPrint { break }
                }
                let s = try await Self.shipment(app)
                #expect(s.shipmentStatus == .sendtPrint)
                #expect(attempts >= 10, "retried for four hours: \(attempts) attempts")
                #expect(clock.now().timeIntervalSince(Self.oslo(2026, 6, 2, 9)) >= 4 * 3600)
                let details = try await ShipmentEventRecord.query(on: app.db).filter(\.$shipmentID == s.id!).all().map(
                    \.detail)
                #expect(details.contains("E-postvarsel kunne ikke sendes; brevet sendes på papir"))
            }
            try? FileManager.default.removeItem(atPath: printDir)
        }

        @Test func aCaseworkerStopsALetterBeforePrintAndOtherKommunerCannot() async throws {
            let printDir = Self.tempDir()
            let clock = ManualClock(Self.oslo(2026, 6, 2, 9))
            try await withRadhus(clock: clock, tweak: { $0.printDirectory = printDir }) { app in
                // setup: a letter waiting for print
                _ = try await Self.decidedLetter(app)
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                let s = try await Self.shipment(app)
                let path = SiteURL.stopShipment(case: s.caseID, shipment: s.id!).path

                // act / check: another kommune's caseworker, then the own
                let other = WebClient(app)
                try await other.loginStaff("kristiansand.saksbehandler")
                #expect(try await other.post(path).status == .notFound)
                #expect(
                    try await other.post(SiteURL.dispatchAction(shipment: s.id!, action: "stop").path).status
                        == .forbidden)
                let otherLeader = WebClient(app)
                try await otherLeader.loginStaff("kristiansand.leder")
                #expect(
                    try await otherLeader.post(SiteURL.dispatchAction(shipment: s.id!, action: "stop").path).status
                        == .notFound)
                #expect(try await Self.shipment(app).shipmentStatus == .akseptert)

                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let page = try await staff.get(SiteURL.staffCase(s.caseID).path)
                #expect(page.body.contains("Stopp før utskrift"))
                #expect(try await staff.post(path, withCSRF: false).status == .forbidden)
                let stopped = try await staff.post(path)
                #expect(stopped.status == .seeOther)
                #expect(try await Self.shipment(app).shipmentStatus == .manueltHandtert)
                // act / check: once stopped, it cannot be stopped again, and it never goes to print.
                #expect(try await staff.post(path).status == .conflict)
                clock.advance(by: 10 * 86400)
                try await dispatcher.drain()
                #expect(try await Self.shipment(app).shipmentStatus == .manueltHandtert)
                #expect(Self.batches(printDir).isEmpty)
            }
            try? FileManager.default.removeItem(atPath: printDir)
        }

        /// A domain system's webhook: signed, retried with the same message id, de-duplicated by the
        /// receiver; a dead letter is listed for the admin, who sends it again.
        @Test func webhooksAreSignedRetriedAndDeadLetteredForTheAdmin() async throws {
            let receiver = try await WebhookReceiver.start()
            let clock = ManualClock(Self.oslo(2026, 6, 2, 9))
            try await withRadhus(clock: clock, tweak: { $0.printDirectory = Self.tempDir() }) { app in
                // setup
                let admin = WebClient(app)
                try await admin.loginStaff("harstad.admin")
                try await admin.get(SiteURL.dispatch().path)
                // act / check: field-by-field errors, what was typed kept.
                let before = try await DispatchSettings.query(on: app.db).all().map { $0.webhookURL ?? "" }
                let bad = try await admin.post(
                    SiteURL.dispatchSettings.path, ["dager": "to", "webhook": "ftp://fagsystem", "hemmelighet": "kort"])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.contains("Skriv et helt tall fra 1 til 10"))
                #expect(bad.body.contains("Skriv en https-adresse"))
                #expect(bad.body.contains("Hemmeligheten må ha minst 16 tegn"))
                #expect(bad.body.contains(#"value="ftp://fagsystem""#) && bad.body.contains(#"value="to""#))
                // nothing written (the demo seeds each kommune's appeal bodies' addresses, no webhook)
                let after = try await DispatchSettings.query(on: app.db).all().map { $0.webhookURL ?? "" }
                #expect(after == before)
                #expect(before.allSatisfy { $0.isEmpty })
                let secret = "delt-hemmelighet-for-test"
                let saved = try await admin.post(
                    SiteURL.dispatchSettings.path,
                    ["dager": "2", "webhook": "http://127.0.0.1:\(receiver.port)/hook", "hemmelighet": secret])
                #expect(saved.status == .seeOther)

                receiver.answers = [.serviceUnavailable]
                let citizen = try await Self.decidedLetter(app)
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                var hook = try await Self.shipment(app, channel: .webhook)
                #expect(hook.attempts == 1 && hook.lastError == "Webhook: HTTP 503")
                clock.advance(by: 40)
                try await dispatcher.drain()
                hook = try await Self.shipment(app, channel: .webhook)
                #expect(hook.shipmentStatus == .akseptert)
                let received = receiver.received
                #expect(received.count == 2)
                #expect(Set(received.map(\.id)).count == 1, "the retry carries the same message id")
                #expect(received.first?.id == DispatchKey.key(shipment: hook.id!, step: .webhook))
                for r in received {
                    #expect(
                        r.signature == "sha256="
                            + Dispatcher.signature(secret: secret, timestamp: r.timestamp, body: r.body))
                }
                let message =
                    try JSONSerialization.jsonObject(with: try #require(received.last?.body)) as? [String: Any]
                #expect(message?["kommunenummer"] as? String == "5503")
                #expect((message?["title"] as? String)?.contains("Vedtak") == true)

                // act / check: a receiver that keeps failing: dead letter after four hours, for the admin.
                receiver.answers = Array(repeating: .internalServerError, count: 100)
                _ = try await citizen.applySkoleskyss(distance: "6", grade: "4", needsCaseworker: false)
                try await dispatcher.drain()
                for _ in 0..<30 {
                    clock.advance(by: 16 * 60)
                    try await dispatcher.drain()
                }
                let dead = try #require(
                    try await ShipmentRecord.query(on: app.db).filter(\.$channel == "webhook")
                        .filter(\.$status == ShipmentStatus.ikkeLevert.rawValue).first())
                #expect(dead.failedAction == "webhook" && dead.action == .none)
                // (The clock has moved past the 8-hour login.)
                try await admin.loginStaff("harstad.admin")
                let overview = try await admin.get(SiteURL.dispatch().path)
                #expect(overview.body.contains("Trenger oppfølging"))
                #expect(overview.body.contains("Webhook: HTTP 500"))
                #expect(overview.body.contains(SiteURL.dispatchAction(shipment: dead.id!, action: "retry").path))
                // check: another kommune's admin cannot touch it.
                let otherAdmin = WebClient(app)
                try await otherAdmin.loginStaff("kristiansand.admin")
                try await otherAdmin.get(SiteURL.dispatch().path)
                #expect(
                    try await otherAdmin.post(SiteURL.dispatchAction(shipment: dead.id!, action: "retry").path).status
                        == .notFound)

                receiver.answers = []
                #expect(
                    try await admin.post(SiteURL.dispatchAction(shipment: dead.id!, action: "retry").path).status
                        == .seeOther)
                try await dispatcher.drain()
                let revived = try #require(try await ShipmentRecord.find(dead.id, on: app.db))
                #expect(revived.shipmentStatus == .akseptert)
                #expect(
                    try await admin.post(SiteURL.dispatchAction(shipment: dead.id!, action: "retry").path).status
                        == .conflict)
            }
            try await receiver.stop()
        }

        static let openssl = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

        /// STARTTLS with a certificate checked against a given CA, and AUTH PLAIN inside TLS.
        @Test(.enabled(if: SMTPSink.available && DispatchTests.openssl, "needs aiosmtpd and openssl"))
        func noticesGoOverSTARTTLSWithAuthentication() async throws {
            // setup: a certificate, and a server that needs TLS and a password
            let dir = Self.tempDir()
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            openssl.arguments = [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(dir)/key.pem", "-out", "\(dir)/cert.pem",
                "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            ]
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            let sink = try SMTPSink(tls: ("\(dir)/cert.pem", "\(dir)/key.pem"), auth: "radhus:et-langt-passord")
            var settings = try SMTPSettings(
                url: "smtp://radhus:et-langt-passord@localhost:\(sink.port)", from: "ikke-svar@radhus.test",
                trustRootsFile: "\(dir)/cert.pem")
            // act
            let message = MailMessage(
                to: "ola@example.test", subject: "Nytt brev fra Harstad kommune", body: "Hei!",
                messageID: "<tls-test@radhus.test>", date: Date())
            try await SMTPClient.send(message, settings: settings)
            // check
            #expect(sink.messages().count == 1)
            #expect(SMTPSink.header("Message-ID", in: sink.messages()[0]) == "<tls-test@radhus.test>")
            #expect(
                SMTPSink.header("Subject", in: sink.messages()[0])
                    == "=?UTF-8?B?\(Data("Nytt brev fra Harstad kommune".utf8).base64EncodedString())?=")

            // act / check: a recipient the server refuses (550) is a permanent failure, not retried.
            var refused = message
            refused.to = "noen@avvist.test"
            do {
                try await SMTPClient.send(refused, settings: settings)
                Issue.record("a refused recipient was accepted")
            } catch let e as SMTPError {
                #expect(!e.transient && e.description.contains("RCPT TO: 550"), "\(e)")
            }
            // act / check: a certificate the client does not trust: nothing is sent.
            settings.trustRootsFile = nil
            await #expect(throws: SMTPError.self) { try await SMTPClient.send(message, settings: settings) }
            #expect(sink.messages().count == 1)
        }

        @Test func citizensChooseTheirNoticeAddressAndPaper() async throws {
            try await withRadhus { app in
                // act / check: the citizen's own settings, first with a bad address
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ida)
                let page = try await citizen.get(SiteURL.profile().path)
                #expect(page.body.contains("ida.testesen@example.test"))
                #expect(page.body.contains("Storgata 12"))
                let bad = try await citizen.post(SiteURL.profile().path, ["epost": "ida@@example"])
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.contains("Skriv en gyldig e-postadresse"))
                #expect(bad.body.contains(#"value="ida@@example""#))
                let contact = try #require(
                    try await CitizenContact.query(on: app.db).filter(\.$fnr == People.ida).first())
                #expect(contact.email == "ida.testesen@example.test")
                #expect(
                    try await citizen.post(SiteURL.profile().path, ["epost": "ida@eksempel.no", "papir": "ja"]).status
                        == .seeOther)
                let after = try #require(
                    try await CitizenContact.query(on: app.db).filter(\.$fnr == People.ida).first())
                #expect(after.email == "ida@eksempel.no" && after.reserved)
                // check: anonymous: to the login page.
                #expect(try await WebClient(app).get(SiteURL.profile().path).status == .seeOther)
            }
        }
    }
}

/// A domain system on loopback (a second Vapor application) that records what it is sent
/// and answers with the statuses it is given, then 200.
final class WebhookReceiver: @unchecked Sendable {
    struct Received: Sendable {
        var id: String
        var timestamp: String
        var signature: String
        var body: Data
    }
    private let lock = NSLock()
    private var _received: [Received] = []
    private var _answers: [HTTPStatus] = []
    let app: Application
    var port: Int = 0

    var received: [Received] { lock.withLock { _received } }
    var answers: [HTTPStatus] {
        get { lock.withLock { _answers } }
        set { lock.withLock { _answers = newValue } }
    }

    private init(app: Application) { self.app = app }

    static func start() async throws -> WebhookReceiver {
        let app = try await Application.make(.testing)
        let r = WebhookReceiver(app: app)
        app.post("hook") { req -> HTTPStatus in
            let body = req.body.data.map { Data(buffer: $0) } ?? Data()
            return r.lock.withLock {
                r._received.append(
                    Received(
                        id: req.headers.first(name: "Radhus-Message-Id") ?? req.headers.first(name: "Radhus-Event-Id")
                            ?? "",
                        timestamp: req.headers.first(name: "Radhus-Timestamp") ?? "",
                        signature: req.headers.first(name: "Radhus-Signature") ?? "", body: body))
                return r._answers.isEmpty ? .ok : r._answers.removeFirst()
            }
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        r.port = try #require(app.http.server.shared.localAddress?.port)
        return r
    }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}
