import Fluent
import Foundation
import RadhusCore

/// The report for politicians (`/ansatt/rapport`): every figure computed from the case facts,
/// every gain unfolded to show its sum.
enum Report {
    struct ServiceReport {
        var id: String
        var title: LocalizedText
        var kpis: KPIs
        var baseline: Baseline?
        var gains: Gains?
        var note: String?
        /// The period's decisions by outcome and the amounts they set (issue 19), with the
        /// service's words for them.
        var decisions: InsightsService.DecisionSummary = .init()
        var definition: ServiceDefinition?
    }

    struct Model {
        var kommune: String
        var period: ReportPeriod
        var total: KPIs
        var services: [ServiceReport]
        var hoursPerFTE: Double
        var gains: Gains?
        var trend: [InsightsService.MonthRow]
        /// Meetings in the period (issue 22): by kind, and the travel video meetings saved.
        var meetings = MeetingFigures()
        /// The kindergarten admission rounds run in the period (issue 23).
        var admission: [AdmissionFigures] = []
        /// The services with statutory deadlines (issue 24: building permits), decided in the period.
        var statutory: [StatutoryFigures] = []
    }

    /// One admission round's facts: how many children, how many got their first wish, and how
    /// many with a legal right got no offer.
    struct AdmissionFigures: Sendable {
        var title: String
        var children: Int
        var firstWish: Int
        var unmetRights: Int

        static func query(staff: StaffContext, period: ReportPeriod, on db: any Database) async throws
            -> [AdmissionFigures]
        {
            let (from, to) = InsightsService.bounds(period)
            let rounds = try await staff.scope.query(AdmissionRound.self, on: db).filter(\.$matchedAt >= from)
                .filter(\.$matchedAt < to).sort(\.$number).all()
            var out: [AdmissionFigures] = []
            for r in rounds {
                let entries = try await staff.scope.query(AdmissionEntry.self, on: db).filter(\.$roundID == r.id!).all()
                out.append(
                    AdmissionFigures(
                        title: "\(r.number): \(r.title)", children: entries.count,
                        firstWish: entries.filter { $0.wishIndex == 0 }.count,
                        unmetRights: entries.filter { $0.legalRight && $0.unitID == nil }.count))
            }
            return out
        }
    }

    /// One service with a statutory deadline in weeks (issue 24): the first decisions in the
    /// period, by the weeks their deadline had — how many within it, the median days from the
    /// complete application to the decision — the fee taken off for late ones, and the
    /// neighbours' objections received on its cases in the period.
    struct StatutoryFigures: Sendable {
        struct ByWeeks: Sendable {
            var weeks: Int
            var decided = 0
            var inTime = 0
            var medianDays: Int?
        }
        var serviceID: String
        var title: LocalizedText
        var byWeeks: [ByWeeks] = []
        var reductions = 0
        var reducedCases = 0
        var objections = 0

        /// Decided within the deadline, over all the weeks.
        var inTimeShare: Double? {
            let decided = byWeeks.map(\.decided).reduce(0, +)
            return decided == 0 ? nil : Double(byWeeks.map(\.inTime).reduce(0, +)) / Double(decided)
        }

        static func query(
            staff: StaffContext, period: ReportPeriod, services: ServiceRegistry, on db: any Database
        ) async throws -> [StatutoryFigures] {
            try await query(scope: staff.scope, period: period, services: services, on: db)
        }

