import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 22: booking a meeting on a case — the caseworker's hours make the slots, one slot
    /// is one booking however many try at once (both databases), the applicant may cancel up to
    /// the kommune's limit.
    @Suite struct MeetingBookingTests {
        static let cal = NorwegianCalendar()
        static func oslo(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 10, _ min: Int = 0) -> Date {
            cal.calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: min))!
        }

        /// Harstad's caseworker meets on weekdays 09:00–15:00 in half hours, by video or phone.
        static func publishHours(_ app: Application, now: Date) async throws -> UUID {
            let staff = try #require(
                try await StaffUser.query(on: app.db).filter(\.$username == "harstad.saksbehandler").first())
            let c = MeetingCalendar()
            c.municipalityID = staff.municipalityID
            c.staffID = try staff.requireID()
            c.hoursJSON = String(
                decoding: try JSONEncoder().encode(
                    (1...5).map { WeeklyHours(weekday: $0, startMinute: 9 * 60, endMinute: 15 * 60) }), as: UTF8.self)
            c.slotMinutes = 30
            c.kindsText = "video,telefon"
            c.closedDates = ""
            c.updatedAt = now
            try await c.create(on: app.db)
            return try staff.requireID()
        }

        @Test func fiftyParallelBookingsOfOneSlotMakeOneMeeting() async throws {
            // Tuesday 3 March 2026, 10:00: with a day's lead the first slot is Wednesday 10:00.
            let clock = ManualClock(Self.oslo(2026, 3, 3))
            try await withRadhus(clock: clock) { app in
                let staffID = try await Self.publishHours(app, now: clock.now())
                let citizen = WebClient(app)
                try await citizen.loginCitizen(People.ola)
                var ids: [UUID] = []
                for _ in 0..<50 { ids.append(try DialogueTests.caseID(try await citizen.applySkoleskyss())) }
                let record = try #require(try await CaseRecord.find(ids[0], on: app.db))
                let offers = try await MeetingService.offers(for: record, now: clock.now(), on: app.db)
                let slot = try #require(offers.first)
                #expect(slot.start == Self.oslo(2026, 3, 4, 10) && slot.staffIDs == [staffID])
                #expect(slot.kinds == [.video, .phone])
                // act: fifty bookings of the same slot at once, each on its own case
                let service = MeetingService(db: app.db, writer: app.writer, clock: app.clock)
                let ola = try Fodselsnummer(People.ola, policy: .synthetic)
                let booked = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for id in ids {
                        group.addTask {
                            if case .booked = try await service.book(
                                caseID: id, applicant: ola, start: slot.start, kind: .video)
                            {
                                return true
                            }
                            return false
                        }
                    }
                    var n = 0
                    for try await ok in group where ok { n += 1 }
                    return n
                }
                // check: one booking, in the database too; the slot is no longer offered
                #expect(booked == 1)
                let meetings = try await Meeting.query(on: app.db).filter(\.$status == "booket").all()
                #expect(meetings.count == 1 && meetings[0].startsAt == slot.start)
                let after = try await MeetingService.offers(for: record, now: clock.now(), on: app.db)
                #expect(after.first?.start == Self.oslo(2026, 3, 4, 10, 30))
                #expect(try await DialogueTests.events(app, meetings[0].caseID).contains("meeting_booked"))
                // a second meeting on the same case is refused; a kind not offered is no slot
                await #expect(throws: RadhusError.self) {
                    _ = try await service.book(
                        caseID: meetings[0].caseID, applicant: ola, start: after[0].start, kind: .video)
                }
                let other = try #require(ids.first { $0 != meetings[0].caseID })
                if case .booked = try await service.book(
                    caseID: other, applicant: ola, start: after[0].start, kind: .inPerson)
                {
                    Issue.record("a meeting in person was booked with a caseworker who meets by video and phone")
                }
                // another citizen cannot book on Ola's case
                let kari = try Fodselsnummer(People.ida, policy: .synthetic)
                await #expect(throws: RadhusError.self) {
                    _ = try await service.book(caseID: other, applicant: kari, start: after[0].start, kind: .video)
                }
                // cancelling: allowed a day ahead, then the slot is offered again; not within the limit
                try await service.cancel(meetingID: meetings[0].id!, caseID: meetings[0].caseID, applicant: ola)
                #expect(
                    try await MeetingService.offers(for: record, now: clock.now(), on: app.db).first?.start
                        == slot.start)
                guard
                    case .booked(let again) = try await service.book(
                        caseID: other, applicant: ola, start: slot.start, kind: .phone)
                else {
                    Issue.record("the freed slot could not be booked")
                    return
                }
                clock.set(Self.oslo(2026, 3, 3, 12))
                await #expect(throws: RadhusError.self) {
                    try await service.cancel(meetingID: again.id!, caseID: other, applicant: ola)
                }
            }
        }
    }
}

