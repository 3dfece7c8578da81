import Fluent
import Foundation
import RadhusCore
import Vapor

/// `radhus demo --history`: a year (or `days`) of synthetic activity for the demo kommuner,
/// made through the real services on a stepping clock — applications in the portal's and the
/// paper channel, decisions by rules and by caseworkers, letters read or printed by the real
/// dispatcher — so the reports show something real on a fresh start. Deterministic for a seed.
public struct DemoHistory: Sendable {
    public struct Summary: Sendable {
        public var cases = 0
        public var events = 0
    }

    struct Pending {
        var caseID: UUID
        var kommune: String
        var decideOn: Date
    }
    struct Unread {
        var letterID: UUID
        var recipient: String
        var readOn: Date
    }

    /// Generates `days` days of history ending now. The application's clock is moved day by
    /// day and put back afterwards; nothing outside the demo kommuner is touched.
    public static func generate(app: Application, days: Int, seed: UInt64 = 2026, printDirectory: String? = nil)
        async throws -> Summary
    {
        let realClock = app.clock
        let end = realClock.now()
        let cal = NorwegianCalendar()
        let clock = ManualClock(cal.addingCalendarDays(-days, to: cal.startOfDay(end)).addingTimeInterval(8 * 3600))
        app.clock = clock
        if let printDirectory { app.radhusConfig.printDirectory = printDirectory }
        defer { app.clock = realClock }
        var random = SplitMix64(seed: seed)
        var summary = Summary()
        let policy = app.radhusConfig.identityPolicy
        let casework = CaseworkService(db: app.db, writer: app.writer, clock: clock, services: app.services)
        let inbox = InboxService(db: app.db, writer: app.writer, clock: clock)
        let dispatcher = Dispatcher(app: app)
        var pending: [Pending] = []
        var unread: [Unread] = []
        var kommuner: [(Municipality.Snapshot, [ServiceDefinition], StaffContext)] = []
        for k in DemoData.kommuner {
            guard let m = try await Municipality.snapshot(number: k.number, on: app.db),
                let user = try await StaffUser.query(on: app.db).filter(\.$username == "\(k.slug).saksbehandler")
                    .first()
            else { continue }
            let staff = StaffContext(
                userID: user.id!, username: user.username, displayName: user.displayName, role: .saksbehandler,
                municipality: m)
            kommuner.append((m, try await app.services.offered(municipalityID: m.id, on: app.db), staff))
        }
        let first = cal.startOfDay(clock.now())
        for day in 0..<days {
            let morning = cal.addingCalendarDays(day, to: first).addingTimeInterval(8 * 3600)
            clock.set(morning)
            let working = cal.isWorkingDay(morning)
            for (m, services, _) in kommuner {
                for s in services {
                    // Fewer applications at weekends; school transport peaks in August.
                    let month = cal.dateComponents(morning).month!
                    let expected =
                        (s.id == "skoleskyss" ? (month == 8 ? 6 : 2) : 2) * (working ? 1 : 0)
                        + (random.chance(0.3) ? 1 : 0)
                    for n in 0..<expected {
                        clock.set(morning.addingTimeInterval(Double(n * 1800 + random.int(0...1700))))
                        let who = random.int(0...(DemoData.citizens.count - 1))
                        let citizen = DemoData.citizens[who]
                        guard
                            case .success(let answers) = FormValidator(
                                policy: policy, kommune: m.number, today: clock.now()
                            )
                            .validate(s, input: answers(for: s, kommune: m.number, random: &random, today: clock.now()))
                        else { continue }
                        let receipt = try await SubmissionService(
                            db: app.db, writer: app.writer, clock: clock, rules: app.services.rules(for: s),
                            policy: policy
                        )
                        .submit(
                            SubmitApplication(
                                municipality: m, service: s, applicant: try Fodselsnummer(citizen.fnr, policy: policy),
                                answers: answers, channel: random.chance(0.12) ? .paper : .digital,
                                idempotencyKey: "history:\(seed):\(m.number):\(day):\(s.id):\(n):\(who)"))
                        guard !receipt.repeated else { continue }
                        summary.cases += 1
                        if receipt.automatedOutcome == nil {
                            // A caseworker takes 1–15 working days; some run past the deadline.
                            pending.append(
                                Pending(
                                    caseID: receipt.caseID, kommune: m.number,
                                    decideOn: cal.addingWorkingDays(
                                        random.int(1...(random.chance(0.1) ? 30 : 12)), to: clock.now())))
                        } else if let letter = try await LetterRecord.query(on: app.db).filter(
                            \.$caseID == receipt.caseID
                        ).first(), random.chance(0.8) {
                            unread.append(
                                Unread(
                                    letterID: letter.id!, recipient: citizen.fnr,
                                    readOn: clock.now().addingTimeInterval(Double(random.int(60...(3 * 86_400))))))
                        }
                    }
                }
            }
            // Afternoon: caseworkers decide what is due; citizens open letters; the dispatcher runs.
            clock.set(morning.addingTimeInterval(6 * 3600))
            for p in pending where p.decideOn <= clock.now() {
                guard let (m, _, staff) = kommuner.first(where: { $0.0.number == p.kommune }),
                    let record = try await CaseRecord.find(p.caseID, on: app.db), record.caseStatus != .avsluttet,
                    let s = try await app.services.forCase(
                        serviceID: record.serviceID, version: record.serviceVersion, municipalityID: m.id, on: app.db)
                else { continue }
                let outcome = s.outcomes[random.chance(0.7) ? 0 : min(1, s.outcomes.count - 1)]
                let result = try await casework.decide(
                    caseID: p.caseID,
                    draft: DecisionDraft(
                        outcomeID: outcome.id,
                        reasons: "Vurdert etter opplysningene i søknaden og kommunens retningslinjer.",
                        legalBasis: s.legalBasis), by: staff)
                if case .decided(let letterID) = result, random.chance(0.7) {
                    unread.append(
                        Unread(
                            letterID: letterID, recipient: record.applicantFnr,
                            readOn: clock.now().addingTimeInterval(Double(random.int(600...(5 * 86_400))))))
                }
            }
            pending.removeAll { $0.decideOn <= clock.now() }
            for u in unread where u.readOn <= clock.now() {
                _ = try await inbox.open(
                    letterID: u.letterID, recipient: try Fodselsnummer(u.recipient, policy: policy))
            }
            unread.removeAll { $0.readOn <= clock.now() }
            try await dispatcher.drain()
        }
        clock.set(end)
        try await dispatcher.drain()
        // The maturity survey's answers from the units' staff (synthetic: no person behind them,
        // so no participation rows), and a first measure in each kommune's action plan.
        let round = String(cal.year(of: end))
        var surveys: [(Municipality.Snapshot, StaffContext, [String])] = []
        for (m, _, staff) in kommuner {
            var answers: [String] = []
            for _ in 0..<(m.number == "5503" ? 14 : 9) {
                var scores: [String: Int] = [:]
                let base = random.int(1...5)
                for st in Maturity.statements { scores[st.id] = max(1, min(5, base + random.int(0...2) - 1)) }
                answers.append(String(decoding: try JSONEncoder.sorted.encode(scores), as: UTF8.self))
            }
            surveys.append((m, staff, answers))
        }
        let toWrite = surveys
        try await app.writer.write(on: app.db) { tx in
            for (m, staff, answers) in toWrite {
                guard let unit = try await StaffUser.find(staff.userID, on: tx)?.unitID else { continue }
                for json in answers {
                    let a = SurveyAnswer()
                    a.municipalityID = m.id
                    a.unitID = unit
                    a.round = round
                    a.scoresJSON = json
                    try await a.create(on: tx)
                }
                if try await ActionMeasure.query(on: tx).filter(\.$municipalityID == m.id).first() == nil {
                    let measure = ActionMeasure()
                    measure.municipalityID = m.id
                    measure.focusArea = "effektivitet"
                    measure.owner = "Kommunalsjef oppvekst"
                    measure.title = "Flere saker avgjort av regler"
                    measure.deadline = "\(cal.year(of: end) + 1)-06-30"
                    measure.kpi = Maturity.TargetKPI.automationRate.rawValue
                    measure.serviceID = m.number == "5503" ? "skoleskyss" : nil
                    measure.target = 60
                    measure.changedBy = "demo"
                    measure.changedAt = end
                    try await measure.create(on: tx)
                }
            }
        }
        let feed = EventFeed(app: app)
        let insights = InsightsService(app: app)
        while try await feed.sequencePending() > 0 {}
        while try await insights.aggregate() > 0 {}
        summary.events = try await FeedEvent.query(on: app.db).count()
        return summary
    }

