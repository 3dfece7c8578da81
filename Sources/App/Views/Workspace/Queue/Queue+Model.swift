import Fluent
import Foundation
import RadhusCore
import SQLKit

/// The caseworker's queue: the open cases of the own kommune, soonest deadline first.
enum Queue {
    static let pageSize = 50

    /// The filters, as the URL carries them (bookmarkable).
    struct Filter: Sendable, Equatable {
        var service: String?
        var status: String?
        /// `meg` (my cases), `ingen` (unassigned), or nil for all.
        var assigned: String? = nil
        /// Part of the applicant's name (issue 20): at least two letters; each case found is
        /// logged in the access log, since it tells who has which case.
        var name: String? = nil
        var page: Int = 1

        /// The query string that gives this filter back (saved filters, paging).
        var query: [(String, String)] {
            [("tjeneste", service ?? ""), ("status", status ?? ""), ("tildelt", assigned ?? ""), ("navn", name ?? "")]
                .filter { !$0.1.isEmpty }
        }
    }

    /// The open cases (`CaseStatus.isOpen`), written as the partial index of migration 029 is (a
    /// literal, not a bound value: SQLite uses a partial index only for the very predicate it was
    /// made with). A case whose appeal is being handled is not among them: its appeal is.
    static let openCases = "cases.status NOT IN ('avsluttet', 'paklaget')"

    /// The open cases written as a list of statuses: the same cases, in a form the partial index
    /// does not match, for the queries that must reach them by another index (the cases of a few
    /// people: a name search, the case page's same-person check). SQLite otherwise prefers the
    /// partial index for its order, and walks every open case to find a person's few.
    static let openStatuses =
        "cases.status IN ("
        + CaseStatus.allCases.filter(\.isOpen).map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"

    /// Name searches find at most this many cases (each one is logged).
    static let nameSearchLimit = 50

    /// «Finn sak» as typed, and why it found nothing.
    struct Search: Sendable, Equatable {
        var typed: String
        var error: String
    }

    /// «2026/12» (spaces allowed around the slash) → year and number; nil for anything else.
    static func parseSaksnummer(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, parts[0].count == 4, (1...9).contains(parts[1].count),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let sequence = Int(parts[1]), sequence > 0
        else { return nil }
        return (year, sequence)
    }

    struct Row: Sendable, Equatable {
        var id: UUID
        var saksnummer: Saksnummer
        var serviceTitle: LocalizedText
        var status: CaseStatus
        var submittedAt: Date
        var dueAt: Date
        var overdue: Bool
        var attention: CaseAttention? = nil
        var assignee: String? = nil
        /// When the automatic preliminary answer goes out, if that is within the warning days.
        var preliminarySoon: Date? = nil
        /// An appeal's case (issue 20).
        var isAppeal = false
        /// A statutory deadline in weeks (issue 24): its weeks once the clock runs; whether the
        /// application is not complete yet (the clock has not started); whether the deadline is
        /// less than a week away (the law reduces the fee after it).
        var statutoryWeeks: Int? = nil
        var clockPending = false
        var deadlineSoon = false
    }

    struct Model: Sendable {
        var kommune: String
        var filter: Filter
        /// The services the kommune offers, for the filter: id and title.
        var services: [(id: String, title: LocalizedText)]
        var rows: [Row]
        var total: Int
        var mayRegisterPaper: Bool
        /// The kommune's caseworkers, for assigning the chosen rows at once.
        var caseworkers: [(id: UUID, name: String)] = []
        var mayAssign = false
        /// The staff member's own saved filters (issue 20).
        var savedFilters: [(id: UUID, name: String, query: String)] = []

        var pages: Int { max(1, (total + Queue.pageSize - 1) / Queue.pageSize) }

