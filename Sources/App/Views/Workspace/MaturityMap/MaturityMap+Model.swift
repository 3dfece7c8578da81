import Fluent
import Foundation
import RadhusCore

/// Digital maturity for leaders: competence per unit from the anonymous survey, the process
/// inventory, and the action plan with each measure's progress measured live from the cases.
enum MaturityMap {
    /// The new measure's form as typed.
    struct MeasureValues: Sendable {
        var focus: String?
        var title = ""
        var owner = ""
        var deadline = ""
        var kpi: String?
        var service: String?
        var target = ""
    }

    struct Progress: Sendable {
        var value: Double?
        var reached: Bool
    }

    /// A measure's KPI over the last 90 days, live from the case facts.
    static func progress(_ m: ActionMeasure, staff: StaffContext, insights: InsightsService, now: Date) async throws
        -> Progress
    {
        guard let kpi = Maturity.TargetKPI(rawValue: m.kpi) else { return Progress(value: nil, reached: false) }
        let cal = NorwegianCalendar()
        let period = ReportPeriod(
            kind: .custom, from: ReportPeriod.day(cal.addingCalendarDays(-89, to: now)), to: ReportPeriod.day(now))
        let k =
            try await insights.kpis(municipalityID: staff.municipality.id, period: period, service: m.serviceID)[nil]
            ?? KPIs()
        let v = kpi.value(k)
        return Progress(value: v, reached: v.map { kpi.reached($0, target: m.target) } ?? false)
    }

    struct Model: Sendable {
        var kommune: String
        var round: String
        var units: [MunicipalUnit]
        var answers: [SurveyAnswer]
        var items: [ProcessItem]
        var measures: [ActionMeasure]
        var progress: [UUID: Progress]
        var offered: [ServiceDefinition]
        var serviceTitles: [String: LocalizedText]
        var mayEdit: Bool

        /// Reads only: the inventory's rows for the kommune's services are added by the
        /// handler before (`MaturityController.inventory`).
        static func query(
            staff: StaffContext, round: String, services: ServiceRegistry, insights: InsightsService, now: Date,
            on db: any Database
        ) async throws -> Model {
            let measures = try await staff.scope.query(ActionMeasure.self, on: db).sort(\.$deadline).all()
            var progress: [UUID: Progress] = [:]
            for m in measures {
                progress[m.id!] = try await MaturityMap.progress(m, staff: staff, insights: insights, now: now)
            }
            let offered = try await services.offered(municipalityID: staff.municipality.id, on: db)
            return Model(
                kommune: staff.municipality.name, round: round,
                units: try await staff.scope.query(MunicipalUnit.self, on: db).sort(\.$name).all(),
                answers: try await staff.scope.query(SurveyAnswer.self, on: db).filter(\.$round == round).all(),
                items: try await staff.scope.query(ProcessItem.self, on: db).sort(\.$name).all(),
                measures: measures, progress: progress, offered: offered,
                serviceTitles: Dictionary(
                    measures.compactMap(\.serviceID).map { ($0, services.title(of: $0) ?? LocalizedText(nb: $0)) },
                    uniquingKeysWith: { a, _ in a }),
                mayEdit: staff.role.mayEditBaselines)
        }
    }
}