        /// One kommune's figures (`scope`), for its report or a column of the comparison.
        static func query(
            scope: TenantScope, period: ReportPeriod, services: ServiceRegistry, only serviceID: String? = nil,
            on db: any Database
        ) async throws -> [StatutoryFigures] {
            let (from, to) = InsightsService.bounds(period)
            let decisions = try await scope.query(DecisionRecord.self, on: db).filter(\.$decidedAt >= from)
                .filter(\.$decidedAt < to).filter(\.$reviewsDecisionID == nil).filter(\.$followUpID == nil).all()
            var decidedAt: [UUID: Date] = [:]
            for d in decisions { decidedAt[d.caseID] = min(decidedAt[d.caseID] ?? d.decidedAt, d.decidedAt) }
            var cases: [CaseRecord] = []
            for chunk in Array(decidedAt.keys).chunks(of: 200) {
                cases += try await scope.query(CaseRecord.self, on: db).filter(\.$id ~~ Array(chunk))
                    .filter(\.$clockWeeks != nil).all()
            }
            let fees = try await scope.query(FeeRecord.self, on: db).filter(\.$decidedAt >= from)
                .filter(\.$decidedAt < to).all()
            // The neighbours' comments received in the period, by the service of their case.
            let comments = try await scope.query(CaseMessage.self, on: db)
                .filter(\.$direction == CaseMessage.Direction.thirdParty.rawValue).filter(\.$createdAt >= from)
                .filter(\.$createdAt < to).all()
            var serviceOf: [UUID: String] = [:]
            for chunk in Array(Set(comments.map(\.caseID))).chunks(of: 200) {
                for c in try await scope.query(CaseRecord.self, on: db).filter(\.$id ~~ Array(chunk)).all() {
                    serviceOf[c.id!] = c.serviceID
                }
            }
            var objections: [String: Int] = [:]
            for m in comments { if let id = serviceOf[m.caseID] { objections[id, default: 0] += 1 } }
            let serviceIDs = Set(cases.map(\.serviceID)).union(fees.map(\.serviceID)).union(objections.keys)
                .filter { serviceID == nil || $0 == serviceID }
            let cal = NorwegianCalendar()
            var out: [StatutoryFigures] = []
            for id in serviceIDs.sorted() {
                var f = StatutoryFigures(serviceID: id, title: services.title(of: id) ?? LocalizedText(nb: id))
                let mine = cases.filter { $0.serviceID == id }
                for weeks in Set(mine.compactMap(\.clockWeeks)).sorted() {
                    var w = ByWeeks(weeks: weeks)
                    var days: [Int] = []
                    for c in mine where c.clockWeeks == weeks {
                        guard let d = c.statutoryDeadline, let at = decidedAt[c.id!] else { continue }
                        w.decided += 1
                        if d.daysLate(decided: at, calendar: cal) == 0 { w.inTime += 1 }
                        days.append(StatutoryDeadline.pausedDays(from: d.started, to: at, calendar: cal) - d.pausedDays)
                    }
                    days.sort()
                    w.medianDays = days.isEmpty ? nil : days[days.count / 2]
                    f.byWeeks.append(w)
                }
                let myFees = fees.filter { $0.serviceID == id }
                f.reductions = myFees.map(\.reduction).reduce(0, +)
                f.reducedCases = myFees.filter { $0.reduction > 0 }.count
                f.objections = objections[id] ?? 0
                out.append(f)
            }
            return out
        }
    }

    struct MeetingFigures: Sendable {
        /// Each kind's meetings in the period that were not cancelled, and of them those held.
        var byKind: [(kind: MeetingKind, booked: Int, held: Int)] = []
        var travel = TravelAvoided()
        var settings = TravelSettings.standard
        var total: Int { byKind.map(\.booked).reduce(0, +) }

        /// The meetings starting in the period (Norwegian dates, both ends included). A video
        /// meeting counts as held when the room saw it under way or its minutes say so; its
        /// applicant's postnummer (the application's address) picks the distance.
        static func query(staff: StaffContext, period: ReportPeriod, on db: any Database) async throws
            -> MeetingFigures
        {
            let (from, to) = InsightsService.bounds(period)
            let rows = try await staff.scope.query(Meeting.self, on: db).filter(\.$startsAt >= from)
                .filter(\.$startsAt < to).filter(\.$status != MeetingStatus.cancelled.rawValue).all()
            var f = MeetingFigures()
            f.settings = try await staff.scope.query(MeetingSettings.self, on: db).first()?.travel ?? .standard
            func held(_ m: Meeting) -> Bool { m.meetingStatus == .held || m.startedAt != nil }
            f.byKind = MeetingKind.allCases.map { k in
                let of = rows.filter { $0.meetingKind == k }
                return (k, of.count, of.filter(held).count)
            }
            let video = rows.filter { $0.meetingKind == .video && held($0) }
            var postnummer: [UUID: String] = [:]
            for chunk in Array(Set(video.map(\.caseID))).chunks(of: 200) {
                for c in try await staff.scope.query(CaseRecord.self, on: db).filter(\.$id ~~ Array(chunk)).all() {
                    postnummer[c.id!] = c.answers.values.first { $0.key.hasSuffix(".postnummer") }?.value
                }
            }
            f.travel = f.settings.avoided(postnummers: video.map { postnummer[$0.caseID] })
            return f
        }
    }

