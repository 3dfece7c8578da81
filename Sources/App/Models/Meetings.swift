import Fluent
import Foundation
import RadhusCore

/// A caseworker's meeting hours (issue 22): weekly spans (`hours_json`, `[WeeklyHours]`), the
/// slot length, the ways they meet (`video,telefon,oppmote`), the address for meetings in
/// person, and the days they do not meet (`yyyy-MM-dd`, one per line).
public final class MeetingCalendar: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "meeting_calendars"
    public static var municipalityKey: KeyPath<MeetingCalendar, FieldProperty<MeetingCalendar, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "staff_id") public var staffID: UUID
    @Field(key: "hours_json") public var hoursJSON: String
    @Field(key: "slot_minutes") public var slotMinutes: Int
    @Field(key: "kinds") public var kindsText: String
    @OptionalField(key: "address") public var address: String?
    @Field(key: "closed_dates") public var closedDates: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var hours: [WeeklyHours] {
        (try? JSONDecoder().decode([WeeklyHours].self, from: Data(hoursJSON.utf8))) ?? []
    }

    public var kinds: [MeetingKind] { kindsText.split(separator: ",").compactMap { MeetingKind(rawValue: String($0)) } }

    public var closed: Set<String> {
        Set(closedDates.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}

/// The kommune's booking rules: how many hours before a meeting the applicant may still move
/// or cancel it, and how far ahead the earliest slot is.
public final class MeetingSettings: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "meeting_settings"
    public static var municipalityKey: KeyPath<MeetingSettings, FieldProperty<MeetingSettings, UUID>> {
        \.$municipalityID
    }

    public static let defaultChangeLimitHours = 24
    public static let defaultLeadHours = 24

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "change_limit_hours") public var changeLimitHours: Int
    @Field(key: "lead_hours") public var leadHours: Int
    @Field(key: "updated_at") public var updatedAt: Date
    /// Hours before a meeting its reminder goes (migration 035; nil: the default, 0: none).
    @OptionalField(key: "reminder_hours") public var reminderHours: Int?
    /// The travel a video meeting saves, as the report prices it (nil: `TravelSettings.standard`'s).
    @OptionalField(key: "travel_km") public var travelKm: Double?
    @OptionalField(key: "travel_minutes") public var travelMinutes: Int?
    @OptionalField(key: "cost_per_km") public var costPerKm: Double?
    @OptionalField(key: "cost_per_hour") public var costPerHour: Double?
    @OptionalField(key: "co2_grams_per_km") public var co2GramsPerKm: Double?
    /// `postnummer km minutes` per line (`TravelSettings.parseDistances`).
    @OptionalField(key: "distances") public var distances: String?

    public static let defaultReminderHours = 24

    public init() {}

    /// The travel figures, the standard ones where the kommune has set none.
    public var travel: TravelSettings {
        let d = TravelSettings.standard
        let table = (try? TravelSettings.parseDistances(distances ?? "").get()) ?? [:]
        return TravelSettings(
            averageKm: travelKm ?? d.averageKm, averageMinutes: travelMinutes ?? d.averageMinutes,
            costPerKm: costPerKm ?? d.costPerKm, costPerHour: costPerHour ?? d.costPerHour,
            co2GramsPerKm: co2GramsPerKm ?? d.co2GramsPerKm, byPostnummer: table)
    }
}

/// A meeting on a case: who (the case's applicant and a caseworker), when, how; its iCalendar
/// `SEQUENCE` goes up with each change.
public final class Meeting: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "meetings"
    public static var municipalityKey: KeyPath<Meeting, FieldProperty<Meeting, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "staff_id") public var staffID: UUID
    @Field(key: "starts_at") public var startsAt: Date
    @Field(key: "ends_at") public var endsAt: Date
    @Field(key: "kind") public var kind: String
    @OptionalField(key: "address") public var address: String?
    @Field(key: "status") public var status: String
    @Field(key: "sequence") public var sequence: Int
    /// `citizen` (booked in the portal) or `staff` (proposed by the caseworker).
    @Field(key: "booked_by") public var bookedBy: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    /// The span it was held in the video room (from two in the room to the last leaving), or
    /// as the caseworker gave it with the minutes; who took part (one name per line).
    @OptionalField(key: "started_at") public var startedAt: Date?
    @OptionalField(key: "ended_at") public var endedAt: Date?
    @OptionalField(key: "held_minutes") public var heldMinutes: Int?
    @OptionalField(key: "attendees") public var attendees: String?
    /// When the reminder went (nil: not yet).
    @OptionalField(key: "reminded_at") public var remindedAt: Date?

    public init() {}

    public var meetingKind: MeetingKind { MeetingKind(rawValue: kind) ?? .video }
    public var meetingStatus: MeetingStatus { MeetingStatus(rawValue: status) ?? .booked }
}

/// Someone outside the case invited to a meeting (a neighbour, the applicant's architect): their
/// name, their e-mail address for the invitation, and the SHA-256 of their personal link's token.
public final class MeetingGuest: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "meeting_guests"
    public static var municipalityKey: KeyPath<MeetingGuest, FieldProperty<MeetingGuest, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "meeting_id") public var meetingID: UUID
    @Field(key: "name") public var name: String
    @Field(key: "email") public var email: String
    @Field(key: "token_sha256") public var tokenSHA256: String
    @Field(key: "invited_by") public var invitedBy: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
