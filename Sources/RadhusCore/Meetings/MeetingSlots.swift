import Foundation

/// How a meeting is held (issue 22).
public enum MeetingKind: String, Sendable, CaseIterable, Codable {
    case video
    case phone = "telefon"
    case inPerson = "oppmote"
}

/// A meeting's course: booked (by the applicant or proposed by the caseworker), moved (a new
/// time, the same meeting: its iCalendar SEQUENCE goes up), cancelled, held.
public enum MeetingStatus: String, Sendable, CaseIterable, Codable {
    case booked = "booket"
    case cancelled = "avlyst"
    case held = "holdt"
}

/// One weekly opening of a caseworker's meeting hours: a weekday (ISO: Monday 1 … Sunday 7)
/// and a span of local (Europe/Oslo) time in minutes after midnight, cut into slots.
public struct WeeklyHours: Sendable, Equatable, Codable {
    public var weekday: Int
    public var startMinute: Int
    public var endMinute: Int

    public init(weekday: Int, startMinute: Int, endMinute: Int) {
        self.weekday = weekday
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// What is wrong with it, if anything (in the workspace's words).
    public var problem: LocalizedText? {
        guard (1...7).contains(weekday) else {
            return LocalizedText(nb: "Ukjent ukedag.", en: "Unknown weekday.", nn: "Ukjend vekedag.")
        }
        guard startMinute >= 0, endMinute <= 24 * 60, startMinute < endMinute else {
            return LocalizedText(
                nb: "Fra-tiden må være før til-tiden, innenfor døgnet.",
                en: "The start must be before the end, within the day.",
                nn: "Frå-tida må vere før til-tida, innanfor døgeret.")
        }
        return nil
    }
}

/// The slots a caseworker can be booked in: their weekly hours, on days that are not public
/// holidays or closed by them, from a lead time on, not taken. Computed in Europe/Oslo local
/// time and given as instants, so a slot at 09:00 is 08:00Z in winter and 07:00Z in summer, and
/// a local time that does not exist (the night summer time begins) is no slot.
public enum MeetingSlots {
    /// `closed`: local dates (`yyyy-MM-dd`) the caseworker does not meet; `taken`: the starts of
    /// meetings already booked with them.
    public static func slots(
        hours: [WeeklyHours], slotMinutes: Int, closed: Set<String> = [], from: Date, days: Int, notBefore: Date,
        taken: Set<Date> = [], calendar cal: NorwegianCalendar = .init()
    ) -> [Date] {
        guard slotMinutes >= 5, days > 0 else { return [] }
        var out: [Date] = []
        let first = cal.startOfDay(from)
        for offset in 0..<days {
            let day = cal.addingCalendarDays(offset, to: first)
            if cal.isPublicHoliday(day) || closed.contains(cal.isoDate(day)) { continue }
            let c = cal.calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            guard let weekday = c.weekday else { continue }
            let iso = weekday == 1 ? 7 : weekday - 1
            for h in hours where h.weekday == iso && h.problem == nil {
                var m = h.startMinute
                while m + slotMinutes <= h.endMinute {
                    defer { m += slotMinutes }
                    var local = DateComponents(year: c.year, month: c.month, day: c.day, hour: m / 60, minute: m % 60)
                    local.timeZone = cal.calendar.timeZone
                    guard let start = cal.calendar.date(from: local),
                        // A local time that does not exist is moved by the calendar: no slot then.
                        cal.calendar.component(.hour, from: start) == m / 60,
                        start >= notBefore, !taken.contains(start)
                    else { continue }
                    out.append(start)
                }
            }
        }
        return out.sorted()
    }

    /// Reads `HH:MM` (or `H:MM`, `HH.MM`) as minutes after midnight.
    public static func minutes(_ raw: String) -> Int? {
        let parts = raw.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == ":" || $0 == "." })
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h),
            (0...59).contains(m), h * 60 + m <= 24 * 60
        else { return nil }
        return h * 60 + m
    }

    /// Minutes after midnight as `HH:MM`.
    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}
