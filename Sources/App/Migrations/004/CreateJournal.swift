import Fluent
import SQLKit

/// 004: records — journal entries and their documents, the chain heads per kommune and year,
/// and the hash chain of the access log.
struct CreateJournal: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(JournalEntry.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("letter_id", .uuid, .references(LetterRecord.schema, .id))
            .field("saks_year", .int, .required)
            .field("saks_seq", .int, .required)
            .field("journal_year", .int, .required)
            .field("journal_seq", .int, .required)
            .field("document_number", .int, .required)
            .field("type", .string, .required)
            .field("status", .string, .required)
            .field("title", .string, .required)
            .field("public_title", .string, .required)
            .field("screening_basis", .string)
            .field("correspondent", .string, .required)
            .field("class_id", .string, .required)
            .field("class_title", .string, .required)
            .field("service_id", .string, .required)
            .field("journal_date", .string, .required)
            .field("registered_at", .string, .required)
            .field("registered_by", .string, .required)
            .field("document_sha256", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "municipality_id", "journal_year", "journal_seq")
            .unique(on: "case_id", "document_number")
            .create()
        try await db.schema(JournalDocument.schema)
            .id()
            .field("journal_entry_id", .uuid, .required, .references(JournalEntry.schema, .id))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("format", .string, .required)
            .field("mime", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .field("created_at", .string, .required)
            .unique(on: "journal_entry_id", "version")
            .create()
        // The head of each chain: the last number given and the last hash.
        try await db.schema("journal_chains")
            .field("municipality_id", .uuid, .required)
            .field("year", .int, .required)
            .field("last_seq", .int, .required)
            .field("last_hash", .string, .required)
            .compositeIdentifier(over: "municipality_id", "year")
            .create()
        try await db.schema("access_log_chains")
            .field("municipality_id", .uuid, .identifier(auto: false))
            .field("last_seq", .int, .required)
            .field("last_hash", .string, .required)
            .create()
        // One column per ALTER TABLE: SQLite adds one at a time.
        try await db.schema(AccessLogEntry.schema).field("seq", .int).update()
        try await db.schema(AccessLogEntry.schema).field("prev_hash", .string).update()
        try await db.schema(AccessLogEntry.schema).field("hash", .string).update()
        let sql = db.sql
        try await sql.create(index: "journal_entries_case_idx").on(JournalEntry.schema).column("case_id").run()
        try await sql.create(index: "journal_entries_letter_idx").on(JournalEntry.schema).column("letter_id").run()
        // The archive export walks case files in class order without sorting.
        try await sql.create(index: "journal_entries_export_idx").on(JournalEntry.schema)
            .column("municipality_id").column("class_id").column("saks_year").column("saks_seq").column(
                "document_number"
            ).run()
        try await sql.create(index: "journal_entries_date_idx").on(JournalEntry.schema).column("municipality_id")
            .column("journal_date").run()
        try await sql.create(index: "journal_documents_entry_idx").on(JournalDocument.schema).column("journal_entry_id")
            .run()
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        for index in [
            "journal_documents_entry_idx", "journal_entries_export_idx", "journal_entries_date_idx",
            "journal_entries_letter_idx", "journal_entries_case_idx",
        ] {
            try await sql.drop(index: index).ifExists().run()
        }
        // One column per ALTER TABLE: SQLite drops one at a time.
        for column in ["hash", "prev_hash", "seq"] {
            try await db.schema(AccessLogEntry.schema).deleteField(.string(column)).update()
        }
        try await db.schema("access_log_chains").delete()
        try await db.schema("journal_chains").delete()
        try await db.schema(JournalDocument.schema).delete()
        try await db.schema(JournalEntry.schema).delete()
    }
}
