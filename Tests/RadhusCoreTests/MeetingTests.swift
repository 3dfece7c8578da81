import Foundation
import Testing

@testable import RadhusCore

/// Issue 22: meeting slots in Europe/Oslo time across the changes of time, and the meeting as
/// an iCalendar object.
@Suite struct MeetingTests {
    static let cal = NorwegianCalendar()
    static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
        cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }
    static func utcText(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    /// Mondays and Fridays 09:00–10:00 in half hours; summer time ends Sunday 25 October 2026.
    @Test func slotsKeepTheirLocalTimeAcrossTheEndOfSummerTime() {
        let hours = [
            WeeklyHours(weekday: 5, startMinute: 9 * 60, endMinute: 10 * 60),
            WeeklyHours(weekday: 1, startMinute: 9 * 60, endMinute: 10 * 60),
        ]
        let slots = MeetingSlots.slots(
            hours: hours, slotMinutes: 30, from: Self.oslo(2026, 10, 22), days: 5, notBefore: Self.oslo(2026, 10, 22))
        #expect(
            slots.map(Self.utcText) == [
                "2026-10-23T07:00:00Z", "2026-10-23T07:30:00Z",  // Friday, summer time (UTC+2)
                "2026-10-26T08:00:00Z", "2026-10-26T08:30:00Z",  // Monday, winter time (UTC+1)
            ])
    }

    @Test func holidaysClosedDaysTakenSlotsAndTheLeadTimeAreLeftOut() {
        // Thursdays 10:00–11:00; 24 December 2026 is a Thursday (not a public holiday), 1 January
        // 2027 a Friday; Thursday 31 December closed by the caseworker.
        let hours = [WeeklyHours(weekday: 4, startMinute: 10 * 60, endMinute: 11 * 60)]
        let taken: Set<Date> = [Self.oslo(2026, 12, 24, 10)]
        let slots = MeetingSlots.slots(
            hours: hours, slotMinutes: 30, closed: ["2026-12-31"], from: Self.oslo(2026, 12, 17), days: 15,
            notBefore: Self.oslo(2026, 12, 17, 10, 15), taken: taken)
        // 17 Dec: 10:00 before the lead time, 10:30 after it; 24 Dec 10:00 taken; 31 Dec closed.
        #expect(slots == [Self.oslo(2026, 12, 17, 10, 30), Self.oslo(2026, 12, 24, 10, 30)])
        // Maundy Thursday 2027 (25 March) is a public holiday.
        let easter = MeetingSlots.slots(
            hours: hours, slotMinutes: 60, from: Self.oslo(2027, 3, 25), days: 1, notBefore: Self.oslo(2027, 3, 1))
        #expect(easter.isEmpty)
    }

    @Test func aLocalTimeThatDoesNotExistIsNoSlot() {
        // Sunday 29 March 2026: 02:00–03:00 does not exist in Oslo.
        let slots = MeetingSlots.slots(
            hours: [WeeklyHours(weekday: 7, startMinute: 1 * 60, endMinute: 4 * 60)], slotMinutes: 60,
            from: Self.oslo(2026, 3, 29), days: 1, notBefore: Self.oslo(2026, 3, 1))
        #expect(slots.map { Self.cal.calendar.component(.hour, from: $0) } == [1, 3])
    }

    @Test func hoursAreChecked() {
        #expect(WeeklyHours(weekday: 8, startMinute: 0, endMinute: 60).problem != nil)
        #expect(WeeklyHours(weekday: 1, startMinute: 600, endMinute: 540).problem != nil)
        #expect(MeetingSlots.minutes("9:30") == 570 && MeetingSlots.minutes("24:00") == 1440)
        #expect(MeetingSlots.minutes("25:00") == nil && MeetingSlots.minutes("9") == nil)
    }

    @Test func anInvitationIsRFC5545WithOsloTimeAndFoldedLines() {
        let start = Self.oslo(2026, 10, 26, 9)
        let inv = MeetingInvitation(
            method: .request, uid: "m1@radhus.5503.kommune", sequence: 2, start: start,
            end: start.addingTimeInterval(1800), stamp: Self.oslo(2026, 10, 20, 12),
            summary: "Møte om byggesak 2026/12; ta med tegninger, takk",
            description: "Linje én\nLinje to med en lang tekst som går langt over syttifem oktetter, æøå æøå æøå æøå",
            location: "Video", organizer: .init(name: "Harstad kommune", email: "ikke-svar@harstad.example"),
            attendees: [.init(name: "Kari, søker", email: "kari@example.com")])
        let text = inv.render()
        #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75, "\(line)") }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("METHOD:REQUEST") && unfolded.contains("SEQUENCE:2"))
        #expect(unfolded.contains("DTSTART;TZID=Europe/Oslo:20261026T090000"))
        #expect(unfolded.contains("DTEND;TZID=Europe/Oslo:20261026T093000"))
        #expect(unfolded.contains("DTSTAMP:20261020T100000Z"))
        #expect(unfolded.contains(#"SUMMARY:Møte om byggesak 2026/12\; ta med tegninger\, takk"#))
        #expect(unfolded.contains(#"DESCRIPTION:Linje én\nLinje to"#))
        #expect(unfolded.contains(#"ATTENDEE;CN="Kari, søker";ROLE=REQ-PARTICIPANT"#))
        #expect(unfolded.contains("BEGIN:VTIMEZONE") && unfolded.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"))
        var cancel = inv
        cancel.method = .cancel
        cancel.sequence = 3
        #expect(cancel.render().contains("METHOD:CANCEL") && cancel.render().contains("STATUS:CANCELLED"))
    }
}
