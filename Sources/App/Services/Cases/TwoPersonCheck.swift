import Fluent
import Foundation
import RadhusCore
import SQLKit

/// The two-person check (to-trinns kontroll, issue 20). A kommune can require it for chosen
/// services (the service's settings, `LocalParts.twoPersonCheck`): a caseworker's decision is
/// then a proposal (`til_godkjenning`), checked against the service like a decision, and a
/// second caseworker — never the one who proposed it — approves it, which makes the decision
/// in the proposer's name with the approver's, or returns it with why, back to the first.
/// Decisions by rules and by domain systems through the API are not proposals: the check is
/// on a person's judgement.
extension CaseworkService {
    static let awaitingApproval = RadhusError.localized(
        .conflict,
        LocalizedText(
            nb: "Saken har et forslag til vedtak som venter på godkjenning. Godkjenn eller returner forslaget.",
            en: "The case has a proposed decision waiting for approval. Approve or return the proposal.",
            nn: "Saka har eit framlegg til vedtak som ventar på godkjenning. Godkjenn eller returner framlegget."))

    static func propose(
        _ record: CaseRecord, draft: DecisionDraft, by staff: StaffContext, municipality: Municipality.Snapshot,
        services: ServiceRegistry, now: Date, on tx: any Database
    ) async throws -> DecideResult {
        guard
            let service = try await services.forCase(
                serviceID: record.serviceID, version: record.serviceVersion, municipalityID: municipality.id, on: tx)
        else {
            throw RadhusError.internalInconsistency("case \(record.id!) has unknown service \(record.serviceID)")
        }
        // Checked as a decision would be: the second caseworker approves something that can be decided.
        let validator = FormValidator(policy: .synthetic, kommune: municipality.number, today: now)
        let problems = draft.problems(in: service, validator: validator)
        guard problems.isEmpty, case .success = draft.checkedValues(in: service, validator: validator) else {
            return .invalid(problems)
        }
        let caseID = try record.requireID()
        try await CaseLedger.move(
            caseID, municipality: municipality.id, from: record.caseStatus, by: .propose, at: now,
            actor: staff.signature, detail: draft.outcomeID, set: [("attention", SQLLiteral.null)], on: tx)
        let proposal = DecisionProposal()
        proposal.municipalityID = municipality.id
        proposal.caseID = caseID
        proposal.draftJSON = String(decoding: try JSONEncoder.sorted.encode(draft), as: UTF8.self)
        proposal.proposedByID = staff.userID
        proposal.proposedByName = staff.signature
        proposal.proposedAt = now
        try await proposal.create(on: tx)
        return .proposed
    }

