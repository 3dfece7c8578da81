import Fluent
import Foundation
import RadhusCore
import Vapor

/// Meetings (issue 22): a caseworker's meeting hours, and the applicant's booking and
/// cancelling from «Mine saker».
enum MeetingController {
    static func service(_ req: Request) -> MeetingService {
        MeetingService(
            db: req.db, writer: req.writer, clock: req.application.clock, config: req.application.radhusConfig)
    }

    // MARK: The caseworker's hours

    static func requireCaseworker(_ req: Request) throws -> StaffContext {
        try req.requireStaff(\.mayDecide, otherwise: ErrorMessages.noMeetings)
    }

    @Sendable static func hoursPage(req: Request) async throws -> Page {
        let staff = try requireCaseworker(req)
        let calendar = try await staff.scope.query(MeetingCalendar.self, on: req.db)
            .filter(\.$staffID == staff.userID).first()
        return MeetingHours.view(
            calendar.map { MeetingHours.Draft($0) } ?? MeetingHours.Draft(), rules: try await rules(req, staff),
            saved: req.query[String.self, at: "lagret"] != nil, ctx: req.pageContext(area: .staff, forms: true))
    }

    /// The kommune's rules as the form shows them, for those who manage its settings.
    static func rules(_ req: Request, _ staff: StaffContext) async throws -> MeetingHours.Rules? {
        guard staff.role.mayManageSettings else { return nil }
        return MeetingHours.Rules(try await staff.scope.query(MeetingSettings.self, on: req.db).first())
    }

    @Sendable static func saveRules(req: Request) async throws -> Response {
        let staff = try req.requireStaff(
            \.mayManageSettings,
            otherwise: LocalizedText(
                nb: "Bare ledere kan endre kommunens regler.", en: "Only leaders can change the kommune's rules.",
                nn: "Berre leiarar kan endre reglane til kommunen."))
        let v = req.formInput.values
        // A field the form did not send keeps what is stored (the two limits are always asked for).
        var rules = MeetingHours.Rules(try await staff.scope.query(MeetingSettings.self, on: req.db).first())
        rules.changeLimit = v["endringsgrense"] ?? ""
        rules.lead = v["varsel"] ?? ""
        rules.reminder = v["paminnelse"] ?? rules.reminder
        rules.travelKm = v["reise-km"] ?? rules.travelKm
        rules.travelMinutes = v["reise-minutter"] ?? rules.travelMinutes
        rules.costPerKm = v["kr-km"] ?? rules.costPerKm
        rules.costPerHour = v["kr-time"] ?? rules.costPerHour
        rules.co2 = v["co2"] ?? rules.co2
        rules.distances = v["avstander"] ?? rules.distances
        guard let ok = rules.check(t: req.strings) else {
            let calendar = try await staff.scope.query(MeetingCalendar.self, on: req.db)
                .filter(\.$staffID == staff.userID).first()
            return try await MeetingHours.view(
                calendar.map { MeetingHours.Draft($0) } ?? MeetingHours.Draft(), rules: rules, saved: false,
                ctx: req.pageContext(area: .staff, forms: true)
            ).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let s =
                try await staff.scope.query(MeetingSettings.self, on: tx).first() ?? MeetingSettings()
            s.municipalityID = staff.municipality.id
            s.changeLimitHours = ok.changeLimit
            s.leadHours = ok.lead
            s.reminderHours = ok.reminder
            s.travelKm = ok.travel.averageKm
            s.travelMinutes = ok.travel.averageMinutes
            s.costPerKm = ok.travel.costPerKm
            s.costPerHour = ok.travel.costPerHour
            s.co2GramsPerKm = ok.travel.co2GramsPerKm
            s.distances = TravelSettings.distancesText(ok.travel.byPostnummer)
            s.updatedAt = now
            try await s.save(on: tx)
        }
        return req.redirect(to: SiteURL.meetingHours(saved: true).path, redirectType: .normal)
    }

