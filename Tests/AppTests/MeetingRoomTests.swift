import Fluent
import Foundation
import RadhusCore
import SQLKit
import Testing
import VaporTesting

@testable import App

extension AppTests {
    /// Issue 22 continued: who may enter the video room and when, the caseworker proposing a
    /// meeting, guests by e-mail, the reminder the day before, and the minutes on record.
    @Suite struct MeetingRoomTests {
        typealias B = MeetingBookingTests

        /// Ola's case with a video meeting Wednesday 4 March 2026 at 10:00 (booked Tuesday).
        static func bookedVideo(_ app: Application, clock: ManualClock) async throws -> (UUID, Meeting, WebClient) {
            _ = try await B.publishHours(app, now: clock.now())
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ola)
            let caseID = try DialogueTests.caseID(try await citizen.applySkoleskyss())
            let service = MeetingService(db: app.db, writer: app.writer, clock: app.clock)
            guard
                case .booked(let m) = try await service.book(
                    caseID: caseID, applicant: try Fodselsnummer(People.ola, policy: .synthetic),
                    start: B.oslo(2026, 3, 4, 10), kind: .video)
            else { throw RadhusError.localized(.conflict, ErrorMessages.meetingNotFound) }
            return (caseID, m, citizen)
        }

        @Test func onlyTheCasesPartiesEnterTheRoomAndOnlyAroundItsTime() async throws {
            let clock = ManualClock(B.oslo(2026, 3, 3))
            try await withRadhus(clock: clock) { app in
                let (caseID, m, citizen) = try await Self.bookedVideo(app, clock: clock)
                let room = SiteURL.meetingRoom(m.id!).path
                let socket = SiteURL.meetingRoomSocket(m.id!).path
                let origin: HTTPHeaders = ["Origin": "http://localhost", "Host": "localhost"]
                // a day early: the page says when it opens, the socket refuses
                let early = try await citizen.get(room)
                #expect(early.status == .ok && early.body.contains("Møterommet åpner 15 minutter før møtet"))
                #expect(!early.body.contains("id=\"join\""))
                #expect(try await citizen.send(.GET, socket, body: nil, extraHeaders: origin).status == .forbidden)
                // five minutes before: open to the applicant, with the room's own headers
                clock.set(B.oslo(2026, 3, 4, 9, 55))
                try await citizen.loginCitizen(People.ola)
                let open = try await citizen.get(room)
                #expect(open.status == .ok && open.body.contains("id=\"join\""))
                #expect(open.body.contains(SiteURL.roomScript.path) && !open.body.contains("<script>"))
                #expect(open.headers.first(name: "Permissions-Policy")?.contains("camera=(self)") == true)
                #expect(open.headers.first(name: "Content-Security-Policy")?.contains("connect-src 'self'") == true)
                let casePage = try await citizen.get(SiteURL.myCase(caseID).path)
                #expect(casePage.headers.first(name: "Permissions-Policy")?.contains("camera=()") == true)
                #expect(casePage.body.contains(room))
                // the socket: not without this site's Origin, and not for a stranger
                #expect(try await citizen.send(.GET, socket, body: nil).status == .forbidden)
                #expect(
                    try await citizen.send(
                        .GET, socket, body: nil, extraHeaders: ["Origin": "https://evil.example", "Host": "localhost"]
                    ).status == .forbidden)
                let ida = WebClient(app)
                try await ida.loginCitizen(People.ida)
                #expect(try await ida.get(room).status == .notFound)
                #expect(try await ida.send(.GET, socket, body: nil, extraHeaders: origin).status == .notFound)
                let nobody = WebClient(app)
                #expect(try await nobody.get(room).status == .seeOther)
                #expect(try await nobody.send(.GET, socket, body: nil, extraHeaders: origin).status == .notFound)
                #expect(
                    try await nobody.get(SiteURL.guestRoom(String(repeating: "x", count: 43)).path).status == .notFound)
                // staff: the caseworker hosts (and it is in the access log); another kommune's staff cannot
                let staff = WebClient(app)
                try await staff.loginStaff("harstad.saksbehandler")
                #expect(try await staff.get(room).status == .ok)
                #expect(
                    try await AccessLogEntry.query(on: app.db).filter(\.$action == "meeting_room").filter(
                        \.$caseID == caseID
                    ).count() == 1)
                let other = WebClient(app)
                try await other.loginStaff("kristiansand.saksbehandler")
                #expect(try await other.get(room).status == .notFound)
                // an hour after its end the room is closed
                clock.set(B.oslo(2026, 3, 4, 11, 31))
                try await citizen.loginCitizen(People.ola)
                let closed = try await citizen.get(room)
                #expect(closed.body.contains("Møtet er over") && !closed.body.contains("id=\"join\""))
                #expect(try await citizen.send(.GET, socket, body: nil, extraHeaders: origin).status == .forbidden)
            }
        }

        @Test func theRoomLetsTheHostAdmitAndCountsTheSpanHeld() {
            var room = MeetingRoomState()
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(room.join(.init(id: "a", name: "Søkeren", role: .party), at: t0) == (.waiting, false))
            #expect(!room.maySend(from: "a", to: nil))
            #expect(room.admit("a", by: "a", at: t0) == nil)  // not a host
            #expect(room.join(.init(id: "h", name: "Hanne", role: .host), at: t0) == (.admitted, false))
            #expect(!room.maySend(from: "h", to: "a"))  // a waits: nothing reaches them yet
            let admitted = room.admit("a", by: "h", at: t0.addingTimeInterval(60))
            #expect(admitted?.started == true && room.startedAt == t0.addingTimeInterval(60))
            #expect(room.maySend(from: "h", to: "a") && !room.maySend(from: "a", to: "a"))
            #expect(room.leave("h", at: t0.addingTimeInterval(600)) == nil)  // a is still in
            let held = room.leave("a", at: t0.addingTimeInterval(60 + 25 * 60))
            #expect(held?.minutes == 25 && held?.attendees == ["Søkeren", "Hanne"])
            #expect(room.isEmpty && room.startedAt == nil)
            for i in 0..<MeetingRoomState.capacity {
                _ = room.join(.init(id: "\(i)", name: "G\(i)", role: .guest), at: t0)
            }
            #expect(room.join(.init(id: "x", name: "X", role: .host), at: t0).0 == .full)
            #expect(
                RoomChat.clean("  hei  ") == "hei" && RoomChat.clean("a\u{1B}b") == nil && RoomChat.clean("") == nil)
            #expect(RoomChat.clean("a\nb") == nil && RoomChat.clean(String(repeating: "x", count: 1001)) == nil)
        }

        /// coturn's REST scheme: the same secret and username give the password coturn computes
        /// (HMAC-SHA1, base64; the vector computed with Python's hmac module).
        @Test func turnCredentialsAreCoturnsTimeLimitedOnes() throws {
            let c = IceSettings.credential(
                secret: "browser-suite-turn-secret", expires: Date(timeIntervalSince1970: 1_800_000_000), name: "abc")
            #expect(c.username == "1800000000:abc")
            #expect(c.password == "4uKft2Nj+/lg6A8DV7Pfw6c6O3Y=")
            var ice = try IceSettings(env: [
                "RADHUS_TURN_URLS":
                    "turn:turn.harstad.kommune.no:3478?transport=udp,turns:turn.harstad.kommune.no:5349",
                "RADHUS_TURN_SECRET": "0123456789abcdef0123", "RADHUS_STUN_URLS": "stun:turn.harstad.kommune.no:3478",
            ])
            #expect(ice.relayAvailable)
            let servers = ice.servers(for: "p1", now: Date(timeIntervalSince1970: 1_000))
            #expect(servers.count == 2 && servers[0].username == nil)
            #expect(servers[1].username == "\(1_000 + 4 * 3600):p1" && servers[1].credential != nil)
            #expect(throws: RadhusConfig.Problem.self) { try IceSettings(env: ["RADHUS_TURN_URLS": "turn:x"]) }
            #expect(throws: RadhusConfig.Problem.self) {
                try IceSettings(env: ["RADHUS_TURN_URLS": "http://x", "RADHUS_TURN_SECRET": "0123456789abcdef0123"])
            }
            ice = IceSettings()
            #expect(!ice.relayAvailable && ice.servers(for: "p", now: Date()).isEmpty)
        }
    }
}

