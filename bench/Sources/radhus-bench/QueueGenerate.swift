import App
import ArgumentParser
import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Fills a database for `bench/queue/run` (issue 20): one kommune (Harstad) with N open and M
/// closed skoleskyss cases from 5,000 applicants in the contact register, a quarter of the open
/// ones given to harstad.saksbehandler, open ones spread over the statuses a queue has
/// (mottatt, under behandling, venter på søker), each case with its timeline's first events.
/// Written with multi-row inserts, marked as journaled: the benchmark measures the pages on a
/// web node, not the registrar's catch-up.
struct QueueGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue-generate",
        abstract: "Generate N open and M closed cases for kommune 5503 in the configured database.")

    @ArgumentParser.Option(help: "Open cases.") var open = 100_000
    @ArgumentParser.Option(help: "Closed (decided) cases.") var closed = 1_000_000

    static let people = 5_000

    /// An applicant's number and name: 11 digits, unique per person (the pages mask what they
    /// cannot read as a fødselsnummer).
    static func person(_ i: Int) -> (fnr: String, name: String) {
        (String(format: "9%010d", i), "Person\(i) Testesen")
    }

    func run() async throws {
        try await withSeededApp(generate)
    }

    func generate(_ app: Application) async throws {
        guard let m = try await Municipality.query(on: app.db).filter(\.$number == "5503").first(),
            let caseworker = try await StaffUser.query(on: app.db).filter(\.$username == "harstad.saksbehandler")
                .first()
        else { return }
        let mid = m.id!
        let cal = NorwegianCalendar()
        var random = SplitMix64(seed: 20)
        let now = Date()
        for from in stride(from: 0, to: Self.people, by: 400) {
            let chunk = from..<min(from + 400, Self.people)
            let rows: [[any SQLExpression]] = chunk.map { i in
                let p = Self.person(i)
                return [
                    SQLBind(UUID()), SQLBind(p.fnr), SQLBind("\(p.name)\nStorgata \(i % 90 + 1)\n9405 Harstad"),
                    SQLBind(false), SQLBind(now),
                ]
            }
            try await app.writer.write(on: app.db) { tx in
                try await tx.sql.insert(into: CitizenContact.schema)
                    .columns("id", "fnr", "postal_address", "reserved", "updated_at").rows(rows).run()
            }
        }
        let total = open + closed
        var done = 0
        while done < total {
            let n = min(400, total - done)
            var caseRows: [[any SQLExpression]] = []
            var eventRows: [[any SQLExpression]] = []
            for k in 0..<n {
                let i = done + k
                let isOpen = i >= closed
                let caseID = UUID()
                let applicant = Self.person(Int(random.next() % UInt64(Self.people)))
                // Closed cases over the year before; open ones over the last 60 days.
                let submitted =
                    isOpen
                    ? now.addingTimeInterval(-Double(random.next() % (60 * 86_400)))
                    : cal.parseDate("2025-01-01")!.addingTimeInterval(Double(i) * 365 * 86_400 / Double(max(1, closed)))
                let due = cal.addingCalendarDays(21, to: submitted)
                let status =
                    isOpen
                    ? [CaseStatus.mottatt, .underBehandling, .underBehandling, .venterPaSoker][Int(random.next() % 4)]
                    : .avsluttet
                let answers =
                    #"{"values":{"avstand_km":"\#(i % 97)","elevens_navn":"Barn \#(i)","trinn":"\#(i % 10 + 1)"}}"#
                caseRows.append([
                    SQLBind(caseID), SQLBind(mid), SQLBind("skoleskyss"), SQLBind(1),
                    SQLBind(isOpen ? 2026 : 2025), SQLBind(isOpen ? i - closed + 1 : i + 1), SQLBind(applicant.fnr),
                    SQLBind(status.rawValue), SQLBind("digital"), SQLBind(answers), SQLBind(submitted), SQLBind(due),
                    isOpen ? SQLLiteral.null : SQLBind(submitted.addingTimeInterval(86_400)),
                    isOpen && random.next() % 4 == 0 ? SQLBind(caseworker.id!) : SQLLiteral.null,
                    isOpen ? SQLBind(PreliminaryAnswer.due(received: submitted)) : SQLLiteral.null, SQLBind(true),
                ])
                eventRows.append([
                    SQLBind(UUID()), SQLBind(caseID), SQLBind(mid), SQLBind("submitted"), SQLBind(submitted),
                    SQLBind("citizen"), SQLBind("digital"),
                ])
                if status != .mottatt {
                    eventRows.append([
                        SQLBind(UUID()), SQLBind(caseID), SQLBind(mid), SQLBind(isOpen ? "opened" : "decided"),
                        SQLBind(submitted.addingTimeInterval(3600)), SQLBind("Saksbehandler"), SQLBind(""),
                    ])
                }
            }
            let (cr, er) = (caseRows, eventRows)
            try await app.writer.write(on: app.db) { tx in
                try await tx.sql.insert(into: CaseRecord.schema).columns(
                    "id", "municipality_id", "service_id", "service_version", "saks_year", "saks_sequence",
                    "applicant_fnr", "status", "channel", "answers", "submitted_at", "due_at", "decided_at",
                    "assigned_to", "preliminary_due_at", "journaled"
                ).rows(cr).run()
                try await tx.sql.insert(into: CaseEventRecord.schema).columns(
                    "id", "case_id", "municipality_id", "kind", "at", "actor", "detail"
                ).rows(er).run()
            }
            done += n
        }
        for (year, last) in [(2025, closed), (2026, open)] where last > 0 {
            try await app.db.sql.raw(
                "INSERT INTO case_counters (kommune, year, last_value) VALUES ('5503', \(bind: year), \(bind: last))"
            ).run()
        }
        print("generated \(open) open and \(closed) closed cases from \(Self.people) applicants")
    }
}
