import Fluent
import Foundation
import RadhusCore
import Vapor

/// Who looked at which case or person, and when: the access log of the staff member's own
/// kommune, for the records officer (arkivar) and the leader. Every row is hash-chained
/// (`radhus archive verify`).
enum AccessLogController {
    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try req.requireStaff(
            \.mayReadAccessLog,
            otherwise: LocalizedText(
                nb: "Bare arkivar eller leder kan se tilgangsloggen.",
                en: "Only an archivist or a leader can see the access log.",
                nn: "Berre arkivar eller leiar kan sjå tilgangsloggen."))
        let page = max(1, min(100_000, req.query[Int.self, at: "side"] ?? 1))
        return AccessLog.view(
            try await AccessLog.Model.query(page: page, staff: staff, on: req.db), ctx: req.pageContext(area: .staff))
    }
}
