import Fluent
import Foundation
import RadhusCore

/// The kommune's public journal (offentlig journal, offentleglova § 10): every journalpost with
/// its public title, searchable by date, service and words, without login.
enum PublicJournal {
    static let pageSize = 50

    struct Filter: Sendable {
        var from: String
        var to: String
        var fromRaw: String
        var toRaw: String
        var service: String?
        var search: String
        var page: Int
        var errors: [String: String]
    }

    /// The filter from the query string (`fra`, `til`, `tjeneste`, `sok`, `side`): dates as
    /// typed are kept for the form, an invalid one becomes a message at its field.
    static func filter(_ query: [String: String], t: Strings, now: Date) -> Filter {
        let cal = NorwegianCalendar()
        var errors: [String: String] = [:]
        let fromRaw = (query["fra"] ?? "").trimmingCharacters(in: .whitespaces)
        let toRaw = (query["til"] ?? "").trimmingCharacters(in: .whitespaces)
        var from = cal.isoDate(cal.addingCalendarDays(-30, to: now))
        var to = cal.isoDate(now)
        if !fromRaw.isEmpty {
            if let d = cal.parseDate(fromRaw) { from = cal.isoDate(d) } else { errors["fra"] = t.invalidDate }
        }
        if !toRaw.isEmpty {
            if let d = cal.parseDate(toRaw) { to = cal.isoDate(d) } else { errors["til"] = t.invalidDate }
        }
        let service = query["tjeneste"].flatMap { $0.isEmpty ? nil : $0 }
        let search = String((query["sok"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        return Filter(
            from: from, to: to, fromRaw: fromRaw.isEmpty ? cal.norwegianDate(cal.parseDate(from)!) : fromRaw,
            toRaw: toRaw.isEmpty ? cal.norwegianDate(cal.parseDate(to)!) : toRaw, service: service, search: search,
            page: max(1, min(10_000, query["side"].flatMap { Int($0) } ?? 1)), errors: errors)
    }

    /// The entries that match, as a query a test can call. Only public fields are read.
    static func entries(_ f: Filter, municipalityID: UUID, on db: any Database) async throws -> (
        rows: [JournalEntry], total: Int
    ) {
        let q = JournalEntry.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$journalDate >= f.from).filter(\.$journalDate <= f.to)
        if let s = f.service { q.filter(\.$serviceID == s) }
        if !f.search.isEmpty {
            // Public titles only: a word hidden by screening can never be found.
            q.filter(
                \.$publicTitle, .custom("LIKE"),
                "%\(f.search.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: ""))%")
        }
        let total = try await q.countRows()
        let rows = try await q.sort(\.$journalDate, .descending).sort(\.$journalYear, .descending).sort(
            \.$journalSeq, .descending
        )
        .range(((f.page - 1) * pageSize)..<(f.page * pageSize))
        .field(\.$id).field(\.$municipalityID).field(\.$journalYear).field(\.$journalSeq).field(\.$saksYear).field(
            \.$saksSeq
        )
        .field(\.$documentNumber).field(\.$type).field(\.$publicTitle).field(\.$screeningBasis).field(\.$journalDate)
        .field(\.$serviceID)
        .all()
        return (rows, total)
    }

    struct Model: Sendable {
        var kommune: Municipality.Snapshot
        var filter: Filter
        var rows: [JournalEntry]
        var total: Int
        /// The services to filter by: id and title.
        var services: [(id: String, title: LocalizedText)]

        var pages: Int { max(1, (total + PublicJournal.pageSize - 1) / PublicJournal.pageSize) }

        static func query(
            _ f: Filter, kommune: Municipality.Snapshot, services: [ServiceDefinition], on db: any Database
        ) async throws -> Model {
            let (rows, total) = f.errors.isEmpty ? try await entries(f, municipalityID: kommune.id, on: db) : ([], 0)
            return Model(
                kommune: kommune, filter: f, rows: rows, total: total, services: services.map { ($0.id, $0.title) })
        }
    }
}
