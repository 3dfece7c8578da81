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

    public init() {}
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

    public init() {}

    public var meetingKind: MeetingKind { MeetingKind(rawValue: kind) ?? .video }
    public var meetingStatus: MeetingStatus { MeetingStatus(rawValue: status) ?? .booked }
}
