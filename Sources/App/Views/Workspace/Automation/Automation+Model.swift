import Fluent
import Foundation
import RadhusCore

/// Per service: automation off, shadow or on, chosen by the kommune's leader or admin, with
/// the measured agreement between rules and caseworkers in shadow mode.
enum Automation {
    struct Row: Sendable {
        var service: ServiceDefinition
        var mode: AutomationMode
        var evaluations: Int
        var automated: Int
        var compared: Int
        var agreed: Int
    }

    struct Model: Sendable {
        var kommune: String
        var rows: [Row]
        var saved: Bool

        /// The figures per service that has rules.
        static func query(staff: StaffContext, services: ServiceRegistry, saved: Bool = false, on db: any Database)
            async throws -> Model
        {
            let scope = staff.scope
            var rows: [Row] = []
            for service in try await services.offered(municipalityID: scope.municipalityID, on: db)
            where service.rules != nil {
                let mode = try await RulesService.mode(municipalityID: scope.municipalityID, service: service, on: db)
                let all = try await scope.query(RuleEvaluationRecord.self, on: db).filter(\.$serviceID == service.id)
                    .all()
                let compared = all.filter { $0.agreed != nil }
                rows.append(
                    Row(
                        service: service, mode: mode, evaluations: all.count, automated: all.filter(\.automated).count,
                        compared: compared.count, agreed: compared.filter { $0.agreed == true }.count))
            }
            return Model(kommune: staff.municipality.name, rows: rows, saved: saved)
        }
    }
}
