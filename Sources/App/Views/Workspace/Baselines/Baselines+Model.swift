import Fluent
import Foundation
import RadhusCore

/// The baselines the gains are measured against (KS' method): per service the time per case,
/// the processing time and the cost per letter before, with source and date.
enum Baselines {
    /// The form as typed (kept when it comes back with problems).
    struct FormValues: Sendable {
        var hoursPerFTE: String?
        var named: Bool
        var minutes: [String: String]?
        var days: [String: String]?
        var kronerLetter: [String: String]?
        var kronerMeeting: [String: String]?
        var source: [String: String]?
        var measured: [String: String]?
    }

    struct Model: Sendable {
        var kommune: String
        var offered: [ServiceDefinition]
        var existing: [String: BenefitBaseline]
        var settings: InsightSettings?

        static func query(staff: StaffContext, services: ServiceRegistry, on db: any Database) async throws -> Model {
            Model(
                kommune: staff.municipality.name,
                offered: try await services.offered(municipalityID: staff.municipality.id, on: db),
                existing: Dictionary(
                    try await staff.scope.query(BenefitBaseline.self, on: db).all().map { ($0.serviceID, $0) },
                    uniquingKeysWith: { a, _ in a }),
                settings: try await staff.scope.query(InsightSettings.self, on: db).first())
        }
    }
}
