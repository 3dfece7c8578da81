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
/// counted exactly once, across restarts. In the same transaction it keeps daily rollups of the
/// facts (InsightsRollups), so reports read a few hundred rows per service and year instead of a
/// million events or a hundred thousand facts.
public struct InsightsService: Sendable {
    let db: any Database
    let writer: WriteCoordinator

    public init(db: any Database, writer: WriteCoordinator) {
        self.db = db
        self.writer = writer
    }
    public init(app: Application) { self.init(db: app.db, writer: app.writer) }

    /// Folds a batch of new feed events (`batch.limit`, in the background lane) into the case
    /// facts; returns how many.
    @discardableResult
    public func aggregate(batch: BatchSizer = BatchSizer(initial: 5000, maximum: 5000)) async throws -> Int {
        // A read first, one statement: an idle tick takes no write lock.
        guard
            try await db.sql.raw(
                """
                SELECT position FROM event_feed WHERE position >
                  COALESCE((SELECT last_position FROM insights_head WHERE name = 'facts'), 0) LIMIT 1
                """
            ).first() != nil
        else {
            return 0
        }
        return try await writer.writeBatch(on: db, sizer: batch) { tx, limit in
            try await Self.fold(limit: limit, on: tx.sql)
        }
    }

    struct Delta {
        var letters = 0, printed = 0, read = 0
        var decidedAt: Date?
        var automated = false
        /// The due date after a pause while the kommune waited for the applicant (issue 20).
        var dueAt: Date?
    }

