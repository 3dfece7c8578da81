import Fluent
import Foundation
import RadhusCore
import SQLKit

/// 025 (issue 20): when a case's preliminary answer (forvaltningsloven § 11 a) is due. Set when
/// the case is created, cleared when one is sent or the case is decided; indexed, so the
/// background step reads only the open cases that need one, however many closed cases there are.
/// Open cases from before get theirs from their receipt date.
struct CasesCarryPreliminaryAnswer: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CaseRecord.schema).field("preliminary_due_at", .datetime).update()
        let sql = db.sql
        let open = try await sql.select().column("id").column("submitted_at").from(CaseRecord.schema)
            .where("status", .notEqual, SQLBind(CaseStatus.avsluttet.rawValue))
            .where("applicant_fnr", .notEqual, SQLBind("")).all()
        for row in open {
            let received = try row.decode(column: "submitted_at", as: Date.self)
            try await sql.update(CaseRecord.schema)
                .set("preliminary_due_at", to: SQLBind(PreliminaryAnswer.due(received: received)))
                .where("id", .equal, SQLBind(try row.decode(column: "id", as: UUID.self))).run()
        }
        try await sql.create(index: "cases_preliminary_idx").on(CaseRecord.schema).column("preliminary_due_at").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "cases_preliminary_idx").run()
        try await db.schema(CaseRecord.schema).deleteField("preliminary_due_at").update()
    }
}
