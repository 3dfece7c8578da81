import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// The caseworker's side of meetings (issue 22): proposing a meeting, inviting guests from
/// outside the case, cancelling, writing the minutes; and the reminders the day before.
extension MeetingService {
    typealias Refused = FieldsRefused

    /// A proposal's checked values.
    struct Proposal: Sendable {
        var start: Date
        var minutes: Int
        var kind: MeetingKind
        var address: String?
    }

    /// Reads the proposal form: a date (`dd.mm.åååå`), a time (`tt:mm`, Norwegian time), a
    /// length, how, and an address when in person. Nil with the problems when refused.
    static func checkProposal(_ v: [String: String], now: Date, t: Strings) -> Result<Proposal, Refused> {
        var problems: [String: String] = [:]
        let cal = NorwegianCalendar()
        let date = cal.parseDate(v["dato"] ?? "")
        let clock = MeetingSlots.minutes(v["klokken"] ?? "")
        if date == nil { problems["dato"] = t.meetingDateFormat }
        if clock == nil { problems["klokken"] = t.meetingTimeFormat }
        let minutes = Int(v["lengde"] ?? "").flatMap { [15, 30, 45, 60, 90].contains($0) ? $0 : nil }
        if minutes == nil { problems["lengde"] = t.chooseALength }
        let kind = v["mate"].flatMap(MeetingKind.init(rawValue:))
        if kind == nil { problems["mate"] = t.chooseAKind }
        let address = (v["adresse"] ?? "").trimmingCharacters(in: .whitespaces)
        if kind == .inPerson && address.isEmpty { problems["adresse"] = t.meetingAddressNeeded }
        if address.count > 200 {
            problems["adresse"] = t.atMostCharacters(t.meetingAddress, 200)
        } else if let c = PlainText.refused(in: address) {
            problems["adresse"] = t.invisibleCharacter(c, in: t.meetingAddress)
        }
        var start: Date?
        if let date, let clock {
            start = cal.localTime(date, minute: clock)
            if start == nil {
                problems["klokken"] = t.meetingTimeMissing
            } else if start! <= now {
                problems["dato"] = t.meetingInThePast
            } else if start!.timeIntervalSince(now) > 366 * 86_400 {
                problems["dato"] = t.meetingTooFar
            }
        }
        guard problems.isEmpty, let start, let minutes, let kind else { return .failure(Refused(problems: problems)) }
        return .success(
            Proposal(start: start, minutes: minutes, kind: kind, address: kind == .inPerson ? address : nil))
    }