    /// The report of one period: every figure from the case facts, the gains against the
    /// kommune's baselines, and (for the page) the trend of the last twelve months.
    static func query(
        staff: StaffContext, period: ReportPeriod, services registry: ServiceRegistry, insights: InsightsService,
        withTrend: Bool = true, on db: any Database
    ) async throws -> Model {
        let kpis = try await insights.kpis(municipalityID: staff.municipality.id, period: period)
        let offered = try await registry.offered(municipalityID: staff.municipality.id, on: db)
        let baselines = Dictionary(
            try await staff.scope.query(BenefitBaseline.self, on: db).all().map { ($0.serviceID, $0.baseline) },
            uniquingKeysWith: { a, _ in a })
        let notes = Dictionary(
            try await staff.scope.query(ReportNote.self, on: db).filter(\.$periodKey == period.key).all()
                .map { ($0.serviceID, $0.text) }, uniquingKeysWith: { a, _ in a })
        let hours =
            try await staff.scope.query(InsightSettings.self, on: db).first()?.hoursPerFTE
            ?? InsightSettings.defaultHoursPerFTE
        let decisions = try await insights.decisionSummaries(
            municipalityID: staff.municipality.id, period: period,
            moneyValues: Dictionary(
                offered.map { s in (s.id, Set((s.decisionValues ?? []).filter { $0.type == .money }.map(\.id))) },
                uniquingKeysWith: { a, _ in a }))
        var ids = offered.map(\.id)
        for id in kpis.keys.compactMap({ $0 }) where !ids.contains(id) { ids.append(id) }
        let services = ids.map { id in
            let k = kpis[id] ?? KPIs()
            return ServiceReport(
                id: id, title: registry.title(of: id) ?? LocalizedText(nb: id), kpis: k, baseline: baselines[id],
                gains: baselines[id].map { Gains.compute(k, baseline: $0, hoursPerFTE: hours) }, note: notes[id],
                decisions: decisions[id] ?? .init(), definition: offered.first { $0.id == id })
        }
        let withGains = services.compactMap(\.gains)
        let total: Gains? =
            withGains.isEmpty
            ? nil
            : Gains(
                hoursSaved: withGains.map(\.hoursSaved).reduce(0, +), fte: withGains.map(\.fte).reduce(0, +),
                kronerAvoided: withGains.map(\.kronerAvoided).reduce(0, +),
                waitingDaysSaved: withGains.map(\.waitingDaysSaved).reduce(0, +),
                hoursExplained: explain(services, \.hoursExplained),
                kronerExplained: explain(services, \.kronerExplained),
                waitingExplained: explain(services, \.waitingExplained))
        let trend =
            withTrend
            ? try await insights.trend(
                municipalityID: staff.municipality.id, months: ReportPeriod.trailingMonths(endingAt: period.to)) : []
        return Model(
            kommune: staff.municipality.name, period: period, total: kpis[nil] ?? KPIs(), services: services,
            hoursPerFTE: hours,
            gains: total, trend: trend, meetings: try await MeetingFigures.query(staff: staff, period: period, on: db),
            admission: try await AdmissionFigures.query(staff: staff, period: period, on: db),
            statutory: try await StatutoryFigures.query(staff: staff, period: period, services: registry, on: db))
    }

    /// The sum over the services with a baseline, each with its own computation.
    static func explain(_ services: [ServiceReport], _ part: KeyPath<Gains, LocalizedText>) -> LocalizedText {
        func text(_ language: Language, sum: String) -> String {
            services.compactMap { s in s.gains.map { "\(s.title[language]): \($0[keyPath: part][language])." } }.joined(
                separator: " ")
                + (services.filter { $0.gains != nil }.count > 1 ? " " + sum : "")
        }
        return LocalizedText(nb: text(.nb, sum: "Summen av disse."), en: text(.en, sum: "The sum of these."))
    }
}
