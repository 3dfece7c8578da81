import Fluent
import Foundation
import RadhusCore

/// The confirmation after sending: the saksnummer, what happens next and by when.
enum Receipt {
    struct Model: Sendable {
        var caseID: UUID
        var saksnummer: Saksnummer
        var kommune: Municipality.Snapshot
        var serviceTitle: LocalizedText?
        var decided: Bool
        var dueAt: Date

        /// `record` is the citizen's own case (`Request.ownCase`).
        static func query(record c: CaseRecord, services: ServiceRegistry, on db: any Database) async throws -> Model {
            guard let m = try await Municipality.find(c.municipalityID, on: db) else {
                throw RadhusError.notFound("Fant ikke saken.")
            }
            return Model(
                caseID: try c.requireID(), saksnummer: c.saksnummer, kommune: try m.snapshot(),
                serviceTitle: try await services.entry(c.serviceID, version: c.serviceVersion, on: db)?.definition
                    .title,
                decided: c.caseStatus == .avsluttet, dueAt: c.dueAt)
        }
    }
}
