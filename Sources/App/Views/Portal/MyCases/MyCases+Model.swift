import Fluent
import Foundation
import RadhusCore

/// «Mine saker»: the citizen's own cases, newest first.
enum MyCases {
    struct Row: Sendable {
        var id: UUID
        var saksnummer: Saksnummer
        var serviceTitle: LocalizedText?
        var serviceID: String
        var status: CaseStatus
        var kommune: String
        var submittedAt: Date
        var dueAt: Date
    }

    struct Model: Sendable {
        var rows: [Row]

        static func query(citizen: Fodselsnummer, services: ServiceRegistry, on db: any Database) async throws -> Model
        {
            let cases = try await CaseRecord.query(on: db).filter(\.$applicantFnr == citizen.value).sort(
                \.$submittedAt, .descending
            ).all()
            let names = Dictionary(
                uniqueKeysWithValues: try await Municipality.query(on: db).all().map { ($0.id!, $0.name) })
            return Model(
                rows: try cases.map { c in
                    Row(
                        id: try c.requireID(), saksnummer: c.saksnummer, serviceTitle: services.title(of: c.serviceID),
                        serviceID: c.serviceID,
                        status: c.caseStatus, kommune: names[c.municipalityID] ?? "", submittedAt: c.submittedAt,
                        dueAt: c.dueAt)
                })
        }
    }
}
