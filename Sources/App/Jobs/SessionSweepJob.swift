import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Deletes sessions past their expiry, and with them any draft they held (issue 17: unused
/// sessions were never removed); and files of drafts not sent in 30 days (issue 19). Once a minute is plenty: an expired session is refused when
/// read anyway, so the sweep only bounds how long its row stays.
struct SessionSweepJob: BackgroundJob {
    let app: Application
    let every: TimeInterval
    private let last = NIOLockedValueBox<Date?>(nil)
    /// The hour SQLite's statistics were last refreshed (`Application.optimizeSQLite`).
    private let optimized = NIOLockedValueBox<Int?>(nil)
    var kind: BackgroundJobKind { .sessions }

    init(app: Application, every: TimeInterval = 60) {
        self.app = app
        self.every = every
    }

    func run() async throws -> BackgroundWork {
        let now = app.clock.now()
        let due = last.withLockedValue { last in
            guard last.map({ now.timeIntervalSince($0) >= every }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return .none }
        let sessions = try await Self.sweep(app, now: now)
        let drafts = try await Drafts.sweep(app, now: now)
        let files = try await Self.sweepDraftFiles(app, now: now)
        let hour = Int(now.timeIntervalSince1970 / 3600)
        if optimized.withLockedValue({ last in
            defer { last = hour }
            return last != hour
        }) {
            try await Application.optimizeSQLite(app.db)
        }
        return BackgroundWork(done: sessions + drafts + files, more: false)
    }

    /// Deletes files uploaded to drafts that were never sent, once their draft is gone: a file
    /// lives as long as its draft (`Draft.lifetime` since it was last touched), not 30 days
    /// from its own upload. The rows, then the bytes (a file whose row is gone is unreachable,
    /// so a crash between the two leaves at most an orphan file, never a row without its file).
    /// At most 500 a run.
    static func sweepDraftFiles(_ app: Application, now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Draft.lifetime)
        let rows = try await app.db.sql.raw(
            """
            SELECT a.id, a.storage_key FROM \(ident: Attachment.schema) a
            WHERE a.case_id IS NULL AND a.created_at < \(bind: cutoff)
              AND NOT EXISTS (SELECT 1 FROM \(ident: Draft.schema) d
                WHERE d.owner_fnr = a.owner_fnr AND d.municipality_id = a.municipality_id
                  AND d.service_id = a.service_id AND d.updated_at >= \(bind: cutoff))
            LIMIT 500
            """
        ).all()
        guard !rows.isEmpty else { return 0 }
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        try await app.writer.write(on: app.db, lane: .background) { tx in
            try await tx.sql.delete(from: Attachment.schema).where("id", .in, ids)
                .where("case_id", .is, SQLLiteral.null).run()
        }
        for row in rows {
            try? await app.attachmentStore.delete(try row.decode(column: "storage_key", as: String.self))
        }
        return rows.count
    }

    /// Deletes every session that expired before `now`; returns how many.
    static func sweep(_ app: Application, now: Date) async throws -> Int {
        let expired =
            try await app.db.sql.select().column(SQLAlias(SQLFunction("count", args: SQLLiteral.all), as: "n"))
            .from(SessionRecord.schema).where("expires_at", .lessThan, SQLBind(now)).first()?
            .decode(column: "n", as: Int.self) ?? 0
        guard expired > 0 else { return 0 }
        try await app.writer.write(on: app.db, lane: .background) { tx in
            try await tx.sql.delete(from: SessionRecord.schema).where("expires_at", .lessThan, SQLBind(now)).run()
        }
        return expired
    }
}
