import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Insights: the KPIs per service × kommune × period, computed from the events, never typed in.
///
/// The *aggregator* (in `radhus serve`, after the event sequencer) follows the event feed from
/// its own position and keeps one row of facts per case in `case_facts`: when it was submitted
/// and how, when it was decided and whether by rules, how many letters went out, were printed and
/// were read. Its position moves in the same transaction as the facts, so every event is
/// counted exactly once, across restarts. Reports then read a few indexed aggregates instead of
/// a million events.
public struct InsightsService: Sendable {
    let db: any Database
    let writer: WriteCoordinator

    public init(db: any Database, writer: WriteCoordinator) { self.db = db; self.writer = writer }
    public init(app: Application) { self.init(db: app.db, writer: app.writer) }

    /// Folds up to `limit` new feed events into the case facts; returns how many.
    @discardableResult
    public func aggregate(limit: Int = 5000) async throws -> Int {
        let sql = db as! any SQLDatabase
        let head = try await sql.select().column("last_position").from("insights_head").where("name", .equal, SQLBind("facts")).first()
        let at = try head?.decode(column: "last_position", as: Int64.self) ?? 0
        // A read first: an idle tick takes no write lock.
        guard try await sql.select().column("position").from(FeedEvent.schema).where("position", .greaterThan, SQLBind(at)).limit(1).first() != nil else {
            return 0
        }
        return try await writer.write(on: db) { tx in try await Self.fold(limit: limit, on: tx as! any SQLDatabase) }
    }

    struct Delta { var letters = 0, printed = 0, read = 0; var decidedAt: Date? }

    static func fold(limit: Int, on sql: any SQLDatabase) async throws -> Int {
        let lock = sql.insert(into: "insights_head").columns("name", "last_position").values(SQLBind("facts"), SQLBind(Int64(0)))
            .onConflict(with: ["name"]) { $0.set(SQLIdentifier("last_position"), to: SQLRaw("insights_head.last_position")) }
        guard let head = try await lock.returning("last_position").first() else { throw RadhusError.internalInconsistency("insights head") }
        let after = try head.decode(column: "last_position", as: Int64.self)
        let events = try await sql.select().columns("position", "case_id", "type", "occurred_at").from(FeedEvent.schema)
            .where("position", .greaterThan, SQLBind(after)).orderBy("position").limit(limit).all()
        guard let last = try events.last?.decode(column: "position", as: Int64.self) else { return 0 }
        var submitted: [UUID] = []
        var deltas: [UUID: Delta] = [:]
        for e in events {
            let caseID = try e.decode(column: "case_id", as: UUID.self)
            switch try e.decode(column: "type", as: String.self) {
            case "case.submitted": submitted.append(caseID)
            case "case.decided": deltas[caseID, default: Delta()].decidedAt = try e.decode(column: "occurred_at", as: Date.self)
            case "case.letter_sent": deltas[caseID, default: Delta()].letters += 1
            case "case.letter_read": deltas[caseID, default: Delta()].read += 1
            case "shipment.SENDT_PRINT": deltas[caseID, default: Delta()].printed += 1
            default: break
            }
        }
        let cal = NorwegianCalendar()
        for chunk in stride(from: 0, to: submitted.count, by: 200).map({ Array(submitted[$0..<min($0 + 200, submitted.count)]) }) {
            let rows = try await sql.select().columns("id", "municipality_id", "service_id", "channel", "submitted_at", "due_at")
                .from(CaseRecord.schema).where("id", .in, SQLBind.group(chunk)).all()
            guard !rows.isEmpty else { continue }
            var insert = sql.insert(into: "case_facts").columns("case_id", "municipality_id", "service_id", "digital", "submitted_at",
                                                                 "submitted_day", "due_at", "letters", "printed", "read")
            for r in rows {
                let at = try r.decode(column: "submitted_at", as: Date.self)
                insert = insert.values(SQLBind(try r.decode(column: "id", as: UUID.self)), SQLBind(try r.decode(column: "municipality_id", as: UUID.self)),
                                       SQLBind(try r.decode(column: "service_id", as: String.self)),
                                       SQLBind(try r.decode(column: "channel", as: String.self) != SubmissionChannel.paper.rawValue),
                                       SQLBind(at), SQLBind(ReportPeriod.day(at, calendar: cal)), SQLBind(try r.decode(column: "due_at", as: Date.self)),
                                       SQLBind(0), SQLBind(0), SQLBind(0))
            }
            try await insert.ignoringConflicts(with: "case_id").run()
        }
        let decidedIDs = deltas.filter { $0.value.decidedAt != nil }.map(\.key)
        var facts: [UUID: Date] = [:]
        var automated: [UUID: Bool] = [:]
        for chunk in stride(from: 0, to: decidedIDs.count, by: 200).map({ Array(decidedIDs[$0..<min($0 + 200, decidedIDs.count)]) }) {
            for r in try await sql.select().columns("case_id", "submitted_at").from("case_facts").where("case_id", .in, SQLBind.group(chunk)).all() {
                facts[try r.decode(column: "case_id", as: UUID.self)] = try r.decode(column: "submitted_at", as: Date.self)
            }
            for r in try await sql.select().columns("case_id", "automated").from(DecisionRecord.schema).where("case_id", .in, SQLBind.group(chunk)).all() {
                automated[try r.decode(column: "case_id", as: UUID.self)] = try r.decode(column: "automated", as: Bool.self)
            }
        }
        for (caseID, d) in deltas {
            var update = sql.update("case_facts").where("case_id", .equal, SQLBind(caseID))
            if d.letters > 0 { update = update.set("letters", to: SQLRaw("letters + \(d.letters)")) }
            if d.printed > 0 { update = update.set("printed", to: SQLRaw("printed + \(d.printed)")) }
            if d.read > 0 { update = update.set("read", to: SQLRaw("read + \(d.read)")) }
            if let decidedAt = d.decidedAt, let submittedAt = facts[caseID] {
                update = update.set("decided_at", to: SQLBind(decidedAt))
                    .set("decided_day", to: SQLBind(ReportPeriod.day(decidedAt, calendar: cal)))
                    .set("processing_seconds", to: SQLBind(max(0, Int(decidedAt.timeIntervalSince(submittedAt).rounded()))))
                    .set("automated", to: SQLBind(automated[caseID] ?? false))
            }
            try await update.run()
        }
        try await sql.update("insights_head").set("last_position", to: SQLBind(last)).where("name", .equal, SQLBind("facts")).run()
        return events.count
    }

