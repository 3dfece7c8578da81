import Fluent
import Foundation
import RadhusCore
import SQLKit

/// Daily rollups of the case facts, per kommune × service × day (Europe/Oslo), so a report for
/// a year reads a few hundred rows per service instead of every case of the year.
///
/// `insights_daily` holds, for each day, the sums of the facts whose relevant day it is:
/// - by the day submitted: `received`, `digital`;
/// - by the day decided: `decided`, `automated`, `processing_total`, `decided_late`, `letters`,
///   `printed`, `read` (letters count with their case's decision, as in the report);
/// - `due` by the day a case became due (the later of submitted and due day), and `due_closed` by
///   the later of that and the day it was decided. A case was *open past its deadline* at the end
///   of day D exactly when its due day ≤ D and it was not decided by D, so the count is
///   Σ due − Σ due_closed over all days ≤ D, with no need to look at the cases.
///
/// `insights_processing` is the histogram of processing times per decided day
/// (`ProcessingHistogram` buckets), from which percentiles are located.
///
/// The aggregator keeps both in the transaction that changes the facts: each changed fact takes
/// its old contribution out and puts its new one in, so a rollup is always the sum of the facts
/// (a case decided twice moves from its old day to its new one). `rebuild` recomputes them from
/// the facts (the migration that introduced them uses it; a test checks that both agree).
enum InsightsRollups {
    static let daily = "insights_daily"
    static let processing = "insights_processing"

    /// One case's facts, as in `case_facts`.
    struct Fact {
        var municipalityID: UUID
        var serviceID: String
        var digital: Bool
        var submittedAt: Date
        var dueAt: Date
        var decidedAt: Date?
        var processingSeconds: Int?
        var automated: Bool?
        var letters = 0, printed = 0, read = 0

        static let columns = [
            "case_id", "municipality_id", "service_id", "digital", "submitted_at", "due_at", "decided_at",
            "processing_seconds", "automated", "letters", "printed", "read",
        ]

        init(municipalityID: UUID, serviceID: String, digital: Bool, submittedAt: Date, dueAt: Date) {
            self.municipalityID = municipalityID
            self.serviceID = serviceID
            self.digital = digital
            self.submittedAt = submittedAt
            self.dueAt = dueAt
        }

        init(row: any SQLRow) throws {
            municipalityID = try row.decode(column: "municipality_id", as: UUID.self)
            serviceID = try row.decode(column: "service_id", as: String.self)
            digital = try row.decode(column: "digital", as: Bool.self)
            submittedAt = try row.decode(column: "submitted_at", as: Date.self)
            dueAt = try row.decode(column: "due_at", as: Date.self)
            decidedAt = try row.decode(column: "decided_at", as: Date?.self)
            processingSeconds = try row.decode(column: "processing_seconds", as: Int?.self)
            automated = try row.decode(column: "automated", as: Bool?.self)
            letters = try row.decode(column: "letters", as: Int.self)
            printed = try row.decode(column: "printed", as: Int.self)
            read = try row.decode(column: "read", as: Int.self)
        }
    }

    struct DayKey: Hashable {
        var municipalityID: UUID
        var serviceID: String
        var day: Int
    }
    struct BucketKey: Hashable {
        var day: DayKey
        var bucket: Int
    }

    /// The sums of one rollup row; the column names are the properties' snake_case names.
    struct Counts: Equatable {
        var received = 0, digital = 0, due = 0, decided = 0, automated = 0, processingTotal = 0, decidedLate = 0
        var letters = 0, printed = 0, read = 0, dueClosed = 0

        static let columns = [
            "received", "digital", "due", "decided", "automated", "processing_total", "decided_late",
            "letters", "printed", "read", "due_closed",
        ]
        var values: [Int] {
            [
                received, digital, due, decided, automated, processingTotal, decidedLate, letters, printed, read,
                dueClosed,
            ]
        }
        var isZero: Bool { values.allSatisfy { $0 == 0 } }
    }

    /// Changes to the rollups, collected over a batch and written at its end.
    struct Delta {
        var days: [DayKey: Counts] = [:]
        var buckets: [BucketKey: Int] = [:]
        let calendar = NorwegianCalendar()

