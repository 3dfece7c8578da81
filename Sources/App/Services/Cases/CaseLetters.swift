import Fluent
import Foundation
import RadhusCore
import SQLKit

/// A letter to a case's applicant, on the dispatch path: the letter in their inbox, its
/// shipments in the outbox and the `letter_sent` event, in the caller's transaction. Decisions,
/// messages, requests for information and their reminders all go out through here, so each
/// reaches the person digitally with paper as the fallback, and each is journaled (U).
enum CaseLetters {
    struct Recipient {
        /// The written form the person chose (bokmål or nynorsk); bokmål when unknown.
        var language: Language
        /// The name on the first line of the register's postal address, when known.
        var name: String?
    }

    static func recipient(_ fnr: String, on sql: any SQLDatabase) async throws -> Recipient {
        let contact = try await sql.select().column("written_language").column("postal_address")
            .from(CitizenContact.schema).where("fnr", .equal, fnr).first()
        let language =
            try contact?.decode(column: "written_language", as: String?.self).flatMap(Language.init(rawValue:))?
            .written ?? .nb
        let name = try contact?.decode(column: "postal_address", as: String?.self)?
            .split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) }
        return Recipient(language: language, name: name)
    }

    @discardableResult
    static func send(
        id: UUID = UUID(), case caseID: UUID, municipality: UUID, recipient: String, title: String, body: String,
        decisionID: UUID? = nil, meetingID: UUID? = nil, digitalOnly: Bool, now: Date, on tx: any Database
    ) async throws -> UUID {
        let sql = tx.sql
        try await sql.insert(into: LetterRecord.schema)
            .columns(
                "id", "case_id", "municipality_id", "recipient_fnr", "title", "body", "created_at", "read_at",
                "decision_id", "meeting_id"
            )
            .values(
                SQLBind(id), SQLBind(caseID), SQLBind(municipality), SQLBind(recipient), SQLBind(title),
                SQLBind(body), SQLBind(now), SQLLiteral.null, SQLBind.orNull(decisionID), SQLBind.orNull(meetingID)
            )
            .run()
        // The letter's shipments go in the outbox in this same transaction.
        try await Outbox.enqueue(
            letterID: id, caseID: caseID, municipalityID: municipality, now: now, digitalOnly: digitalOnly, on: sql)
        try await CaseLedger.append(
            .letterSent, case: caseID, municipality: municipality, at: now, actor: "system", detail: title, on: tx)
        return id
    }
}