extension AppTests.MeetingRoomTests {
    /// The caseworker proposes a meeting from the case page (refused field by field, what was
    /// typed kept), invites a guest by e-mail with a personal link, and after the meeting writes
    /// the minutes, which the registrar journals as a note (N) with the participants.
    @Test(.enabled(if: SMTPSink.available, SMTPSink.reason))
    func theCaseworkerProposesInvitesAGuestAndWritesTheMinutes() async throws {
        let sink = try SMTPSink()
        let clock = ManualClock(B.oslo(2026, 3, 3))
        try await withRadhus(
            clock: clock,
            tweak: {
                $0.smtpURL = "smtp://127.0.0.1:\(sink.port)"
                $0.publicURL = "https://radhus.example"
            }
        ) { app in
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ola)
            let caseID = try AppTests.DialogueTests.caseID(try await citizen.applySkoleskyss())
            let staff = WebClient(app)
            try await staff.loginStaff("harstad.saksbehandler")
            let page = try await staff.get(SiteURL.staffCase(caseID).path)
            #expect(page.body.contains("Foreslå et møte"))
            let propose = SiteURL.proposeMeeting(caseID).path
            let bad = try await staff.post(
                propose, ["dato": "31.02.2026", "klokken": "25:00", "lengde": "30", "mate": "oppmote", "adresse": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(
                bad.body.contains("Skriv datoen som dd.mm.åååå") && bad.body.contains("Skriv klokkeslettet som tt:mm"))
            #expect(bad.body.contains("Skriv adressen for oppmøte") && bad.body.contains("value=\"31.02.2026\""))
            let past = try await staff.post(
                propose, ["dato": "02.03.2026", "klokken": "10:00", "lengde": "30", "mate": "video"])
            #expect(past.status == .unprocessableEntity && past.body.contains("Tiden har allerede vært"))
            #expect(try await Meeting.query(on: app.db).count() == 0)
            let ok = try await staff.post(
                propose, ["dato": "05.03.2026", "klokken": "13:15", "lengde": "45", "mate": "video"])
            #expect(ok.status == .seeOther)
            let m = try #require(try await Meeting.query(on: app.db).first())
            #expect(
                m.startsAt == B.oslo(2026, 3, 5, 13, 15) && m.endsAt == B.oslo(2026, 3, 5, 14) && m.bookedBy == "staff")
            let overlap = try await staff.post(
                propose, ["dato": "05.03.2026", "klokken": "13:30", "lengde": "30", "mate": "telefon"])
            #expect(
                overlap.status == .unprocessableEntity && overlap.body.contains("Du har et annet møte på den tiden"))
            let letter = try #require(try await LetterRecord.query(on: app.db).filter(\.$meetingID == m.id).first())
            #expect(letter.title.hasPrefix("Forslag til møte i sak") && letter.body.contains("05.03.2026 kl. 13.15"))
            // a guest: the address refused at its field, then invited; the link's token is not stored
            let invite = SiteURL.inviteGuest(case: caseID, meeting: m.id!).path
            let refused = try await staff.post(invite, ["gjest-navn": "Arkitekt Aas", "gjest-epost": "aas"])
            #expect(refused.status == .unprocessableEntity && refused.body.contains("Skriv en e-postadresse"))
            #expect(refused.body.contains("value=\"Arkitekt Aas\""))
            let invited = try await staff.post(
                invite, ["gjest-navn": "Arkitekt Aas", "gjest-epost": "aas@eksempel.no"])
            #expect(invited.status == .seeOther)
            let mail = try #require(
                sink.messages().first { $0.contains("To: aas@eksempel.no") || $0.contains("To: <aas@eksempel.no>") })
            let unfolded = Self.text(of: mail)
            let link = try #require(
                unfolded.range(of: #"https://radhus\.example/gjest/[A-Za-z0-9_-]+"#, options: .regularExpression).map {
                    String(unfolded[$0])
                })
            let token = String(link.split(separator: "/").last!)
            let guest = try #require(try await MeetingGuest.query(on: app.db).first())
            #expect(guest.tokenSHA256 == APIClients.digest(token) && guest.tokenSHA256 != token)
            let ics = String(decoding: try #require(SMTPSink.attachment("mote.ics", in: mail)), as: UTF8.self)
            #expect(
                ics.contains("METHOD:REQUEST") && ics.contains("\(m.id!.uuidString.lowercased())@radhus.5503.kommune"))
            // the guest's link opens the room's page in its time, and the case page lists them
            clock.set(B.oslo(2026, 3, 5, 13, 5))
            let guestPage = try await WebClient(app).get(SiteURL.guestRoom(token).path)
            #expect(guestPage.status == .ok && guestPage.body.contains("id=\"join\""))
            #expect(guestPage.body.contains(SiteURL.guestRoomSocket(token).path))
            try await staff.loginStaff("harstad.saksbehandler")
            #expect(try await staff.get(SiteURL.staffCase(caseID).path).body.contains("Gjester: Arkitekt Aas"))
            // the minutes: refused empty, then written; journaled as N with the participants
            clock.set(B.oslo(2026, 3, 5, 14, 5))
            try await staff.loginStaff("harstad.saksbehandler")
            try await staff.get(SiteURL.staffCase(caseID).path)
            let minutesPath = SiteURL.meetingMinutes(case: caseID, meeting: m.id!).path
            let empty = try await staff.post(
                minutesPath, ["referat": " ", "deltakere": "Hanne Hansen", "varighet": ""])
            #expect(empty.status == .unprocessableEntity && empty.body.contains("Skriv referatet."))
            #expect(empty.body.contains("Skriv varigheten"))  // a phone-less room measured nothing
            let written = try await staff.post(
                minutesPath,
                [
                    "referat": "Gikk gjennom skoleveien.", "deltakere": "Hanne Hansen\nSøkeren\nArkitekt Aas",
                    "varighet": "40",
                ])
            #expect(written.status == .seeOther)
            let held = try #require(try await Meeting.find(m.id, on: app.db))
            #expect(held.meetingStatus == .held && held.heldMinutes == 40)
            try await JournalRegistrar(app: app).registerPending()
            let note = try #require(
                try await JournalEntry.query(on: app.db).filter(\.$caseID == caseID).filter(\.$type == "N").first())
            #expect(note.title == "Møtereferat" && note.correspondent.hasPrefix("Møtedeltakere"))
            let doc = try #require(
                try await JournalDocument.query(on: app.db).filter(\.$journalEntryID == note.id!).first())
            let text = String(decoding: doc.content, as: UTF8.self)
            #expect(text.contains("Deltakere: Hanne Hansen, Søkeren, Arkitekt Aas") && text.contains("40 minutter"))
            let events = try await AppTests.DialogueTests.events(app, caseID).filter { $0.hasPrefix("meeting") }
            #expect(events == ["meeting_proposed", "meeting_guest_invited", "meeting_held", "meeting_minutes"])
            // the applicant never sees the minutes
            try await citizen.loginCitizen(People.ola)
            #expect(!(try await citizen.get(SiteURL.myCase(caseID).path).body.contains("Gikk gjennom skoleveien")))
            // the gains: a leader sets the distance from 9405 (refused field by field first), and the
            // report counts the meeting and prices the trip it saved: 2 × 12 km, 2 × 15 min
            let leader = WebClient(app)
            try await leader.loginStaff("harstad.leder")
            let rulesPage = try await leader.get(SiteURL.meetingHours().path)
            #expect(rulesPage.body.contains("Reise spart ved videomøter") && rulesPage.body.contains("value=\"3,5\""))
            var rules = [
                "endringsgrense": "24", "varsel": "24", "paminnelse": "24", "reise-km": "15", "reise-minutter": "20",
                "kr-km": "3,50", "kr-time": "250", "co2": "120", "avstander": "9405 12\n",
            ]
            rules["kr-km"] = "-1"
            let wrong = try await leader.post(SiteURL.meetingRules.path, rules)
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("Linje 1 er ikke"))
            #expect(wrong.body.contains("Skriv et tall fra 0 til 1000") && wrong.body.contains("value=\"-1\""))
            rules["kr-km"] = "3,50"
            rules["avstander"] = "9405 12 15\n9411 42 45"
            #expect(try await leader.post(SiteURL.meetingRules.path, rules).status == .seeOther)
            let staffContext = try await AppTests.PageModelTests.staff(app, "harstad.leder")
            let figures = try await Report.MeetingFigures.query(
                staff: staffContext, period: .month(2026, 3), on: app.db)
            #expect(figures.byKind.first { $0.kind == .video }.map { [$0.booked, $0.held] } == [1, 1])
            #expect(figures.travel.meetings == 1 && figures.travel.byDistance == 1)
            #expect(figures.travel.km == 24 && figures.travel.hours == 0.5)
            #expect(abs(figures.travel.cost - 209) < 0.001 && abs(figures.travel.co2Kg - 2.88) < 0.001)
            let report = try await leader.get(SiteURL.report().path + "?periode=2026-03")
            #expect(report.body.contains("Møter med innbyggere") && report.body.contains("209 kr"))
        }
    }

    /// A multipart message's text part, decoded.
    static func text(of message: String) -> String {
        let normalized = message.replacingOccurrences(of: "\r\n", with: "\n")
        guard let typed = normalized.range(of: "Content-Type: text/plain"),
            let start = normalized.range(of: "\n\n", range: typed.upperBound..<normalized.endIndex)
        else { return "" }
        let end = normalized.range(of: "\n--", range: start.upperBound..<normalized.endIndex)?.lowerBound
        let b64 = normalized[start.upperBound..<(end ?? normalized.endIndex)].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(b64)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The reminder goes once, the kommune's notice before the meeting (24 hours by default),
    /// as a digital letter whose notice carries the meeting; none for a meeting booked inside it.
    @Test func theReminderGoesOnceTheDayBefore() async throws {
        let clock = ManualClock(B.oslo(2026, 3, 2, 9))
        try await withRadhus(clock: clock) { app in
            let (caseID, m, _) = try await Self.bookedVideo(app, clock: clock)
            let service = MeetingService(db: app.db, writer: app.writer, clock: app.clock)
            #expect(try await service.sendReminders(batch: 10) == 0)  // two days ahead: not yet
            clock.set(B.oslo(2026, 3, 3, 10, 30))
            #expect(try await service.sendReminders(batch: 10) == 1)
            #expect(try await service.sendReminders(batch: 10) == 0)
            let reminders = try await LetterRecord.query(on: app.db).filter(\.$meetingID == m.id)
                .filter(\.$title ~~ "Påminnelse").all()
            #expect(reminders.count == 1 && reminders[0].body.contains("04.03.2026 kl. 10.00"))
            #expect(try await AppTests.DialogueTests.events(app, caseID).contains("meeting_reminded"))
            // booked within the notice: the confirmation is enough
            let citizen = WebClient(app)
            try await citizen.loginCitizen(People.ola)
            let other = try AppTests.DialogueTests.caseID(try await citizen.applySkoleskyss())
            guard
                case .booked(let late) = try await service.book(
                    caseID: other, applicant: try Fodselsnummer(People.ola, policy: .synthetic),
                    start: B.oslo(2026, 3, 4, 10, 30), kind: .phone)
            else {
                Issue.record("not booked")
                return
            }
            #expect(try await service.sendReminders(batch: 10) == 1)
            #expect(try await LetterRecord.query(on: app.db).filter(\.$meetingID == late.id).count() == 1)
            #expect(try await Meeting.find(late.id, on: app.db)?.remindedAt != nil)
        }
    }
}
