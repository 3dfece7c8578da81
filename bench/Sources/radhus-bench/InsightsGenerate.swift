import App
import ArgumentParser
import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Fills a database for `bench/insights/run`: a year (2025) of skoleskyss cases in Harstad with
/// every row a real one would have — decision, letter, shipment, timeline events and receipts —
/// written with multi-row inserts until the kommune has about N events. The sequencer and the
/// aggregator inside `radhus serve` then turn them into the feed and the case facts.
struct InsightsGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights-generate",
        abstract:
            "Generate about N case and shipment events (a year of cases) for kommune 5503 in the configured database.")

    @ArgumentParser.Option(help: "How many events, roughly.") var events = 1_000_000

    func run() async throws {
        try await withSeededApp(generate)
    }

    func generate(_ app: Application) async throws {
        guard let m = try await Municipality.query(on: app.db).filter(\.$number == "5503").first() else { return }
        let mid = m.id!
        let cal = NorwegianCalendar()
        let start = cal.parseDate("2025-01-01")!
        var random = SplitMix64(seed: 42)
        let cases = events / 7  // 7 events per case on average (3.6 case events, 3.4 receipts)
        var written = 0
        var seq = 0
        while seq < cases {
            let n = min(400, cases - seq)
            var caseRows: [[any SQLExpression]] = []
            var decisionRows: [[any SQLExpression]] = []
            var letterRows: [[any SQLExpression]] = []
            var shipmentRows: [[any SQLExpression]] = []
            var eventRows: [[any SQLExpression]] = []
            var receiptRows: [[any SQLExpression]] = []
            for k in 0..<n {
                let i = seq + k
                let caseID = UUID()
                let decisionID = UUID()
                let letterID = UUID()
                let shipmentID = UUID()
                let submitted = cal.addingCalendarDays(i * 364 / max(1, cases), to: start).addingTimeInterval(
                    Double(7 * 3600 + Int(random.next() % 36_000)))
                let automated = random.next() % 2 == 0
                let decided = submitted.addingTimeInterval(
                    automated ? 0 : Double(3600 + Int(random.next() % (30 * 86_400))))
                let due = cal.addingCalendarDays(21, to: submitted)
                let digital = random.next() % 10 != 0
                caseRows.append([
                    SQLBind(caseID), SQLBind(mid), SQLBind("skoleskyss"), SQLBind(1), SQLBind(2025), SQLBind(i + 1),
                    SQLBind("05917900045"), SQLBind("avsluttet"), SQLBind(digital ? "digital" : "paper"),
                    SQLBind(#"{"values":{"trinn":"3"}}"#), SQLBind(submitted), SQLBind(due), SQLBind(decided),
                ])
                decisionRows.append([
                    SQLBind(decisionID), SQLBind(caseID), SQLBind(mid), SQLBind("innvilget"), SQLBind(true),
                    SQLBind("Over 4 km."),
                    SQLBind("opplæringslova § 3-7"), SQLBind(automated),
                    SQLBind(automated ? "Automatisk (regelverk)" : "Saksbehandler"),
                    SQLBind(decided), SQLBind("Du kan klage."),
                ])
                letterRows.append([
                    SQLBind(letterID), SQLBind(caseID), SQLBind(mid), SQLBind("05917900045"),
                    SQLBind("Vedtak om skoleskyss"),
                    SQLBind("Innvilget."), SQLBind(decided), SQLBind(decisionID),
                ])
                let read = random.next() % 10 < 6
                shipmentRows.append([
                    SQLBind(shipmentID), SQLBind(mid), SQLBind(caseID), SQLBind(letterID), SQLBind("portal"),
                    SQLBind(read ? "LEST" : "PRINTET"), SQLBind("none"), SQLBind(false), SQLBind(1), SQLBind(decided),
                    SQLBind(decided),
                ])
                // The facts each event carries for the feed and insights (CaseLedger.Facts, migration 012).
                func event(_ kind: String, _ at: Date, _ detail: String) {
                    let submittedFacts = kind == "submitted"
                    eventRows.append([
                        SQLBind(UUID()), SQLBind(caseID), SQLBind(mid), SQLBind(kind), SQLBind(at), SQLBind("system"),
                        SQLBind(detail),
                        submittedFacts ? SQLBind("skoleskyss") : SQLLiteral.null,
                        submittedFacts ? SQLBind(digital ? "digital" : "paper") : SQLLiteral.null,
                        submittedFacts ? SQLBind(due) : SQLLiteral.null,
                        kind == "decided" ? SQLBind(automated) : SQLLiteral.null,
                    ])
                }
                func receipt(_ status: String, _ at: Date) {
                    receiptRows.append([
                        SQLBind(UUID()), SQLBind(shipmentID), SQLBind(mid), SQLBind(caseID), SQLBind(status),
                        SQLBind(at), SQLBind(""),
                    ])
                }
                event("submitted", submitted, digital ? "digital" : "paper")
                event("decided", decided, "innvilget")
                event("letter_sent", decided, "Vedtak om skoleskyss")
                receipt("MOTTATT", decided)
                receipt("AKSEPTERT", decided.addingTimeInterval(1))
                if read {
                    event("letter_read", decided.addingTimeInterval(7200), "Vedtak om skoleskyss")
                    receipt("LEST", decided.addingTimeInterval(7200))
                } else {
                    receipt("SENDT_PRINT", decided.addingTimeInterval(3 * 86_400))
                    receipt("PRINTET", decided.addingTimeInterval(4 * 86_400))
                }
            }
            written += eventRows.count + receiptRows.count
            let (cr, dr, lr, sr, er, rr) = (caseRows, decisionRows, letterRows, shipmentRows, eventRows, receiptRows)
            try await app.writer.write(on: app.db) { tx in
                let sql = tx.sql
                try await sql.insert(into: CaseRecord.schema).columns(
                    "id", "municipality_id", "service_id", "service_version", "saks_year",
                    "saks_sequence", "applicant_fnr", "status", "channel", "answers", "submitted_at", "due_at",
                    "decided_at"
                ).rows(cr).run()
                try await sql.insert(into: DecisionRecord.schema).columns(
                    "id", "case_id", "municipality_id", "outcome", "granted", "reasons",
                    "legal_basis", "automated", "decided_by_name", "decided_at", "appeal_information"
                ).rows(dr).run()
                try await sql.insert(into: LetterRecord.schema).columns(
                    "id", "case_id", "municipality_id", "recipient_fnr", "title", "body",
                    "created_at", "decision_id"
                ).rows(lr).run()
                try await sql.insert(into: ShipmentRecord.schema).columns(
                    "id", "municipality_id", "case_id", "letter_id", "channel", "status",
                    "next_action", "digital_only", "attempts", "created_at", "updated_at"
                ).rows(sr).run()
                try await sql.insert(into: CaseEventRecord.schema).columns(
                    "id", "case_id", "municipality_id", "kind", "at", "actor", "detail",
                    "service_id", "channel", "due_at", "automated"
                ).rows(er).run()
                try await sql.insert(into: ShipmentEventRecord.schema).columns(
                    "id", "shipment_id", "municipality_id", "case_id", "status", "at", "detail"
                ).rows(rr).run()
            }
            seq += n
        }
        try await app.db.sql.raw(
            "INSERT INTO case_counters (kommune, year, last_value) VALUES ('5503', 2025, \(bind: seq))"
        ).run()
        print("generated \(written) events in \(seq) cases")
    }
}
