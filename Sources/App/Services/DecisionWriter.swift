import Fluent
import Foundation
import RadhusCore

/// Writes a decision (vedtak), by a caseworker or by rules: the decision, the letter in the
/// citizen's inbox, the closed case and its timeline events, in the caller's transaction.
/// One code path for both, so an automated decision carries everything a manual one does.
enum DecisionWriter {
    struct Decider {
        /// Nil for an automated decision.
        var staff: StaffContext?
        var signature: String { staff?.signature ?? "Automatisk (regelverk)" }
    }

    static func write(record: CaseRecord, service: ServiceDefinition, outcome: ServiceDefinition.Outcome, reasons: String,
                      legalBasis: String, by decider: Decider, municipality: Municipality.Snapshot, now: Date,
                      on tx: any Database) async throws -> UUID {
        let caseID = try record.requireID()
        guard record.caseStatus.canMove(to: .avsluttet) else {
            throw RadhusError.conflict("Saken er allerede avgjort. Vedtaket står i tidslinjen.")
        }
        let decision = DecisionRecord()
        decision.id = UUID()
        decision.caseID = caseID
        decision.municipalityID = municipality.id
        decision.outcome = outcome.id
        decision.granted = outcome.granted
        decision.reasons = reasons
        decision.legalBasis = legalBasis
        decision.automated = decider.staff == nil
        decision.decidedByID = decider.staff?.userID
        decision.decidedByName = decider.signature
        decision.decidedAt = now
        decision.appealInformation = AppealInformation.text(kommune: municipality.name)
        try await decision.create(on: tx)

        let composed = DecisionLetter.compose(.init(
            template: outcome.letter, kommune: municipality.name, serviceTitle: service.title.nb,
            saksnummer: record.saksnummer, date: now, outcomeLabel: outcome.label.nb, reasons: reasons,
            legalBasis: legalBasis, decidedBy: decider.staff?.signature, answers: record.answers.values))
        let letter = LetterRecord()
        letter.id = UUID()
        letter.caseID = caseID
        letter.municipalityID = municipality.id
        letter.recipientFnr = record.applicantFnr
        letter.title = composed.title
        letter.body = composed.body
        letter.createdAt = now
        letter.decisionID = decision.id
        try await letter.create(on: tx)

        record.status = CaseStatus.avsluttet.rawValue
        record.decidedAt = now
        try await record.update(on: tx)
        try await CaseEventRecord(caseID: caseID, municipalityID: municipality.id, kind: .decided, at: now,
                                  actor: decider.signature, detail: outcome.id).create(on: tx)
        try await CaseEventRecord(caseID: caseID, municipalityID: municipality.id, kind: .letterSent, at: now,
                                  actor: "system", detail: composed.title).create(on: tx)
        return letter.id!
    }
}
