import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Meetings on a case (issue 22): caseworkers publish their hours, the applicant books a slot
/// from the case (video, phone or in person), sees it under «Mine saker» and may cancel it up to
/// the kommune's limit. A slot is one caseworker's: two bookings of it cannot both commit (the
/// partial unique index of migration 034), so the second is told the time was just taken.
struct MeetingService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let clock: any Clock
    /// For e-mail to guests (the SMTP server, the addresses links point to); nil: none sent.
    var config: RadhusConfig? = nil

    /// How far ahead the booking page offers slots.
    static let horizonDays = 28

    /// A time the applicant can book: its start, the caseworkers free then, and the ways they meet.
    struct Offer: Sendable, Equatable {
        var start: Date
        var end: Date
        var staff: [Caseworker]

        /// One caseworker free then: how they meet, and where in person.
        struct Caseworker: Sendable, Equatable {
            var id: UUID
            var kinds: [MeetingKind]
            var address: String?
        }

        var staffIDs: [UUID] { staff.map(\.id) }
        /// Every way of meeting some free caseworker offers, in the order first seen.
        var kinds: [MeetingKind] {
            var out: [MeetingKind] = []
            for k in staff.flatMap(\.kinds) where !out.contains(k) { out.append(k) }
            return out
        }
    }

    enum Booking: Sendable {
        case booked(Meeting)
        /// Taken by someone else meanwhile (or no longer offered): choose another.
        case taken
    }

    static func settings(_ municipality: UUID, on db: any Database) async throws -> (changeLimit: Int, lead: Int) {
        let s = try await MeetingSettings.query(on: db).filter(\.$municipalityID == municipality).first()
        return (
            s?.changeLimitHours ?? MeetingSettings.defaultChangeLimitHours,
            s?.leadHours ?? MeetingSettings.defaultLeadHours
        )
    }

    /// The times the case's applicant can book: the case's caseworker's, or, while nobody has the
    /// case, those of every caseworker of the kommune who has published hours. `day`: only that
    /// (local) day's, for checking one chosen time.
    static func offers(
        for record: CaseRecord, now: Date, day: Date? = nil, on db: any Database
    ) async throws -> [Offer] {
        let cal = NorwegianCalendar()
        let from = day.map { cal.startOfDay($0) } ?? now
        let days = day == nil ? horizonDays : 1
        var calendars = try await MeetingCalendar.query(on: db).filter(\.$municipalityID == record.municipalityID)
            .all()
        if let assigned = record.assignedTo { calendars = calendars.filter { $0.staffID == assigned } }
        guard !calendars.isEmpty else { return [] }
        let (_, lead) = try await settings(record.municipalityID, on: db)
        let until = from.addingTimeInterval(Double(days + 1) * 86_400)
        let booked = try await Meeting.query(on: db).filter(\.$municipalityID == record.municipalityID)
            .filter(\.$staffID ~~ calendars.map(\.staffID)).filter(\.$status == MeetingStatus.booked.rawValue)
            .filter(\.$startsAt >= min(from, now)).filter(\.$startsAt <= until).all()
        var byStart: [Date: Offer] = [:]
        for c in calendars {
            let taken = Set(booked.filter { $0.staffID == c.staffID }.map(\.startsAt))
            for start in MeetingSlots.slots(
                hours: c.hours, slotMinutes: c.slotMinutes, closed: c.closed, from: from, days: days,
                notBefore: now.addingTimeInterval(Double(lead) * 3600), taken: taken)
            {
                byStart[
                    start,
                    default: Offer(start: start, end: start.addingTimeInterval(Double(c.slotMinutes) * 60), staff: [])
                ]
                .staff.append(.init(id: c.staffID, kinds: c.kinds, address: c.address))
            }
        }
        return byStart.values.sorted { $0.start < $1.start }
    }

    /// The applicant books `start` on their own open case. Refused (409) when the case is
    /// decided or already has a meeting ahead; `.taken` when the time is no longer free.
    /// `moving`: the case's booked meeting to move there instead (up to the kommune's limit before
    /// it; the same meeting, its iCalendar SEQUENCE one higher).
    func book(
        caseID: UUID, applicant: Fodselsnummer, start: Date, kind: MeetingKind, moving: UUID? = nil
    ) async throws -> Booking {
        let clock = self.clock
        do {
            let booking = try await writer.write(on: db) { tx -> Booking in
                try await CaseLedger.lock(caseID, on: tx)
                let now = clock.now()
                guard
                    let record = try await CaseRecord.query(on: tx).filter(\.$id == caseID)
                        .filter(\.$applicantFnr == applicant.value).first()
                else { throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound) }
                guard record.caseStatus.isOpen else {
                    throw RadhusError.localized(
                        .conflict,
                        LocalizedText(
                            nb: "Saken er avgjort, så det kan ikke avtales møter i den.",
                            en: "The case is decided, so no meetings can be booked in it.",
                            nn: "Saka er avgjord, så det kan ikkje avtalast møte i henne."))
                }
                var moved: Meeting?
                if let moving {
                    guard
                        let m = try await Meeting.query(on: tx).filter(\.$id == moving).filter(\.$caseID == caseID)
                            .filter(\.$status == MeetingStatus.booked.rawValue).first()
                    else { throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound) }
                    try await Self.requireChangeable(m, municipality: record.municipalityID, now: now, on: tx)
                    moved = m
                } else if try await Meeting.query(on: tx).filter(\.$caseID == caseID)
                    .filter(\.$status == MeetingStatus.booked.rawValue).filter(\.$startsAt >= now).first() != nil
                {
                    throw RadhusError.localized(
                        .conflict,
                        LocalizedText(
                            nb: "Du har allerede et møte i saken. Avlys det først om du vil ha en annen tid.",
                            en: "You already have a meeting in this case. Cancel it first to choose another time.",
                            nn: "Du har allereie eit møte i saka. Avlys det først om du vil ha ei anna tid."))
                }
                // Offered now, read in this transaction: the hours, the lead time, not taken.
                guard
                    let offer = try await Self.offers(for: record, now: now, day: start, on: tx)
                        .first(where: { $0.start == start }),
                    let caseworker = offer.staff.first(where: { $0.kinds.contains(kind) })
                else { return .taken }
                let m = moved ?? Meeting()
                if moved == nil {
                    m.id = UUID()
                    m.municipalityID = record.municipalityID
                    m.caseID = caseID
                    m.status = MeetingStatus.booked.rawValue
                    m.sequence = 0
                    m.bookedBy = "citizen"
                    m.createdAt = now
                } else {
                    m.sequence += 1
                }
                m.staffID = caseworker.id
                m.startsAt = start
                m.endsAt = offer.end
                m.kind = kind.rawValue
                m.address = kind == .inPerson ? caseworker.address : nil
                m.updatedAt = now
                try await CaseLedger.append(
                    moved == nil ? .meetingBooked : .meetingMoved, case: caseID, municipality: record.municipalityID,
                    at: now, actor: "citizen", detail: "\(kind.rawValue) \(JournalChain.timestamp(start))", on: tx)
                if moved != nil { m.remindedAt = nil }  // the new time gets its own reminder
                try await (moved == nil ? m.create(on: tx) : m.update(on: tx))
                try await Self.letter(moved == nil ? .booked : .moved, m, record: record, now: now, on: tx)
                return .booked(m)
            }
            // Guests of a moved meeting get its new time for their calendar.
            if moving != nil, case .booked(let m) = booking { await mailGuests(m, .moved) }
            return booking
        } catch let e where Self.isUniqueViolation(e) {
            // Another booking of the same caseworker and start committed first.
            return .taken
        }
    }

    /// The applicant cancels a meeting of their own case, up to the kommune's limit before it.
    func cancel(meetingID: UUID, caseID: UUID, applicant: Fodselsnummer) async throws {
        let clock = self.clock
        let m = try await writer.write(on: db) { tx -> Meeting in
            let now = clock.now()
            guard
                let record = try await CaseRecord.query(on: tx).filter(\.$id == caseID)
                    .filter(\.$applicantFnr == applicant.value).first(),
                let m = try await Meeting.query(on: tx).filter(\.$id == meetingID).filter(\.$caseID == caseID).first(),
                m.meetingStatus == .booked
            else { throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound) }
            try await Self.requireChangeable(m, municipality: record.municipalityID, now: now, on: tx)
            m.status = MeetingStatus.cancelled.rawValue
            m.sequence += 1
            m.updatedAt = now
            try await m.update(on: tx)
            try await CaseLedger.append(
                .meetingCancelled, case: caseID, municipality: record.municipalityID, at: now, actor: "citizen",
                detail: JournalChain.timestamp(m.startsAt), on: tx)
            try await Self.letter(.cancelled, m, record: record, now: now, on: tx)
            return m
        }
        await mailGuests(m, .cancelled)
    }

    /// A meeting may be moved or cancelled by the applicant up to the kommune's limit before it.
    static func requireChangeable(_ m: Meeting, municipality: UUID, now: Date, on db: any Database) async throws {
        let (limit, _) = try await settings(municipality, on: db)
        guard m.startsAt.timeIntervalSince(now) >= Double(limit) * 3600 else {
            throw RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb:
                        "Møtet kan ikke endres eller avlyses her så kort tid før (grensen er \(limit) timer). Skriv til kommunen i saken.",
                    en:
                        "The meeting cannot be changed or cancelled here this close to it (the limit is \(limit) hours). Write to the kommune in the case.",
                    nn:
                        "Møtet kan ikkje endrast eller avlysast her så kort tid før (grensa er \(limit) timar). Skriv til kommunen i saka."
                ))
        }
    }

    /// The confirmation or the cancellation, as a letter on the dispatch path (inbox, e-mail
    /// notice with the meeting's iCalendar, paper when unread; journaled as the case's letters
    /// are), in the applicant's written form.
    /// Which letter about a meeting.
    enum LetterKind: Sendable {
        case booked, moved, cancelled, proposed, reminder
    }

    static func letter(_ kind: LetterKind, _ m: Meeting, record: CaseRecord, now: Date, on tx: any Database)
        async throws
    {
        let recipient = try await CaseLetters.recipient(record.applicantFnr, on: tx.sql)
        let kommune = try await Municipality.find(record.municipalityID, on: tx)?.name ?? ""
        let lang = recipient.language
        let cal = NorwegianCalendar()
        let when = cal.norwegianDateTime(m.startsAt)
        let how: String =
            switch m.meetingKind {
            case .video:
                LetterTexts.pick(
                    lang, nb: "på video: lenken til møterommet står under saken i «Mine saker»",
                    nn: "på video: lenkja til møterommet står under saka i «Mine saker»")
            case .phone:
                LetterTexts.pick(
                    lang, nb: "på telefon: saksbehandleren ringer deg", nn: "på telefon: saksbehandlaren ringjer deg")
            case .inPerson:
                LetterTexts.pick(lang, nb: "med oppmøte", nn: "med oppmøte") + (m.address.map { " (\($0))" } ?? "")
            }
        let title: String
        let body: String
        let n = record.saksnummer
        switch kind {
        case .moved:
            title = LetterTexts.pick(lang, nb: "Møtet i sak \(n) er flyttet", nn: "Møtet i sak \(n) er flytt")
            body = LetterTexts.pick(
                lang,
                nb:
                    "Møtet med \(kommune) er flyttet til \(when), \(how).\n\nKalenderinvitasjonen i e-postvarselet erstatter den forrige.",
                nn:
                    "Møtet med \(kommune) er flytt til \(when), \(how).\n\nKalenderinvitasjonen i e-postvarselet erstattar den førre."
            )
        case .booked:
            title = LetterTexts.pick(lang, nb: "Bekreftelse på møte i sak \(n)", nn: "Stadfesting av møte i sak \(n)")
            body = LetterTexts.pick(
                lang,
                nb:
                    "Du har avtalt et møte med \(kommune) \(when), \(how).\n\nVil du avlyse, gjør du det under saken i «Mine saker». Møtet er også vedlagt som kalenderinvitasjon i e-postvarselet.",
                nn:
                    "Du har avtalt eit møte med \(kommune) \(when), \(how).\n\nVil du avlyse, gjer du det under saka i «Mine saker». Møtet er også vedlagt som kalenderinvitasjon i e-postvarselet."
            )
        case .proposed:
            title = LetterTexts.pick(lang, nb: "Forslag til møte i sak \(n)", nn: "Framlegg til møte i sak \(n)")
            body = LetterTexts.pick(
                lang,
                nb:
                    "\(kommune) foreslår et møte med deg \(when), \(how).\n\nPasser ikke tiden, kan du flytte eller avlyse møtet under saken i «Mine saker». Møtet er også vedlagt som kalenderinvitasjon i e-postvarselet.",
                nn:
                    "\(kommune) føreslår eit møte med deg \(when), \(how).\n\nPassar ikkje tida, kan du flytte eller avlyse møtet under saka i «Mine saker». Møtet er også vedlagt som kalenderinvitasjon i e-postvarselet."
            )
        case .reminder:
            title = LetterTexts.pick(lang, nb: "Påminnelse om møte i sak \(n)", nn: "Påminning om møte i sak \(n)")
            body = LetterTexts.pick(
                lang,
                nb: "Husk møtet med \(kommune) \(when), \(how).",
                nn: "Hugs møtet med \(kommune) \(when), \(how).")
        case .cancelled:
            title = LetterTexts.pick(lang, nb: "Møtet i sak \(n) er avlyst", nn: "Møtet i sak \(n) er avlyst")
            body = LetterTexts.pick(
                lang,
                nb: "Møtet med \(kommune) \(when) er avlyst. Du kan bestille en ny tid under saken i «Mine saker».",
                nn: "Møtet med \(kommune) \(when) er avlyst. Du kan bestille ei ny tid under saka i «Mine saker».")
        }
        try await CaseLetters.send(
            case: record.id!, municipality: record.municipalityID, recipient: record.applicantFnr, title: title,
            body: body + "\n\n" + LetterTexts.pick(lang, nb: "Med hilsen", nn: "Med helsing") + "\n" + kommune,
            // A reminder is no letter to print when unread: the meeting's own letter was.
            meetingID: m.id, digitalOnly: kind == .reminder, now: now, on: tx)
    }

    /// The meeting as the participants' calendars take it (no case details: a notice may be
    /// read by others), the current version: a request while booked, a cancellation after.
    static func invitation(
        _ m: Meeting, kommune: Municipality, recipient: String, sender: String, link: String, now: Date
    ) -> MeetingInvitation {
        MeetingInvitation(
            method: m.meetingStatus == .cancelled ? .cancel : .request,
            uid: "\(m.id!.uuidString.lowercased())@radhus.\(kommune.number).kommune", sequence: m.sequence,
            start: m.startsAt, end: m.endsAt, stamp: now, summary: "Møte med \(kommune.name)",
            description: "Se møtet under saken i «Mine saker»: \(link)",
            location: m.meetingKind == .inPerson ? m.address : m.meetingKind == .video ? "Video" : "Telefon",
            url: link, organizer: .init(name: kommune.name, email: sender),
            attendees: [.init(name: nil, email: recipient)])
    }

    /// What happened in the video room, on the case: the meeting got under way
    /// (`meeting_started`), or was held (`meeting_held`, its minutes; the span and who took
    /// part kept on the meeting for the minutes). A failure is logged, not thrown: the room
    /// goes on either way.
    func record(_ meeting: UUID, _ happening: MeetingRooms.Happening, logger: Logger) async {
        do {
            try await writer.write(on: db) { tx in
                guard let m = try await Meeting.find(meeting, on: tx) else { return }
                switch happening {
                case .started(let at):
                    if m.startedAt == nil { m.startedAt = at }
                    m.updatedAt = at
                    try await m.update(on: tx)
                    try await CaseLedger.append(
                        .meetingStarted, case: m.caseID, municipality: m.municipalityID, at: at, actor: "system",
                        detail: "video", on: tx)
                case .held(let held):
                    // A meeting resumed after everyone left counts all its spans.
                    m.heldMinutes = (m.heldMinutes ?? 0) + held.minutes
                    m.endedAt = held.end
                    var names = (m.attendees ?? "").split(separator: "\n").map(String.init)
                    for n in held.attendees where !names.contains(n) { names.append(n) }
                    m.attendees = names.joined(separator: "\n")
                    m.updatedAt = held.end
                    try await m.update(on: tx)
                    try await CaseLedger.append(
                        .meetingHeld, case: m.caseID, municipality: m.municipalityID, at: held.end, actor: "system",
                        detail: "video \(held.minutes) min", on: tx)
                }
            }
        } catch {
            logger.error(
                "meeting room event not recorded", metadata: ["error": .string(String(describing: type(of: error)))])
        }
    }

    /// The meeting as the `mote.ics` file an e-mail carries (the applicant's notice, a guest's mail).
    static func calendarFile(
        _ m: Meeting, kommune: Municipality, recipient: String, sender: String, link: String, now: Date
    ) -> MailAttachment {
        let invitation = invitation(m, kommune: kommune, recipient: recipient, sender: sender, link: link, now: now)
        return MailAttachment(
            fileName: "mote.ics", mediaType: "text/calendar; charset=utf-8; method=\(invitation.method.rawValue)",
            data: Data(invitation.render().utf8))
    }

    /// A unique index refused the row (SQLite: «UNIQUE constraint failed», PostgreSQL: 23505).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        let text = String(reflecting: error)
        return text.contains("UNIQUE constraint failed") || text.contains("23505")
            || text.contains("duplicate key value") || text.contains("unique_violation")
    }
}
