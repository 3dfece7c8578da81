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
/// one command per fsync. Commands are therefore *group committed* on both databases: whatever
/// commands arrive while a transaction is being written wait in a queue, and the next transaction runs all of them, each inside its own SAVEPOINT (a
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
///
/// Requests come first (issue 16): the background steps write in their own lane, one bounded
/// batch per transaction. On SQLite a request waits behind at most one such batch; on
/// PostgreSQL the background lane writes on its own connection beside the requests.
public final class WriteCoordinator: Sendable {
    public enum Kind: Sendable { case sqlite, postgres }

    /// Who is waiting for a write. A request's writes (a citizen's submission, a caseworker's
    /// decision) are `foreground`: somebody is waiting for the answer. The background steps'
    /// writes (journal, dispatch, feed, insights, webhooks) are `background`: they catch up.
    public enum Lane: Sendable { case foreground, background }

    let kind: Kind
    private let committer: GroupCommitter
    /// SQLite: the writer's own connections to the file (a second pool). Requests' reads use
    /// the main pool; were the writer to borrow from it, a request's reads on the same event
    /// loop would wait for the writer's whole transaction (WAL lets them read meanwhile).
    private let writerDatabase: (@Sendable () -> any Database)?
    /// How long one background batch may hold the writer (`BatchSizer` sizes the next batch
    /// from it). On SQLite a request may wait behind one such batch, so it is short; on
    /// PostgreSQL background transactions run beside the requests' and only lock their own
    /// heads, so they may be longer (fewer transactions for the same work).
    public let backgroundBudget: Duration
    /// Rule files known to be stored in this database (see `RulesService.storeVersion`).
    let storedRuleVersions = NIOLockedValueBox(Set<String>())

    /// At most `maxBatch` commands share one transaction (bounds the work lost to one failed
    /// COMMIT, and the wait of the last command in a batch). A background write waits at most
    /// `backgroundTurn` while requests keep the writer busy (SQLite), so the background steps
    /// keep moving under a steady stream of requests.
    public init(
        kind: Kind, maxBatch: Int = 256, backgroundBudget: Duration? = nil,
        backgroundTurn: Duration = .milliseconds(50), writerDatabase: (@Sendable () -> any Database)? = nil
    ) {
        self.kind = kind
        self.writerDatabase = writerDatabase
        self.backgroundBudget = backgroundBudget ?? (kind == .sqlite ? .milliseconds(4) : .milliseconds(50))
        self.committer = GroupCommitter(kind: kind, maxBatch: maxBatch, backgroundTurn: backgroundTurn)
    }

    /// Runs `body` in one transaction (possibly shared with other commands of its lane).
    /// Do not open another transaction inside it.
    public func write<T: Sendable>(
        on db: any Database, lane: Lane = .foreground, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        let value = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<any Sendable, any Error>) in
            committer.enqueue(
                .init(body: { try await body($0) }, continuation: continuation), lane: lane,
                db: writerDatabase?() ?? db)
        }
        return value as! T
    }

    /// Runs one background batch: `body` gets the number of items to take (`sizer.limit`) and
    /// says how many it handled; the time it held the writer sizes the next batch, so a batch
    /// stays within `backgroundBudget` whatever an item costs on this machine and database.
    public func writeBatch(
        on db: any Database, sizer: BatchSizer, _ body: @escaping @Sendable (any Database, Int) async throws -> Int
    ) async throws -> Int {
        let budget = backgroundBudget
        return try await write(on: db, lane: .background) { tx in
            let limit = sizer.limit
            let start = ContinuousClock.now
            let handled = try await body(tx, limit)
            sizer.record(limit: limit, handled: handled, took: ContinuousClock.now - start, budget: budget)
            return handled
        }
    }

    /// Transactions committed and commands in them since start (for benchmarks and metrics).
    public func statistics() async -> (transactions: Int, commands: Int) {
        await committer.statistics()
    }
}

/// The size of a background step's next batch, from how long the last one took. A batch costs
/// a fixed part (its statements' round trips: on SQLite each statement is a hop to a thread
/// and back, whatever its rows) and a part per item. The fixed part is estimated from the
/// quickest batch of one or two items seen; the target is the budget, or twice the fixed part
/// where that is more (shrinking a batch below its fixed cost only makes more batches: a
/// one-item journal batch took as long as a thirty-item one). A batch over the target makes
/// the next one as large as fits; a full batch within it lets the next grow towards what fits,
/// at most doubling (up to `maximum`). Counts alone cannot bound the time: an item costs a different time on SQLite
/// and PostgreSQL, on a fast disk and a slow one, in a release build and a debug one.
public final class BatchSizer: Sendable {
    private struct State {
        var size: Int
        var overhead: Duration?
    }
    private let state: NIOLockedValueBox<State>
    public let minimum: Int
    public let maximum: Int

    public init(initial: Int = 50, minimum: Int = 1, maximum: Int) {
        self.minimum = max(1, minimum)
        self.maximum = max(self.minimum, maximum)
        state = NIOLockedValueBox(State(size: min(max(initial, self.minimum), self.maximum), overhead: nil))
    }

