import App
import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

extension AppTests {
    /// Insights (issue 8): KPIs and gains from known event sequences, empty periods and open
    /// cases included, and an independent recount from the raw event rows.
    @Suite struct InsightsTests {
        static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10) -> Date {
            var c = DateComponents()
            c.year = y
            c.month = m
            c.day = d
            c.hour = h
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = TimeZone(identifier: "Europe/Oslo")!
            return cal.date(from: c)!
        }

        static func submit(
            _ app: Application, health: Bool, channel: SubmissionChannel = .digital, applicant: String = People.ola,
            key: String
        ) async throws -> SubmissionReceipt {
            let m = try await app.municipality("5503").snapshot()
            let s = try #require(try await app.services.offered(municipalityID: m.id, id: "skoleskyss", on: app.db))
            let raw = [
                "elevens_fnr": People.child, "elevens_navn": "Noah", "adresse.gate": "Storgata 1",
                "adresse.postnummer": "9405",
                "adresse.poststed": "Harstad", "skole": "kanebogen-skole", "trinn": "3", "avstand_km": "5",
                "farlig_skolevei": "nei", "helsebehov": health ? "ja" : "nei",
            ]
            guard
                case .success(let answers) = FormValidator(policy: .synthetic, kommune: "5503", today: app.clock.now())
                    .validate(s, input: raw)
            else {
                Issue.record("invalid answers")
                throw RadhusError.badRequest("invalid")
            }
            return try await SubmissionService(
                db: app.db, writer: app.writer, clock: app.clock, rules: app.services.rules(for: s)
            )
            .submit(
                SubmitApplication(
                    municipality: m, service: s, applicant: try Fodselsnummer(applicant, policy: .synthetic),
                    answers: answers, channel: channel, idempotencyKey: key))
        }

        /// The KPIs recounted straight from the event rows, without the case facts.
        static func recount(_ app: Application, kommune: String, period: ReportPeriod, service: String? = nil)
            async throws -> KPIs
        {
            let m = try await app.municipality(kommune)
            let ofService = Set(
                try await CaseRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all()
                    .filter { service == nil || $0.serviceID == service }.map { $0.id! })
            let events = try await CaseEventRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all().filter {
                ofService.contains($0.caseID)
            }
            let shipments = try await ShipmentEventRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all()
            let decisions = Dictionary(
                try await DecisionRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all().map {
                    ($0.caseID, $0.automated)
                },
                uniquingKeysWith: { a, _ in a })
            let cases = Dictionary(
                try await CaseRecord.query(on: app.db).filter(\.$municipalityID == m.id!).all().map { ($0.id!, $0) },
                uniquingKeysWith: { a, _ in a })
            func inPeriod(_ d: Date) -> Bool { (period.from...period.to).contains(ReportPeriod.day(d)) }
            var k = KPIs()
            let submitted = Dictionary(
                events.filter { $0.kind == "submitted" }.map { ($0.caseID, $0) }, uniquingKeysWith: { a, _ in a })
            let decided = Dictionary(
                events.filter { $0.kind == "decided" }.map { ($0.caseID, $0.at) }, uniquingKeysWith: { a, _ in a })
            for (_, e) in submitted where inPeriod(e.at) {
                k.received += 1
                if e.detail == "digital" { k.receivedDigitally += 1 }
            }
            // Per case: letters sent and read (timeline rows) and letters printed (receipts).
            var count: [String: Int] = [:]
            for e in events { count["\(e.caseID) \(e.kind)", default: 0] += 1 }
            for e in shipments where e.status == "SENDT_PRINT" { count["\(e.caseID) SENDT_PRINT", default: 0] += 1 }
            var durations: [Int] = []
            for (id, at) in decided where inPeriod(at) {
                k.decided += 1
                if decisions[id] == true { k.automated += 1 }
                let seconds = Int(at.timeIntervalSince(submitted[id]!.at).rounded())
                durations.append(seconds)
                k.processingTotal += seconds
                if at > cases[id]!.dueAt { k.decidedLate += 1 }
                k.letters += count["\(id) letter_sent", default: 0]
                k.read += count["\(id) letter_read", default: 0]
                k.printed += count["\(id) SENDT_PRINT", default: 0]
            }
            durations.sort()
            k.processingMedian = nearestRankPercentile(durations, 0.5)
            k.processingP90 = nearestRankPercentile(durations, 0.9)
            let end = period.endInstant()
            k.openOverdue =
                submitted.filter { id, e in
                    ReportPeriod.day(e.at) <= period.to && cases[id]!.dueAt < end
                        && (decided[id].map { $0 >= end } ?? true)
                }.count
            return k
        }

