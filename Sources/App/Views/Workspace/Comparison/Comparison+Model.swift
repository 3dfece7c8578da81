import Fluent
import Foundation
import RadhusCore

/// Kommuner that use the same service, side by side for a period; each kommune chooses whether
/// it is shown by name, the others are anonymous.
enum Comparison {
    /// Whose figures a column holds, as each kommune lets others see it.
    enum Column: Sendable, Equatable {
        case yours(String)
        case named(String)
        case anonymous(Character)
    }

    struct Model: Sendable {
        var period: ReportPeriod
        var offered: [ServiceDefinition]
        var serviceID: String?
        /// Each kommune's name as shown, and its figures.
        var columns: [(Column, KPIs)]
        /// For a service with a statutory deadline (issue 24): each column's figures of it.
        var statutory: [Report.StatutoryFigures?] = []

        /// `requested`: the service asked for; the kommune's first service otherwise.
        static func query(
            staff: StaffContext, period: ReportPeriod, requested: String?, services: ServiceRegistry,
            insights: InsightsService,
            on db: any Database
        ) async throws -> Model {
            let offered = try await services.offered(municipalityID: staff.municipality.id, on: db)
            let serviceID = requested.flatMap { id in offered.first { $0.id == id }?.id } ?? offered.first?.id
            var columns: [(Column, KPIs)] = []
            var statutory: [Report.StatutoryFigures?] = []
            let isStatutory = serviceID.map { services.hasStatutoryDeadline($0) } ?? false
            if let serviceID {
                let adopters = try await ServiceAdoption.query(on: db).filter(\.$serviceID == serviceID).all().map(
                    \.municipalityID)
                let kommuner = try await Municipality.query(on: db).filter(\.$id ~~ adopters).sort(\.$name).all()
                let named = Set(
                    try await InsightSettings.query(on: db).filter(\.$namedInComparison == true).all().map(
                        \.municipalityID))
                var anonymous = 0
                for k in kommuner {
                    let figures =
                        try await insights.kpis(municipalityID: k.id!, period: period, service: serviceID)[nil]
                        ?? KPIs()
                    let column: Column
                    if k.id == staff.municipality.id {
                        column = .yours(k.name)
                    } else if named.contains(k.id!) {
                        column = .named(k.name)
                    } else {
                        anonymous += 1
                        column = .anonymous(Character(UnicodeScalar(64 + anonymous)!))
                    }
                    columns.append((column, figures))
                    if isStatutory {
                        statutory.append(
                            try await Report.StatutoryFigures.query(
                                scope: TenantScope(municipalityID: k.id!), period: period, services: services,
                                only: serviceID, on: db
                            ).first)
                    }
                }
            }
            return Model(
                period: period, offered: offered, serviceID: serviceID, columns: columns, statutory: statutory)
        }
    }
}
