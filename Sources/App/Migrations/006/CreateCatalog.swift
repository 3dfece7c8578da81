import Fluent
import Foundation
import SQLKit

/// 006: the shared service catalogue — published service packages (versioned) and each
/// kommune's adoptions with its own parts.
struct CreateCatalog: AsyncMigration {
    /// The built-in services (id, version) at the time of the migration: before the catalogue
    /// every kommune offered every one of them, so each existing kommune adopts them all here
    /// and nothing it offered disappears with the upgrade.
    let builtIns: [(id: String, version: Int)]

    func prepare(on db: any Database) async throws {
        try await db.schema(ServicePackageRecord.schema)
            .id()
            .field("service_id", .string, .required)
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("publisher_id", .uuid, .references(Municipality.schema, .id))
            .field("publisher_name", .string, .required)
            .field("changes", .string, .required)
            .field("files", .string, .required)
            .field("sha256", .string, .required)
            .field("published_at", .datetime, .required)
            .unique(on: "service_id", "version")
            .create()
        try await db.schema(ServiceAdoption.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("service_id", .string, .required)
            .field("version", .int, .required)
            .field("local_parts", .string, .required)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "municipality_id", "service_id")
            .create()
        let sql = db.sql
        let now = Date()
        for row in try await sql.select().column("id").from(Municipality.schema).all() {
            let kommune = try row.decode(column: "id", as: UUID.self)
            for s in builtIns {
                try await sql.insert(into: ServiceAdoption.schema)
                    .columns(
                        "id", "municipality_id", "service_id", "version", "local_parts", "changed_by", "changed_at"
                    )
                    .values(
                        SQLBind(UUID()), SQLBind(kommune), SQLBind(s.id), SQLBind(s.version), SQLBind("{}"),
                        SQLBind("oppgradering til tjenestekatalogen"), SQLBind(now)
                    )
                    .run()
            }
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(ServiceAdoption.schema).delete()
        try await db.schema(ServicePackageRecord.schema).delete()
    }
}