        /// The rollup rows that carry something, as text, in a fixed order.
        static func rollupRows(_ app: Application) async throws -> [String] {
            let sql = app.db.sql
            var out: [String] = []
            for r in try await sql.raw("SELECT * FROM insights_daily ORDER BY municipality_id, service_id, day").all() {
                let counts = try [
                    "received", "digital", "due", "decided", "automated", "processing_total", "decided_late", "letters",
                    "printed", "read", "due_closed",
                ].map { try r.decode(column: $0, as: Int.self) }
                guard counts.contains(where: { $0 != 0 }) else { continue }
                out.append(
                    "\(try r.decode(column: "service_id", as: String.self)) \(try r.decode(column: "day", as: Int.self)) \(counts)"
                )
            }
            for r in try await sql.raw(
                "SELECT * FROM insights_processing WHERE n <> 0 ORDER BY municipality_id, service_id, day, bucket"
            ).all() {
                out.append(
                    try ["service_id", "day", "bucket", "n"].map { c in
                        c == "service_id"
                            ? try r.decode(column: c, as: String.self) : String(try r.decode(column: c, as: Int.self))
                    }.joined(separator: " "))
            }
            return out
        }

        @Test func kpisAndGainsFromAKnownSequence() async throws {
            let clock = ManualClock(Self.oslo(2026, 3, 10))
            let printDir = DispatchTests.tempDir()
            try await withRadhus(clock: clock, tweak: { $0.printDirectory = printDir }) { app in
                // setup: three applications (manual, automated, paper), one decided by a caseworker, one letter read
                let harstad = try await app.municipality("5503")
                let a = try await Self.submit(app, health: true, key: "a")  // manual
                let b = try await Self.submit(app, health: false, key: "b")  // decided by rules at once
                _ = try await Self.submit(app, health: true, channel: .paper, key: "c")  // paper, left open
                #expect(b.automatedOutcome == "innvilget")
                clock.advance(by: 2 * 86_400)
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                #expect(
                    try await staff.post(
                        "/ansatt/saker/\(a.caseID.uuidString.lowercased())/vedtak",
                        [
                            "utfall": "avslatt", "begrunnelse": "Skoleveien er kortere enn 4 km.",
                            "hjemmel": "opplæringslova § 3-7",
                        ]
                    ).status == .seeOther)
                // Ola reads the automated letter at once (before the dispatcher has even delivered
                // it: that stops print too); the manual one stays unread and goes to print.
                let letterB = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == b.caseID).first())
                _ = try await InboxService(db: app.db, writer: app.writer, clock: clock).open(
                    letterID: letterB.id!, recipient: try Fodselsnummer(People.ola, policy: .synthetic))
                let dispatcher = Dispatcher(app: app)
                try await dispatcher.drain()
                clock.set(Self.oslo(2026, 3, 17, 9))
                try await dispatcher.drain()
                // act: the feed and the aggregator catch up
                let feed = EventFeed(app: app)
                let insights = InsightsService(app: app)
                try await feed.sequencePending()
                try await insights.aggregate()
                #expect(try await insights.aggregate() == 0, "each event counted once")

                // check
                let march = ReportPeriod.month(2026, 3)
                let k = try #require(try await insights.kpis(municipalityID: harstad.id!, period: march)[nil])
                #expect(k.received == 3 && k.receivedDigitally == 2)
                #expect(k.digitalShare.map { abs($0 - 2.0 / 3.0) < 1e-9 } == true)
                #expect(k.decided == 2 && k.automated == 1 && k.automationRate == 0.5)
                #expect(k.processingMedian == 0 && k.processingP90 == 2 * 86_400, "nearest rank of [0 s, 2 days]")
                #expect(k.letters == 2 && k.printed == 1 && k.lettersDigital == 1 && k.read == 1)
                #expect(k.decidedLate == 0 && k.openOverdue == 1, "the paper case was due 31 March and is still open")
                #expect(
                    k == (try await Self.recount(app, kommune: "5503", period: march)),
                    "the facts agree with the raw events")
                let perService = try await insights.kpis(municipalityID: harstad.id!, period: march)
                #expect(perService["skoleskyss"] == k && perService["barnehageplass"] == nil)

                // check: an empty period, and one where the open case was not yet overdue.
                let february = try #require(
                    try await insights.kpis(municipalityID: harstad.id!, period: .month(2026, 2))[nil])
                #expect(
                    february == KPIs() && february.digitalShare == nil && february.automationRate == nil
                        && february.processingMedian == nil)
                let early = ReportPeriod(kind: .custom, from: 20_260_310, to: 20_260_320)
                #expect(try await insights.kpis(municipalityID: harstad.id!, period: early)[nil]?.openOverdue == 0)
                // check: Kristiansand has nothing.
                let k2 = try await app.municipality("4204")
                #expect(try await insights.kpis(municipalityID: k2.id!, period: march)[nil] == KPIs())

                // check: gains against a baseline: 1 automated case × 45 min; 1 digital letter × 21 kr; waiting.
                let g = Gains.compute(
                    k,
                    baseline: Baseline(
                        minutesPerManualCase: 45, processingDaysBefore: 21, kronerPerPrintedLetter: 21,
                        kronerPerMeeting: 400, source: "Tidsstudie 2025", measuredOn: "2025-10-01"),
                    hoursPerFTE: 1700)
                #expect(g.hoursSaved == 0.75 && abs(g.fte - 0.75 / 1700) < 1e-12 && g.kronerAvoided == 21)
                #expect(g.waitingDaysSaved == 2 * 21 - 2, "two cases × 21 days before − 2 days actually")
                #expect(g.hoursExplained.nb.contains("1 automatiske vedtak × 45 minutter"))
                #expect(g.hoursExplained[.en].contains("1 automated decisions × 45 minutes"))

                // check: trend: one month with activity.
                let trend = try await insights.trend(
                    municipalityID: harstad.id!, months: ReportPeriod.trailingMonths(endingAt: 20_260_331, count: 3))
                #expect(
                    trend.map(\.received) == [0, 0, 3] && trend.map(\.automated) == [0, 0, 1]
                        && trend.map(\.printed) == [0, 0, 1])
            }
        }

        static func percent(_ v: Double?) -> String { v.map { Gains.number($0 * 100) + " %" } ?? "–" }
        static func days(_ s: Int?) -> String {
            guard let s else { return "–" }
            if s < 86_400 { return s < 3600 ? "under 1 time" : Gains.number(Double(s) / 3600) + " timer" }
            return Gains.number(Double(s) / 86_400) + " dager"
        }

        /// With demo history, the report page's figures are the ones a recount from the raw
        /// event rows gives; the CSV has them too, for Norwegian Excel.
        @Test func theReportShowsWhatTheEventsSay() async throws {
            let clock = ManualClock(Self.oslo(2026, 11, 20, 12))
            try await withRadhus(clock: clock, tweak: { $0.printDirectory = DispatchTests.tempDir() }) { app in
                // setup: 75 days of demo history
                let summary = try await DemoHistory.generate(app: app, days: 75, seed: 7)
                #expect(summary.cases > 100 && summary.events > summary.cases * 3)
                #expect(app.clock.now() == clock.now(), "the clock is put back")
                // act
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.leder")
                let october = ReportPeriod.month(2026, 10)
                let page = try await leader.get("/ansatt/rapport?periode=2026-10")
                // check: the report's figures are the raw events' recount
                #expect(page.status == .ok)
                // The key figures; then the travel video meetings saved (issue 22): none here.
                let all = Self.matches(#"<span class="figure-value">([^<]*)</span>"#, in: page.body)
                #expect(all.count == 7 && all.last == "0 kr", "\(all)")
                let values = Array(all.prefix(6))
                let k = try await Self.recount(app, kommune: "5503", period: october)
                #expect(
                    k.received > 20 && k.automated > 0 && k.decided > k.automated && k.printed > 0
                        && k.receivedDigitally < k.received)
                #expect(values.count == 6, "\(values)")
                #expect(
                    values
                        == [
                            String(k.received), Self.percent(k.digitalShare), Self.percent(k.automationRate),
                            Self.days(k.processingMedian),
                            String(k.decidedLate), "\(k.lettersDigital) av \(k.letters)",
                        ].map { $0.replacingOccurrences(of: "\u{00A0}", with: "&nbsp;") }
                        || values == [
                            String(k.received), Self.percent(k.digitalShare), Self.percent(k.automationRate),
                            Self.days(k.processingMedian),
                            String(k.decidedLate), "\(k.lettersDigital) av \(k.letters)",
                        ], "\(values) vs \(k)")
                #expect(
                    page.body.contains("<svg class=\"chart\"")
                        && page.body.contains("<caption>Søknader per måned</caption>"))
                // check: every KPI, for several kinds of period and per service, is the raw events' recount;
                // the running rollups are the ones a rebuild from the facts gives.
                let harstad = try await app.municipality("5503")
                let insights = InsightsService(app: app)
                let periods = [
                    october, .month(2026, 9), .quarter(2026, 4), .year(2026),
                    ReportPeriod(kind: .custom, from: 20_260_915, to: 20_261_103),
                ]
                for p in periods {
                    #expect(
                        try await insights.kpis(municipalityID: harstad.id!, period: p)[nil]
                            == (try await Self.recount(app, kommune: "5503", period: p)), "\(p.label)")
                }
                let skoleskyss = try await insights.kpis(
                    municipalityID: harstad.id!, period: .year(2026), service: "skoleskyss")[nil]
                #expect(
                    skoleskyss
                        == (try await Self.recount(app, kommune: "5503", period: .year(2026), service: "skoleskyss")))
                #expect(
                    (skoleskyss?.processingP90 ?? 0) >= 128,
                    "a percentile inside a histogram bucket wider than a second")
                let before = try await Self.rollupRows(app)
                try await insights.rebuildRollups()
                let rebuilt = try await Self.rollupRows(app)
                #expect(before.count > 50 && before == rebuilt)
                #expect(page.body.contains("Registrer grunnlaget"), "no baseline yet")

                // act / check: the admin records a baseline; the gains appear, each with its sum.
                let admin = WebClient(app)
                try await admin.loginStaff("harstad.admin")
                _ = try await admin.get("/ansatt/rapport/grunnlag")
                let bad = try await admin.post(
                    "/ansatt/rapport/grunnlag",
                    [
                        "timer_per_arsverk": "1700", "minutter[skoleskyss]": "mange",
                        "dager[skoleskyss]": "21", "kroner_brev[skoleskyss]": "21,50",
                        "kilde[skoleskyss]": "", "malt[skoleskyss]": "2025-10-01",
                    ])
                #expect(
                    bad.status == .unprocessableEntity && bad.body.contains("Skriv minutter per sak")
                        && bad.body.contains("mange"))
                #expect(bad.body.contains("Skriv hvor tallene"))
                #expect(try await BenefitBaseline.query(on: app.db).count() == 0)
                #expect(
                    try await admin.post(
                        "/ansatt/rapport/grunnlag",
                        [
                            "timer_per_arsverk": "1700", "minutter[skoleskyss]": "45",
                            "dager[skoleskyss]": "21", "kroner_brev[skoleskyss]": "21,50",
                            "kroner_mote[skoleskyss]": "0",
                            "kilde[skoleskyss]": "Tidsstudie Oppvekst 2025", "malt[skoleskyss]": "2025-10-01",
                            "vises_med_navn": "ja",
                        ]
                    ).status == .seeOther)
                let ks =
                    try await InsightsService(app: app).kpis(
                        municipalityID: try await app.municipality("5503").id!, period: october)["skoleskyss"] ?? KPIs()
                let g = Gains.compute(
                    ks,
                    baseline: Baseline(
                        minutesPerManualCase: 45, processingDaysBefore: 21, kronerPerPrintedLetter: 21.5,
                        kronerPerMeeting: 0, source: "", measuredOn: ""), hoursPerFTE: 1700)
                let withGains = try await leader.get("/ansatt/rapport?periode=2026-10")
                #expect(
                    withGains.body.contains("Slik er tallet regnet ut")
                        && withGains.body.contains("\(ks.automated) automatiske vedtak × 45 minutter"))
                #expect(
                    withGains.body.contains(
                        Gains.number(g.kronerAvoided, decimals: 0).replacingOccurrences(of: "\u{00A0}", with: "&nbsp;")
                            + " kr")
                        || withGains.body.contains(Gains.number(g.kronerAvoided, decimals: 0) + " kr"))

                // act / check: a note per service, and the CSV for Excel.
                #expect(
                    try await leader.post(
                        "/ansatt/rapport/kommentar",
                        [
                            "tjeneste": "skoleskyss", "periode": "2026-10",
                            "tekst": "Skolestart; flere søknader; regler; avgjort samme dag.",
                        ]
                    ).status == .seeOther)
                let csv = try await leader.get("/ansatt/rapport.csv?periode=2026-10")
                #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
                #expect(csv.body.hasPrefix("\u{FEFF}Kommune;Periode;Tjeneste;Søknader"))
                let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
                let total = try #require(lines.last?.components(separatedBy: ";"))
                #expect(total[2] == "Alle tjenester" && total[3] == String(k.received))
                #expect(
                    total[5]
                        == String(format: "%.2f", (k.digitalShare ?? 0) * 100).replacingOccurrences(of: ".", with: ","),
                    "decimal comma")
                #expect(
                    csv.body.contains("\"Skolestart; flere søknader; regler; avgjort samme dag.\""),
                    "a field with semicolons is quoted")

                // act / check: comparison: Kristiansand is anonymous unless it chooses otherwise; Harstad named itself.
                let compare = try await leader.get("/ansatt/sammenligning?tjeneste=barnehageplass&periode=2026-10")
                #expect(
                    compare.body.contains("Harstad kommune (dere)") && compare.body.contains("Kommune A")
                        && !compare.body.contains("Kristiansand"))
                let kleader = WebClient(app)
                try await kleader.loginStaff("kristiansand.leder")
                #expect(
                    try await kleader.get("/ansatt/sammenligning?tjeneste=barnehageplass&periode=2026-10").body
                        .contains(">Harstad kommune<"))
                // check: a caseworker sees none of it.
                let worker = WebClient(app)
                try await worker.loginStaff("harstad.saksbehandler")
                #expect(try await worker.get("/ansatt/rapport").status == .forbidden)
                #expect(try await leader.get("/ansatt/rapport?periode=2026-13").status == .badRequest)
                let custom = try await leader.get("/ansatt/rapport?periode=2026-10&fra=2026-10-01&til=2026-10-15")
                #expect(custom.status == .ok && custom.body.contains("1.10.2026–15.10.2026"))
                #expect(
                    try await leader.get("/ansatt/rapport?fra=2026-10-15&til=2026-10-01").body.contains(
                        "Fra-datoen må være før til-datoen"))
            }
        }

        /// The survey is answered once, anonymously, and shown only for groups of five or more;
        /// a measure's progress follows its KPI live.
        @Test func surveyInventoryAndActionPlan() async throws {
            let clock = ManualClock(Self.oslo(2026, 11, 20))
            try await withRadhus(clock: clock) { app in
                // act / check: a caseworker answers the survey, first with a missing answer
                let worker = WebClient(app)
                try await worker.loginStaff("harstad.saksbehandler")
                _ = try await worker.get("/ansatt/undersokelse")
                let partial = try await worker.post(
                    "/ansatt/undersokelse", ["svar[fagsystem]": "4", "svar[samarbeid]": "9"])
                #expect(partial.status == .unprocessableEntity && partial.body.contains("Velg et svar fra 1 til 5"))
                #expect(
                    partial.body.contains(#"id="svar-fagsystem-4" checked"#)
                        || partial.body.contains(#"value="4" id="svar-fagsystem-4" checked"#), "kept")
                var all: [String: String] = [:]
                for st in Maturity.statements { all["svar[\(st.id)]"] = "2" }
                #expect(try await worker.post("/ansatt/undersokelse", all).status == .seeOther)
                #expect(try await worker.post("/ansatt/undersokelse", all).status == .conflict, "once per round")
                #expect(try await worker.get("/ansatt/undersokelse").body.contains("Du har svart"))
                let answer = try #require(try await SurveyAnswer.query(on: app.db).first())
                #expect(
                    !answer.scoresJSON.contains(
                        try await StaffUser.query(on: app.db).filter(\.$username == "harstad.saksbehandler").first()!
                            .id!.uuidString))

                // act / check: the leader sees the maturity map
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.leder")
                var page = try await leader.get("/ansatt/modenhet")
                #expect(page.body.contains("Færre enn 5 svar"), "one answer is not shown")
                #expect(
                    page.body.contains("Søknad om skoleskyss") && page.body.contains("Fylt ut fra tjenesten"),
                    "the inventory starts from the services")
                // setup: four more answers in the unit (others' answers, written as the service would).
                let m = try await app.municipality("5503")
                for score in [4, 4, 5, 1] {
                    let a = SurveyAnswer()
                    a.municipalityID = m.id!
                    a.unitID = answer.unitID
                    a.round = "2026"
                    a.scoresJSON =
                        "{" + Maturity.statements.map { "\"\($0.id)\":\(score)" }.joined(separator: ",") + "}"
                    try await a.create(on: app.db)
                }
                page = try await leader.get("/ansatt/modenhet")
                #expect(page.body.contains("40 %"), "2 of 5 (scores 2 and 1) are not yet mature")

                // act / check: the admin adds a measure; its progress is computed from the KPI.
                let admin = WebClient(app)
                try await admin.loginStaff("harstad.admin")
                _ = try await admin.get("/ansatt/modenhet")
                let bad = try await admin.post(
                    "/ansatt/modenhet/tiltak",
                    [
                        "fokus": "effektivitet", "tittel": "Flere automatiske vedtak",
                        "ansvarlig": "", "frist": "juni", "nokkeltall": "automationRate", "mal": "180",
                    ])
                #expect(
                    bad.status == .unprocessableEntity && bad.body.contains("Skriv hvem som er ansvarlig")
                        && bad.body.contains("Flere automatiske vedtak"))
                #expect(
                    try await leader.post("/ansatt/modenhet/tiltak", ["fokus": "effektivitet"]).status == .forbidden,
                    "leaders read, admins edit")
                #expect(
                    try await admin.post(
                        "/ansatt/modenhet/tiltak",
                        [
                            "fokus": "effektivitet", "tittel": "Flere automatiske vedtak", "ansvarlig": "Kommunalsjef",
                            "frist": "30.06.2027", "nokkeltall": "automationRate", "tjeneste": "skoleskyss",
                            "mal": "50",
                        ]
                    ).status == .seeOther)
                #expect(try await leader.get("/ansatt/modenhet").body.contains("Nå (siste 90 dager): ingen data"))
                #expect(
                    try await admin.post(
                        "/ansatt/modenhet/prosess", ["prosess": "Parkeringstillatelse", "volum": "mange"]
                    ).status == .unprocessableEntity)
                #expect(
                    try await admin.post(
                        "/ansatt/modenhet/prosess",
                        [
                            "prosess": "Parkeringstillatelse", "digital": "nei", "regelstyrt": "ja",
                            "kandidat": "ja", "volum": "340",
                        ]
                    ).status == .seeOther)
                #expect(try await leader.get("/ansatt/modenhet").body.contains("Parkeringstillatelse"))
                _ = try await Self.submit(app, health: false, key: "auto-1")
                try await EventFeed(app: app).sequencePending()
                try await InsightsService(app: app).aggregate()  // what the serve loop does each tick
                page = try await leader.get("/ansatt/modenhet")
                #expect(page.body.contains("Nå (siste 90 dager): 100") && page.body.contains("Nådd"))
                #expect(try await worker.get("/ansatt/modenhet").status == .forbidden)
            }
        }

        /// Staff register a paper application through the portal's own validation; it counts as paper.
        @Test func staffRegisterAPaperApplication() async throws {
            try await withRadhus(clock: ManualClock(Self.oslo(2026, 11, 20))) { app in
                // setup
                let worker = WebClient(app)
                try await worker.loginStaff("harstad.saksbehandler")
                let form = try await worker.get("/ansatt/papirsoknad/skoleskyss")
                // act / check: a bad applicant number keeps what was typed; then a whole application
                let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: form.body))
                var fields = ["token": token, "soker": "123", "elevens_navn": "Nora Papir", "trinn": "3"]
                let bad = try await worker.post("/ansatt/papirsoknad/skoleskyss", fields)
                #expect(
                    bad.status == .unprocessableEntity && bad.body.contains("Skriv et gyldig fødselsnummer")
                        && bad.body.contains("Nora Papir"))
                fields.merge([
                    "soker": People.ola, "elevens_fnr": People.child, "adresse.gate": "Storgata 1",
                    "adresse.postnummer": "9405",
                    "adresse.poststed": "Harstad", "skole": "kanebogen-skole", "avstand_km": "5",
                    "farlig_skolevei": "nei",
                    "helsebehov": "ja",
                ]) { $1 }
                let ok = try await worker.post("/ansatt/papirsoknad/skoleskyss", fields)
                #expect(ok.status == .seeOther)
                #expect(
                    try await worker.post("/ansatt/papirsoknad/skoleskyss", fields).location == ok.location,
                    "the same form twice is one case")
                let record = try #require(try await CaseRecord.query(on: app.db).first())
                let count = try await CaseRecord.query(on: app.db).count()
                #expect(record.channel == "paper" && count == 1)
                #expect(try await CaseEventRecord.query(on: app.db).first()?.actor == "Hanne Hansen, saksbehandler")
                // check: it counts as paper in the insights
                try await EventFeed(app: app).sequencePending()
                try await InsightsService(app: app).aggregate()
                let k = try await InsightsService(app: app).kpis(
                    municipalityID: record.municipalityID, period: .month(2026, 11))[nil]
                #expect(k?.received == 1 && k?.receivedDigitally == 0)
                let admin = WebClient(app)
                try await admin.loginStaff("harstad.admin")
                #expect(try await admin.get("/ansatt/papirsoknad").status == .forbidden)
            }
        }

        static func matches(_ pattern: String, in text: String) -> [String] {
            let re = try! NSRegularExpression(pattern: pattern)
            return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
                Range($0.range(at: 1), in: text).map { String(text[$0]) }
            }
        }

        /// Issue 19: the report says what the decisions said — outcomes by the service's own
        /// labels, and the amounts of their decision values added up (the parental fee).
        @Test func theReportCountsOutcomesAndAddsUpDecidedAmounts() async throws {
            try await withRadhus { app in
                // setup: two kindergarten applications, one granted with a fee, one refused
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                let start = NorwegianCalendar().isoDate(Date().addingTimeInterval(60 * 86400))
                var cases: [UUID] = []
                for (i, person) in [People.ida, People.ola].enumerated() {
                    let citizen = WebClient(app)
                    try await citizen.loginCitizen(person)
                    try await citizen.get("/k/5503/barnehageplass/soknad")
                    let checked = try await citizen.post(
                        "/k/5503/barnehageplass/soknad",
                        [
                            "barnets_fnr": DemoData.children[i].fnr, "barnets_navn": "Barn \(i)", "oppstart": start,
                            "barnehage": "kanebogen", "omfang": "heltid", "nedsatt_funksjonsevne": "nei",
                            "barnevern": "nei", "sosken": "nei",
                        ])
                    #expect(checked.status == .seeOther)
                    let check = try await citizen.get("/k/5503/barnehageplass/sjekk")
                    let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
                    let receipt = try #require(
                        try await citizen.post("/k/5503/barnehageplass/send", ["token": token]).location)
                    cases.append(try #require(UUID(uuidString: String(receipt.split(separator: "/")[1]))))
                }
                // act: the caseworker decides both; the fee is checked like an answer
                try await staff.get(SiteURL.staffCase(cases[0]).path)
                let bad = try await staff.post(
                    SiteURL.decide(cases[0]).path,
                    [
                        "utfall": "innvilget", "begrunnelse": "Ledig plass.", "hjemmel": "barnehageloven § 16",
                        "foreldrebetaling": "mye",
                    ])
                #expect(bad.status == .unprocessableEntity)
                #expect(
                    try await staff.post(
                        SiteURL.decide(cases[0]).path,
                        [
                            "utfall": "innvilget", "begrunnelse": "Ledig plass.", "hjemmel": "barnehageloven § 16",
                            "foreldrebetaling": "1 200",
                        ]
                    ).status == .seeOther)
                try await staff.get(SiteURL.staffCase(cases[1]).path)
                #expect(
                    try await staff.post(
                        SiteURL.decide(cases[1]).path,
                        ["utfall": "avslatt", "begrunnelse": "Ingen ledig plass.", "hjemmel": "barnehageloven § 16"]
                    ).status == .seeOther)
                let letter = try #require(
                    try await LetterRecord.query(on: app.db).filter(\.$caseID == cases[0]).first())
                #expect(letter.body.contains("Foreldrebetalingen er 1\u{A0}200 kr per måned."))
                // check: the report of this month, on the page and in the CSV
                let harstad = try await app.municipality("5503")
                let today = ReportPeriod.day(app.clock.now())
                let month = ReportPeriod.month(today / 10_000, today / 100 % 100)
                let summary = try await InsightsService(app: app).decisionSummaries(
                    municipalityID: harstad.id!, period: month, moneyValues: ["barnehageplass": ["foreldrebetaling"]])
                #expect(summary["barnehageplass"]?.outcomes == ["innvilget": 1, "avslatt": 1])
                #expect(summary["barnehageplass"]?.amounts["foreldrebetaling"]?.total == 1200)
                let lastMonth =
                    month.from / 100 % 100 == 1
                    ? ReportPeriod.month(today / 10_000 - 1, 12)
                    : ReportPeriod.month(today / 10_000, today / 100 % 100 - 1)
                #expect(
                    try await InsightsService(app: app).decisionSummaries(
                        municipalityID: harstad.id!, period: lastMonth, moneyValues: [:]
                    ).isEmpty, "another period has none of them")
                let leader = WebClient(app)
                try await leader.loginStaff("harstad.leder")
                let page = try await leader.get("/ansatt/rapport?periode=\(month.key)")
                #expect(page.body.contains("Innvilget – tilbud om plass 1 · Avslått 1"))
                #expect(page.body.contains("Foreldrebetaling per måned"))
                #expect(page.body.contains("1\u{A0}200 kr i alt, i snitt 1\u{A0}200 kr (1 vedtak)"))
                let csv = try await leader.get("/ansatt/rapport.csv?periode=\(month.key)")
                #expect(csv.body.contains(";Utfall;Beløp i vedtakene;"))
                #expect(csv.body.contains("Foreldrebetaling per måned: 1\u{A0}200 kr"))
            }
        }

        @Test func periodsAreWholeOsloDays() {
            #expect(
                ReportPeriod.month(2028, 2).to == 20_280_229
                    && ReportPeriod.quarter(2026, 2) == ReportPeriod(kind: .quarter, from: 20_260_401, to: 20_260_630))
            #expect(ReportPeriod.day(Self.oslo(2026, 3, 31, 23)) == 20_260_331, "23:00 in Oslo is still 31 March")
            #expect(
                ReportPeriod.trailingMonths(endingAt: 20_260_215, count: 3).map(\.key) == [
                    "2025-12", "2026-01", "2026-02",
                ])
            #expect(
                ReportPeriod.month(2026, 3).label == "mars 2026"
                    && ReportPeriod.quarter(2026, 3).label == "3. kvartal 2026")
            #expect(nearestRankPercentile([], 0.5) == nil && nearestRankPercentile([5, 1, 3].sorted(), 0.5) == 3)
        }
    }
}
