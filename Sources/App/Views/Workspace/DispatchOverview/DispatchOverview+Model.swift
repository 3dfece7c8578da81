import Fluent
import Foundation
import RadhusCore
import SQLKit

/// The kommune's view of its outbox: counts per status, shipments that are stuck or
/// dead-lettered (with "send again" and "stop"), and the dispatch settings. For the leader and
/// the admin; a caseworker stops a single letter from the case page.
enum DispatchOverview {
    /// The settings form as typed (kept when it comes back with problems).
    struct SettingsForm: Sendable {
        var days: String?
        var webhook: String?
        /// The appeal bodies' addresses (issue 20).
        var statsforvalteren: String? = nil
        var klagenemnd: String? = nil
    }

    struct Model: Sendable {
        var counts: [ShipmentStatus: Int]
        /// Dead letters, and shipments whose last attempt failed and that are waiting to retry.
        var attention: [ShipmentRecord]
        var saksnummer: [UUID: String]
        var settings: DispatchSettings?
    }

    /// The figures and lists, as a query a test can call.
    static func query(scope: TenantScope, on db: any Database) async throws -> Model {
        // One grouped count, not a query per status.
        var counts: [ShipmentStatus: Int] = [:]
        for row in try await db.sql.select().column("status")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(ShipmentRecord.schema)
            .where("municipality_id", .equal, SQLBind(scope.municipalityID)).groupBy("status").all()
        {
            if let status = ShipmentStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        let attention = try await scope.query(ShipmentRecord.self, on: db)
            .group(.or) { g in
                g.filter(\.$status == ShipmentStatus.ikkeLevert.rawValue)
                g.group(.and) { $0.filter(\.$attempts > 0).filter(\.$nextAction != ShipmentAction.none.rawValue) }
            }
            .sort(\.$updatedAt, .descending).limit(200).all()
        let cases = try await scope.query(CaseRecord.self, on: db).filter(\.$id ~~ Set(attention.map(\.caseID))).all()
        let settings = try await scope.query(DispatchSettings.self, on: db).first()
        return Model(
            counts: counts, attention: attention,
            saksnummer: Dictionary(cases.map { ($0.id!, $0.saksnummer.description) }, uniquingKeysWith: { a, _ in a }),
            settings: settings)
    }
}
