import App
import Fluent
import Foundation
import RadhusCore
import Testing
import VaporTesting

extension AppTests {
    /// Insights (issue 8): KPIs and gains from known event sequences, empty periods and open
    /// cases included, and an independent recount from the raw event rows.
    @Suite struct InsightsTests {
        static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10) -> Date {
            var c = DateComponents(); c.year = y; c.month = m; c.day = d; c.hour = h
            var cal = Calendar(identifier: .gregorian); cal.timeZone = TimeZone(identifier: "Europe/Oslo")!
            return cal.date(from: c)!
        }

        static func submit(_ app: Application, health: Bool, channel: SubmissionChannel = .digital, applicant: String = People.ola,
                           key: String) async throws -> SubmissionReceipt {
            let m = try await app.municipality("5503").snapshot()
            let s = try #require(try await app.services.offered(municipalityID: m.id, id: "skoleskyss", on: app.db))
            let raw = ["elevens_fnr": People.child, "elevens_navn": "Noah", "adresse.gate": "Storgata 1", "adresse.postnummer": "9405",
                       "adresse.poststed": "Harstad", "skole": "kanebogen-skole", "trinn": "3", "avstand_km": "5",
                       "farlig_skolevei": "nei", "helsebehov": health ? "ja" : "nei"]
            guard case .success(let answers) = FormValidator(policy: .synthetic, kommune: "5503", today: app.clock.now()).validate(s, input: raw) else {
                Issue.record("invalid answers"); throw RadhusError.badRequest("invalid")
            }
            return try await SubmissionService(db: app.db, writer: app.writer, clock: app.clock, rules: app.services.rules(for: s))
                .submit(SubmitApplication(municipality: m, service: s, applicant: try Fodselsnummer(applicant, policy: .synthetic),
                                          answers: answers, channel: channel, idempotencyKey: key))
        }