        /// The queue, through the staff member's tenant scope: open cases by default.
        static func query(
            _ filter: Filter, staff: StaffContext, services: ServiceRegistry, now: Date,
            on db: any Database
        ) async throws -> Model {
            let q = staff.scope.query(CaseRecord.self, on: db)
            if let s = filter.service, !s.isEmpty { q.filter(\.$serviceID == s) }
            let name = filter.name?.trimmingCharacters(in: .whitespaces)
            let byName = (name?.count ?? 0) >= 2
            switch filter.status {
            case "alle": break
            case let st? where CaseStatus(rawValue: st) != nil: q.filter(\.$status == st)
            // A name search reads the few cases of the people found by their numbers: the open
            // cases' partial index would have SQLite walk all 100,000 (250 ms, not 10).
            default: q.filter(.sql(unsafeRaw: byName ? openStatuses : openCases))
            }
            if byName, let name {
                // The name is the first line of the register's postal address; the people found
                // are narrowed to those with a case here, then their cases are filtered.
                let pattern =
                    "%"
                    + name.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(
                        of: "_", with: "") + "%"
                let people = try await db.sql.select().column("fnr").from(CitizenContact.schema)
                    .where(SQLFunction("lower", args: SQLColumn("postal_address")), .like, SQLBind(pattern))
                    .limit(500).all().map { try $0.decode(column: "fnr", as: String.self) }
                q.filter(\.$applicantFnr ~~ people)
            }
            switch filter.assigned {
            case "meg": q.filter(\.$assignedTo == staff.userID)
            case "ingen": q.filter(\.$assignedTo == nil)
            default: break
            }
            let total = try await q.countRows()
            let cases = try await q.sort(\.$dueAt).sort(\.$saksYear).sort(\.$saksSequence)
                .range(
                    byName
                        ? 0..<min(pageSize, nameSearchLimit)
                        : ((filter.page - 1) * pageSize)..<(filter.page * pageSize)
                ).all()
            let offered = try await services.offered(municipalityID: staff.municipality.id, on: db)
            let assignees = Set(cases.compactMap(\.assignedTo))
            let names =
                assignees.isEmpty
                ? [:]
                : Dictionary(
                    try await staff.scope.query(StaffUser.self, on: db).filter(\.$id ~~ assignees).all().map {
                        ($0.id!, $0.displayName)
                    }, uniquingKeysWith: { a, _ in a })
            // Whether each service's cases run a statutory deadline: asked once per service.
            let statutory = Dictionary(
                Set(cases.map(\.serviceID)).map { ($0, services.hasStatutoryDeadline($0)) },
                uniquingKeysWith: { a, _ in a })
            let rows = try cases.map { c in
                Row(
                    id: try c.requireID(), saksnummer: c.saksnummer,
                    serviceTitle: services.title(of: c.serviceID) ?? LocalizedText(nb: c.serviceID),
                    status: c.caseStatus, submittedAt: c.submittedAt, dueAt: c.dueAt,
                    overdue: c.caseStatus != .avsluttet && c.dueAt < now,
                    attention: c.attention.flatMap(CaseAttention.init(rawValue:)),
                    assignee: c.assignedTo.flatMap { names[$0] },
                    preliminarySoon: c.preliminaryDueAt.flatMap {
                        $0.timeIntervalSince(now) <= Double(PreliminaryAnswer.warning) * 86_400 ? $0 : nil
                    }, isAppeal: c.appealOf != nil,
                    statutoryWeeks: c.clockWeeks,
                    clockPending: c.clockStartedAt == nil && statutory[c.serviceID] == true,
                    deadlineSoon: c.clockWeeks != nil && c.dueAt >= now && c.dueAt.timeIntervalSince(now) < 7 * 86_400)
            }
            var model = Model(
                kommune: staff.municipality.name, filter: filter, services: offered.map { ($0.id, $0.title) },
                rows: rows, total: byName ? min(total, nameSearchLimit) : total,
                mayRegisterPaper: staff.role.mayRegisterPaper)
            model.savedFilters = try await staff.scope.query(SavedFilter.self, on: db)
                .filter(\.$staffID == staff.userID).sort(\.$name).all().map {
                    (id: $0.id!, name: $0.name, query: $0.query)
                }
            if staff.role.mayDecide {
                model.mayAssign = true
                model.caseworkers = try await staff.scope.query(StaffUser.self, on: db).filter(\.$active == true)
                    .filter(\.$role ~~ StaffRole.allCases.filter(\.mayDecide).map(\.rawValue)).sort(\.$displayName)
                    .all().map { (id: $0.id!, name: $0.displayName) }
            }
            return model
        }
    }
}