    static func fold(limit: Int, on sql: any SQLDatabase) async throws -> Int {
        let lock = sql.insert(into: "insights_head").columns("name", "last_position").values(
            SQLBind("facts"), SQLBind(Int64(0))
        )
        .onConflict(with: ["name"]) {
            $0.set(SQLIdentifier("last_position"), to: SQLRaw("insights_head.last_position"))
        }
        guard let head = try await lock.returning("last_position").first() else {
            throw RadhusError.internalInconsistency("insights head")
        }
        let after = try head.decode(column: "last_position", as: Int64.self)
        let events = try await sql.select()
            .columns(
                "position", "case_id", "type", "occurred_at", "municipality_id", "service_id", "channel", "due_at",
                "automated"
            )
            .from(FeedEvent.schema).where("position", .greaterThan, SQLBind(after)).orderBy("position").limit(limit)
            .all()
        guard let last = try events.last?.decode(column: "position", as: Int64.self) else { return 0 }
        // Each event carries what the facts need (migration 012): nothing is read back from the
        // cases or decisions it describes.
        var submitted: [(caseID: UUID, fact: InsightsRollups.Fact)] = []
        var deltas: [UUID: Delta] = [:]
        for e in events {
            let caseID = try e.decode(column: "case_id", as: UUID.self)
            let type = try e.decode(column: "type", as: String.self)
            switch CaseEventKind(feedType: type) {
            case .submitted?:
                guard let serviceID = try e.decode(column: "service_id", as: String?.self),
                    let dueAt = try e.decode(column: "due_at", as: Date?.self)
                else {
                    throw RadhusError.internalInconsistency(
                        "feed event of case \(caseID) carries no service or due date")
                }
                submitted.append(
                    (
                        caseID,
                        InsightsRollups.Fact(
                            municipalityID: try e.decode(column: "municipality_id", as: UUID.self),
                            serviceID: serviceID,
                            digital: try e.decode(column: "channel", as: String?.self)
                                != SubmissionChannel.paper.rawValue,
                            submittedAt: try e.decode(column: "occurred_at", as: Date.self), dueAt: dueAt)
                    ))
            case .decided?:
                deltas[caseID, default: Delta()].decidedAt = try e.decode(column: "occurred_at", as: Date.self)
                deltas[caseID, default: Delta()].automated = try e.decode(column: "automated", as: Bool?.self) ?? false
            case .letterSent?: deltas[caseID, default: Delta()].letters += 1
            case .letterRead?: deltas[caseID, default: Delta()].read += 1
            case .informationReceived?, .requestExpired?, .requestWithdrawn?, .deadlineSet?:
                // The event carries the due date as the pause left it (the same date when the
                // service's deadline does not pause).
                if let due = try e.decode(column: "due_at", as: Date?.self) {
                    deltas[caseID, default: Delta()].dueAt = due
                }
            // An appeal's case has no facts (its first event is not `submitted`): the insights
            // count applications and their decisions.
            case .messageReceived?, .informationRequested?, .reminderSent?, .assigned?, .preliminaryAnswer?,
                .reviewRequested?, .appealReceived?, .appealed?, .forwarded?, .appealSettled?, .appealUpheld?,
                .appealQuashed?, .decisionProposed?, .proposalReturned?,
                // Meetings are counted by the meetings' own figures (issue 22), not as case facts.
                .meetingBooked?, .meetingMoved?, .meetingCancelled?, .meetingProposed?, .meetingGuestInvited?,
                .meetingReminded?, .meetingStarted?, .meetingHeld?, .meetingMinutes?,
                // The admission's figures come from its rounds (issue 23).
                .admissionOffered?, .admissionNoOffer?, .admissionAccepted?, .admissionDeclined?,
                // Building permits' figures (issue 24) come from their notices and fees.
                .documentsMissing?, .thirdPartiesNotified?, .thirdPartyCommented?, .feeSet?, .followUpReceived?,
                .followUpDecided?:
                break
            case .opened?, nil:
                if type == ShipmentStatus.sendtPrint.feedType { deltas[caseID, default: Delta()].printed += 1 }
            }
        }
        var rollups = InsightsRollups.Delta()
        let cal = rollups.calendar
        for chunk in submitted.chunks(of: 200) {
            // Only cases without facts yet: a fact is counted in the rollups once.
            let known = Set(
                try await sql.select().column("case_id").from("case_facts").where(
                    "case_id", .in, SQLBind.group(chunk.map(\.caseID))
                ).all()
                    .map { try $0.decode(column: "case_id", as: UUID.self) })
            var insert = sql.insert(into: "case_facts").columns(
                "case_id", "municipality_id", "service_id", "digital", "submitted_at",
                "submitted_day", "due_at", "letters", "printed", "read")
            var inserted = Set<UUID>()
            for (id, fact) in chunk {
                guard !known.contains(id), inserted.insert(id).inserted else { continue }
                insert = insert.values(
                    SQLBind(id), SQLBind(fact.municipalityID), SQLBind(fact.serviceID), SQLBind(fact.digital),
                    SQLBind(fact.submittedAt), SQLBind(ReportPeriod.day(fact.submittedAt, calendar: cal)),
                    SQLBind(fact.dueAt),
                    SQLBind(0), SQLBind(0), SQLBind(0))
                rollups.add(fact, sign: 1)
            }
            if !inserted.isEmpty { try await insert.run() }
        }
        for chunk in Array(deltas.keys).chunks(of: 200) {
            let rows = try await sql.select().columns(InsightsRollups.Fact.columns.map { SQLColumn($0) }).from(
                "case_facts"
            )
            .where("case_id", .in, SQLBind.group(Array(chunk))).all()
            for r in rows {
                let caseID = try r.decode(column: "case_id", as: UUID.self)
                guard let d = deltas[caseID] else { continue }
                let old = try InsightsRollups.Fact(row: r)
                var new = old
                new.letters += d.letters
                new.printed += d.printed
                new.read += d.read
                var update = sql.update("case_facts").where("case_id", .equal, SQLBind(caseID))
                if d.letters > 0 { update = update.set("letters", to: SQLBind(new.letters)) }
                if d.printed > 0 { update = update.set("printed", to: SQLBind(new.printed)) }
                if d.read > 0 { update = update.set("read", to: SQLBind(new.read)) }
                if let dueAt = d.dueAt {
                    new.dueAt = dueAt
                    update = update.set("due_at", to: SQLBind(dueAt))
                }
                if let decidedAt = d.decidedAt {
                    new.decidedAt = decidedAt
                    new.processingSeconds = max(0, Int(decidedAt.timeIntervalSince(old.submittedAt).rounded()))
                    new.automated = d.automated
                    update = update.set("decided_at", to: SQLBind(decidedAt))
                        .set("decided_day", to: SQLBind(ReportPeriod.day(decidedAt, calendar: cal)))
                        .set("processing_seconds", to: SQLBind(new.processingSeconds!))
                        .set("automated", to: SQLBind(new.automated!))
                }
                rollups.add(old, sign: -1)
                rollups.add(new, sign: 1)
                try await update.run()
            }
        }
        try await rollups.write(on: sql)
        try await sql.update("insights_head").set("last_position", to: SQLBind(last)).where(
            "name", .equal, SQLBind("facts")
        ).run()
        return events.count
    }

