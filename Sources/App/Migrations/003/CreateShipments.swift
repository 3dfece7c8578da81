import Fluent
import SQLKit

/// 003: dispatch — shipments (the outbox) and their status events, citizens' contact details,
/// and each kommune's dispatch settings.
struct CreateShipments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ShipmentRecord.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("letter_id", .uuid, .required, .references(LetterRecord.schema, .id))
            .field("channel", .string, .required)
            .field("status", .string, .required)
            .field("next_action", .string, .required)
            .field("next_attempt_at", .datetime)
            .field("digital_only", .bool, .required)
            .field("attempts", .int, .required)
            .field("first_failure_at", .datetime)
            .field("last_error", .string)
            .field("failed_action", .string)
            .field("claimed_by", .string)
            .field("claimed_until", .datetime)
            .field("print_due_at", .datetime)
            .field("print_batch", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "letter_id", "channel")
            .create()
        try await db.schema(ShipmentEventRecord.schema)
            .id()
            .field("shipment_id", .uuid, .required, .references(ShipmentRecord.schema, .id))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("status", .string, .required)
            .field("at", .datetime, .required)
            .field("detail", .string, .required)
            .create()
        try await db.schema(CitizenContact.schema)
            .id()
            .field("fnr", .string, .required)
            .field("email", .string)
            .field("reserved", .bool, .required)
            .field("postal_address", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "fnr")
            .create()
        try await db.schema(DispatchSettings.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("print_after_working_days", .int, .required)
            .field("webhook_url", .string)
            .field("webhook_secret", .string)
            .field("changed_by", .string, .required)
            .field("changed_at", .datetime, .required)
            .unique(on: "municipality_id")
            .create()
        let sql = db.sql
        // The dispatcher's claim: due work first.
        try await sql.create(index: "shipments_due_idx").on(ShipmentRecord.schema).column("next_action").column(
            "next_attempt_at"
        ).run()
        try await sql.create(index: "shipments_case_idx").on(ShipmentRecord.schema).column("case_id").run()
        try await sql.create(index: "shipment_events_shipment_idx").on(ShipmentEventRecord.schema).column("shipment_id")
            .run()
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        for index in ["shipment_events_shipment_idx", "shipments_case_idx", "shipments_due_idx"] {
            try await sql.drop(index: index).ifExists().run()
        }
        try await db.schema(DispatchSettings.schema).delete()
        try await db.schema(CitizenContact.schema).delete()
        try await db.schema(ShipmentEventRecord.schema).delete()
        try await db.schema(ShipmentRecord.schema).delete()
    }
}
