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

    /// An application not sent yet (issue 19).
    struct DraftRow: Sendable {
        var kommuneNumber: String
        var kommune: String
        var serviceID: String
        var serviceTitle: LocalizedText?
        var updatedAt: Date
    }

    struct Model: Sendable {
        var rows: [Row]
        var drafts: [DraftRow] = []
        /// Just saved with «Lagre og fortsett senere».
        var saved = false

        static func query(citizen: Fodselsnummer, services: ServiceRegistry, drafts: Drafts, on db: any Database)
            async throws -> Model
        {
            let cases = try await CaseRecord.query(on: db).group(.or) {
                $0.filter(\.$applicantFnr == citizen.value).filter(\.$subjectFnr == citizen.value)
            }.sort(\.$submittedAt, .descending).all()
            let kommuner = try await Municipality.query(on: db).all()
            let names = Dictionary(uniqueKeysWithValues: kommuner.map { ($0.id!, $0.name) })
            let numbers = Dictionary(uniqueKeysWithValues: kommuner.map { ($0.id!, $0.number) })
            var model = Model(
                rows: try cases.map { c in
                    Row(
                        part: c.applicantFnr != citizen.value
                            ? .appliedByOther : (c.subjectFnr == nil ? .own : .appliedForOther),
                        id: try c.requireID(), saksnummer: c.saksnummer, serviceTitle: services.title(of: c.serviceID),
                        serviceID: c.serviceID,
                        status: c.caseStatus, kommune: names[c.municipalityID] ?? "", submittedAt: c.submittedAt,
                        dueAt: c.dueAt)
                })
            model.drafts = try await drafts.all(owner: citizen.value).compactMap { d in
                guard let number = numbers[d.municipalityID] else { return nil }
                return DraftRow(
                    kommuneNumber: number, kommune: names[d.municipalityID] ?? "", serviceID: d.serviceID,
                    serviceTitle: services.title(of: d.serviceID), updatedAt: d.updatedAt)
            }
            return model
        }
    }
}
