import App
import ArgumentParser
import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Fills a database with a synthetic archive for `bench/archive/run`: closed skoleskyss cases in
/// Harstad, each with an inbound and an outbound journalpost and their documents, on a valid
/// hash chain, written with multi-row inserts (the benchmark measures the export, not this).
struct ArchiveGenerate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive-generate",
        abstract:
            "Generate N journalposts (N/2 closed cases) for kommune 5503 in the configured database, dated in 2025.")

    @ArgumentParser.Option(help: "How many journalposts.") var journalposts = 10_000

    func run() async throws {
        try await withSeededApp(generate)
    }

    func generate(_ app: Application) async throws {
        let sql = app.db.sql
        guard let m = try await Municipality.query(on: app.db).filter(\.$number == "5503").first() else { return }
        let mid = m.id!
        let cal = NorwegianCalendar()
        let year = 2025
        let start = cal.parseDate("2025-01-01")!
        var prev = HashChain.genesis("journal:5503:\(year)")
        var seq = 0
        let cases = journalposts / 2
        let batch = 500
        let names = ["Noah", "Emma", "Jakob", "Nora", "Lucas", "Sara", "Filip", "Ingrid"]
        var done = 0
        while done < cases {
            let n = min(batch, cases - done)
            do {
                var caseRows: [[any SQLExpression]] = []
                var entryRows: [[any SQLExpression]] = []
                var docRows: [[any SQLExpression]] = []
                for k in 0..<n {
                    let i = done + k
                    let caseID = UUID()
                    let day = cal.addingCalendarDays(i * 364 / max(1, cases), to: start)
                    let submitted = day.addingTimeInterval(8 * 3600 + Double(i % 3600))
                    let decided = submitted.addingTimeInterval(600)
                    let child = "\(names[i % names.count]) Testesen \(i)"
                    let answers = #"{"values":{"elevens_navn":"\#(child)","avstand_km":"5,5","trinn":"3"}}"#
                    caseRows.append([
                        SQLBind(caseID), SQLBind(mid), SQLBind("skoleskyss"), SQLBind(1), SQLBind(year), SQLBind(i + 1),
                        SQLBind("05917900045"), SQLBind("avsluttet"), SQLBind("digital"), SQLBind(answers),
                        SQLBind(submitted),
                        SQLBind(cal.addingCalendarDays(21, to: submitted)), SQLBind(decided), SQLBind(true),
                    ])
                    for (doc, type) in [(1, JournalpostType.inbound), (2, .outbound)] {
                        seq += 1
                        let title =
                            type == .inbound ? "Søknad om skoleskyss – \(child)" : "Vedtak om skoleskyss for \(child)"
                        let text =
                            "Harstad kommune\nSaksnr. \(year)/\(i + 1)\n\n\(title)\n\nAvstand fra hjemmet til skolen i kilometer: 5,5\nTrinn: 3\n"
                        let content = Data(text.utf8)
                        let e = JournalEntry()
                        e.id = UUID()
                        e.municipalityID = mid
                        e.caseID = caseID
                        e.letterID = nil
                        e.saksYear = year
                        e.saksSeq = i + 1
                        e.journalYear = year
                        e.journalSeq = seq
                        e.documentNumber = doc
                        e.type = type.rawValue
                        e.status = (type == .inbound ? JournalStatus.journalfort : .ekspedert).rawValue
                        e.title = title
                        e.publicTitle = Screening.publicTitle(title, hiding: [child])
                        e.screeningBasis = "offentleglova § 13 jf. forvaltningsloven § 13 første ledd nr. 1"
                        e.correspondent =
                            type == .inbound ? "Søker i sak \(year)/\(i + 1)" : "Mottaker i sak \(year)/\(i + 1)"
                        e.classID = "N12"
                        e.classTitle = "Skoleskyss"
                        e.serviceID = "skoleskyss"
                        e.journalDate = cal.isoDate(day)
                        e.registeredAt = JournalChain.timestamp(type == .inbound ? submitted : decided)
                        e.registeredBy = "Radhus (automatisk journalføring)"
                        e.documentSHA256 = HashChain.digest(content)
                        e.prevHash = prev
                        e.hash = JournalChain.hash(e, previous: prev)
                        prev = e.hash
                        entryRows.append([
                            SQLBind(e.id!), SQLBind(mid), SQLBind(caseID), SQLLiteral.null, SQLBind(year),
                            SQLBind(i + 1),
                            SQLBind(year), SQLBind(seq), SQLBind(doc), SQLBind(e.type), SQLBind(e.status),
                            SQLBind(e.title),
                            SQLBind(e.publicTitle), SQLBind(e.screeningBasis!), SQLBind(e.correspondent),
                            SQLBind("N12"),
                            SQLBind("Skoleskyss"), SQLBind("skoleskyss"), SQLBind(e.journalDate),
                            SQLBind(e.registeredAt),
                            SQLBind(e.registeredBy), SQLBind(e.documentSHA256), SQLBind(e.prevHash), SQLBind(e.hash),
                        ])
                        docRows.append([
                            SQLBind(UUID()), SQLBind(e.id!), SQLBind(mid), SQLBind(1), SQLBind(title),
                            SQLBind("RA-TEKST"),
                            SQLBind("text/plain; charset=utf-8"), SQLBind(content.count), SQLBind(e.documentSHA256),
                            SQLBind(content), SQLBind(e.registeredAt),
                        ])
                    }
                }
                let (cr, er, dr) = (caseRows, entryRows, docRows)
                try await app.writer.write(on: app.db) { tx in
                    let sql = tx.sql
                    try await sql.insert(into: CaseRecord.schema)
                        .columns(
                            "id", "municipality_id", "service_id", "service_version", "saks_year", "saks_sequence",
                            "applicant_fnr",
                            "status", "channel", "answers", "submitted_at", "due_at", "decided_at", "journaled"
                        )
                        .rows(cr).run()
                    try await sql.insert(into: JournalEntry.schema)
                        .columns(
                            "id", "municipality_id", "case_id", "letter_id", "saks_year", "saks_seq", "journal_year",
                            "journal_seq",
                            "document_number", "type", "status", "title", "public_title", "screening_basis",
                            "correspondent",
                            "class_id", "class_title", "service_id", "journal_date", "registered_at", "registered_by",
                            "document_sha256", "prev_hash", "hash"
                        )
                        .rows(er).run()
                    try await sql.insert(into: JournalDocument.schema)
                        .columns(
                            "id", "journal_entry_id", "municipality_id", "version", "title", "format", "mime", "size",
                            "sha256", "content", "created_at"
                        )
                        .rows(dr).run()
                }
            }
            done += n
        }
        try await sql.raw(
            """
            INSERT INTO journal_chains (municipality_id, year, last_seq, last_hash) VALUES (\(bind: mid), \(bind: year), \(bind: seq), \(bind: prev))
            """
        ).run()
        try await sql.raw(
            """
            INSERT INTO case_counters (kommune, year, last_value) VALUES ('5503', \(bind: year), \(bind: cases))
            """
        ).run()
        print("generated \(seq) journalposts in \(cases) closed cases")
    }
}
