import Fluent
import Foundation
import RadhusCore
import SQLKit

/// Writes a decision (vedtak), by a caseworker or by rules: the decision, the letter in the
/// citizen's inbox, the closed case and its timeline events, in the caller's transaction.
/// One code path for both, so an automated decision carries everything a manual one does.
enum DecisionWriter {
    struct Decider {
        /// The caseworker; nil for an automated decision or one made in a domain system.
        var staff: StaffContext?
        /// A domain system's API client (its principal id) and the person it names as deciding.
        var system: (principalID: UUID, decidedBy: String)? = nil

        var signature: String {
            if let staff { return staff.signature }
            if let system { return system.decidedBy }
            return "Automatisk (regelverk)"
        }
        /// Made by rules alone, with no person behind it.
        var automated: Bool { staff == nil && system == nil }
        var principalID: UUID? { staff?.userID ?? system?.principalID }
    }

    /// One row of `decisions`: a caseworker's, the rules', a domain system's, or an admission
    /// round's (issue 23) — written here only, so every decision has the same columns.
    struct Row: Sendable {
        var id: UUID
        var caseID: UUID
        var municipality: UUID
        var outcome: String
        var granted: Bool
        var reasons: String
        var legalBasis: String
        var automated: Bool
        var decidedByID: UUID?
        var decidedByName: String
        var decidedAt: Date
        var appealInformation: String
        var values: [String: String]
        var reviews: UUID?
        var followUp: UUID?
    }

