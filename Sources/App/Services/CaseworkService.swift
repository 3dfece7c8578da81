import Fluent
import Foundation
import RadhusCore
import Vapor

/// A signed-in member of staff, as the services see them.
public struct StaffContext: Sendable {
    public var userID: UUID
    public var username: String
    public var displayName: String
    public var role: StaffRole
    public var municipality: Municipality.Snapshot
    public var scope: TenantScope { TenantScope(municipalityID: municipality.id) }

    /// How the staff member is named on a decision and in a timeline (no personal numbers).
    public var signature: String { "\(displayName), \(role.rawValue)" }
}

/// What caseworkers do to cases. Every method takes the staff context, and reaches rows only
/// through its tenant scope.
public struct CaseworkService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let catalog: ServiceCatalog

    public init(db: any Database, writer: WriteCoordinator, clock: any Clock, catalog: ServiceCatalog) {
        self.db = db; self.writer = writer; self.clock = clock; self.catalog = catalog
    }

    /// Opens a case for reading: writes the access-log row, and the first time a caseworker
    /// opens it, moves it to "under behandling" with an event. One transaction.
    public func open(caseID: UUID, by staff: StaffContext, revealIdentity: Bool = false) async throws -> CaseRecord {
        guard staff.role.mayReadCases else { throw RadhusError.forbidden("Rollen din gir ikke tilgang til saker.") }
        let now = clock.now()
        return try await writer.write(on: db) { tx in
            guard let record = try await staff.scope.find(CaseRecord.self, caseID, on: tx) else {
                throw RadhusError.notFound("Fant ikke saken.")
            }
            try await AccessLogEntry(municipalityID: staff.municipality.id, staffID: staff.userID, staffRole: staff.role.rawValue,
                                     caseID: caseID, action: revealIdentity ? .revealIdentity : .viewCase, at: now).create(on: tx)
            if record.caseStatus == .mottatt, staff.role.mayDecide {
                record.status = CaseStatus.underBehandling.rawValue
                try await record.update(on: tx)
                try await CaseEventRecord(caseID: caseID, municipalityID: staff.municipality.id, kind: .opened, at: now,
                                          actor: staff.signature).create(on: tx)
            }
            return record
        }
    }

    public enum DecideResult: Sendable {
        case decided(letterID: UUID)
        case invalid([DecisionDraft.Problem])
    }

    /// Makes the decision: the vedtak, the letter in the citizen's inbox, the timeline events
    /// and the closed case are written together or not at all.
    public func decide(caseID: UUID, draft: DecisionDraft, by staff: StaffContext) async throws -> DecideResult {
        guard staff.role.mayDecide else { throw RadhusError.forbidden("Rollen din kan ikke fatte vedtak.") }
        let now = clock.now()
        let catalog = self.catalog
        return try await writer.write(on: db) { tx in
            guard let record = try await staff.scope.find(CaseRecord.self, caseID, on: tx) else {
                throw RadhusError.notFound("Fant ikke saken.")
            }
            guard let service = catalog.service(record.serviceID) else {
                throw RadhusError.internalInconsistency("case \(caseID) has unknown service \(record.serviceID)")
            }
            let problems = draft.problems(in: service)
            guard problems.isEmpty else { return .invalid(problems) }
            guard record.caseStatus.canMove(to: .avsluttet) else {
                throw RadhusError.conflict("Saken er allerede avgjort. Vedtaket står i tidslinjen.")
            }
            let outcome = service.outcome(draft.outcomeID)!
            let decision = DecisionRecord()
            decision.id = UUID()
            decision.caseID = caseID
            decision.municipalityID = staff.municipality.id
            decision.outcome = outcome.id
            decision.granted = outcome.granted
            decision.reasons = draft.reasons
            decision.legalBasis = draft.legalBasis
            decision.automated = false
            decision.decidedByID = staff.userID
            decision.decidedByName = staff.signature
            decision.decidedAt = now
            decision.appealInformation = AppealInformation.text(kommune: staff.municipality.name)
            try await decision.create(on: tx)

            let composed = DecisionLetter.compose(.init(
                template: outcome.letter, kommune: staff.municipality.name, serviceTitle: service.title.nb,
                saksnummer: record.saksnummer, date: now, outcomeLabel: outcome.label.nb, reasons: draft.reasons,
                legalBasis: draft.legalBasis, decidedBy: staff.signature, answers: record.answers.values))
            let letter = LetterRecord()
            letter.id = UUID()
            letter.caseID = caseID
            letter.municipalityID = staff.municipality.id
            letter.recipientFnr = record.applicantFnr
            letter.title = composed.title
            letter.body = composed.body
            letter.createdAt = now
            letter.decisionID = decision.id
            try await letter.create(on: tx)

            record.status = CaseStatus.avsluttet.rawValue
            record.decidedAt = now
            try await record.update(on: tx)
            try await CaseEventRecord(caseID: caseID, municipalityID: staff.municipality.id, kind: .decided, at: now,
                                      actor: staff.signature, detail: outcome.id).create(on: tx)
            try await CaseEventRecord(caseID: caseID, municipalityID: staff.municipality.id, kind: .letterSent, at: now,
                                      actor: "system", detail: composed.title).create(on: tx)
            return .decided(letterID: letter.id!)
        }
    }
}

/// What citizens do with their own letters.
public struct InboxService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock

    public init(db: any Database, writer: WriteCoordinator, clock: any Clock) {
        self.db = db; self.writer = writer; self.clock = clock
    }

    /// The citizen's own letter, marked read the first time it is opened (with an event on
    /// the case). Another person's letter is not found.
    public func open(letterID: UUID, recipient: Fodselsnummer) async throws -> LetterRecord {
        let now = clock.now()
        return try await writer.write(on: db) { tx in
            guard let letter = try await LetterRecord.query(on: tx)
                .filter(\.$id == letterID).filter(\.$recipientFnr == recipient.value).first() else {
                throw RadhusError.notFound("Fant ikke brevet.")
            }
            if letter.readAt == nil {
                letter.readAt = now
                try await letter.update(on: tx)
                try await CaseEventRecord(caseID: letter.caseID, municipalityID: letter.municipalityID, kind: .letterRead,
                                          at: now, actor: "citizen", detail: letter.title).create(on: tx)
            }
            return letter
        }
    }
}
