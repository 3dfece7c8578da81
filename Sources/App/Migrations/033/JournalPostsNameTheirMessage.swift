import Fluent
import SQLKit

/// 033 (issue 20): the message a journal post files — an applicant's message (I) or the
/// caseworker's message sent as a letter (U) — so the archive export and the appeal package
/// can file the message's attachments as documents of that post. Not covered by the entry's
/// hash: adding a field to the hash would break every existing chain's verification, and the
/// files are covered anyway (the post's document names each with its SHA-256).
///
/// Posts of letters written before are linked here through the letter; an applicant's
/// message journaled before this migration has no link (there were none outside tests: files
/// with messages came in migration 032, in the same release).
struct JournalPostsNameTheirMessage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(JournalEntry.schema).field("message_id", .uuid).update()
        // The registrar, the letter page and the dispatcher find a letter's message by it (and
        // the update below would otherwise read every message once per letter).
        try await db.sql.create(index: "case_messages_by_letter").on(CaseMessage.schema).column("letter_id").run()
        try await db.sql.raw(
            """
            UPDATE journal_entries SET message_id =
              (SELECT m.id FROM case_messages m WHERE m.letter_id = journal_entries.letter_id)
            WHERE letter_id IS NOT NULL
            """
        ).run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "case_messages_by_letter").run()
        try await db.schema(JournalEntry.schema).deleteField("message_id").update()
    }
}
