import Fluent
import Foundation
import SQLKit
import Vapor

/// Sessions stored in the database, so web nodes keep no state of their own.
///
/// A session row is rewritten only when its data changed (Vapor asks to update it on every
/// response that touched the session), and writes go through the write coordinator.
struct DatabaseSessions: AsyncSessionDriver {
    let lifetime: TimeInterval

    struct LoadedKey: StorageKey { typealias Value = SessionData }

    /// Vapor starts a new session for every request whose cookie names an expired one, data or
    /// not; an empty one is not stored (its id is "", which the cookie factory turns into an
    /// expired cookie), so a stale cookie costs no row (issue 17).
    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        if data.snapshot.isEmpty { return SessionID(string: "") }
        let key = Self.newKey()
        let record = SessionRecord()
        record.key = key
        record.data = try Self.encode(data)
        record.expiresAt = request.application.clock.now() + lifetime
        try await request.writer.write(on: request.db) { tx in try await record.create(on: tx) }
        request.storage[LoadedKey.self] = data
        return SessionID(string: key)
    }

    /// Read on every signed-in request: a plain SQL select (no model reflection).
    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        guard
            let row = try await request.db.sql.select().columns("data", "expires_at")
                .from(SessionRecord.schema).where("key", .equal, sessionID.string).first(),
            try row.decode(column: "expires_at", as: Date.self) > request.application.clock.now()
        else { return nil }
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
