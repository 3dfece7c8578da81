import Fluent
import Foundation
import RadhusCore

/// «Mine saker»: the cases the citizen applied for and the cases about them (a parent's
/// application for them), newest first.
enum MyCases {
    /// How the citizen is part of a case.
    enum Part: Sendable {
        /// Applied for themselves.
        case own
        /// Applied for someone else (a child).
        case appliedForOther
        /// Someone else applied for them.
        case appliedByOther
    }

    struct Row: Sendable {
        var part: Part
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
            let cases = try await CaseRecord.query(on: db).group(.or) {
                $0.filter(\.$applicantFnr == citizen.value).filter(\.$subjectFnr == citizen.value)
            }.sort(\.$submittedAt, .descending).all()
            let names = Dictionary(
                uniqueKeysWithValues: try await Municipality.query(on: db).all().map { ($0.id!, $0.name) })
            return Model(
                rows: try cases.map { c in
                    Row(
                        part: c.applicantFnr != citizen.value
                            ? .appliedByOther : (c.subjectFnr == nil ? .own : .appliedForOther),
                        id: try c.requireID(), saksnummer: c.saksnummer, serviceTitle: services.title(of: c.serviceID),
                        serviceID: c.serviceID,
                        status: c.caseStatus, kommune: names[c.municipalityID] ?? "", submittedAt: c.submittedAt,
                        dueAt: c.dueAt)
                })
        }
    }
}