    // MARK: KPIs

    /// The KPIs per service (and `nil` for all services together) for a kommune and period.
    public func kpis(municipalityID: UUID, period: ReportPeriod, service: String? = nil) async throws -> [String?: KPIs] {
        let sql = db as! any SQLDatabase
        var out: [String?: KPIs] = [nil: KPIs()]
        func scoped(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
            var q = q.from("case_facts").where("municipality_id", .equal, SQLBind(municipalityID))
            if let service { q = q.where("service_id", .equal, SQLBind(service)) }
            return q.groupBy("service_id")
        }
        // SUM over BIGINT is NUMERIC on PostgreSQL: cast back so both databases give integers.
        let yes = { (c: String) in SQLRaw("CAST(SUM(CASE WHEN \(c) THEN 1 ELSE 0 END) AS BIGINT)") }
        for r in try await scoped(sql.select().column("service_id").column(SQLRaw("COUNT(*)"), as: "n").column(yes("digital"), as: "d"))
            .where("submitted_day", .greaterThanOrEqual, SQLBind(period.from)).where("submitted_day", .lessThanOrEqual, SQLBind(period.to)).all() {
            let s = try r.decode(column: "service_id", as: String.self)
            let n = try r.decode(column: "n", as: Int.self), d = try r.decode(column: "d", as: Int?.self) ?? 0
            out[s, default: KPIs()].received = n; out[s]!.receivedDigitally = d
            out[nil]!.received += n; out[nil]!.receivedDigitally += d
        }
        for r in try await scoped(sql.select().column("service_id").column(SQLRaw("COUNT(*)"), as: "n").column(yes("automated"), as: "a")
            .column(SQLRaw("CAST(SUM(processing_seconds) AS BIGINT)"), as: "p").column(yes("decided_at > due_at"), as: "late")
            .column(SQLRaw("CAST(SUM(letters) AS BIGINT)"), as: "l").column(SQLRaw("CAST(SUM(printed) AS BIGINT)"), as: "pr").column(SQLRaw("CAST(SUM(read) AS BIGINT)"), as: "rd"))
            .where("decided_day", .greaterThanOrEqual, SQLBind(period.from)).where("decided_day", .lessThanOrEqual, SQLBind(period.to)).all() {
            let s = try r.decode(column: "service_id", as: String.self)
            func int(_ c: String) throws -> Int { try r.decode(column: c, as: Int?.self) ?? 0 }
            var k = out[s] ?? KPIs()
            k.decided = try int("n"); k.automated = try int("a"); k.processingTotal = try int("p"); k.decidedLate = try int("late")
            k.letters = try int("l"); k.printed = try int("pr"); k.read = try int("rd")
            out[s] = k
            out[nil]!.decided += k.decided; out[nil]!.automated += k.automated; out[nil]!.processingTotal += k.processingTotal
            out[nil]!.decidedLate += k.decidedLate; out[nil]!.letters += k.letters; out[nil]!.printed += k.printed; out[nil]!.read += k.read
        }
        // Open past the deadline when the period ended (decided later, or not yet).
        var open = sql.select().column("service_id").column(SQLRaw("COUNT(*)"), as: "n").from("case_facts")
            .where("municipality_id", .equal, SQLBind(municipalityID))
            .where("submitted_day", .lessThanOrEqual, SQLBind(period.to))
            .where("due_at", .lessThan, SQLBind(period.endInstant()))
            .where(SQLGroupExpression(SQLBinaryExpression(SQLBinaryExpression(SQLColumn("decided_at"), .is, SQLLiteral.null), .or,
                                                          SQLBinaryExpression(SQLColumn("decided_at"), .greaterThanOrEqual, SQLBind(period.endInstant())))))
        if let service { open = open.where("service_id", .equal, SQLBind(service)) }
        for r in try await open.groupBy("service_id").all() {
            let s = try r.decode(column: "service_id", as: String.self), n = try r.decode(column: "n", as: Int.self)
            out[s, default: KPIs()].openOverdue = n; out[nil]!.openOverdue += n
        }
        // Percentiles by nearest rank, each picked by the database from the sorted decided cases
        // of the period (OFFSET rank − 1): no need to carry a hundred thousand values over here.
        func percentile(_ p: Double, of n: Int, service: String?) async throws -> Int? {
            guard n > 0 else { return nil }
            let rank = Int((p * Double(n)).rounded(.up))
            var q = sql.select().column("processing_seconds").from("case_facts")
                .where("municipality_id", .equal, SQLBind(municipalityID))
                .where("decided_day", .greaterThanOrEqual, SQLBind(period.from)).where("decided_day", .lessThanOrEqual, SQLBind(period.to))
            if let service { q = q.where("service_id", .equal, SQLBind(service)) }
            return try await q.orderBy("processing_seconds").limit(1).offset(max(0, rank - 1)).first()?.decode(column: "processing_seconds", as: Int.self)
        }
        let decidedServices = out.compactMap { key, k in key.flatMap { k.decided > 0 ? $0 : nil } }
        for s in decidedServices {
            out[s]!.processingMedian = try await percentile(0.5, of: out[s]!.decided, service: s)
            out[s]!.processingP90 = try await percentile(0.9, of: out[s]!.decided, service: s)
        }
        if decidedServices.count == 1, let only = decidedServices.first {
            out[nil]!.processingMedian = out[only]!.processingMedian; out[nil]!.processingP90 = out[only]!.processingP90
        } else {
            out[nil]!.processingMedian = try await percentile(0.5, of: out[nil]!.decided, service: service)
            out[nil]!.processingP90 = try await percentile(0.9, of: out[nil]!.decided, service: service)
        }
        if service != nil { out[nil] = out[service] ?? KPIs() }
        return out
    }

