import Fluent
import SQLKit

/// 035 (issue 22): what the video room, the reminders, guests and the gains need. A meeting
/// gets its held span (from two in the room until the last left) and who took part, the time
/// its reminder went, and its minutes; guests outside the case have a personal link (only its
/// SHA-256 is kept); the kommune's rules get the reminder's notice and the travel figures the
/// report prices a video meeting with.
struct AddMeetingRoom: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column a statement: SQLite adds one per ALTER TABLE.
        for (name, type) in [
            ("started_at", DatabaseSchema.DataType.datetime), ("ended_at", .datetime), ("held_minutes", .int),
            ("attendees", .string), ("reminded_at", .datetime),
        ] {
            try await db.schema(Meeting.schema).field(.string(name), type).update()
        }
        try await db.schema(MeetingGuest.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, .id))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("token_sha256", .string, .required)
            .field("invited_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_sha256")
            .create()
        try await db.sql.create(index: "meeting_guests_meeting_idx").on(MeetingGuest.schema).column("meeting_id").run()
        for (name, type) in [
            ("reminder_hours", DatabaseSchema.DataType.int), ("travel_km", .double), ("travel_minutes", .int),
            ("cost_per_km", .double), ("cost_per_hour", .double), ("co2_grams_per_km", .double),
            ("distances", .string),
        ] {
            try await db.schema(MeetingSettings.schema).field(.string(name), type).update()
        }
    }

    func revert(on db: any Database) async throws {
        for f in [
            "reminder_hours", "travel_km", "travel_minutes", "cost_per_km", "cost_per_hour", "co2_grams_per_km",
            "distances",
        ] {
            try await db.schema(MeetingSettings.schema).deleteField(.string(f)).update()
        }
        try await db.schema(MeetingGuest.schema).delete()
        for f in ["started_at", "ended_at", "held_minutes", "attendees", "reminded_at"] {
            try await db.schema(Meeting.schema).deleteField(.string(f)).update()
        }
    }
}
