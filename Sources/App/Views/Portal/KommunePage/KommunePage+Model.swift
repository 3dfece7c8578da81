import Fluent
import Foundation
import RadhusCore

/// A kommune's page: the services it offers, and its public journal.
enum KommunePage {
    struct Model: Sendable {
        var kommune: Municipality.Snapshot
        var services: [ServiceDefinition]

        static func query(kommune: Municipality.Snapshot, services: ServiceRegistry, on db: any Database) async throws
            -> Model
        {
            Model(kommune: kommune, services: try await services.offered(municipalityID: kommune.id, on: db))
        }
    }
}
