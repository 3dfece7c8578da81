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
        /// The outcome of an automated decision, as the service names it (issue 17: the receipt
        /// said a decision was made, not which).
        var outcome: LocalizedText?
        var dueAt: Date
        /// A statutory deadline that starts when the application is complete (issue 24), not yet started.
        var clockPending = false

        /// `record` is the citizen's own case (`Request.ownCase`).
        static func query(record c: CaseRecord, services: ServiceRegistry, on db: any Database) async throws -> Model {
            guard let m = try await Municipality.find(c.municipalityID, on: db) else {
                throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
            }
            let definition = try await services.entry(c.serviceID, version: c.serviceVersion, on: db)?.definition
            let decided = c.caseStatus == .avsluttet
            let outcome =
                decided
                ? try await DecisionRecord.query(on: db).inForce(case: c.requireID())
                    .flatMap { definition?.outcome($0.outcome)?.label } : nil
            return Model(
                caseID: try c.requireID(), saksnummer: c.saksnummer, kommune: try m.snapshot(),
                serviceTitle: definition?.title, decided: decided, outcome: outcome, dueAt: c.dueAt,
                clockPending: definition?.deadline.statutory != nil && c.clockStartedAt == nil)
        }
    }
}
