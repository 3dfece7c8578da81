import Fluent
import Foundation
import RadhusCore
import Vapor

/// Who looked at which case or person, and when: the access log of the staff member's own
/// kommune, for the records officer (arkivar) and the leader. Every row is hash-chained
/// (`radhus archive verify`).
enum AccessLogController {
    static let pageSize = 100

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try req.requireStaff(\.mayReadAccessLog, otherwise: "Bare arkivar eller leder kan se tilgangsloggen.")
        let page = max(1, min(100_000, req.query[Int.self, at: "side"] ?? 1))
        let q = staff.scope.query(AccessLogEntry.self, on: req.db)
        let total = try await q.count()
        let rows = try await q.sort(\.$at, .descending).sort(\.$seq, .descending)
            .range(((page - 1) * pageSize)..<(page * pageSize)).all()
        let people = Dictionary(try await staff.scope.query(StaffUser.self, on: req.db).filter(\.$id ~~ Set(rows.map(\.staffID))).all()
            .map { ($0.id!, $0.displayName) }, uniquingKeysWith: { a, _ in a })
        let cases = Dictionary(try await staff.scope.query(CaseRecord.self, on: req.db).filter(\.$id ~~ Set(rows.map(\.caseID))).all()
            .map { ($0.id!, $0.saksnummer.description) }, uniquingKeysWith: { a, _ in a })
        let ctx = req.pageContext(area: .staff)
        let cal = NorwegianCalendar()
        let t = Strings(.nb)
        let pages = max(1, (total + pageSize - 1) / pageSize)
        return Layout.page(ctx, title: ["Tilgangslogg"]) {
            el("h1") { "Tilgangslogg for \(staff.municipality.name)" }
            el("p") { "Hver gang en ansatt åpner en sak eller ser et helt fødselsnummer, skrives det her. Radene er lenket med hasher, så kommandoen radhus archive verify finner en endret eller slettet rad." }
            el("p", .attr("role", "status")) { "\(total) oppslag" }
            el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Tilgangslogg")) {
                el("table", .cls("table")) {
                    el("thead") {
                        el("tr") { for h in ["Tid", "Ansatt", "Rolle", "Sak", "Hva"] { el("th", .attr("scope", "col")) { h } } }
                    }
                    el("tbody") {
                        for r in rows {
                            el("tr") {
                                el("td") { cal.norwegianDateTime(r.at) }
                                el("td") { people[r.staffID] ?? "Ukjent" }
                                el("td") { t.roleLabel(r.staffRole) }
                                el("td") {
                                    if staff.role.mayReadCases, let nr = cases[r.caseID] {
                                        el("a", .href(SiteURL.staffCase(r.caseID).path)) { nr }
                                    } else {
                                        cases[r.caseID] ?? "–"
                                    }
                                }
                                el("td") { r.action == AccessLogEntry.Action.revealIdentity.rawValue ? "Så hele fødselsnummeret" : "Åpnet saken" }
                            }
                        }
                    }
                }
            }
            if pages > 1 {
                el("nav", .attr("aria-label", "Sider"), .cls("pagination")) {
                    if page > 1 { el("a", .href(SiteURL.accessLog.path + "?side=\(page - 1)")) { "‹ \(page - 1)" } }
                    el("span") { " \(page) / \(pages) " }
                    if page < pages { el("a", .href(SiteURL.accessLog.path + "?side=\(page + 1)")) { "\(page + 1) ›" } }
                }
            }
        }
    }
}