    static func insert(_ r: Row, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: DecisionRecord.schema)
            .columns(
                "id", "case_id", "municipality_id", "outcome", "granted", "reasons", "legal_basis", "automated",
                "decided_by_id", "decided_by_name", "decided_at", "appeal_information", "values_json",
                "reviews_decision_id", "follow_up_id"
            )
            .values(
                SQLBind(r.id), SQLBind(r.caseID), SQLBind(r.municipality), SQLBind(r.outcome), SQLBind(r.granted),
                SQLBind(r.reasons), SQLBind(r.legalBasis), SQLBind(r.automated), SQLBind.orNull(r.decidedByID),
                SQLBind(r.decidedByName), SQLBind(r.decidedAt), SQLBind(r.appealInformation),
                SQLBind(
                    r.values.isEmpty ? nil : String(decoding: try JSONEncoder.sorted.encode(r.values), as: UTF8.self)),
                SQLBind.orNull(r.reviews), SQLBind.orNull(r.followUp)
            )
            .run()
    }

    /// What the decision needs to know about its case.
    struct CaseFacts: Sendable {
        var id: UUID
        var saksnummer: Saksnummer
        var applicantFnr: String
        var answers: [String: String]
        var status: CaseStatus
        /// The statutory deadline (issue 24), for the fee's paragraph.
        var deadline: StatutoryDeadline? = nil
    }

    /// The words that open the letter of a decision that replaces an earlier one of the case,
    /// given the earlier one's date and the recipient's written form: a review's by default.
    typealias Preface = @Sendable (_ earlierAt: Date, _ language: Language) -> String

    static func write(
        record: CaseRecord, service: ServiceDefinition, outcome: ServiceDefinition.Outcome, reasons: String,
        legalBasis: String, digitalOnly: Bool = false, values: [String: String] = [:],
        fee: CaseChecks.FeeResult? = nil, followUp: UUID? = nil, by decider: Decider,
        municipality: Municipality.Snapshot, now: Date, preface: Preface? = nil,
        on tx: any Database
    ) async throws -> UUID {
        try await write(
            facts: CaseFacts(
                id: try record.requireID(), saksnummer: record.saksnummer, applicantFnr: record.applicantFnr,
                answers: record.answers.values, status: record.caseStatus, deadline: record.statutoryDeadline),
            service: service, outcome: outcome, reasons: reasons, legalBasis: legalBasis, digitalOnly: digitalOnly,
            values: values, fee: fee, followUp: followUp, by: decider, municipality: municipality, now: now,
            preface: preface, on: tx)
    }

    static func write(
        facts record: CaseFacts, service: ServiceDefinition, outcome: ServiceDefinition.Outcome, reasons: String,
        legalBasis: String, digitalOnly: Bool = false, values: [String: String] = [:],
        fee: CaseChecks.FeeResult? = nil, followUp: UUID? = nil, by decider: Decider,
        municipality: Municipality.Snapshot, now: Date, preface: Preface? = nil,
        on tx: any Database
    ) async throws -> UUID {
        let caseID = record.id
        // First, so a case that cannot be decided (already decided) writes nothing else.
        try await CaseLedger.move(
            caseID, municipality: municipality.id, from: record.status, by: followUp == nil ? .decide : .decideFollowUp,
            at: now,
            actor: decider.signature, detail: outcome.id, facts: .init(automated: decider.automated),
            set: [("attention", SQLLiteral.null), ("preliminary_due_at", SQLLiteral.null)], on: tx)
        let sql = tx.sql
        let decisionID = UUID()
        let letterID = UUID()
        // A case decided before and reopened (the applicant asked for a caseworker to review the
        // automated decision, or appealed) gets a new decision that refers to the earlier one. A case just
        // received cannot have one: the submission's automated decision skips the read.
        var reviewed: (id: UUID, at: Date)?
        // A follow-up's decision (issue 24) answers the follow-up and replaces nothing.
        if record.status != .mottatt, followUp == nil,
            let row = try await sql.select().column("id").column("decided_at").from(DecisionRecord.schema)
                .where("case_id", .equal, SQLBind(caseID)).where("follow_up_id", .is, SQLLiteral.null)
                .orderBy("decided_at", .descending).limit(1).first()
        {
            reviewed = (
                try row.decode(column: "id", as: UUID.self), try row.decode(column: "decided_at", as: Date.self)
            )
        }
        try await Self.insert(
            Row(
                id: decisionID, caseID: caseID, municipality: municipality.id, outcome: outcome.id,
                granted: outcome.granted, reasons: reasons, legalBasis: legalBasis, automated: decider.automated,
                decidedByID: decider.principalID, decidedByName: decider.signature, decidedAt: now,
                appealInformation: AppealInformation.text(
                    kommune: municipality.name, postmottak: municipality.contactEmail,
                    saksnummer: record.saksnummer.description),
                values: values, reviews: reviewed?.id, followUp: followUp), on: sql)
        if let followUp {
            try await sql.update(FollowUpRecord.schema).set("decision_id", to: SQLBind(decisionID))
                .set("outcome", to: SQLBind(outcome.id)).set("decided_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(followUp)).run()
        }
        // The recipient's written form (issue 19): nynorsk when they chose it on their profile.
        // …and their name, for `{{soker}}`: the first line of the register's postal address.
        let recipient = try await CaseLetters.recipient(record.applicantFnr, on: sql)
        let lang = recipient.language
        var input = DecisionLetter.Input(
            template: outcome.letter, kommune: municipality.name, serviceTitle: service.title[lang],
            saksnummer: record.saksnummer, date: now, outcomeLabel: outcome.label[lang], reasons: reasons,
            legalBasis: legalBasis, decidedBy: decider.automated ? nil : decider.signature,
            // The decision values beside the answers: `{{gyldig_til}}` as a date, `{{belop}}` in kroner.
            answers: record.answers.merging(values) { _, value in value },
            displayAnswers: service.letterDisplay(answers: record.answers, kommune: municipality.number, language: lang)
                .merging(
                    service.decisionForm.letterDisplay(answers: values, kommune: municipality.number, language: lang)
                ) { _, value in value },
            signature: service.local?.signature, contact: service.local?.contact,
            postmottak: municipality.contactEmail)
        input.language = lang
        input.moneyNames = service.moneyNames
        input.applicantName = recipient.name
        if let fee { input.sections.append(CaseChecks.feeParagraph(fee, deadline: record.deadline, lang)) }
        let composed = DecisionLetter.compose(input)
        let body =
            reviewed.map {
                (preface ?? { LetterTexts.reviewPreface(automatedAt: $0, $1) })($0.at, lang) + "\n\n" + composed.body
            } ?? composed.body
        if let fee {
            try await CaseChecks.recordFee(
                fee, caseID: caseID, decisionID: decisionID, serviceID: service.id, municipality: municipality.id,
                now: now, on: tx)
        }
        try await CaseLetters.send(
            id: letterID, case: caseID, municipality: municipality.id, recipient: record.applicantFnr,
            title: composed.title, body: body, decisionID: decisionID, digitalOnly: digitalOnly, now: now,
            on: tx)
        return letterID
    }
}
