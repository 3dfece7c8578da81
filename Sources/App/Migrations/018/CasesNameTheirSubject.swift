import Fluent
import SQLKit

/// 018 (issue 18): a case records whom it concerns beside who applied (a parent applies for
/// a child), and on what ground the applicant acts for them: `stated` (the applicant said so
/// in the form) today, `verified` when guardianship is read from the Folkeregister later.
/// NULL: the applicant applied for themselves.
struct CasesNameTheirSubject: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CaseRecord.schema).field("subject_fnr", .string).update()
        try await db.schema(CaseRecord.schema).field("subject_relation", .string).update()
        try await db.sql.create(index: "cases_by_subject").on(CaseRecord.schema).column("subject_fnr").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "cases_by_subject").run()
        try await db.schema(CaseRecord.schema).deleteField("subject_relation").update()
        try await db.schema(CaseRecord.schema).deleteField("subject_fnr").update()
    }
}