extension AppTests.MeetingBookingTests {
    /// The pages: the caseworker's hours (refused field by field, what was typed kept), the
    /// applicant's booking from the case (refused without a choice), the meeting on both case
    /// pages, and cancelling it.
    @Test func aCaseworkerPublishesHoursAndTheApplicantBooksAndCancelsFromTheCase() async throws {
        let clock = ManualClock(Self.oslo(2026, 3, 3))
        try await withRadhus(clock: clock) { app in
            let staff = WebClient(app)
            try await staff.loginStaff("harstad.saksbehandler")
            let page = try await staff.get(SiteURL.meetingHours().path)
            #expect(page.status == .ok && page.body.contains("Møtetider"))
            let bad = try await staff.post(
                SiteURL.meetingHours().path,
                ["fra-1": "9", "til-1": "15:00", "lengde": "30", "mate[]": "oppmote", "stengt": "32.13.2026"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Skriv tiden som tt:mm") && bad.body.contains("Skriv hvor oppmøtet er"))
            #expect(bad.body.contains("32.13.2026") && bad.body.contains("value=\"9\""))
            #expect(try await MeetingCalendar.query(on: app.db).count() == 0)
            let saved = try await staff.post(
                SiteURL.meetingHours().path,
                [
                    "fra-2": "09:00", "til-2": "11:00", "fra-3": "09:00", "til-3": "11:00", "lengde": "60",
                    "mate[]": "video", "stengt": "04.03.2026",
                ])
            #expect(saved.status == .seeOther)
            let c = try #require(try await MeetingCalendar.query(on: app.db).first())
            #expect(c.hours.count == 2 && c.slotMinutes == 60 && c.closed == ["2026-03-04"])
            // the applicant's case offers a meeting; Wednesday 4 March is closed, so Tuesday 10th
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ola)
            let caseID = try AppTests.DialogueTests.caseID(try await citizen.applySkoleskyss())
            let mine = try await citizen.get(SiteURL.myCase(caseID).path)
            #expect(mine.body.contains(SiteURL.myCaseMeeting(caseID).path))
            let booking = try await citizen.get(SiteURL.myCaseMeeting(caseID).path)
            let first = Self.oslo(2026, 3, 10, 9)
            #expect(booking.body.contains("value=\"\(MeetingBooking.value(first))\""))
            #expect(!booking.body.contains("04.03.2026"))
            let none = try await citizen.post(SiteURL.myCaseMeeting(caseID).path, ["mate": "video"])
            #expect(none.status == .unprocessableEntity && none.body.contains("Velg en tid."))
            let done = try await citizen.post(
                SiteURL.myCaseMeeting(caseID).path, ["tid": MeetingBooking.value(first), "mate": "video"])
            #expect(done.status == .seeOther && done.location == SiteURL.myCase(caseID, flash: .meetingBooked).path)
            let shown = try await citizen.get(SiteURL.myCase(caseID, flash: .meetingBooked).path)
            #expect(shown.body.contains("Møtet er avtalt.") && shown.body.contains("10.03.2026"))
            #expect(
                shown.body.contains(
                    SiteURL.myCaseMeeting(caseID, moving: try #require(try await Meeting.query(on: app.db).first()).id)
                        .path.replacingOccurrences(of: "?", with: "?")))
            let staffPage = try await staff.get(SiteURL.staffCase(caseID).path)
            #expect(staffPage.body.contains("10.03.2026") && staffPage.body.contains("Avtalt"))
            // the same time again, from another case: taken, and said so
            let other = try AppTests.DialogueTests.caseID(try await citizen.applySkoleskyss())
            try await citizen.get(SiteURL.myCaseMeeting(other).path)
            let taken = try await citizen.post(
                SiteURL.myCaseMeeting(other).path, ["tid": MeetingBooking.value(first), "mate": "video"])
            #expect(taken.status == .conflict && taken.body.contains("Tiden ble nettopp tatt"))
            // cancel
            let meeting = try #require(try await Meeting.query(on: app.db).first())
            try await citizen.get(SiteURL.myCase(caseID).path)
            let cancelled = try await citizen.post(
                SiteURL.cancelMeeting(case: caseID, meeting: meeting.id!).path, [:])
            #expect(cancelled.status == .seeOther)
            #expect(try await Meeting.find(meeting.id, on: app.db)?.meetingStatus == .cancelled)
            // another citizen cannot reach the booking page
            let ida = WebClient(app)
            try await ida.loginCitizen(People.ida)
            #expect(try await ida.get(SiteURL.myCaseMeeting(caseID).path).status == .notFound)
        }
    }
}

extension AppTests.MeetingBookingTests {
    /// The confirmation and the cancellation reach the inbox as letters; their e-mail notices
    /// carry the meeting as iCalendar — the same UID, REQUEST then CANCEL with a higher
    /// SEQUENCE, Oslo time on both sides of the end of summer time.
    @Test(.enabled(if: SMTPSink.available, SMTPSink.reason))
    func theNoticesCarryTheMeetingAsICalendar() async throws {
        let sink = try SMTPSink()
        // Thursday 22 October 2026: the first slot a day ahead is Friday 23rd (summer time);
        // the one after the weekend, Monday 26th, is in winter time.
        let clock = ManualClock(Self.oslo(2026, 10, 22, 10))
        try await withRadhus(clock: clock, tweak: { $0.smtpURL = "smtp://127.0.0.1:\(sink.port)" }) { app in
            _ = try await Self.publishHours(app, now: clock.now())
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ola)
            let caseID = try AppTests.DialogueTests.caseID(try await citizen.applySkoleskyss())
            let service = MeetingService(db: app.db, writer: app.writer, clock: app.clock)
            let ola = try Fodselsnummer(People.ola, policy: .synthetic)
            let monday = Self.oslo(2026, 10, 26, 9)
            guard
                case .booked(let m) = try await service.book(
                    caseID: caseID, applicant: ola, start: monday, kind: .video)
            else {
                Issue.record("not booked")
                return
            }
            try await Dispatcher(app: app).drain()
            // moved half an hour later: the same meeting, one higher
            guard
                case .booked(let moved) = try await service.book(
                    caseID: caseID, applicant: ola, start: monday.addingTimeInterval(1800), kind: .phone, moving: m.id)
            else {
                Issue.record("not moved")
                return
            }
            #expect(moved.id == m.id && moved.sequence == 1)
            #expect(try await Meeting.query(on: app.db).count() == 1)
            try await Dispatcher(app: app).drain()
            try await service.cancel(meetingID: m.id!, caseID: caseID, applicant: ola)
            try await Dispatcher(app: app).drain()
            let letters = try await LetterRecord.query(on: app.db).filter(\.$meetingID == m.id).sort(\.$createdAt).all()
            let record = try #require(try await CaseRecord.find(caseID, on: app.db))
            #expect(
                letters.map(\.title) == [
                    "Bekreftelse på møte i sak \(record.saksnummer)", "Møtet i sak \(record.saksnummer) er flyttet",
                    "Møtet i sak \(record.saksnummer) er avlyst",
                ])
            #expect(
                try await AppTests.DialogueTests.events(app, caseID).filter { $0.hasPrefix("meeting") } == [
                    "meeting_booked", "meeting_moved", "meeting_cancelled",
                ])
            #expect(letters.first?.body.contains("26.10.2026") == true)
            let calendars = sink.messages().compactMap { SMTPSink.attachment("mote.ics", in: $0) }
                .map { String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "") }
            #expect(calendars.count == 3, "\(sink.messages().count) mails")
            guard calendars.count == 3 else { return }
            let uid = "UID:\(m.id!.uuidString.lowercased())@radhus.5503.kommune"
            #expect(calendars.allSatisfy { $0.contains(uid) })
            #expect(calendars[0].contains("DTSTART;TZID=Europe/Oslo:20261026T090000"))
            #expect(calendars[0].contains("METHOD:REQUEST") && calendars[0].contains("SEQUENCE:0"))
            #expect(calendars[1].contains("DTSTART;TZID=Europe/Oslo:20261026T093000"))
            #expect(calendars[1].contains("METHOD:REQUEST") && calendars[1].contains("SEQUENCE:1"))
            #expect(calendars[2].contains("METHOD:CANCEL") && calendars[2].contains("SEQUENCE:2"))
        }
    }
}

