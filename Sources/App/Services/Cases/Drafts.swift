import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// An application being filled in, kept for its person (issue 19): what they have typed (as
/// typed, checked again before it is shown as checked or sent), and the step they were on.
struct Draft: Sendable, Equatable {
    static let schema = "drafts"
    /// A draft not touched for this long is deleted, with its files.
    static let lifetime: TimeInterval = 30 * 24 * 3600

    var municipalityID: UUID
    var serviceID: String
    var answers: [String: String]
    var step: String?
    var updatedAt: Date
}

/// Reads and writes drafts: one per person, kommune and service.
struct Drafts: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock

    func load(owner: String, municipality: UUID, service: String) async throws -> Draft? {
        guard
            let row = try await db.sql.select().columns("answers_json", "step", "updated_at").from(Draft.schema)
                .where("owner_fnr", .equal, owner).where("municipality_id", .equal, municipality)
                .where("service_id", .equal, service).first()
        else { return nil }
        let json = try row.decode(column: "answers_json", as: String.self)
        let updated = try row.decode(column: "updated_at", as: Date.self)
        // An expired draft not swept yet is as good as gone.
        guard clock.now().timeIntervalSince(updated) < Draft.lifetime else { return nil }
        return Draft(
            municipalityID: municipality, serviceID: service,
            answers: (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:],
            step: try row.decode(column: "step", as: String?.self), updatedAt: updated)
    }

    /// Saves what the person has typed (keys of the service's own inputs only).
    func save(owner: String, municipality: UUID, service: ServiceDefinition, answers: [String: String], step: String?)
        async throws
    {
        let kept = answers.filter { Self.belongs($0.key, to: service) }
        let json = String(decoding: try JSONEncoder.sorted.encode(kept), as: UTF8.self)
        let now = clock.now()
        try await writer.write(on: db) { tx in
            let updated = try await tx.sql.update(Draft.schema).set("answers_json", to: json).set("step", to: step)
                .set("updated_at", to: now).where("owner_fnr", .equal, owner)
                .where("municipality_id", .equal, municipality).where("service_id", .equal, service.id)
                .returning("id").all()
            guard updated.isEmpty else { return }
            try await tx.sql.insert(into: Draft.schema)
                .columns(
                    "id", "owner_fnr", "municipality_id", "service_id", "answers_json", "step", "created_at",
                    "updated_at"
                )
                .values(
                    SQLBind(UUID()), SQLBind(owner), SQLBind(municipality), SQLBind(service.id), SQLBind(json),
                    SQLBind(step), SQLBind(now), SQLBind(now)
                ).run()
        }
    }

    /// Whether an input name is one of the service's: a field, an address part, an attachment's
    /// description. Nothing else a form may send (the token, buttons) is kept.
    static func belongs(_ key: String, to service: ServiceDefinition) -> Bool {
        service.field(ServiceDefinition.question(of: key)) != nil
    }

    /// Deletes the draft and the files uploaded to it (when sent, the files are the case's and stay).
    func delete(owner: String, municipality: UUID, service: String, files: AttachmentService? = nil) async throws {
        try await writer.write(on: db) { tx in
            try await tx.sql.delete(from: Draft.schema).where("owner_fnr", .equal, owner)
                .where("municipality_id", .equal, municipality).where("service_id", .equal, service).run()
        }
        if let files {
            for f in try await files.pending(owner: owner, municipality: municipality, service: service) {
                try await files.remove(f.id, owner: owner)
            }
        }
    }

    /// The person's drafts, newest first.
    func all(owner: String) async throws -> [Draft] {
        let cutoff = clock.now().addingTimeInterval(-Draft.lifetime)
        return try await db.sql.select().columns("municipality_id", "service_id", "step", "updated_at").from(
            Draft.schema
        )
        .where("owner_fnr", .equal, owner).where("updated_at", .greaterThan, SQLBind(cutoff))
        .orderBy("updated_at", .descending).all().map {
            Draft(
                municipalityID: try $0.decode(column: "municipality_id", as: UUID.self),
                serviceID: try $0.decode(column: "service_id", as: String.self), answers: [:],
                step: try $0.decode(column: "step", as: String?.self),
                updatedAt: try $0.decode(column: "updated_at", as: Date.self))
        }
    }

    /// Deletes drafts not touched for `Draft.lifetime`; returns how many (at most 500 a run).
    static func sweep(_ app: Application, now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Draft.lifetime)
        let ids = try await app.db.sql.select().column("id").from(Draft.schema)
            .where("updated_at", .lessThan, SQLBind(cutoff)).limit(500).all().map {
                try $0.decode(column: "id", as: UUID.self)
            }
        guard !ids.isEmpty else { return 0 }
        try await app.writer.write(on: app.db, lane: .background) { tx in
            try await tx.sql.delete(from: Draft.schema).where("id", .in, ids).run()
        }
        return ids.count
    }
}

extension Request {
    var drafts: Drafts { Drafts(db: db, writer: writer, clock: application.clock) }
}