    static func answers(for s: ServiceDefinition, kommune: String, random: inout SplitMix64, today: Date) -> [String:
        String]
    {
        let child = DemoData.children[random.int(0...(DemoData.children.count - 1))]
        let schools = s.field("skole")?.options(for: kommune).map(\.value) ?? []
        let kindergartens = s.field("barnehage")?.options(for: kommune).map(\.value) ?? []
        let start = NorwegianCalendar().addingCalendarDays(random.int(30...300), to: today)
        let c = NorwegianCalendar().dateComponents(start)
        var a: [String: String] = [
            "elevens_fnr": child.fnr, "elevens_navn": "Demo Elev", "barnets_fnr": child.fnr,
            "barnets_navn": "Demo Barn",
            "adresse.gate": "Storgata 1", "adresse.postnummer": kommune == "5503" ? "9405" : "4611",
            "adresse.poststed": kommune == "5503" ? "Harstad" : "Kristiansand",
            "trinn": String(random.int(1...10)), "avstand_km": String(random.int(1...9)) + ",5",
            "farlig_skolevei": random.chance(0.1) ? "ja" : "nei", "helsebehov": random.chance(0.25) ? "ja" : "nei",
            "oppstart": String(format: "%02d.%02d.%04d", c.day!, c.month!, c.year!),
            "omfang": random.chance(0.8) ? "heltid" : "deltid",
            "nedsatt_funksjonsevne": random.chance(0.05) ? "ja" : "nei", "barnevern": "nei", "sosken": "nei",
        ]
        if a["farlig_skolevei"] == "ja" { a["farlig_beskrivelse"] = "Ingen fortau langs fylkesveien." }
        if let school = schools.first {
            a["skole"] = schools[random.int(0...(schools.count - 1))]
            _ = school
        }
        if !kindergartens.isEmpty { a["barnehage"] = kindergartens[random.int(0...(kindergartens.count - 1))] }
        // Only the fields this service has.
        let ids = Set(
            s.fields.flatMap {
                $0.type == .address ? ["\($0.id).gate", "\($0.id).postnummer", "\($0.id).poststed"] : [$0.id]
            })
        return a.filter { ids.contains($0.key) }
    }
}
