import Fluent
import Foundation
import RadhusCore
import SQLKit

/// What the period's decisions said (issue 19): per service, how many of each outcome, and the
/// amounts in their structured decision values (`decisionValues` of type money: a grant, a
/// parental fee) added up. Read from the decisions themselves, not the rollups: a decision's
/// values are not events; the count query is grouped in the database, and only decisions that
/// carry values are read row by row.
extension InsightsService {
    public struct DecisionSummary: Sendable, Equatable {
        /// Decisions by outcome id.
        public var outcomes: [String: Int] = [:]
        /// Per money decision value: its total and how many decisions set it.
        public var amounts: [String: (total: Decimal, count: Int)] = [:]

        public static func == (a: Self, b: Self) -> Bool {
            a.outcomes == b.outcomes
                && a.amounts.mapValues { "\($0.total)/\($0.count)" }
                    == b.amounts.mapValues { "\($0.total)/\($0.count)" }
        }
    }

    /// The first instant of `from` and of the day after `to`, in Europe/Oslo.
    static func bounds(_ period: ReportPeriod) -> (Date, Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Oslo")!
        func start(_ day: Int) -> Date {
            calendar.date(from: DateComponents(year: day / 10_000, month: day / 100 % 100, day: day % 100))!
        }
        return (start(period.from), calendar.date(byAdding: .day, value: 1, to: start(period.to))!)
    }

    /// `moneyValues`: per service id, the ids of its decision values that are amounts. A
    /// decision a caseworker replaced on review (issue 20) is not counted: the new one is.
    public func decisionSummaries(
        municipalityID: UUID, period: ReportPeriod, moneyValues: [String: Set<String>]
    ) async throws -> [String: DecisionSummary] {
        let (start, end) = Self.bounds(period)
        let sql = db.sql
        var out: [String: DecisionSummary] = [:]
        let counts = try await sql.raw(
            """
            SELECT c.service_id AS service_id, d.outcome AS outcome, COUNT(*) AS n
            FROM \(ident: DecisionRecord.schema) d JOIN \(ident: CaseRecord.schema) c ON c.id = d.case_id
            WHERE d.municipality_id = \(bind: municipalityID)
              AND d.decided_at >= \(bind: start) AND d.decided_at < \(bind: end)
              AND d.follow_up_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM \(ident: DecisionRecord.schema) r WHERE r.reviews_decision_id = d.id)
            GROUP BY c.service_id, d.outcome
            """
        ).all()
        for row in counts {
            let service = try row.decode(column: "service_id", as: String.self)
            out[service, default: .init()].outcomes[try row.decode(column: "outcome", as: String.self)] =
                try row.decode(column: "n", as: Int.self)
        }
        let withAmounts = moneyValues.filter { !$0.value.isEmpty }.keys.sorted()
        guard !withAmounts.isEmpty else { return out }
        let rows = try await sql.raw(
            """
            SELECT c.service_id AS service_id, d.values_json AS values_json
            FROM \(ident: DecisionRecord.schema) d JOIN \(ident: CaseRecord.schema) c ON c.id = d.case_id
            WHERE d.municipality_id = \(bind: municipalityID)
              AND d.decided_at >= \(bind: start) AND d.decided_at < \(bind: end)
              AND d.follow_up_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM \(ident: DecisionRecord.schema) r WHERE r.reviews_decision_id = d.id)
              AND d.values_json IS NOT NULL AND c.service_id IN (\(binds: withAmounts))
            """
        ).all()
        for row in rows {
            let service = try row.decode(column: "service_id", as: String.self)
            guard let json = try row.decode(column: "values_json", as: String?.self),
                let values = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))
            else { continue }
            for id in moneyValues[service] ?? [] {
                guard let raw = values[id], let amount = Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX"))
                else { continue }
                let old = out[service, default: .init()].amounts[id] ?? (0, 0)
                out[service, default: .init()].amounts[id] = (old.total + amount, old.count + 1)
            }
        }
        return out
    }
}
