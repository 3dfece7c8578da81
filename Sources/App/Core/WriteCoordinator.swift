import Fluent
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import PostgresNIO
import SQLKit
import Vapor

/// Runs every command that writes as one transaction: all or nothing.
///
/// Every durable commit costs an fsync, and a gapless saksnummer means the counter row stays
/// locked until its transaction has committed, so one transaction per command tops out at
/// one command per fsync. Commands are therefore *group committed* on both databases: whatever commands arrive while a transaction is being written wait in a
/// queue, and the next transaction runs all of them, each inside its own SAVEPOINT (a
/// command that fails is rolled back alone, and its caller gets its error). Nobody hears
/// back before the COMMIT that makes their command durable; if the COMMIT fails, every
/// command in it fails.
///
/// SQLite: transactions begin IMMEDIATE, so the write lock is taken up front and nothing
/// fails half-way on a lock upgrade; another process (the CLI) waits for the lock instead.
/// One task writes, so there is no spinning on SQLITE_BUSY inside this process; readers are
/// never blocked (WAL).
///
/// PostgreSQL: several processes may each write a batch at the same time. Should two batches
/// deadlock on counter rows (40P01) or fail serialization (40001), PostgreSQL aborts one of
/// them; nothing in it was committed, so the whole batch is run again.
public final class WriteCoordinator: Sendable {
    public enum Kind: Sendable { case sqlite, postgres }

    let kind: Kind
    private let committer: GroupCommitter
    /// Rule files known to be stored in this database (see `RulesService.storeVersion`).
    let storedRuleVersions = NIOLockedValueBox(Set<String>())

    /// At most this many commands share one transaction (bounds the work lost to one
    /// failed COMMIT, and the wait of the last command in a batch).
    public init(kind: Kind, maxBatch: Int = 256) {
        self.kind = kind
        self.committer = GroupCommitter(kind: kind, maxBatch: maxBatch)
    }

    /// Runs `body` in one transaction (on SQLite, possibly shared with other commands).
    /// Do not open another transaction inside it.
    public func write<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T)
        async throws -> T
    {
        let value = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<any Sendable, any Error>) in
            committer.enqueue(.init(body: { try await body($0) }, continuation: continuation), db: db)
        }
        return value as! T
    }

    /// Transactions committed and commands in them since start (for benchmarks and metrics).
    public func statistics() async -> (transactions: Int, commands: Int) {
        await committer.statistics()
    }
}

/// The SQLite group-commit queue: one draining task at a time writes batches.
final class GroupCommitter: Sendable {
    struct Job: Sendable {
        let body: @Sendable (any Database) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let state: NIOLockedValueBox<State>
    private let maxBatch: Int
    private let kind: WriteCoordinator.Kind

    struct State {
        var pending: [Job] = []
        var draining = false
        var transactions = 0
        var commands = 0
    }

    init(kind: WriteCoordinator.Kind, maxBatch: Int) {
        self.kind = kind
        self.maxBatch = max(1, maxBatch)
        self.state = NIOLockedValueBox(State())
    }

    func enqueue(_ job: Job, db: any Database) {
        let startDrain = state.withLockedValue { s -> Bool in
            s.pending.append(job)
            if s.draining { return false }
            s.draining = true
            return true
        }
        if startDrain { Task { await self.drain(db) } }
    }

    func statistics() async -> (transactions: Int, commands: Int) {
        state.withLockedValue { ($0.transactions, $0.commands) }
    }

    private func drain(_ db: any Database) async {
        while true {
            let batch = state.withLockedValue { s -> [Job] in
                let b = Array(s.pending.prefix(maxBatch))
                s.pending.removeFirst(b.count)
                if b.isEmpty { s.draining = false }
                return b
            }
            if batch.isEmpty { return }
            await run(batch, on: db)
        }
    }

    private func run(_ batch: [Job], on db: any Database) async {
        var outcomes: [Result<any Sendable, any Error>] = []
        var attempt = 0
        while true {
            attempt += 1
            do {
                outcomes = try await runOnce(batch, on: db)
                break
            } catch  where kind == .postgres && attempt < 5 && Self.isTransient(error) {
                try? await Task.sleep(for: .milliseconds(Int.random(in: 1...20) * attempt))
                continue
            } catch {
                // Nothing in this batch was committed: every caller gets the error.
                for job in batch { job.continuation.resume(throwing: error) }
                return
            }
        }
        state.withLockedValue {
            $0.transactions += 1
            $0.commands += batch.count
        }
        for (job, outcome) in zip(batch, outcomes) { job.continuation.resume(with: outcome) }
    }

    /// Deadlock or serialization failure: PostgreSQL aborted the transaction; retrying it is safe.
    static func isTransient(_ error: any Error) -> Bool {
        guard let e = error as? PSQLError, let state = e.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// Runs a batch in one transaction. Optimistically without savepoints (two statements
    /// fewer per command); if any command fails, the whole transaction is rolled back and the
    /// batch runs again with a savepoint around each command, so only the failing ones fail.
    /// Nothing in a rolled-back attempt was committed, so running the commands again is safe.
    private func runOnce(_ batch: [Job], on db: any Database) async throws -> [Result<any Sendable, any Error>] {
        if batch.count > 1, let results = try await attempt(batch, on: db, savepoints: false) { return results }
        return try await attempt(batch, on: db, savepoints: true)!
    }

    /// Nil when running without savepoints and a command failed (the transaction is rolled back).
    private func attempt(_ batch: [Job], on db: any Database, savepoints: Bool) async throws -> [Result<
        any Sendable, any Error
    >]? {
        let begin = kind == .sqlite ? "BEGIN IMMEDIATE TRANSACTION" : "BEGIN"
        return try await db.withConnection { conn in
            let sql = conn.sql
            try await sql.raw(SQLQueryString(begin)).run()
            var results: [Result<any Sendable, any Error>] = []
            results.reserveCapacity(batch.count)
            do {
                for job in batch {
                    if savepoints { try await sql.raw("SAVEPOINT radhus_command").run() }
                    do {
                        let value = try await job.body(conn)
                        if savepoints { try await sql.raw("RELEASE SAVEPOINT radhus_command").run() }
                        results.append(.success(value))
                    } catch  where self.kind == .postgres && Self.isTransient(error) {
                        throw error
                    } catch {
                        guard savepoints else {
                            try? await sql.raw("ROLLBACK TRANSACTION").run()
                            return nil
                        }
                        try await sql.raw("ROLLBACK TO SAVEPOINT radhus_command").run()
                        try await sql.raw("RELEASE SAVEPOINT radhus_command").run()
                        results.append(.failure(error))
                    }
                }
                try await sql.raw("COMMIT TRANSACTION").run()
            } catch {
                try? await sql.raw("ROLLBACK TRANSACTION").run()
                throw error
            }
            return results
        }
    }
}