    @Sendable static func saveHours(req: Request) async throws -> Response {
        let staff = try requireCaseworker(req)
        let input = req.formInput
        var draft = MeetingHours.Draft()
        for d in 0..<7 {
            // Kept whole: a refused form shows what was typed (the body limit bounds it).
            draft.from[d] = input.values["fra-\(d + 1)"] ?? ""
            draft.to[d] = input.values["til-\(d + 1)"] ?? ""
        }
        draft.slot = input.values["lengde"] ?? ""
        draft.kinds = Set(input.fields.filter { $0.name == "mate[]" }.compactMap { MeetingKind(rawValue: $0.value) })
        draft.address = input.values["adresse"] ?? ""
        draft.closed = input.values["stengt"] ?? ""
        guard let ok = draft.check(t: req.strings) else {
            return try await MeetingHours.view(
                draft, rules: try await rules(req, staff), saved: false, ctx: req.pageContext(area: .staff, forms: true)
            ).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let hoursJSON = String(decoding: try JSONEncoder().encode(ok.hours), as: UTF8.self)
        try await req.writer.write(on: req.db) { tx in
            let c =
                try await staff.scope.query(MeetingCalendar.self, on: tx).filter(\.$staffID == staff.userID).first()
                ?? MeetingCalendar()
            c.municipalityID = staff.municipality.id
            c.staffID = staff.userID
            c.hoursJSON = hoursJSON
            c.slotMinutes = ok.slot
            c.kindsText = ok.kinds.map(\.rawValue).joined(separator: ",")
            c.address = ok.address
            c.closedDates = ok.closed.joined(separator: "\n")
            c.updatedAt = now
            try await c.save(on: tx)
        }
        return req.redirect(to: SiteURL.meetingHours(saved: true).path, redirectType: .normal)
    }

    // MARK: The applicant

    static func model(_ req: Request, record: CaseRecord) async throws -> MeetingBooking.Model {
        guard let m = try await Municipality.find(record.municipalityID, on: req.db) else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        return MeetingBooking.Model(
            caseID: try record.requireID(), saksnummer: record.saksnummer.description, kommune: try m.snapshot(),
            offers: record.caseStatus.isOpen
                ? try await MeetingService.offers(for: record, now: req.application.clock.now(), on: req.db) : [])
    }

    @Sendable static func bookingPage(req: Request) async throws -> Page {
        let record = try await req.ownCase()
        var model = try await model(req, record: record)
        model.moving = try await movable(req, record: record, raw: req.query[String.self, at: "flytt"])
        return MeetingBooking.view(model, ctx: req.pageContext(kommune: model.kommune, forms: true))
    }

    @Sendable static func book(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        var model = try await model(req, record: record)
        let chosen = req.formInput.values["tid"].flatMap(Int.init).map { Date(timeIntervalSince1970: Double($0)) }
        let kind = req.formInput.values["mate"].flatMap(MeetingKind.init(rawValue:))
        let moving = try await movable(req, record: record, raw: req.formInput.values["flytt"])
        model.chosen = chosen
        model.kind = kind
        model.moving = moving
        let t = req.strings
        if chosen == nil { model.problems["tid"] = t.chooseATime }
        if kind == nil { model.problems["mate"] = t.chooseAKind }
        if let chosen, let kind {
            switch try await service(req).book(
                caseID: try record.requireID(), applicant: fnr, start: chosen, kind: kind, moving: moving)
            {
            case .booked:
                return req.redirect(
                    to: SiteURL.myCase(try record.requireID(), flash: moving == nil ? .meetingBooked : .meetingMoved)
                        .path, redirectType: .normal)
            case .taken:
                model = try await self.model(req, record: record)
                model.kind = kind
                model.moving = moving
                model.problems["tid"] = t.timeTaken
                return try await MeetingBooking.view(
                    model, status: .conflict, ctx: req.pageContext(kommune: model.kommune, forms: true)
                ).encodeResponse(for: req)
            }
        }
        return try await MeetingBooking.view(
            model, status: .unprocessableEntity, ctx: req.pageContext(kommune: model.kommune, forms: true)
        ).encodeResponse(for: req)
    }

    /// The meeting `raw` names, when it is this case's booked one (else 404: a forged or stale link).
    static func movable(_ req: Request, record: CaseRecord, raw: String?) async throws -> UUID? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw),
            try await Meeting.query(on: req.db).filter(\.$id == id).filter(\.$caseID == record.requireID())
                .filter(\.$status == MeetingStatus.booked.rawValue).first() != nil
        else { throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound) }
        return id
    }

    @Sendable static func cancel(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        guard let meetingID = req.parameters.get("meeting", as: UUID.self) else {
            throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound)
        }
        try await service(req).cancel(meetingID: meetingID, caseID: try record.requireID(), applicant: fnr)
        return req.redirect(
            to: SiteURL.myCase(try record.requireID(), flash: .meetingCancelled).path, redirectType: .normal)
    }
}

// MARK: The caseworker on the case page

