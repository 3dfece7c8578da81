import Fluent
import SQLKit

/// 010: each case and shipment event carries its place in the event feed once it has one, with
/// an index, so the sequencer finds the events not yet numbered without reading all of them.
/// Events already in the feed get their position from it.
struct IndexPendingEvents: AsyncMigration {
    static let tables = [
        (CaseEventRecord.schema, "case_events_pending_idx"),
        (ShipmentEventRecord.schema, "shipment_events_pending_idx"),
    ]

    func prepare(on db: any Database) async throws {
        let sql = db.sql
        for (table, index) in Self.tables {
            try await db.schema(table).field("feed_position", .int64).update()
            try await sql.update(table)
                .set("feed_position", to: EventFeed.feedPosition(of: table)).run()
            try await sql.create(index: index).on(table).column("feed_position").run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = db.sql
        for (table, index) in Self.tables {
            try await sql.drop(index: index).run()
            try await db.schema(table).deleteField("feed_position").update()
        }
    }
}
