import Foundation

/// A deadline set by law in weeks, counted as the law counts it (issue 24): from the day the
/// application was complete, not the day it was sent (plan- og bygningsloven § 21-7,
/// byggesaksforskriften § 7-2), with the days the kommune waited for the applicant added, and
/// ended as domstolloven §§ 148–149 end a deadline in weeks — on the day of the last week that
/// has the same name as the day it began, moved to the next working day when that is a Saturday,
/// Sunday or public holiday. It runs out at the end of that day (23:59:59, Norwegian time).
public struct StatutoryDeadline: Sendable, Hashable, Codable {
    /// The day the application was complete (the deadline runs from it).
    public var started: Date
    public var weeks: Int
    /// Whole days the deadline stood still (the kommune waited for the applicant).
    public var pausedDays: Int

    public init(started: Date, weeks: Int, pausedDays: Int = 0) {
        self.started = started
        self.weeks = weeks
        self.pausedDays = pausedDays
    }

    /// The last day (its start, Norwegian time) the kommune can decide within the deadline.
    public func lastDay(calendar cal: NorwegianCalendar = .init()) -> Date {
        cal.workingDay(onOrAfter: cal.addingCalendarDays(weeks * 7 + max(0, pausedDays), to: cal.startOfDay(started)))
    }

    /// The deadline's last moment: the end of its last day.
    public func ends(calendar cal: NorwegianCalendar = .init()) -> Date {
        cal.endOfDay(lastDay(calendar: cal))
    }

    /// The whole days between the day a wait began and the day it ended: a request sent and
    /// answered on one day pauses nothing; sent on Monday and answered on Thursday, three days.
    public static func pausedDays(from: Date, to: Date, calendar cal: NorwegianCalendar = .init()) -> Int {
        max(0, cal.calendar.dateComponents([.day], from: cal.startOfDay(from), to: cal.startOfDay(to)).day ?? 0)
    }

    /// How many days after the last day a decision made at `decided` is (0: in time).
    public func daysLate(decided: Date, calendar cal: NorwegianCalendar = .init()) -> Int {
        Self.pausedDays(from: lastDay(calendar: cal), to: decided, calendar: cal)
    }
}

/// A fee reduced because the kommune decided late: byggesaksforskriften § 7-6 takes 25 % off
/// for every week, begun, past the deadline — decided on the last day, nothing; one day after,
/// one week begun; four weeks begun or more, the whole fee. Kroner, never below zero.
public struct LateFeeReduction: Sendable, Hashable, Codable {
    public var fee: Int
    public var daysLate: Int
    public var percentPerStartedWeek: Int

    public init(fee: Int, daysLate: Int, percentPerStartedWeek: Int = 25) {
        self.fee = max(0, fee)
        self.daysLate = max(0, daysLate)
        self.percentPerStartedWeek = max(0, percentPerStartedWeek)
    }

    /// Weeks begun past the deadline: 1 to 7 days late is one, 8 to 14 two.
    public var startedWeeks: Int { (daysLate + 6) / 7 }

    /// The share taken off, in percent, at most 100.
    public var percent: Int { min(100, startedWeeks * percentPerStartedWeek) }

    /// Kroner taken off: what `due` leaves of the fee, so `reduction + due == fee`.
    public var reduction: Int { fee - due }

    /// What is left to pay, in whole kroner rounded down (in the payer's favour), never below zero.
    public var due: Int { max(0, fee * (100 - percent) / 100) }

    /// What a decision with a fee stores beside its outcome, for its letter (`{{gebyr_a_betale}}`),
    /// the API and the archive: the fee by the table, the share and kroner taken off, what is left.
    public var decisionValues: [String: String] {
        [
            "gebyr": String(fee), "gebyr_reduksjon_prosent": String(percent), "gebyr_reduksjon": String(reduction),
            "gebyr_a_betale": String(due),
        ]
    }
}