        /// The KPIs recounted straight from the event rows, without the case facts.
        static func recount(_ app: Application, kommune: String, period: ReportPeriod) async throws -> KPIs {
            let m = try await app.municipality(kommune)
            let events = try await CaseEventRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all()
            let shipments = try await ShipmentEventRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all()
            let decisions = Dictionary(try await DecisionRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all().map { ($0.caseID, $0.automated) },
                                       uniquingKeysWith: { a, _ in a })
            let cases = Dictionary(try await CaseRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all().map { ($0.id!, $0) },
                                   uniquingKeysWith: { a, _ in a })
            func inPeriod(_ d: Date) -> Bool { (period.from...period.to).contains(ReportPeriod.day(d)) }
            var k = KPIs()
            let submitted = Dictionary(events.filter { $0.kind == "submitted" }.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
            let decided = Dictionary(events.filter { $0.kind == "decided" }.map { ($0.caseID, $0.at) }, uniquingKeysWith: { a, _ in a })
            for (_, e) in submitted where inPeriod(e.at) {
                k.received += 1
                if e.detail == "digital" { k.receivedDigitally += 1 }
            }
            var durations: [Int] = []
            for (id, at) in decided where inPeriod(at) {
                k.decided += 1
                if decisions[id] == true { k.automated += 1 }
                let seconds = Int(at.timeIntervalSince(submitted[id]!.at).rounded())
                durations.append(seconds); k.processingTotal += seconds
                if at > cases[id]!.dueAt { k.decidedLate += 1 }
                k.letters += events.filter { $0.caseID == id && $0.kind == "letter_sent" }.count
                k.read += events.filter { $0.caseID == id && $0.kind == "letter_read" }.count
                k.printed += shipments.filter { $0.caseID == id && $0.status == "SENDT_PRINT" }.count
            }
            durations.sort()
            k.processingMedian = nearestRankPercentile(durations, 0.5); k.processingP90 = nearestRankPercentile(durations, 0.9)
            let end = period.endInstant()
            k.openOverdue = submitted.filter { id, e in
                ReportPeriod.day(e.at) <= period.to && cases[id]!.dueAt < end && (decided[id].map { $0 >= end } ?? true)
            }.count
            return k
        }

        @Test func kpisAndGainsFromAKnownSequence() async throws {
            let clock = FixedClock(Self.oslo(2026, 3, 10))
            let printDir = DispatchTests.tempDir()
            try await withRadhus(clock: clock, tweak: { $0.printDirectory = printDir }) { app in
                let harstad = try await app.municipality("5503")
                let a = try await Self.submit(app, health: true, key: "a")              // manual
                let b = try await Self.submit(app, health: false, key: "b")             // decided by rules at once
                _ = try await Self.submit(app, health: true, channel: .paper, key: "c") // paper, left open
                #expect(b.automatedOutcome == "innvilget")
                clock.advance(by: 2 * 86_400)
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                #expect(try await staff.post("/ansatt/saker/\(a.caseID.uuidString.lowercased())/vedtak",
                                             ["utfall": "avslatt", "begrunnelse": "Skoleveien er kortere enn 4 km.", "hjemmel": "opplæringslova § 3-7"]).status == .seeOther)
                // Ola reads the automated letter at once (before the dispatcher has even delivered
                // it: that stops print too); the manual one stays unread and goes to print.
                let letterB = try #require(try await LetterRecord.query(on: app.db).filter(\.$caseID == b.caseID).first())
                _ = try await InboxService(db: app.db, writer: app.writer, clock: clock).open(letterID: letterB.id!, recipient: try Fodselsnummer(People.ola, policy: .synthetic))
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                clock.set(Self.oslo(2026, 3, 17, 9))
                try await dispatcher.drain()
                let feed = EventFeed(app: app), insights = InsightsService(app: app)
                try await feed.sequencePending(); try await insights.aggregate()
                #expect(try await insights.aggregate() == 0, "each event counted once")

                let march = ReportPeriod.month(2026, 3)
                let k = try #require(try await insights.kpis(municipalityID: harstad.id!, period: march)[nil])
                #expect(k.received == 3 && k.receivedDigitally == 2)
                #expect(k.digitalShare.map { abs($0 - 2.0 / 3.0) < 1e-9 } == true)
                #expect(k.decided == 2 && k.automated == 1 && k.automationRate == 0.5)
                #expect(k.processingMedian == 0 && k.processingP90 == 2 * 86_400, "nearest rank of [0 s, 2 days]")
                #expect(k.letters == 2 && k.printed == 1 && k.lettersDigital == 1 && k.read == 1)
                #expect(k.decidedLate == 0 && k.openOverdue == 1, "the paper case was due 31 March and is still open")
                #expect(k == (try await Self.recount(app, kommune: "5503", period: march)), "the facts agree with the raw events")
                let perService = try await insights.kpis(municipalityID: harstad.id!, period: march)
                #expect(perService["skoleskyss"] == k && perService["barnehageplass"] == nil)

                // An empty period, and one where the open case was not yet overdue.
                let february = try #require(try await insights.kpis(municipalityID: harstad.id!, period: .month(2026, 2))[nil])
                #expect(february == KPIs() && february.digitalShare == nil && february.automationRate == nil && february.processingMedian == nil)
                let early = ReportPeriod(kind: .custom, from: 20260310, to: 20260320)
                #expect(try await insights.kpis(municipalityID: harstad.id!, period: early)[nil]?.openOverdue == 0)
                // Kristiansand has nothing.
                let k2 = try await app.municipality("4204")
                #expect(try await insights.kpis(municipalityID: k2.id!, period: march)[nil] == KPIs())

                // Gains against a baseline: 1 automated case × 45 min; 1 digital letter × 21 kr; waiting.
                let g = Gains.compute(k, baseline: Baseline(minutesPerManualCase: 45, processingDaysBefore: 21, kronerPerPrintedLetter: 21,
                                                           kronerPerMeeting: 400, source: "Tidsstudie 2025", measuredOn: "2025-10-01"),
                                      hoursPerFTE: 1700)
                #expect(g.hoursSaved == 0.75 && abs(g.fte - 0.75 / 1700) < 1e-12 && g.kronerAvoided == 21)
                #expect(g.waitingDaysSaved == 2 * 21 - 2, "two cases × 21 days before − 2 days actually")
                #expect(g.hoursExplained.contains("1 automatiske vedtak × 45 minutter"))

                // Trend: one month with activity.
                let trend = try await insights.trend(municipalityID: harstad.id!, months: ReportPeriod.trailingMonths(endingAt: 20260331, count: 3))
                #expect(trend.map(\.received) == [0, 0, 3] && trend.map(\.automated) == [0, 0, 1] && trend.map(\.printed) == [0, 0, 1])
            }
        }

        @Test func periodsAreWholeOsloDays() {
            #expect(ReportPeriod.month(2028, 2).to == 20280229 && ReportPeriod.quarter(2026, 2) == ReportPeriod(kind: .quarter, from: 20260401, to: 20260630))
            #expect(ReportPeriod.day(Self.oslo(2026, 3, 31, 23)) == 20260331, "23:00 in Oslo is still 31 March")
            #expect(ReportPeriod.trailingMonths(endingAt: 20260215, count: 3).map(\.key) == ["2025-12", "2026-01", "2026-02"])
            #expect(ReportPeriod.month(2026, 3).label == "mars 2026" && ReportPeriod.quarter(2026, 3).label == "3. kvartal 2026")
            #expect(nearestRankPercentile([], 0.5) == nil && nearestRankPercentile([5, 1, 3].sorted(), 0.5) == 3)
        }
    }
}
