import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Deletes sessions past their expiry, and with them any draft they held (issue 17: unused
/// sessions were never removed). Once a minute is plenty: an expired session is refused when
/// read anyway, so the sweep only bounds how long its row stays.
struct SessionSweepJob: BackgroundJob {
    let app: Application
    let every: TimeInterval
    private let last = NIOLockedValueBox<Date?>(nil)
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
        return BackgroundWork(done: try await Self.sweep(app, now: now), more: false)
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