    /// Monthly counts for the trend charts: received, digitally, decided, automated, letters, printed.
    public struct MonthRow: Sendable, Equatable {
        public var period: ReportPeriod
        public var received = 0, digital = 0, decided = 0, automated = 0, letters = 0, printed = 0
    }

    public func trend(municipalityID: UUID, months: [ReportPeriod], service: String? = nil) async throws -> [MonthRow] {
        guard let first = months.first, let last = months.last else { return [] }
        let sql = db as! any SQLDatabase
        var rows = Dictionary(uniqueKeysWithValues: months.map { ($0.from / 100, MonthRow(period: $0)) })
        var q1 = sql.select().column(SQLRaw("submitted_day / 100"), as: "m").column(SQLRaw("COUNT(*)"), as: "n")
            .column(SQLRaw("CAST(SUM(CASE WHEN digital THEN 1 ELSE 0 END) AS BIGINT)"), as: "d").from("case_facts")
            .where("municipality_id", .equal, SQLBind(municipalityID))
            .where("submitted_day", .greaterThanOrEqual, SQLBind(first.from)).where("submitted_day", .lessThanOrEqual, SQLBind(last.to))
        if let service { q1 = q1.where("service_id", .equal, SQLBind(service)) }
        for r in try await q1.groupBy(SQLRaw("submitted_day / 100")).all() {
            let m = try r.decode(column: "m", as: Int.self)
            rows[m]?.received = try r.decode(column: "n", as: Int.self); rows[m]?.digital = try r.decode(column: "d", as: Int?.self) ?? 0
        }
        var q2 = sql.select().column(SQLRaw("decided_day / 100"), as: "m").column(SQLRaw("COUNT(*)"), as: "n")
            .column(SQLRaw("CAST(SUM(CASE WHEN automated THEN 1 ELSE 0 END) AS BIGINT)"), as: "a").column(SQLRaw("CAST(SUM(letters) AS BIGINT)"), as: "l")
            .column(SQLRaw("CAST(SUM(printed) AS BIGINT)"), as: "p").from("case_facts")
            .where("municipality_id", .equal, SQLBind(municipalityID))
            .where("decided_day", .greaterThanOrEqual, SQLBind(first.from)).where("decided_day", .lessThanOrEqual, SQLBind(last.to))
        if let service { q2 = q2.where("service_id", .equal, SQLBind(service)) }
        for r in try await q2.groupBy(SQLRaw("decided_day / 100")).all() {
            let m = try r.decode(column: "m", as: Int.self)
            rows[m]?.decided = try r.decode(column: "n", as: Int.self); rows[m]?.automated = try r.decode(column: "a", as: Int?.self) ?? 0
            rows[m]?.letters = try r.decode(column: "l", as: Int?.self) ?? 0; rows[m]?.printed = try r.decode(column: "p", as: Int?.self) ?? 0
        }
        return months.compactMap { rows[$0.from / 100] }
    }
}