    /// The proposal waiting on a case, with the case, its row taken.
    private static func pending(
        _ caseID: UUID, staff: StaffContext, on tx: any Database
    ) async throws -> (CaseRecord, DecisionProposal) {
        try await CaseLedger.lock(caseID, on: tx)
        guard let record = try await staff.scope.find(CaseRecord.self, caseID, on: tx) else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        guard record.caseStatus == .tilGodkjenning,
            let proposal = try await staff.scope.query(DecisionProposal.self, on: tx).filter(\.$caseID == caseID)
                .filter(\.$outcome == nil).first()
        else {
            throw RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb: "Saken har ikke et forslag til vedtak som venter på godkjenning.",
                    en: "The case has no proposed decision waiting for approval.",
                    nn: "Saka har ikkje eit framlegg til vedtak som ventar på godkjenning."))
        }
        guard proposal.proposedByID != staff.userID else {
            throw RadhusError.localized(
                .forbidden,
                LocalizedText(
                    nb: "Du foreslo vedtaket selv. En annen saksbehandler må godkjenne eller returnere det.",
                    en: "You proposed the decision yourself. Another caseworker must approve or return it.",
                    nn: "Du gjorde framlegget sjølv. Ein annan saksbehandlar må godkjenne eller returnere det."))
        }
        return (record, proposal)
    }

    /// A second caseworker approves the proposal: the decision, in the proposer's name with the
    /// approver's, and its letter.
    public func approve(caseID: UUID, by staff: StaffContext) async throws -> DecideResult {
        try Self.requireDecider(staff)
        let clock = self.clock
        let services = self.services
        return try await writer.write(on: db) { tx in
            let (record, proposal) = try await Self.pending(caseID, staff: staff, on: tx)
            let now = clock.now()
            guard let draft = proposal.draft else {
                throw RadhusError.internalInconsistency("proposal \(proposal.id!) has no readable draft")
            }
            let decider = DecisionWriter.Decider(
                staff: nil,
                system: (proposal.proposedByID, "\(proposal.proposedByName), godkjent av \(staff.signature)"))
            let result = try await Self.decide(
                record, draft: draft, scope: staff.scope, municipality: staff.municipality, by: decider,
                services: services, now: now, on: tx)
            guard case .decided = result else {
                // The service changed under the proposal: nothing is written, the proposal is returned by hand.
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb:
                            "Forslaget passer ikke lenger med tjenesten. Returner det, så fatter saksbehandleren det på nytt.",
                        en: "The proposal no longer fits the service. Return it, and the caseworker decides again.",
                        nn:
                            "Framlegget passar ikkje lenger med tenesta. Returner det, så gjer saksbehandlaren det på nytt."
                    ))
            }
            proposal.outcome = DecisionProposal.Outcome.approved.rawValue
            proposal.reviewedByID = staff.userID
            proposal.reviewedByName = staff.signature
            proposal.reviewedAt = now
            try await proposal.update(on: tx)
            return result
        }
    }

    /// A second caseworker returns the proposal with why: the case goes back to the proposer,
    /// marked, and the reason is an internal note on the case.
    public func returnProposal(caseID: UUID, comment: String, by staff: StaffContext) async throws
        -> DialogueService.Result
    {
        try Self.requireDecider(staff)
        let trimmed = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        var draft = DialogueDraft(kind: .proposalReturn, text: comment)
        if let problem = DialogueDraft.problem(
            in: trimmed,
            empty: LocalizedText(
                nb: "Skriv hvorfor forslaget sendes tilbake.", en: "Write why the proposal is returned.",
                nn: "Skriv kvifor framlegget blir sendt tilbake."))
        {
            draft.problems["tekst"] = problem
            return .invalid(draft)
        }
        let clock = self.clock
        return try await writer.write(on: db) { tx in
            let (record, proposal) = try await Self.pending(caseID, staff: staff, on: tx)
            let now = clock.now()
            try await CaseLedger.move(
                caseID, municipality: record.municipalityID, from: .tilGodkjenning, by: .returnProposal, at: now,
                actor: staff.signature,
                set: [
                    ("attention", SQLBind(CaseAttention.returned.rawValue)),
                    ("assigned_to", SQLBind(proposal.proposedByID)),
                ], on: tx)
            proposal.outcome = DecisionProposal.Outcome.returned.rawValue
            proposal.reviewedByID = staff.userID
            proposal.reviewedByName = staff.signature
            proposal.reviewedAt = now
            proposal.comment = trimmed
            try await proposal.update(on: tx)
            try await DialogueService.insertMessage(
                .note, case: caseID, municipality: record.municipalityID, author: staff.signature,
                authorID: staff.userID, body: "Forslaget til vedtak er sendt tilbake: \(trimmed)", at: now, on: tx)
            return .done
        }
    }

    static func requireDecider(_ staff: StaffContext) throws {
        guard staff.role.mayDecide else {
            throw RadhusError.localized(
                .forbidden,
                LocalizedText(
                    nb: "Rollen din kan ikke fatte vedtak.", en: "Your role cannot make decisions.",
                    nn: "Rolla di kan ikkje gjere vedtak."))
        }
    }
}
