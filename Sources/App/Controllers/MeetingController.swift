import Fluent
import Foundation
import RadhusCore
import Vapor

/// Meetings (issue 22): a caseworker's meeting hours, and the applicant's booking and
/// cancelling from «Mine saker».
enum MeetingController {
    static func service(_ req: Request) -> MeetingService {
        MeetingService(db: req.db, writer: req.writer, clock: req.application.clock)
    }

    // MARK: The caseworker's hours

    static func requireCaseworker(_ req: Request) throws -> StaffContext {
        let staff = try req.requireStaff()
        guard staff.role.mayDecide else {
            throw RadhusError.localized(
                .forbidden,
                LocalizedText(
                    nb: "Rollen din har ikke møter med søkere.", en: "Your role does not meet applicants.",
                    nn: "Rolla di har ikkje møte med søkjarar."))
        }
        return staff
    }

    @Sendable static func hoursPage(req: Request) async throws -> Page {
        let staff = try requireCaseworker(req)
        let calendar = try await staff.scope.query(MeetingCalendar.self, on: req.db)
            .filter(\.$staffID == staff.userID).first()
        return MeetingHours.view(
            calendar.map { MeetingHours.Draft($0) } ?? MeetingHours.Draft(),
            saved: req.query[String.self, at: "lagret"] != nil, ctx: req.pageContext(area: .staff, forms: true))
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
            return try await MeetingHours.view(draft, saved: false, ctx: req.pageContext(area: .staff, forms: true))
                .encodeResponse(for: req)
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
        let model = try await model(req, record: record)
        return MeetingBooking.view(model, ctx: req.pageContext(kommune: model.kommune, forms: true))
    }

    @Sendable static func book(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        var model = try await model(req, record: record)
        let chosen = req.formInput.values["tid"].flatMap(Int.init).map { Date(timeIntervalSince1970: Double($0)) }
        let kind = req.formInput.values["mate"].flatMap(MeetingKind.init(rawValue:))
        model.chosen = chosen
        model.kind = kind
        let t = req.strings
        if chosen == nil { model.problems["tid"] = t.chooseATime }
        if kind == nil { model.problems["mate"] = t.chooseAKind }
        if let chosen, let kind {
            switch try await service(req).book(
                caseID: try record.requireID(), applicant: fnr, start: chosen, kind: kind)
            {
            case .booked:
                return req.redirect(
                    to: SiteURL.myCase(try record.requireID(), flash: .meetingBooked).path, redirectType: .normal)
            case .taken:
                model = try await self.model(req, record: record)
                model.kind = kind
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
