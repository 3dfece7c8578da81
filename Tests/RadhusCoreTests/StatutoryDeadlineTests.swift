import Foundation
import Testing

@testable import RadhusCore

/// Issue 24: a building permit's deadline in weeks across public holidays and pauses, and the
/// fee reduced for every week begun past it.
@Suite struct StatutoryDeadlineTests {
    static let cal = NorwegianCalendar()
    static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 12) -> Date {
        cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
    }
    static func day(_ d: Date) -> String { cal.isoDate(d) }

    /// Three weeks from an ordinary Thursday end on the Thursday three weeks on.
    @Test func threeWeeksEndOnTheSameWeekday() {
        let d = StatutoryDeadline(started: Self.oslo(2026, 1, 15), weeks: 3)
        #expect(Self.day(d.lastDay()) == "2026-02-05")
        #expect(Self.cal.norwegianDateTime(d.ends()) == "05.02.2026 kl. 23.59")
    }

    /// Complete on Thursday 12 March 2026: three weeks on is Maundy Thursday; Good Friday, the
    /// weekend and Easter Monday follow, so the deadline is Tuesday 7 April.
    @Test func aDeadlineOnEasterMovesToTheNextWorkingDay() {
        let d = StatutoryDeadline(started: Self.oslo(2026, 3, 12), weeks: 3)
        #expect(Self.day(d.lastDay()) == "2026-04-07")
    }

    /// Twelve weeks from Friday 2 October 2026 is Christmas Day: the deadline is Monday 28 December.
    @Test func twelveWeeksOverChristmas() {
        let d = StatutoryDeadline(started: Self.oslo(2026, 10, 2), weeks: 12)
        #expect(Self.day(d.lastDay()) == "2026-12-28")
    }

    /// The days the kommune waited are added before the move to a working day: three weeks
    /// from Thursday 5 March with a week's pause land on Maundy Thursday too.
    @Test func pausedDaysAreAddedThenTheDayIsMoved() {
        let requested = Self.oslo(2026, 3, 9, 9)
        let answered = Self.oslo(2026, 3, 16, 22)
        let paused = StatutoryDeadline.pausedDays(from: requested, to: answered)
        #expect(paused == 7)
        let d = StatutoryDeadline(started: Self.oslo(2026, 3, 5), weeks: 3, pausedDays: paused)
        #expect(Self.day(d.lastDay()) == "2026-04-07")
        // Asked and answered on one day: nothing paused, whatever the hours.
        #expect(StatutoryDeadline.pausedDays(from: Self.oslo(2026, 3, 9, 8), to: Self.oslo(2026, 3, 9, 23)) == 0)
    }

    /// Day counts follow Norwegian dates, not 24-hour spans, across the change to summer time
    /// (Sunday 29 March 2026).
    @Test func pausesCountDatesAcrossSummerTime() {
        #expect(StatutoryDeadline.pausedDays(from: Self.oslo(2026, 3, 28, 23), to: Self.oslo(2026, 3, 30, 0)) == 2)
    }

    @Test func lateDaysCountFromTheLastDay() {
        let d = StatutoryDeadline(started: Self.oslo(2026, 1, 15), weeks: 12)
        let last = d.lastDay()
        #expect(Self.day(last) == "2026-04-09")
        #expect(d.daysLate(decided: Self.oslo(2026, 4, 9, 23)) == 0)
        #expect(d.daysLate(decided: Self.oslo(2026, 4, 10, 0)) == 1)
        #expect(d.daysLate(decided: Self.oslo(2026, 4, 24, 9)) == 15)
        #expect(d.daysLate(decided: Self.oslo(2026, 3, 1)) == 0)
    }

    @Test func theFeeIsNotReducedAtExactlyTheDeadline() {
        let r = LateFeeReduction(fee: 14_500, daysLate: 0)
        #expect(r.startedWeeks == 0 && r.percent == 0 && r.due == 14_500 && r.reduction == 0)
    }

    @Test func oneDayLateIsOneWeekBegun() {
        let r = LateFeeReduction(fee: 14_500, daysLate: 1)
        #expect(r.startedWeeks == 1 && r.percent == 25)
        #expect(r.due == 10_875 && r.reduction == 3_625)
        #expect(LateFeeReduction(fee: 14_500, daysLate: 7).startedWeeks == 1)
        #expect(LateFeeReduction(fee: 14_500, daysLate: 8).startedWeeks == 2)
    }

    /// Two weeks and a day late: three weeks begun, 75 % off.
    @Test func twoWeeksAndADayLateTakesThreeQuartersOff() {
        let r = LateFeeReduction(fee: 14_500, daysLate: 15)
        #expect(r.startedWeeks == 3 && r.percent == 75)
        #expect(r.due == 3_625 && r.reduction == 10_875)
    }

    /// Four weeks begun or more: nothing to pay, and never less than nothing.
    @Test func fourWeeksOrMoreTakeTheWholeFeeAndNoMore() {
        for days in [22, 28, 29, 200, 10_000] {
            let r = LateFeeReduction(fee: 14_500, daysLate: days)
            #expect(r.percent == 100)
            #expect(r.due == 0 && r.reduction == 14_500)
        }
        #expect(LateFeeReduction(fee: -5, daysLate: 3).due == 0)
        // An odd fee: what is left rounds down, in the payer's favour, and the two add up.
        let odd = LateFeeReduction(fee: 1_001, daysLate: 1)
        #expect(odd.due == 750 && odd.reduction + odd.due == 1_001)
    }
}