    /// Recomputes the daily rollups from the case facts (the migration that added them does
    /// this; tests use it to check that the aggregator's running sums equal a recount).
    public func rebuildRollups() async throws {
        try await writer.write(on: db) { tx in try await InsightsRollups.rebuild(on: tx.sql) }
    }

    // MARK: KPIs

    /// The KPIs per service (and `nil` for all services together) for a kommune and period,
    /// from the daily rollups (InsightsRollups): a year is a few hundred rows per service.
    public func kpis(municipalityID: UUID, period: ReportPeriod, service: String? = nil) async throws -> [String?: KPIs]
    {
        let sql = db.sql
        var out: [String?: KPIs] = [nil: KPIs()]
        // SUM over BIGINT is NUMERIC on PostgreSQL: cast back so both databases give integers.
        func sum(_ c: String) -> SQLRaw { SQLRaw("CAST(SUM(\(c)) AS BIGINT)") }
        func scoped(_ table: String) -> SQLSelectBuilder {
            var q = sql.select().column("service_id").from(table).where(
                "municipality_id", .equal, SQLBind(municipalityID))
            if let service { q = q.where("service_id", .equal, SQLBind(service)) }
            return q
        }
        var sums = scoped(InsightsRollups.daily).where("day", .greaterThanOrEqual, SQLBind(period.from)).where(
            "day", .lessThanOrEqual, SQLBind(period.to))
        for c in InsightsRollups.Counts.columns { sums = sums.column(sum(c), as: c) }
        for r in try await sums.groupBy("service_id").all() {
            let s = try r.decode(column: "service_id", as: String.self)
            func int(_ c: String) throws -> Int { try r.decode(column: c, as: Int?.self) ?? 0 }
            var k = KPIs()
            k.received = try int("received")
            k.receivedDigitally = try int("digital")
            k.decided = try int("decided")
            k.automated = try int("automated")
            k.processingTotal = try int("processing_total")
            k.decidedLate = try int("decided_late")
            k.letters = try int("letters")
            k.printed = try int("printed")
            k.read = try int("read")
            guard k.received > 0 || k.decided > 0 else { continue }
            out[s] = k
            out[nil]!.received += k.received
            out[nil]!.receivedDigitally += k.receivedDigitally
            out[nil]!.decided += k.decided
            out[nil]!.automated += k.automated
            out[nil]!.processingTotal += k.processingTotal
            out[nil]!.decidedLate += k.decidedLate
            out[nil]!.letters += k.letters
            out[nil]!.printed += k.printed
            out[nil]!.read += k.read
        }
        // Open past the deadline when the period ended: due by then, and not decided by then.
        for r in try await scoped(InsightsRollups.daily).column(sum("due - due_closed"), as: "n")
            .where("day", .lessThanOrEqual, SQLBind(period.to)).groupBy("service_id").all()
        {
            let s = try r.decode(column: "service_id", as: String.self)
            let n = try r.decode(column: "n", as: Int?.self) ?? 0
            guard n > 0 else { continue }
            out[s, default: KPIs()].openOverdue = n
            out[nil]!.openOverdue += n
        }
        // Percentiles by nearest rank: the histogram says which bucket holds the rank; within a
        // bucket wider than a second, the database picks the exact value (OFFSET rank − 1).
        var histograms: [String: [Int: Int]] = [:]
        for r in try await scoped(InsightsRollups.processing).column("bucket").column(sum("n"), as: "n")
            .where("day", .greaterThanOrEqual, SQLBind(period.from)).where("day", .lessThanOrEqual, SQLBind(period.to))
            .groupBy("service_id").groupBy("bucket").all()
        {
            let n = try r.decode(column: "n", as: Int?.self) ?? 0
            guard n > 0 else { continue }
            histograms[try r.decode(column: "service_id", as: String.self), default: [:]][
                try r.decode(column: "bucket", as: Int.self)] = n
        }
        let allServices = histograms.values.reduce(into: [Int: Int]()) { all, h in all.merge(h, uniquingKeysWith: +) }
        func percentile(_ p: Double, of n: Int, service: String?) async throws -> Int? {
            let histogram = service.map { histograms[$0] ?? [:] } ?? allServices
            guard let (bucket, rank) = ProcessingHistogram.locate(p, of: n, in: histogram) else { return nil }
            let range = ProcessingHistogram.range(bucket)
            if range.count == 1 { return range.lowerBound }
            var q = sql.select().column("processing_seconds").from("case_facts")
                .where("municipality_id", .equal, SQLBind(municipalityID))
                .where("processing_seconds", .greaterThanOrEqual, SQLBind(range.lowerBound)).where(
                    "processing_seconds", .lessThan, SQLBind(range.upperBound)
                )
                .where("decided_day", .greaterThanOrEqual, SQLBind(period.from)).where(
                    "decided_day", .lessThanOrEqual, SQLBind(period.to))
            if let service { q = q.where("service_id", .equal, SQLBind(service)) }
            return try await q.orderBy("processing_seconds").limit(1).offset(rank - 1).first()?.decode(
                column: "processing_seconds", as: Int.self)
        }
        let decidedServices = out.compactMap { key, k in key.flatMap { k.decided > 0 ? $0 : nil } }
        for s in decidedServices {
            out[s]!.processingMedian = try await percentile(0.5, of: out[s]!.decided, service: s)
            out[s]!.processingP90 = try await percentile(0.9, of: out[s]!.decided, service: s)
        }
        if decidedServices.count == 1, let only = decidedServices.first {
            out[nil]!.processingMedian = out[only]!.processingMedian
            out[nil]!.processingP90 = out[only]!.processingP90
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
        let sql = db.sql
        var rows = Dictionary(uniqueKeysWithValues: months.map { ($0.from / 100, MonthRow(period: $0)) })
        var q = sql.select().column(SQLRaw("day / 100"), as: "m").from(InsightsRollups.daily)
            .where("municipality_id", .equal, SQLBind(municipalityID))
            .where("day", .greaterThanOrEqual, SQLBind(first.from)).where("day", .lessThanOrEqual, SQLBind(last.to))
        for c in ["received", "digital", "decided", "automated", "letters", "printed"] {
            q = q.column(SQLRaw("CAST(SUM(\(c)) AS BIGINT)"), as: c)
        }
        if let service { q = q.where("service_id", .equal, SQLBind(service)) }
        for r in try await q.groupBy(SQLRaw("day / 100")).all() {
            let m = try r.decode(column: "m", as: Int.self)
            func int(_ c: String) throws -> Int { try r.decode(column: c, as: Int?.self) ?? 0 }
            rows[m]?.received = try int("received")
            rows[m]?.digital = try int("digital")
            rows[m]?.decided = try int("decided")
            rows[m]?.automated = try int("automated")
            rows[m]?.letters = try int("letters")
            rows[m]?.printed = try int("printed")
        }
        return months.compactMap { rows[$0.from / 100] }
    }
}
