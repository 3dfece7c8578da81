import Fluent
import SQLKit

/// 026 (issue 20): a case may have more than one decision — an automated one, and the
/// caseworker's new decision made on the applicant's request for review, which refers to it
/// (`reviews_decision_id`). Both stay on record; the newest is the one in force.
///
/// Migration 001 made `decisions.case_id` unique. PostgreSQL drops that constraint. SQLite
/// cannot drop a table's constraint, so the table is rebuilt the way SQLite documents it
/// (foreign keys off on the one connection, a new table, copy, drop, rename, check), keeping
/// every row and the letters that refer to them.
struct DecisionsReferToReviewed: AsyncMigration {
    static let columns = [
        "id", "case_id", "municipality_id", "outcome", "granted", "reasons", "legal_basis", "automated",
        "decided_by_id", "decided_by_name", "decided_at", "appeal_information", "values_json",
    ]

    func prepare(on db: any Database) async throws {
        if db.sql.dialect.name == "postgresql" {
            let sql = db.sql
            for row in try await sql.raw(
                """
                SELECT conname FROM pg_constraint
                WHERE conrelid = 'decisions'::regclass AND contype = 'u'
                """
            ).all() {
                let name = try row.decode(column: "conname", as: String.self)
                try await sql.raw("ALTER TABLE decisions DROP CONSTRAINT \(ident: name)").run()
            }
            try await db.schema(DecisionRecord.schema).field("reviews_decision_id", .uuid).update()
        } else {
            try await db.withConnection { conn in
                let sql = conn.sql
                try await sql.raw("PRAGMA foreign_keys = OFF").run()
                try await conn.schema("decisions_026")
                    .id()
                    .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
                    .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
                    .field("outcome", .string, .required)
                    .field("granted", .bool, .required)
                    .field("reasons", .string, .required)
                    .field("legal_basis", .string, .required)
                    .field("automated", .bool, .required)
                    .field("decided_by_id", .uuid, .references(StaffUser.schema, .id))
                    .field("decided_by_name", .string, .required)
                    .field("decided_at", .datetime, .required)
                    .field("appeal_information", .string, .required)
                    .field("values_json", .string)
                    .field("reviews_decision_id", .uuid)
                    .create()
                let list = Self.columns.joined(separator: ", ")
                try await sql.raw(
                    "INSERT INTO decisions_026 (\(unsafeRaw: list)) SELECT \(unsafeRaw: list) FROM decisions"
                )
                .run()
                try await sql.raw("DROP TABLE decisions").run()
                try await sql.raw("ALTER TABLE decisions_026 RENAME TO decisions").run()
                let broken = try await sql.raw("PRAGMA foreign_key_check").all()
                try await sql.raw("PRAGMA foreign_keys = ON").run()
                guard broken.isEmpty else {
                    throw RadhusError.internalInconsistency("migration 026: \(broken.count) broken foreign keys")
                }
            }
        }
        try await db.sql.create(index: "decisions_case_idx").on(DecisionRecord.schema).column("case_id")
            .column("decided_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "decisions_case_idx").run()
        try await db.schema(DecisionRecord.schema).deleteField("reviews_decision_id").update()
    }
}
