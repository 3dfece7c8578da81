import Foundation
import Testing

@testable import RadhusCore

@Suite("Dispatch: status path, backoff and the print fallback")
struct DispatchTests {
    let cal = NorwegianCalendar()

    func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ min: Int = 0) -> Date {
        cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
    }

    @Test("Unread letter goes to print after 2 working days, across Easter")
    func easter() {
        let policy = DispatchPolicy(printAfterWorkingDays: 2)
        // Easter Sunday 2026 is 5 April: Maundy Thursday 2, Good Friday 3 and Easter Monday 6 April are holidays.
        #expect(NorwegianCalendar.easterSunday(year: 2026) == (4, 5))
        let due = policy.printDue(deliveredAt: oslo(2026, 4, 1, 14, 30))
        // Working days after Wednesday 1 April: Tuesday 7 (1), Wednesday 8 (2): print from Thursday 9 April.
        #expect(due == oslo(2026, 4, 9))
        // Delivered on Maundy Thursday itself: Tue 7, Wed 8 → Thu 9 as well.
        #expect(policy.printDue(deliveredAt: oslo(2026, 4, 2, 9)) == oslo(2026, 4, 9))
        // The day before: not yet.
        #expect(policy.printDue(deliveredAt: oslo(2026, 4, 1, 14, 30)) > oslo(2026, 4, 8, 23, 59))
    }

    @Test("Unread letter goes to print after 2 working days, across 17 May and Ascension")
    func seventeenthOfMay() {
        let policy = DispatchPolicy(printAfterWorkingDays: 2)
        // 17 May 2028 is a Wednesday: Thursday 18 (1), Friday 19 (2): print from Saturday 20 May.
        #expect(policy.printDue(deliveredAt: oslo(2028, 5, 16, 16)) == oslo(2028, 5, 20))
        // Ascension 2028 is Thursday 25 May (Easter 16 April + 39): Wednesday 24 → Friday 26 (1), Monday 29 (2) → Tuesday 30.
        #expect(policy.printDue(deliveredAt: oslo(2028, 5, 24, 10)) == oslo(2028, 5, 30))
        // An ordinary week: Monday → Tuesday (1), Wednesday (2) → Thursday.
        #expect(policy.printDue(deliveredAt: oslo(2028, 6, 5, 8)) == oslo(2028, 6, 8))
        // A kommune that waits 5 working days, over a weekend.
        #expect(
            DispatchPolicy(printAfterWorkingDays: 5).printDue(deliveredAt: oslo(2028, 6, 9, 8)) == oslo(2028, 6, 17))
    }

    @Test("Backoff doubles up to the cap, and retries stop after four hours")
    func backoff() {
        let p = DispatchPolicy(initialBackoff: 30, maxBackoff: 900)
        #expect(p.backoff(afterFailures: 1) == 30)
        #expect(p.backoff(afterFailures: 2) == 60)
        #expect(p.backoff(afterFailures: 6) == 900)
        #expect(p.backoff(afterFailures: 60) == 900)
        #expect(abs(p.backoff(afterFailures: 1, jitter: 0.5) - 33) < 0.001)
        let start = oslo(2026, 3, 2, 8)
        #expect(p.shouldRetry(firstFailure: start, now: start.addingTimeInterval(4 * 3600 - 1)))
        #expect(!p.shouldRetry(firstFailure: start, now: start.addingTimeInterval(4 * 3600 + 61)))
    }

    @Test("Status path as in SvarUt")
    func statusPath() {
        #expect(ShipmentStatus.mottatt.canMove(to: .akseptert))
        #expect(ShipmentStatus.akseptert.canMove(to: .varslet))
        #expect(ShipmentStatus.varslet.canMove(to: .lest))
        #expect(ShipmentStatus.varslet.canMove(to: .sendtPrint))
        #expect(ShipmentStatus.sendtPrint.canMove(to: .printet))
        #expect(!ShipmentStatus.printet.canMove(to: .sendtPrint))
        #expect(!ShipmentStatus.lest.canMove(to: .sendtPrint))
        #expect(!ShipmentStatus.sendtPrint.canBeStopped)
        #expect(ShipmentStatus.varslet.canBeStopped)
        #expect(
            DispatchKey.messageID(
                shipment: UUID(uuidString: "00000000-0000-0000-0000-0000000000AB")!, step: .notify,
                domain: "radhus.test")
                == "<00000000-0000-0000-0000-0000000000ab.notify@radhus.test>")
    }
}
