import Fluent
import Foundation
import RadhusCore

/// One of the kommune's services: what it has set for itself (contact, signature, local
/// guidelines, its own choices), a newer version's changes line by line, and the upgrade.
enum ServiceSettings {
    /// The form as typed (kept when it comes back with problems); nil fields show what is stored.
    struct FormValues: Sendable {
        var contact: String?
        var signature: String?
        var criteria: String?
        var choices: [String: String]?
        var twoPersonCheck: Bool? = nil
        var meetingLink: String? = nil
        /// The kommune's own gebyrregulativ (issue 24), a DMN file.
        var feeRules: String? = nil
    }

    struct Model: Sendable {
        var id: String
        var kommuneNumber: String
        var current: ServiceDefinition
        var listing: CatalogListing
        var adoptedVersion: Int
        /// Whether this kommune publishes the service (and so may publish a new version).
        var publishes: Bool

        static func query(id: String, staff: StaffContext, services: ServiceRegistry, on db: any Database) async throws
            -> Model
        {
            guard
                let adoption = try await staff.scope.query(ServiceAdoption.self, on: db).filter(\.$serviceID == id)
                    .first(),
                let current = try await services.offered(municipalityID: staff.municipality.id, id: id, on: db),
                let listing = try await CatalogListing.listings(on: db).first(where: { $0.id == id })
            else {
                throw RadhusError.localized(
                    .notFound,
                    LocalizedText(
                        nb: "\(staff.municipality.name) bruker ikke denne tjenesten. Ta den i bruk fra tjenestelisten.",
                        en: "\(staff.municipality.name) does not use this service. Adopt it from the list of services.",
                        nn: "\(staff.municipality.name) bruker ikkje denne tenesta. Ta henne i bruk frå tenestelista."))
            }
            return Model(
                id: id, kommuneNumber: staff.municipality.number, current: current, listing: listing,
                adoptedVersion: adoption.version, publishes: listing.versions.last?.publisherID == staff.municipality.id
            )
        }
    }
}
