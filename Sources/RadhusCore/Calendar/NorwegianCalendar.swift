import Foundation

/// Dates as Norwegian municipalities count them: Europe/Oslo time, and working days that
/// exclude weekends and the public holidays (helligdager og høytidsdager, lov om 1. og 17. mai).
public struct NorwegianCalendar: Sendable {
    public let calendar: Calendar

    public init(timeZone: TimeZone = TimeZone(identifier: "Europe/Oslo")!) {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        c.locale = Locale(identifier: "nb_NO")
        calendar = c
    }

    public func startOfDay(_ date: Date) -> Date { calendar.startOfDay(for: date) }

    public func addingCalendarDays(_ days: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: date)!
    }

    /// The date `days` working days after `date` (the day itself not counted).
    public func addingWorkingDays(_ days: Int, to date: Date) -> Date {
        var d = date
        var left = days
        while left > 0 {
            d = addingCalendarDays(1, to: d)
            if isWorkingDay(d) { left -= 1 }
        }
        return d
    }

    /// The day itself when it is a working day, else the next one: where a deadline that falls
    /// on a Saturday, a Sunday or a public holiday ends (domstolloven § 149).
    public func workingDay(onOrAfter date: Date) -> Date {
        var day = startOfDay(date)
        while !isWorkingDay(day) { day = addingCalendarDays(1, to: day) }
        return day
    }

    /// The last second (23:59:59, Norwegian time) of the day `date` is in: a deadline's end.
    public func endOfDay(_ date: Date) -> Date {
        addingCalendarDays(1, to: startOfDay(date)).addingTimeInterval(-1)
    }

    public func isWorkingDay(_ date: Date) -> Bool {
        let weekday = calendar.component(.weekday, from: date)
        if weekday == 1 || weekday == 7 { return false }
        return !isPublicHoliday(date)
    }

    public func isPublicHoliday(_ date: Date) -> Bool {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        guard let y = c.year, let m = c.month, let d = c.day else { return false }
        switch (m, d) {
        case (1, 1), (5, 1), (5, 17), (12, 25), (12, 26): return true
        default: break
        }
        let easter = Self.easterSunday(year: y)
        guard let easterDate = calendar.date(from: DateComponents(year: y, month: easter.month, day: easter.day)),
            let offset = calendar.dateComponents([.day], from: easterDate, to: calendar.startOfDay(for: date)).day
        else { return false }
        // Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension, Whit Sunday and Monday.
        return [-3, -2, 0, 1, 39, 49, 50].contains(offset)
    }

    /// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
    public static func easterSunday(year: Int) -> (month: Int, day: Int) {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return (month, day)
    }

    /// Parses `YYYY-MM-DD` (what a date input sends) or `DD.MM.YYYY` (what people type).
    public func parseDate(_ raw: String) -> Date? {
        let t = raw.trimmingCharacters(in: .whitespaces)
        let parts: [Int]
        let ymd: (Int, Int, Int)
        if t.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil {
            parts = t.split(separator: "-").compactMap { Int($0) }
            ymd = (parts[0], parts[1], parts[2])
        } else if t.range(of: #"^\d{1,2}\.\d{1,2}\.\d{4}$"#, options: .regularExpression) != nil {
            parts = t.split(separator: ".").compactMap { Int($0) }
            ymd = (parts[2], parts[1], parts[0])
        } else {
            return nil
        }
        let comps = DateComponents(year: ymd.0, month: ymd.1, day: ymd.2)
        guard comps.isValidDate(in: calendar), let date = calendar.date(from: comps) else { return nil }
        return date
    }

    public func isoDate(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// `23.11.2026`, as Norwegian letters write dates.
    public func norwegianDate(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%02d.%02d.%04d", c.day!, c.month!, c.year!)
    }

    /// `23.11.2026 kl. 14.05`.
    public func norwegianDateTime(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return norwegianDate(date) + String(format: " kl. %02d.%02d", c.hour!, c.minute!)
    }

    public func year(of date: Date) -> Int { calendar.component(.year, from: date) }

    /// The instant of a local time (minutes after midnight) on a day, or nil when that time
    /// does not exist there (the hour skipped when summer time begins).
    public func localTime(_ day: Date, minute: Int) -> Date? {
        let c = calendar.dateComponents([.year, .month, .day], from: day)
        var local = DateComponents(year: c.year, month: c.month, day: c.day, hour: minute / 60, minute: minute % 60)
        local.timeZone = calendar.timeZone
        guard let d = calendar.date(from: local), calendar.component(.hour, from: d) == (minute / 60) % 24 else {
            return nil
        }
        return d
    }

    public func dateComponents(_ date: Date) -> DateComponents {
        calendar.dateComponents([.year, .month, .day], from: date)
    }
}
