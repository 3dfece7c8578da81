import Fluent
import Foundation
import RadhusCore

/// One of the citizen's own cases: status, letters and their delivery, the timeline, who in
/// the kommune has looked at it (roles and times), and the answers.
enum MyCase {
    struct Model {
        var record: CaseRecord
        var kommune: Municipality.Snapshot
        var service: ServiceDefinition?
        var events: [CaseEventRecord]
        var looks: [AccessLogEntry]
        var trails: [DispatchView.LetterTrail]
        /// The files sent with the application (issue 19).
        var files: [Attachment] = []

        /// `record` is the citizen's own case (`Request.ownCase`); letters are only those to them.
        static func query(record c: CaseRecord, services: ServiceRegistry, on db: any Database) async throws -> Model {
            let caseID = try c.requireID()
            guard let m = try await Municipality.find(c.municipalityID, on: db) else {
                throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
            }
            let letters = try await LetterRecord.query(on: db).filter(\.$caseID == caseID).filter(
                \.$recipientFnr == c.applicantFnr
            )
            .sort(\.$createdAt).all()
            let trails = DispatchView.trails(
                letters: letters,
                shipments: try await ShipmentRecord.query(on: db).filter(\.$caseID == caseID)
                    .filter(\.$channel == ShipmentChannel.portal.rawValue).all(),
                events: try await ShipmentEventRecord.query(on: db).filter(\.$caseID == caseID).all())
            return Model(
                record: c, kommune: try m.snapshot(),
                service: try await services.entry(c.serviceID, version: c.serviceVersion, on: db)?.definition,
                events: try await CaseEventRecord.query(on: db).filter(\.$caseID == caseID).sort(\.$at).all(),
                looks: try await AccessLogEntry.query(on: db).filter(\.$caseID == caseID).sort(\.$at).all(),
                trails: trails,
                files: try await AttachmentService.forCase(caseID, municipality: c.municipalityID, on: db))
        }
    }
}
