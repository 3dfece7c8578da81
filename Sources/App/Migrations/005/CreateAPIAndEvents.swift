import Fluent
import SQLKit

/// 005: the public API — API clients per kommune, the server's token-signing key, the event
/// feed with its head, and webhook subscriptions to it.
struct CreateAPIAndEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(APIClient.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("name", .string, .required)
            .field("client_id", .string, .required)
            .field("secret_hash", .string, .required)
            .field("scopes", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "client_id")
            .create()
        try await db.schema("server_keys")
            .field("name", .string, .identifier(auto: false))
            .field("secret", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await db.schema(FeedEvent.schema)
            .field("position", .int64, .identifier(auto: false))
            .field("id", .uuid, .required)
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required)
            .field("type", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("shipment_id", .uuid)
            .field("detail", .string)
            .field("recorded_at", .datetime, .required)
            .unique(on: "id")
            .create()
        try await db.schema("event_feed_head")
            .field("name", .string, .identifier(auto: false))
            .field("last_position", .int64, .required)
            .create()
        try await db.schema(WebhookSubscription.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("url", .string, .required)
            .field("secret", .string, .required)
            .field("active", .bool, .required)
            .field("delivered_position", .int64, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime)
            .field("last_error", .string)
            .field("last_delivered_at", .datetime)
            .field("claimed_by", .string)
            .field("claimed_until", .datetime)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = db.sql
        try await sql.create(index: "event_feed_by_kommune").on(FeedEvent.schema).column("municipality_id").column(
            "position"
        ).run()
        try await sql.create(index: "api_clients_by_kommune").on(APIClient.schema).column("municipality_id").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [
            WebhookSubscription.schema, "event_feed_head", FeedEvent.schema, "server_keys", APIClient.schema,
        ] {
            try await db.schema(schema).delete()
        }
    }
}
