import Fluent
import SQLKit

/// 034 (issue 22): meetings. A caseworker's meeting hours (weekly spans, slot length, the ways
/// they meet, an address for meetings in person, closed days), the kommune's rules (how late a
/// booking may be moved or cancelled, how far ahead a slot must be), and the meetings, at most
/// one booked per caseworker and start — a partial unique index, so two bookings of one slot
/// cannot both commit on either database.
struct AddMeetings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(MeetingCalendar.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("staff_id", .uuid, .required, .references(StaffUser.schema, .id))
            .field("hours_json", .string, .required)
            .field("slot_minutes", .int, .required)
            .field("kinds", .string, .required)
            .field("address", .string)
            .field("closed_dates", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "staff_id")
            .create()
        try await db.schema(MeetingSettings.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("change_limit_hours", .int, .required)
            .field("lead_hours", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "municipality_id")
            .create()
        try await db.schema(Meeting.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id))
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, .id))
            .field("staff_id", .uuid, .required, .references(StaffUser.schema, .id))
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("kind", .string, .required)
            .field("address", .string)
            .field("status", .string, .required)
            .field("sequence", .int, .required)
            .field("booked_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await db.sql.create(index: "meetings_case_idx").on(Meeting.schema).column("case_id").run()
        // A letter about a meeting (its confirmation, its cancellation) names it: the e-mail
        // notice carries the meeting as an iCalendar attachment.
        try await db.schema(LetterRecord.schema).field("meeting_id", .uuid).update()
        // One booked meeting per caseworker and start: the database refuses the second.
        try await db.sql.raw(
            "CREATE UNIQUE INDEX meetings_one_per_slot ON meetings (staff_id, starts_at) WHERE status = 'booket'"
        ).run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(LetterRecord.schema).deleteField("meeting_id").update()
        try await db.schema(Meeting.schema).delete()
        try await db.schema(MeetingSettings.schema).delete()
        try await db.schema(MeetingCalendar.schema).delete()
    }
}