extension MeetingController {
    static func staffService(_ req: Request) -> MeetingService {
        MeetingService(
            db: req.db, writer: req.writer, clock: req.application.clock, config: req.application.radhusConfig)
    }

    /// The case page again with a refused meeting form (422), or a guest's link to hand over.
    static func back(
        _ req: Request, staff: StaffContext, caseID: UUID, form: StaffCase.MeetingForm? = nil,
        guestLink: StaffCase.GuestLink? = nil
    ) async throws -> Response {
        let record = try await WorkspaceController.service(req).open(caseID: caseID, by: staff)
        return try await WorkspaceController.render(
            req, staff: staff, record: record, revealed: false, meetingForm: form, guestLink: guestLink
        ).encodeResponse(for: req)
    }

    static func meetingID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("meeting", as: UUID.self) else {
            throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound)
        }
        return id
    }

    /// The caseworker proposes a meeting (the applicant is told and may move or cancel it).
    @Sendable static func propose(req: Request) async throws -> Response {
        let staff = try requireCaseworker(req)
        let caseID = try WorkspaceController.caseID(req)
        var values: [String: String] = [:]
        for name in ["dato", "klokken", "lengde", "mate", "adresse"] { values[name] = req.formInput.values[name] ?? "" }
        let t = req.strings
        do {
            switch MeetingService.checkProposal(values, now: req.application.clock.now(), t: t) {
            case .failure(let refused): throw refused
            case .success(let p): _ = try await staffService(req).propose(p, caseID: caseID, by: staff, t: t)
            }
        } catch let refused as MeetingService.Refused {
            return try await back(
                req, staff: staff, caseID: caseID,
                form: .init(which: .propose, values: values, problems: refused.problems))
        }
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .meetingProposed).path, redirectType: .normal)
    }

    /// A guest from outside the case, by e-mail with a personal link.
    @Sendable static func inviteGuest(req: Request) async throws -> Response {
        let staff = try requireCaseworker(req)
        let caseID = try WorkspaceController.caseID(req)
        let meeting = try meetingID(req)
        let values = [
            "gjest-navn": req.formInput.values["gjest-navn"] ?? "",
            "gjest-epost": req.formInput.values["gjest-epost"] ?? "",
        ]
        do {
            let sent = try await staffService(req).inviteGuest(
                meetingID: meeting, caseID: caseID, name: values["gjest-navn"]!, email: values["gjest-epost"]!,
                by: staff, t: req.strings)
            if !sent.emailed {
                return try await back(
                    req, staff: staff, caseID: caseID,
                    guestLink: .init(name: values["gjest-navn"]!.trimmingCharacters(in: .whitespaces), link: sent.link))
            }
        } catch let refused as MeetingService.Refused {
            return try await back(
                req, staff: staff, caseID: caseID,
                form: .init(which: .guest(meeting), values: values, problems: refused.problems))
        }
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .guestInvited).path, redirectType: .normal)
    }

    /// The minutes of a meeting that has begun: journaled as a note (N) with the participants.
    @Sendable static func minutes(req: Request) async throws -> Response {
        let staff = try requireCaseworker(req)
        let caseID = try WorkspaceController.caseID(req)
        let meetingID = try meetingID(req)
        guard
            let meeting = try await staff.scope.query(Meeting.self, on: req.db).filter(\.$id == meetingID)
                .filter(\.$caseID == caseID).first()
        else { throw RadhusError.localized(.notFound, ErrorMessages.meetingNotFound) }
        var values: [String: String] = [:]
        for name in ["referat", "deltakere", "varighet"] { values[name] = req.formInput.values[name] ?? "" }
        switch MeetingService.checkMinutes(values, measured: meeting.heldMinutes, t: req.strings) {
        case .failure(let refused):
            return try await back(
                req, staff: staff, caseID: caseID,
                form: .init(which: .minutes(meetingID), values: values, problems: refused.problems))
        case .success(let minutes):
            try await staffService(req).writeMinutes(minutes, meetingID: meetingID, caseID: caseID, by: staff)
        }
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .minutesSaved).path, redirectType: .normal)
    }

    @Sendable static func staffCancel(req: Request) async throws -> Response {
        let staff = try requireCaseworker(req)
        let caseID = try WorkspaceController.caseID(req)
        try await staffService(req).staffCancel(meetingID: try meetingID(req), caseID: caseID, by: staff)
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .meetingCancelled).path, redirectType: .normal)
    }
}
