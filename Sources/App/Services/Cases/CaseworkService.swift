import Fluent
import Foundation
import RadhusCore
import Vapor

/// What caseworkers do to cases. Every method takes the staff context, and reaches rows only
/// through its tenant scope.
public struct CaseworkService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    let services: ServiceRegistry

    public init(db: any Database, writer: WriteCoordinator, clock: any Clock, services: ServiceRegistry) {
        self.db = db
        self.writer = writer
        self.clock = clock
        self.services = services
    }

    /// Opens a case for reading: writes the access-log row, and the first time a caseworker
    /// opens it, moves it to "under behandling" with an event. One transaction.
    public func open(caseID: UUID, by staff: StaffContext, revealIdentity: Bool = false) async throws -> CaseRecord {
        guard staff.role.mayReadCases else {
            throw RadhusError.localized(
                .forbidden,
                ErrorMessages.noCaseAccess)
        }
        let now = clock.now()
        return try await writer.write(on: db) { tx in
            guard let record = try await staff.scope.find(CaseRecord.self, caseID, on: tx) else {
                throw RadhusError.localized(
                    .notFound,
                    ErrorMessages.caseNotFound)
            }
            try await JournalChain.appendAccess(
                AccessLogEntry(
                    municipalityID: staff.municipality.id, staffID: staff.userID, staffRole: staff.role.rawValue,
                    caseID: caseID, action: revealIdentity ? .revealIdentity : .viewCase, at: now), on: tx)
            if record.caseStatus == .mottatt, staff.role.mayDecide {
                try await CaseLedger.move(
                    caseID, municipality: staff.municipality.id, from: .mottatt, by: .open, at: now,
                    actor: staff.signature, on: tx)
                record.status = CaseStatus.underBehandling.rawValue
            }
            return record
        }
    }

    public enum DecideResult: Sendable {
        case decided(letterID: UUID)
        /// The service requires the two-person check: the decision waits for a second caseworker.
        case proposed
        case invalid([DecisionDraft.Problem])
    }

    /// Makes the decision: the vedtak, the letter in the citizen's inbox, the timeline events
    /// and the closed case are written together or not at all.
    public func decide(caseID: UUID, draft: DecisionDraft, by staff: StaffContext) async throws -> DecideResult {
        try Self.requireDecider(staff)
        return try await decide(
            caseID: caseID, draft: draft, scope: staff.scope, municipality: staff.municipality,
            by: .init(staff: staff))
    }

    /// The one decision path, for a caseworker and for a domain system through the API.
    func decide(
        caseID: UUID, draft: DecisionDraft, scope: TenantScope, municipality: Municipality.Snapshot,
        by decider: DecisionWriter.Decider
    ) async throws -> DecideResult {
        let clock = self.clock
        let services = self.services
        return try await writer.write(on: db) { tx in
            try await CaseLedger.lock(caseID, on: tx)
            let now = clock.now()
            guard let record = try await scope.find(CaseRecord.self, caseID, on: tx) else {
                throw RadhusError.localized(
                    .notFound,
                    ErrorMessages.caseNotFound)
            }
            // A proposal is approved or returned, not decided over (`approve`, `returnProposal`).
            if record.caseStatus == .tilGodkjenning { throw Self.awaitingApproval }
            // A decision on an appeal's case is one on the case it appeals (issue 20).
            if record.appealOf != nil {
                return try await AppealService.decide(
                    onAppeal: record, draft: draft, scope: scope, municipality: municipality, by: decider,
                    services: services, now: now, on: tx)
            }
            // The kommune requires a second caseworker for this service's decisions: a proposal.
            if let staff = decider.staff,
                try await services.forCase(
                    serviceID: record.serviceID, version: record.serviceVersion, municipalityID: scope.municipalityID,
                    on: tx)?.local?.twoPersonCheck == true
            {
                return try await Self.propose(
                    record, draft: draft, by: staff, municipality: municipality, services: services, now: now, on: tx)
            }
            return try await Self.decide(
                record, draft: draft, scope: scope, municipality: municipality, by: decider, services: services,
                now: now, on: tx)
        }
    }

    private static let quashedPreface: DecisionWriter.Preface = { LetterTexts.quashedPreface(earlierAt: $0, $1) }

    /// The decision on a case whose row the caller's transaction holds: checks the draft against
    /// the service, writes the decision and its letter. The kommune's reversal of a decision on
    /// appeal, and the appeal body's, come through here too (with their letter's `preface`).
    static func decide(
        _ record: CaseRecord, draft: DecisionDraft, scope: TenantScope, municipality: Municipality.Snapshot,
        by decider: DecisionWriter.Decider, services: ServiceRegistry, now: Date,
        preface: DecisionWriter.Preface? = nil, on tx: any Database
    ) async throws -> DecideResult {
        let caseID = try record.requireID()
        // The version the case was submitted under, with the kommune's own parts.
        guard
            var service = try await services.forCase(
                serviceID: record.serviceID, version: record.serviceVersion,
                municipalityID: scope.municipalityID, on: tx)
        else {
            throw RadhusError.internalInconsistency(
                "case \(caseID) has unknown service \(record.serviceID)@\(record.serviceVersion)")
        }
        // An open follow-up application (issue 24) is what is decided: with its outcomes.
        let followUp = try await FollowUpService.open(caseID: caseID, on: tx)
        if let followUp, let f = service.followUp(followUp.kind) { service = service.forFollowUp(f) }
        // Decision values are read like form answers, for the kommune and the day.
        let validator = FormValidator(policy: .synthetic, kommune: municipality.number, today: now)
        let problems = draft.problems(in: service, validator: validator)
        guard problems.isEmpty, case .success(let checked) = draft.checkedValues(in: service, validator: validator)
        else { return .invalid(problems) }
        var values = checked.values
        let outcome = service.outcome(draft.outcomeID)!
        // Issue 24: the fee is part of the first decision (not of a reversal on appeal), from
        // the kommune's table, less what a late decision takes off.
        var fee: CaseChecks.FeeResult?
        if service.fee != nil, followUp == nil,
            try await FeeRecord.query(on: tx).filter(\.$caseID == caseID).count() == 0
        {
            fee = try await CaseChecks.fee(
                try CaseChecks.ref(record), service: service, registry: services, policy: .synthetic, now: now, on: tx)
            values.merge(fee?.values ?? [:]) { _, new in new }
        }
        let letterID = try await DecisionWriter.write(
            record: record, service: service, outcome: outcome, reasons: draft.reasons,
            legalBasis: draft.legalBasis,
            digitalOnly: draft.digitalOnly, values: values, fee: fee, followUp: followUp?.id, by: decider,
            municipality: municipality, now: now,
            // A case the appeal body sent back is decided anew: its letter says so (not a review's words).
            preface: preface ?? (record.attention == CaseAttention.quashed.rawValue ? Self.quashedPreface : nil), on: tx
        )
        // Shadow mode: record whether the person agreed with what the rules suggested.
        if let evaluation = try await scope.query(RuleEvaluationRecord.self, on: tx)
            .filter(\.$caseID == caseID).filter(\.$automated == false).first(),
            let suggested = evaluation.suggestedOutcome
        {
            evaluation.agreed = suggested == outcome.id
            try await evaluation.update(on: tx)
        }
        return .decided(letterID: letterID)
    }
}

/// What citizens do with their own letters.
public struct InboxService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock

    public init(db: any Database, writer: WriteCoordinator, clock: any Clock) {
        self.db = db
        self.writer = writer
        self.clock = clock
    }

    /// The citizen's own letter, marked read the first time it is opened (with an event on
    /// the case). Another person's letter is not found.
    public func open(letterID: UUID, recipient: Fodselsnummer) async throws -> LetterRecord {
        let now = clock.now()
        return try await writer.write(on: db) { tx in
            guard
                let letter = try await LetterRecord.query(on: tx)
                    .filter(\.$id == letterID).filter(\.$recipientFnr == recipient.value).first()
            else {
                throw RadhusError.localized(
                    .notFound,
                    ErrorMessages.letterNotFound)
            }
            if letter.readAt == nil {
                letter.readAt = now
                try await letter.update(on: tx)
                try await CaseLedger.append(
                    .letterRead, case: letter.caseID, municipality: letter.municipalityID, at: now,
                    actor: "citizen", detail: letter.title, on: tx)
                try await Outbox.markRead(letterID: letterID, now: now, on: tx)
            }
            return letter
        }
    }
}
