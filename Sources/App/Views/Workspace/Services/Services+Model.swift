import Fluent
import Foundation
import RadhusCore

/// `/ansatt/tjenester`: the kommune's services from the shared catalogue: the ones it uses (with
/// a newer version flagged) and the ones it can adopt in one step.
enum Services {
    struct Model: Sendable {
        var kommune: String
        var listings: [CatalogListing]
        /// The version the kommune uses, by service id.
        var adoptedVersions: [String: Int]

        static func query(staff: StaffContext, on db: any Database) async throws -> Model {
            Model(
                kommune: staff.municipality.name, listings: try await CatalogListing.listings(on: db),
                adoptedVersions: Dictionary(
                    try await staff.scope.query(ServiceAdoption.self, on: db).all().map { ($0.serviceID, $0.version) },
                    uniquingKeysWith: { a, _ in a }))
        }
    }
}