extension AppTests.MeetingBookingTests {
    /// A leader sets the kommune's limits; a caseworker may not; a wrong number is refused at its
    /// field; the limits apply to the slots offered.
    @Test func aLeaderSetsTheKommunesMeetingRules() async throws {
        let clock = ManualClock(Self.oslo(2026, 3, 3))
        try await withRadhus(clock: clock) { app in
            _ = try await Self.publishHours(app, now: clock.now())
            let caseworker = WebClient(app)
            try await caseworker.loginStaff("harstad.saksbehandler")
            let page = try await caseworker.get(SiteURL.meetingHours().path)
            #expect(!page.body.contains("endringsgrense"), "a caseworker is not shown the kommune's rules")
            #expect(
                try await caseworker.post(SiteURL.meetingRules.path, ["endringsgrense": "1", "varsel": "1"]).status
                    == .forbidden)
            let leader = WebClient(app)
            try await leader.loginStaff("harstad.leder")
            try await leader.get(SiteURL.meetingHours().path)
            let bad = try await leader.post(SiteURL.meetingRules.path, ["endringsgrense": "to", "varsel": "200"])
            #expect(bad.status == .unprocessableEntity && bad.body.contains("Skriv et helt antall timer"))
            #expect(bad.body.contains("value=\"to\"") && bad.body.contains("value=\"200\""))
            let ok = try await leader.post(SiteURL.meetingRules.path, ["endringsgrense": "48", "varsel": "2"])
            #expect(ok.status == .seeOther)
            let s = try #require(try await MeetingSettings.query(on: app.db).first())
            #expect(s.changeLimitHours == 48 && s.leadHours == 2)
            // with two hours' notice, Tuesday 12:00 is the first slot (10:00 now)
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ola)
            let caseID = try AppTests.DialogueTests.caseID(try await citizen.applySkoleskyss())
            let record = try #require(try await CaseRecord.find(caseID, on: app.db))
            #expect(
                try await MeetingService.offers(for: record, now: clock.now(), on: app.db).first?.start
                    == Self.oslo(2026, 3, 3, 12))
        }
    }
}
