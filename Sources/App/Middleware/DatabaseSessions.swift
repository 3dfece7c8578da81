import Fluent
import Foundation
import SQLKit
import Vapor

/// Sessions stored in the database, so web nodes keep no state of their own.
///
/// A session row is rewritten only when its data changed (Vapor asks to update it on every
/// response that touched the session), and writes go through the write coordinator.
///
/// A session ends after `idle` without requests and at `lifetime` after login in any case
/// (issue 18; ID-porten's own sessions work the same way). `expires_at` is the idle deadline,
/// moved forward by a request at most once a minute (not a write per request), never past
/// `ends_at`; so the sweeper and the read need to look at `expires_at` only.
struct DatabaseSessions: AsyncSessionDriver {
    let lifetime: TimeInterval
    var idle: TimeInterval = 30 * 60

    /// The provider's session a login came from (`SessionSeal.providerSession`), set on the
    /// request by the login: the session row keeps it in its own column, which front-channel
    /// logout looks up (it is not session data: nothing reads it from there).
    struct ProviderSession: StorageKey { typealias Value = String }

    struct LoadedKey: StorageKey { typealias Value = SessionData }

    /// Vapor starts a new session for every request whose cookie names an expired one, data or
    /// not; an empty one is not stored (its id is "", which the cookie factory turns into an
    /// expired cookie), so a stale cookie costs no row (issue 17).
    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        if data.snapshot.isEmpty { return SessionID(string: "") }
        let key = Self.newKey()
        let now = request.application.clock.now()
        let ends = now + lifetime
        let encoded = try Self.encode(data)
        try await request.writer.write(on: request.db) { tx in
            try await tx.sql.insert(into: SessionRecord.schema)
                .columns("id", "key", "data", "expires_at", "ends_at", "provider_session")
                .values(
                    SQLBind(UUID()), SQLBind(key), SQLBind(encoded), SQLBind(min(now + idle, ends)), SQLBind(ends),
                    SQLBind.orNull(request.storage[ProviderSession.self])
                ).run()
        }
        request.storage[LoadedKey.self] = data
        return SessionID(string: key)
    }

    /// Read on every signed-in request: a plain SQL select (no model reflection).
    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        let now = request.application.clock.now()
        guard
            let row = try await request.db.sql.select().columns("data", "expires_at", "ends_at")
                .from(SessionRecord.schema).where("key", .equal, sessionID.string).first()
        else { return nil }
        let expires = try row.decode(column: "expires_at", as: Date.self)
        guard expires > now else { return nil }
        // Still in use: the idle deadline moves on, at most once a minute and never past the end.
        let ends = try row.decode(column: "ends_at", as: Date?.self) ?? expires
        let deadline = min(now + idle, ends)
        if deadline.timeIntervalSince(expires) > 60 {
            try await request.writer.write(on: request.db) { tx in
                try await tx.sql.update(SessionRecord.schema).set("expires_at", to: SQLBind(deadline))
                    .where("key", .equal, sessionID.string).run()
            }
        }
        let text = try row.decode(column: "data", as: String.self)
        let data = (try? JSONDecoder().decode(SessionData.self, from: Data(text.utf8))) ?? SessionData()
        request.storage[LoadedKey.self] = data
        return data
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        if request.storage[LoadedKey.self] == data { return sessionID }
        let encoded = try Self.encode(data)
        try await request.writer.write(on: request.db) { tx in
            try await SessionRecord.query(on: tx).filter(\.$key == sessionID.string).set(\.$data, to: encoded).update()
        }
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await request.writer.write(on: request.db) { tx in
            try await SessionRecord.query(on: tx).filter(\.$key == sessionID.string).delete()
        }
    }

    /// 32 random bytes, URL-safe base64: unguessable session ids.
    static func newKey() -> String { APIClients.randomToken(bytes: 32) }

    static func encode(_ data: SessionData) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(data), as: UTF8.self)
    }
}
