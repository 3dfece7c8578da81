import Fluent
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Runs every command that writes as one transaction: all or nothing.
///
/// SQLite has a single writer. Two connections that both open a deferred transaction, read,
/// and then try to write would fail with SQLITE_BUSY (and sqlite-nio's busy handler spins),
/// so on SQLite the commands of this process take turns through one FIFO lock, and each
/// transaction begins IMMEDIATE: it holds the write lock from its first statement, and a
/// second process (the CLI) waits instead of failing half-way. Readers are never blocked
/// (WAL). On PostgreSQL transactions run concurrently; row locks order them.
public final class WriteCoordinator: Sendable {
    public enum Kind: Sendable { case sqlite, postgres }

    let kind: Kind
    private let lock = AsyncFIFOLock()

    public init(kind: Kind) { self.kind = kind }

    /// Runs `body` in one transaction. Do not open another transaction inside it.
    public func write<T: Sendable>(on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        switch kind {
        case .postgres:
            return try await db.transaction(body)
        case .sqlite:
            return try await lock.withLock {
                try await db.withConnection { conn in
                    let sql = conn as! any SQLDatabase
                    try await sql.raw("BEGIN IMMEDIATE TRANSACTION").run()
                    do {
                        let result = try await body(conn)
                        try await sql.raw("COMMIT TRANSACTION").run()
                        return result
                    } catch {
                        try? await sql.raw("ROLLBACK TRANSACTION").run()
                        throw error
                    }
                }
            }
        }
    }
}

/// A lock for async code that hands itself over in arrival order (no starvation, no spinning).
actor AsyncFIFOLock {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !held { held = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { held = false } else { waiters.removeFirst().resume() }
    }

    nonisolated func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let r = try await body()
            await release()
            return r
        } catch {
            await release()
            throw error
        }
    }
}

extension Application {
    struct WriterKey: StorageKey { typealias Value = WriteCoordinator }

    public var writer: WriteCoordinator {
        guard let w = storage[WriterKey.self] else { fatalError("configure(_:config:) sets the write coordinator") }
        return w
    }
}

extension Request {
    public var writer: WriteCoordinator { application.writer }
}
