import Fluent
import Foundation
import RadhusCore
import SQLKit

/// Checks the hash chains of the journal (per kommune and year) and the access log (per
/// kommune), and every filed document against its checksum. Reads in pages, so memory stays
/// flat however long the chains are.
public struct ArchiveVerifier: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// The first broken link: the table, the row, and what differs.
    public struct Break: Error, CustomStringConvertible, Sendable, Equatable {
        public var table: String
        public var row: String
        public var problem: String
        public var description: String { "broken: \(table) row \(row): \(problem)" }
    }

    public struct Summary: Sendable, Equatable {
        public var journalEntries = 0
        public var documents = 0
        public var accessRows = 0
    }

    static let page = 2000

    /// `ok` (a summary) or the first broken link.
    public func verify() async throws -> Result<Summary, Break> {
        var summary = Summary()
        let sql = db.sql
        for m in try await Municipality.query(on: db).sort(\.$number).all() {
            let mid = try m.requireID()
            // Journal: per year, in number order.
            let years = try await sql.select().distinct().column("journal_year").from(JournalEntry.schema)
                .where("municipality_id", .equal, SQLBind(mid)).orderBy("journal_year").all()
                .map { try $0.decode(column: "journal_year", as: Int.self) }
            for year in years {
                var prev = HashChain.genesis("journal:\(m.number):\(year)")
                var expected = 1
                while true {
                    let entries = try await JournalEntry.query(on: db).filter(\.$municipalityID == mid).filter(
                        \.$journalYear == year
                    )
                    .filter(\.$journalSeq >= expected).sort(\.$journalSeq).limit(Self.page).all()
                    if entries.isEmpty { break }
                    var docs: [UUID: [JournalDocument]] = [:]
                    for d in try await JournalDocument.query(on: db).filter(\.$journalEntryID ~~ entries.map { $0.id! })
                        .all()
                    {
                        docs[d.journalEntryID, default: []].append(d)
                    }
                    for e in entries {
                        let where_ =
                            "\(e.id!.uuidString.lowercased()) (\(m.number) journalpost \(year)/\(e.journalSeq))"
                        if e.journalSeq != expected {
                            return .failure(
                                Break(
                                    table: JournalEntry.schema, row: where_,
                                    problem:
                                        "journalpost \(year)/\(expected) is missing (the chain jumps to \(e.journalSeq))"
                                ))
                        }
                        if e.prevHash != prev {
                            return .failure(
                                Break(
                                    table: JournalEntry.schema, row: where_,
                                    problem:
                                        "prev_hash is \(e.prevHash.prefix(16))…, the previous entry's hash is \(prev.prefix(16))…"
                                ))
                        }
                        let computed = JournalChain.hash(e, previous: prev)
                        if computed != e.hash {
                            return .failure(
                                Break(
                                    table: JournalEntry.schema, row: where_,
                                    problem:
                                        "the fields do not match the hash (stored \(e.hash.prefix(16))…, computed \(computed.prefix(16))…)"
                                ))
                        }
                        let versions = (docs[e.id!] ?? []).sorted { $0.version < $1.version }
                        guard let first = versions.first, first.version == 1 else {
                            return .failure(
                                Break(
                                    table: JournalDocument.schema, row: where_,
                                    problem: "the registered document is missing"))
                        }
                        if first.sha256 != e.documentSHA256 {
                            return .failure(
                                Break(
                                    table: JournalDocument.schema, row: first.id!.uuidString.lowercased(),
                                    problem:
                                        "version 1 checksum \(first.sha256.prefix(16))… differs from the journal entry's \(e.documentSHA256.prefix(16))…"
                                ))
                        }
                        for d in versions {
                            let actual = HashChain.digest(d.content)
                            if actual != d.sha256 || d.size != d.content.count {
                                return .failure(
                                    Break(
                                        table: JournalDocument.schema, row: d.id!.uuidString.lowercased(),
                                        problem:
                                            "the file's SHA-256 is \(actual.prefix(16))…, the recorded checksum \(d.sha256.prefix(16))…"
                                    ))
                            }
                            summary.documents += 1
                        }
                        prev = e.hash
                        expected += 1
                        summary.journalEntries += 1
                    }
                }
                if let head = try await sql.select().column("last_seq").column("last_hash").from("journal_chains")
                    .where("municipality_id", .equal, SQLBind(mid)).where("year", .equal, SQLBind(year)).first()
                {
                    let lastSeq = try head.decode(column: "last_seq", as: Int.self)
                    let lastHash = try head.decode(column: "last_hash", as: String.self)
                    if lastSeq != expected - 1 || lastHash != prev {
                        return .failure(
                            Break(
                                table: "journal_chains", row: "\(m.number) \(year)",
                                problem:
                                    "the head says \(lastSeq) entries, the chain has \(expected - 1) (entries removed at the end?)"
                            ))
                    }
                }
            }
            // Access log.
            var prev = HashChain.genesis("access:\(mid.uuidString)")
            var expected = 1
            while true {
                let rows = try await AccessLogEntry.query(on: db).filter(\.$municipalityID == mid).filter(
                    \.$seq >= expected
                )
                .sort(\.$seq).limit(Self.page).all()
                if rows.isEmpty { break }
                for a in rows {
                    let where_ = "\(a.id!.uuidString.lowercased()) (\(m.number) #\(a.seq ?? 0))"
                    if a.seq != expected {
                        return .failure(
                            Break(table: AccessLogEntry.schema, row: where_, problem: "row #\(expected) is missing"))
                    }
                    if a.prevHash != prev {
                        return .failure(
                            Break(
                                table: AccessLogEntry.schema, row: where_,
                                problem: "prev_hash does not match the previous row's hash"))
                    }
                    let computed = HashChain.link(previous: prev, fields: JournalChain.accessFields(a))
                    if computed != a.hash {
                        return .failure(
                            Break(
                                table: AccessLogEntry.schema, row: where_,
                                problem: "the fields do not match the hash (who, role, case, action or time changed)"))
                    }
                    prev = computed
                    expected += 1
                    summary.accessRows += 1
                }
            }
            if let head = try await sql.select().column("last_seq").from("access_log_chains")
                .where("municipality_id", .equal, SQLBind(mid)).first(),
                try head.decode(column: "last_seq", as: Int.self) != expected - 1
            {
                return .failure(
                    Break(
                        table: "access_log_chains", row: m.number,
                        problem: "rows were removed at the end of the access log"))
            }
        }
        return .success(summary)
    }
}