    public var limit: Int { state.withLockedValue { $0.size } }

    func record(limit: Int, handled: Int, took: Duration, budget: Duration) {
        state.withLockedValue { s in
            if (1...2).contains(handled) { s.overhead = min(s.overhead ?? took, took) }
            let overhead = s.overhead ?? .zero
            let target = max(budget, overhead * 2)
            let perItem = (took - overhead) / max(handled, 1)
            let fits = perItem > .zero ? Int(((target - overhead) / perItem).rounded(.down)) : Int.max
            if took > target {
                s.size = max(minimum, min(s.size, fits))
            } else if handled >= limit {
                s.size = min(maximum, max(s.size, min(limit * 2, fits)))
            }
        }
    }
}

/// The group-commit queue. Each lane has its own queue. On SQLite one task writes and serves
/// the foreground first: a background write runs when no request is waiting, or when it has
/// waited `backgroundTurn`; it runs alone, so a request waits behind at most one background
/// batch (bounded by `BatchSizer`). On PostgreSQL each lane has its own writing task and
/// connection: a background transaction runs beside the requests' instead of in front of them.
final class GroupCommitter: Sendable {
    struct Job: Sendable {
        let body: @Sendable (any Database) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let state: NIOLockedValueBox<State>
    private let maxBatch: Int
    private let kind: WriteCoordinator.Kind
    private let backgroundTurn: Duration

    /// Which queues a draining task serves: on SQLite one task serves both.
    enum Drainer { case both, foreground, background }

    struct State {
        var foreground: [Job] = []
        var background: [Job] = []
        var draining: Set<Drainer> = []
        /// When the last background batch finished: the foreground has had the writer since.
        var backgroundFinished = ContinuousClock.now
        var transactions = 0
        var commands = 0
    }

    init(kind: WriteCoordinator.Kind, maxBatch: Int, backgroundTurn: Duration) {
        self.kind = kind
        self.maxBatch = max(1, maxBatch)
        self.backgroundTurn = backgroundTurn
        self.state = NIOLockedValueBox(State())
    }

    func enqueue(_ job: Job, lane: WriteCoordinator.Lane, db: any Database) {
        let drainer: Drainer = kind == .sqlite ? .both : (lane == .foreground ? .foreground : .background)
        let startDrain = state.withLockedValue { s -> Bool in
            switch lane {
            case .foreground: s.foreground.append(job)
            case .background: s.background.append(job)
            }
            return s.draining.insert(drainer).inserted
        }
        // The writing task serves requests (on SQLite, also the background lane's batches):
        // it never runs at the priority of the background step that happened to start it.
        if startDrain {
            let priority: TaskPriority = drainer == .background ? .background : .high
            Task(priority: priority) { await self.drain(drainer, db) }
        }
    }

    func statistics() async -> (transactions: Int, commands: Int) {
        state.withLockedValue { ($0.transactions, $0.commands) }
    }

    /// The next batch for a drainer; empty (and the drainer marked idle) when its queues are.
    /// A background write is due when the foreground has had the writer for `backgroundTurn`
    /// since the last background batch finished.
    private func next(
        for drainer: Drainer, now: ContinuousClock.Instant, ranBackground: Bool
    ) -> (batch: [Job], lane: WriteCoordinator.Lane) {
        state.withLockedValue { s -> ([Job], WriteCoordinator.Lane) in
            if ranBackground { s.backgroundFinished = now }
            var batch: [Job] = []
            var lane = WriteCoordinator.Lane.foreground
            func takeForeground() {
                batch = Array(s.foreground.prefix(maxBatch))
                s.foreground.removeFirst(batch.count)
            }
            func takeBackground() {
                batch = [s.background.removeFirst()]
                lane = .background
            }
            switch drainer {
            case .foreground:
                takeForeground()
            case .background:
                if !s.background.isEmpty { takeBackground() }
            case .both:
                let backgroundDue = !s.background.isEmpty && now - s.backgroundFinished >= backgroundTurn
                if !s.foreground.isEmpty && !backgroundDue {
                    takeForeground()
                } else if !s.background.isEmpty {
                    takeBackground()
                }
            }
            if batch.isEmpty { s.draining.remove(drainer) }
            return (batch, lane)
        }
    }

    private func drain(_ drainer: Drainer, _ db: any Database) async {
        var ranBackground = false
        while true {
            let (batch, lane) = next(for: drainer, now: ContinuousClock.now, ranBackground: ranBackground)
            if batch.isEmpty { return }
            await run(batch, on: db)
            ranBackground = lane == .background
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
    /// A command alone in its transaction needs no savepoint: its failure rolls back just it.
    private func runOnce(_ batch: [Job], on db: any Database) async throws -> [Result<any Sendable, any Error>] {
        if let results = try await attempt(batch, on: db, savepoints: false) { return results }
        return try await attempt(batch, on: db, savepoints: true)!
    }

    /// Nil when running several commands without savepoints and one failed (the transaction is
    /// rolled back).
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
                            return batch.count == 1 ? [.failure(error)] : nil
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
