import Fluent
import Foundation
import RadhusCore

/// Who looked at which case or person, and when: the access log of the staff member's own
/// kommune, for the records officer (arkivar) and the leader. Every row is hash-chained
/// (`radhus archive verify`).
enum AccessLog {
    static let pageSize = 100

    struct Row: Sendable {
        var at: Date
        var staffName: String?
        var role: String
        var caseID: UUID
        var saksnummer: String?
        var action: AccessLogEntry.Action?
    }

    struct Model: Sendable {
        var kommune: String
        var rows: [Row]
        var total: Int
        var page: Int
        /// Whether the reader may follow the link to a case.
        var mayReadCases: Bool

        var pages: Int { max(1, (total + AccessLog.pageSize - 1) / AccessLog.pageSize) }

        static func query(page: Int, staff: StaffContext, on db: any Database) async throws -> Model {
            let q = staff.scope.query(AccessLogEntry.self, on: db)
            let total = try await q.countRows()
            let rows = try await q.sort(\.$at, .descending).sort(\.$seq, .descending)
                .range(((page - 1) * pageSize)..<(page * pageSize)).all()
            // A domain system is a staff principal too (`APIClients.create`), named «… (fagsystem)».
            let people = Dictionary(
                try await staff.scope.query(StaffUser.self, on: db).filter(\.$id ~~ Set(rows.map(\.staffID))).all()
                    .map { ($0.id!, $0.displayName) }, uniquingKeysWith: { a, _ in a })
            let cases = Dictionary(
                try await staff.scope.query(CaseRecord.self, on: db).filter(\.$id ~~ Set(rows.map(\.caseID))).all()
                    .map { ($0.id!, $0.saksnummer.description) }, uniquingKeysWith: { a, _ in a })
            return Model(
                kommune: staff.municipality.name,
                rows: rows.map {
                    Row(
                        at: $0.at, staffName: people[$0.staffID], role: $0.staffRole, caseID: $0.caseID,
                        saksnummer: cases[$0.caseID], action: AccessLogEntry.Action(rawValue: $0.action))
                }, total: total, page: page, mayReadCases: staff.role.mayReadCases)
        }
    }
}