    /// The caseworker books a meeting on the applicant's behalf: the applicant is told in a
    /// letter (with the calendar invitation) and may move or cancel it like one they booked.
    /// Refused at the time when it overlaps another meeting of theirs.
    func propose(_ p: Proposal, caseID: UUID, by staff: StaffContext, t: Strings) async throws -> Meeting {
        let clock = self.clock
        do {
            return try await writer.write(on: db) { tx -> Meeting in
                try await CaseLedger.lock(caseID, on: tx)
                let now = clock.now()
                guard let record = try await staff.scope.query(CaseRecord.self, on: tx).filter(\.$id == caseID).first()
                else { throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound) }
                guard record.caseStatus.isOpen else { throw Refused(problems: ["dato": t.meetingCaseDecided]) }
                let end = p.start.addingTimeInterval(Double(p.minutes) * 60)
                let overlapping = try await Meeting.query(on: tx).filter(\.$staffID == staff.userID)
                    .filter(\.$status == MeetingStatus.booked.rawValue).filter(\.$startsAt < end)
                    .filter(\.$endsAt > p.start).first()
                if overlapping != nil { throw Refused(problems: ["klokken": t.meetingOverlaps]) }
                let m = Meeting()
                m.id = UUID()
                m.municipalityID = record.municipalityID
                m.caseID = caseID
                m.staffID = staff.userID
                m.startsAt = p.start
                m.endsAt = end
                m.kind = p.kind.rawValue
                m.address = p.address
                m.status = MeetingStatus.booked.rawValue
                m.sequence = 0
                m.bookedBy = "staff"
                m.createdAt = now
                m.updatedAt = now
                try await m.create(on: tx)
                try await CaseLedger.append(
                    .meetingProposed, case: caseID, municipality: record.municipalityID, at: now,
                    actor: staff.signature, detail: "\(p.kind.rawValue) \(JournalChain.timestamp(p.start))", on: tx)
                try await Self.letter(.proposed, m, record: record, now: now, on: tx)
                return m
            }
        } catch let e where Self.isUniqueViolation(e) {
            throw Refused(problems: ["klokken": t.meetingOverlaps])
        }
    }

    /// The caseworker cancels a meeting (no limit: the kommune may always call off its own
    /// meeting); the applicant gets the cancellation, and guests theirs by e-mail.
    func staffCancel(meetingID: UUID, caseID: UUID, by staff: StaffContext) async throws {
        let clock = self.clock
        let m = try await writer.write(on: db) { tx -> Meeting in
            let now = clock.now()
            guard let record = try await staff.scope.query(CaseRecord.self, on: tx).filter(\.$id == caseID).first(),
                let m = try await staff.scope.query(Meeting.self, on: tx).filter(\.$id == meetingID)
                    .filter(\.$caseID == caseID).first(),
                m.meetingStatus == .booked
            else { throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound) }
            m.status = MeetingStatus.cancelled.rawValue
            m.sequence += 1
            m.updatedAt = now
            try await m.update(on: tx)
            try await CaseLedger.append(
                .meetingCancelled, case: caseID, municipality: record.municipalityID, at: now, actor: staff.signature,
                detail: JournalChain.timestamp(m.startsAt), on: tx)
            try await Self.letter(.cancelled, m, record: record, now: now, on: tx)
            return m
        }
        await mailGuests(m, .cancelled)
    }

    // MARK: Guests

    /// What inviting a guest gave: their personal link, and whether the e-mail went.
    struct GuestInvited: Sendable {
        var link: String
        var emailed: Bool
    }

    /// Invites someone outside the case (a neighbour, the architect) to a video meeting: they
    /// get an e-mail with a personal link to the room (only its SHA-256 is kept) and the
    /// meeting for their calendar. The caseworker admits them from the lobby like anyone.
    func inviteGuest(
        meetingID: UUID, caseID: UUID, name rawName: String, email rawEmail: String, by staff: StaffContext,
        t: Strings
    ) async throws -> GuestInvited {
        let name = rawName.trimmingCharacters(in: .whitespaces)
        let email = rawEmail.trimmingCharacters(in: .whitespaces)
        var problems: [String: String] = [:]
        if name.isEmpty {
            problems["gjest-navn"] = t.guestNameNeeded
        } else if name.count > 100 {
            problems["gjest-navn"] = t.atMostCharacters(t.guestName, 100)
        } else if let c = PlainText.refused(in: name) {
            problems["gjest-navn"] = t.invisibleCharacter(c, in: t.guestName)
        }
        if !OnboardingService.isEmail(email) || email.count > 200 { problems["gjest-epost"] = t.emailFormat }
        guard problems.isEmpty else { throw Refused(problems: problems) }
        let token = APIClients.randomToken(bytes: 32)
        let clock = self.clock
        let m = try await writer.write(on: db) { tx -> Meeting in
            let now = clock.now()
            guard
                let m = try await staff.scope.query(Meeting.self, on: tx).filter(\.$id == meetingID)
                    .filter(\.$caseID == caseID).first(),
                m.meetingStatus == .booked, m.meetingKind == .video, m.endsAt > now
            else { throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound) }
            if try await MeetingGuest.query(on: tx).filter(\.$meetingID == meetingID).count()
                >= MeetingRoomState.capacity - 2
            {
                throw Refused(problems: ["gjest-navn": t.tooManyGuests(MeetingRoomState.capacity - 2)])
            }
            let g = MeetingGuest()
            g.municipalityID = m.municipalityID
            g.meetingID = meetingID
            g.name = name
            g.email = email
            g.tokenSHA256 = APIClients.digest(token)
            g.invitedBy = staff.signature
            g.createdAt = now
            try await g.create(on: tx)
            // The event names no guest: the feed and the API carry it.
            try await CaseLedger.append(
                .meetingGuestInvited, case: caseID, municipality: m.municipalityID, at: now, actor: staff.signature,
                on: tx)
            return m
        }
        let link = config?.absoluteURL(SiteURL.guestRoom(token).path) ?? SiteURL.guestRoom(token).path
        let emailed = await mailGuest(name: name, email: email, link: link, m, .booked)
        return GuestInvited(link: link, emailed: emailed)
    }

    /// The guests' e-mails after a change: the meeting for their calendar (the same UID, the
    /// next SEQUENCE), or its cancellation. Their link stays the same, so it is not repeated.
    func mailGuests(_ m: Meeting, _ kind: LetterKind) async {
        guard let guests = try? await MeetingGuest.query(on: db).filter(\.$meetingID == m.id!).all() else { return }
        for g in guests { _ = await mailGuest(name: g.name, email: g.email, link: nil, m, kind) }
    }

    /// One guest's e-mail. Sent straight away, not on the dispatch path: a guest has no inbox
    /// and no paper address; when it fails the caseworker is told and can give the link.
    func mailGuest(name: String, email: String, link: String?, _ m: Meeting, _ kind: LetterKind) async -> Bool {
        guard let config, let smtp = config.smtpSettings,
            let kommune = try? await Municipality.find(m.municipalityID, on: db)
        else { return false }
        let now = clock.now()
        let when = NorwegianCalendar().norwegianDateTime(m.startsAt)
        let what: String =
            switch kind {
            case .cancelled: "Videomøtet med \(kommune.name) \(when) er avlyst."
            case .moved: "Videomøtet med \(kommune.name) er flyttet til \(when)."
            case .reminder: "Påminnelse: videomøte med \(kommune.name) \(when)."
            case .booked, .proposed: "Du er invitert til et videomøte med \(kommune.name) \(when)."
            }
        let linkText =
            link.map {
                "\n\nGå inn i møterommet fra denne lenken, som er personlig for deg (den åpner 15 minutter før møtet):\n\($0)\n\nSaksbehandleren slipper deg inn. Du trenger bare en nettleser med kamera og mikrofon."
            } ?? (kind == .cancelled ? "" : "\n\nBruk lenken fra invitasjonen.")
        let body = "Hei, \(name)!\n\n\(what)\(linkText)\n\nDette er en automatisk melding som ikke kan besvares."
        let message = MailMessage(
            to: email, subject: kind == .cancelled ? "Avlyst: møte med \(kommune.name)" : "Møte med \(kommune.name)",
            body: body, messageID: "<meeting-guest.\(UUID().uuidString.lowercased())@radhus.\(kommune.number).kommune>",
            date: now,
            attachments: [
                Self.calendarFile(
                    m, kommune: kommune, recipient: email, sender: smtp.from,
                    link: link ?? config.absoluteURL(SiteURL.home.path), now: now)
            ])
        do {
            try await SMTPClient.send(message, settings: smtp)
            return true
        } catch {
            return false
        }
    }

    // MARK: Minutes

    /// The minutes' checked values.
    struct Minutes: Sendable {
        var text: String
        var attendees: [String]
        var minutes: Int
    }

    static func checkMinutes(_ v: [String: String], measured: Int?, t: Strings) -> Result<Minutes, Refused> {
        var problems: [String: String] = [:]
        let text = (v["referat"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            problems["referat"] = t.minutesNeeded
        } else if text.count > 20_000 {
            problems["referat"] = t.atMostCharacters(t.minutesLabel, 20_000)
        } else if let c = PlainText.refused(in: text, multiline: true) {
            problems["referat"] = t.invisibleCharacter(c, in: t.minutesLabel)
        }
        let raw = v["deltakere"] ?? ""
        let attendees = raw.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if attendees.isEmpty {
            problems["deltakere"] = t.attendeesNeeded
        } else if attendees.count > 20 || attendees.contains(where: { $0.count > 100 }) {
            problems["deltakere"] = t.attendeesTooMany
        } else if let c = PlainText.refused(in: raw, multiline: true) {
            problems["deltakere"] = t.invisibleCharacter(c, in: t.attendeesLabel)
        }
        let typed = (v["varighet"] ?? "").trimmingCharacters(in: .whitespaces)
        let minutes = typed.isEmpty ? measured : Int(typed).flatMap { (1...600).contains($0) ? $0 : nil }
        if minutes == nil { problems["varighet"] = t.durationFormat }
        guard problems.isEmpty, let minutes else { return .failure(Refused(problems: problems)) }
        return .success(Minutes(text: text, attendees: attendees, minutes: minutes))
    }

    /// The minutes of a meeting that has begun (its time has come, or the room saw it under
    /// way): kept on the case for staff and journaled as
    /// the organ's internal document (N) with the participants; the meeting is held, with its
    /// duration (the room's measure unless the caseworker gave another).
    func writeMinutes(_ minutes: Minutes, meetingID: UUID, caseID: UUID, by staff: StaffContext) async throws {
        guard staff.role.mayDecide else { throw RadhusError.localized(.forbidden, ErrorMessages.noMeetings) }
        let clock = self.clock
        try await writer.write(on: db) { tx in
            try await CaseLedger.lock(caseID, on: tx)
            let now = clock.now()
            guard
                let m = try await staff.scope.query(Meeting.self, on: tx).filter(\.$id == meetingID)
                    .filter(\.$caseID == caseID).first(),
                // Begun: its time has come, or the room saw it under way (early).
                m.meetingStatus != .cancelled, m.startsAt <= now || m.startedAt != nil
            else { throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound) }
            let cal = NorwegianCalendar()
            let body =
                "Møte \(cal.norwegianDateTime(m.startsAt)), \(m.meetingKind.rawValue), \(minutes.minutes) minutter\n"
                + "Deltakere: \(minutes.attendees.joined(separator: ", "))\n\n\(minutes.text)"
            try await DialogueService.insertMessage(
                .minutes, case: caseID, municipality: m.municipalityID, author: staff.signature,
                authorID: staff.userID, body: body, at: now, on: tx)
            let firstRecord = m.meetingStatus != .held && m.heldMinutes == nil
            m.status = MeetingStatus.held.rawValue
            m.heldMinutes = minutes.minutes
            m.attendees = minutes.attendees.joined(separator: "\n")
            m.endedAt = m.endedAt ?? m.startsAt.addingTimeInterval(Double(minutes.minutes) * 60)
            m.updatedAt = now
            try await m.update(on: tx)
            if firstRecord {
                try await CaseLedger.append(
                    .meetingHeld, case: caseID, municipality: m.municipalityID, at: now, actor: staff.signature,
                    detail: "\(m.meetingKind.rawValue) \(minutes.minutes) min", on: tx)
            }
            try await CaseLedger.append(
                .meetingMinutes, case: caseID, municipality: m.municipalityID, at: now, actor: staff.signature,
                on: tx)
        }
    }

    // MARK: Reminders

    /// The reminders due: booked meetings starting within the kommune's reminder notice (24
    /// hours unless it set another; 0: none) that have had none. A meeting booked inside that
    /// notice already has its confirmation, so it gets no reminder too. The applicant's goes as
    /// a digital letter (inbox and e-mail notice with the invitation); guests get an e-mail.
    func sendReminders(batch: Int) async throws -> Int {
        let now = clock.now()
        let due = try await Meeting.query(on: db).filter(\.$status == MeetingStatus.booked.rawValue)
            .filter(\.$remindedAt == nil).filter(\.$startsAt > now)
            .filter(\.$startsAt <= now.addingTimeInterval(7 * 86_400)).sort(\.$startsAt).limit(batch).all()
        guard !due.isEmpty else { return 0 }
        var hours: [UUID: Int] = [:]
        for k in Set(due.map(\.municipalityID)) {
            hours[k] =
                try await MeetingSettings.query(on: db).filter(\.$municipalityID == k).first()?.reminderHours
                ?? MeetingSettings.defaultReminderHours
        }
        var sent: [Meeting] = []
        var handled = 0
        for m in due {
            let notice = Double(hours[m.municipalityID] ?? MeetingSettings.defaultReminderHours) * 3600
            guard notice > 0, m.startsAt.timeIntervalSince(now) <= notice else { continue }
            let remind = m.startsAt.timeIntervalSince(m.updatedAt) > notice
            let clock = self.clock
            handled += 1
            let done = try await writer.write(on: db) { tx -> Bool in
                guard let fresh = try await Meeting.find(m.id!, on: tx), fresh.remindedAt == nil,
                    fresh.meetingStatus == .booked,
                    let record = try await CaseRecord.find(fresh.caseID, on: tx)
                else { return false }
                let at = clock.now()
                fresh.remindedAt = at
                try await fresh.update(on: tx)
                guard remind else { return false }
                try await CaseLedger.append(
                    .meetingReminded, case: fresh.caseID, municipality: fresh.municipalityID, at: at, actor: "system",
                    on: tx)
                try await Self.letter(.reminder, fresh, record: record, now: at, on: tx)
                return true
            }
            if done { sent.append(m) }
        }
        for m in sent { await mailGuests(m, .reminder) }
        // Only what was due counts (the rest of the week's meetings wait their turn): the loop
        // comes back at once only when a whole batch was handled.
        return handled
    }
}
