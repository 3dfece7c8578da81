import Fluent
import SQLKit

/// 011: cases and letters carry a mark once they are in the journal, with an index, so the
/// journal registrar finds what is not yet journaled without reading every case and letter.
/// What is already journaled gets its mark from the journal.
struct IndexUnjournaled: AsyncMigration {
    static let tables = [
        (
            CaseRecord.schema, "cases_unjournaled_idx",
            "EXISTS (SELECT 1 FROM journal_entries j WHERE j.case_id = cases.id AND j.type = 'I')"
        ),
        (
            LetterRecord.schema, "letters_unjournaled_idx",
            "EXISTS (SELECT 1 FROM journal_entries j WHERE j.letter_id = letters.id)"
        ),
    ]

    func prepare(on db: any Database) async throws {
        let sql = db.sql
        for (table, index, journaled) in Self.tables {
            try await db.schema(table).field("journaled", .bool).update()
            try await sql.update(table).set("journaled", to: SQLBind(true)).where(SQLRaw(journaled)).run()
            try await sql.create(index: index).on(table).column("journaled").column("municipality_id").run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        for (table, index, _) in Self.tables {
            try await sql.drop(index: index).run()
            try await db.schema(table).deleteField("journaled").update()
        }
    }
}