        /// Adds (sign +1) or takes out (sign −1) what one fact contributes.
        mutating func add(_ f: Fact, sign: Int) {
            func key(_ day: Int) -> DayKey {
                DayKey(municipalityID: f.municipalityID, serviceID: f.serviceID, day: day)
            }
            let submittedDay = ReportPeriod.day(f.submittedAt, calendar: calendar)
            let dueDay = max(submittedDay, ReportPeriod.day(f.dueAt, calendar: calendar))
            days[key(submittedDay), default: Counts()].received += sign
            if f.digital { days[key(submittedDay), default: Counts()].digital += sign }
            days[key(dueDay), default: Counts()].due += sign
            guard let decidedAt = f.decidedAt else { return }
            let decidedDay = ReportPeriod.day(decidedAt, calendar: calendar)
            let processing = f.processingSeconds ?? 0
            var c = days[key(decidedDay)] ?? Counts()
            c.decided += sign
            if f.automated == true { c.automated += sign }
            c.processingTotal += sign * processing
            if decidedAt > f.dueAt { c.decidedLate += sign }
            c.letters += sign * f.letters
            c.printed += sign * f.printed
            c.read += sign * f.read
            days[key(decidedDay)] = c
            days[key(max(dueDay, decidedDay)), default: Counts()].dueClosed += sign
            buckets[BucketKey(day: key(decidedDay), bucket: ProcessingHistogram.bucket(processing)), default: 0] += sign
        }

        /// Adds the changes to the rollup rows (inserting rows that do not exist yet).
        func write(on sql: any SQLDatabase) async throws {
            let dayRows = days.filter { !$0.value.isZero }.map { ($0.key, $0.value) }
            for chunk in dayRows.chunks(of: 100) {
                var insert = sql.insert(into: InsightsRollups.daily).columns(
                    ["municipality_id", "service_id", "day"] + Counts.columns)
                for (k, c) in chunk {
                    insert = insert.values(
                        [SQLBind(k.municipalityID), SQLBind(k.serviceID), SQLBind(k.day)] + c.values.map { SQLBind($0) }
                    )
                }
                try await insert.onConflict(with: ["municipality_id", "service_id", "day"]) { conflict in
                    var conflict = conflict
                    for column in Counts.columns {
                        conflict = conflict.set(
                            SQLIdentifier(column), to: SQLRaw("\(InsightsRollups.daily).\(column) + excluded.\(column)")
                        )
                    }
                    return conflict
                }.run()
            }
            let bucketRows = buckets.filter { $0.value != 0 }.map { ($0.key, $0.value) }
            for chunk in bucketRows.chunks(of: 200) {
                var insert = sql.insert(into: InsightsRollups.processing).columns(
                    "municipality_id", "service_id", "day", "bucket", "n")
                for (k, n) in chunk {
                    insert = insert.values(
                        SQLBind(k.day.municipalityID), SQLBind(k.day.serviceID), SQLBind(k.day.day), SQLBind(k.bucket),
                        SQLBind(n))
                }
                try await insert.onConflict(with: ["municipality_id", "service_id", "day", "bucket"]) {
                    $0.set(SQLIdentifier("n"), to: SQLRaw("\(InsightsRollups.processing).n + excluded.n"))
                }.run()
            }
        }
    }

    /// Recomputes both rollups from the case facts (in pages; the sums are held per day and bucket).
    static func rebuild(on sql: any SQLDatabase) async throws {
        try await sql.delete(from: daily).run()
        try await sql.delete(from: processing).run()
        var delta = Delta()
        var after: UUID?
        while true {
            var q = sql.select().columns(Fact.columns.map { SQLColumn($0) }).from("case_facts")
            if let after { q = q.where("case_id", .greaterThan, SQLBind(after)) }
            let rows = try await q.orderBy("case_id").limit(2000).all()
            guard let last = rows.last else { break }
            for r in rows { delta.add(try Fact(row: r), sign: 1) }
            after = try last.decode(column: "case_id", as: UUID.self)
        }
        try await delta.write(on: sql)
    }
}
