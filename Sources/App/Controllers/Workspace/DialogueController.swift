import Fluent
import Foundation
import RadhusCore
import Vapor

/// The dialogue on a case (issue 20), from the case page and from «Mine saker»: messages,
/// notes, requests for information, and who the case is given to.
enum DialogueController {
    static func service(_ req: Request) -> DialogueService {
        DialogueService(db: req.db, writer: req.writer, clock: req.application.clock, services: req.services)
    }

    struct TextForm: Content {
        var tekst: String?
        var frist: String?
    }

    /// A message, note or request from the case page; a refused one comes back to the page with
    /// what was typed and the problem at its field.
    @Sendable static func staffWrites(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let caseID = try WorkspaceController.caseID(req)
        guard let kind = req.parameters.get("kind").flatMap(DialogueDraft.Kind.init(rawValue:)), kind != .review
        else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        let form = try req.form(TextForm.self)
        let draft = DialogueDraft(kind: kind, text: form.tekst ?? "", due: form.frist ?? "")
        switch try await service(req).write(draft, caseID: caseID, by: staff) {
        case .done:
            let flash: StaffCase.Flash =
                switch kind {
                case .message: .messageSent
                case .note: .noteSaved
                case .request: .requestSent
                case .preliminary: .preliminarySent
                case .review: .messageSent  // not reached: refused above
                }
            return req.redirect(to: SiteURL.staffCase(caseID, flash: flash).path, redirectType: .normal)
        case .invalid(let draft):
            let record = try await WorkspaceController.service(req).open(caseID: caseID, by: staff)
            return try await WorkspaceController.render(
                req, staff: staff, record: record, revealed: false, dialogue: draft
            )
            .encodeResponse(for: req)
        }
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let caseID = try WorkspaceController.caseID(req)
        try await service(req).withdrawRequest(caseID: caseID, by: staff)
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .requestWithdrawn).path, redirectType: .normal)
    }

    struct AssignForm: Content {
        /// A caseworker's id, `meg` (me) or empty (unassigned).
        var saksbehandler: String?
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let caseID = try WorkspaceController.caseID(req)
        let raw = (try req.form(AssignForm.self).saksbehandler ?? "").trimmingCharacters(in: .whitespaces)
        let userID: UUID?
        switch raw {
        case "": userID = nil
        case "meg": userID = staff.userID
        default:
            guard let id = UUID(uuidString: raw) else {
                throw RadhusError.localized(
                    .unprocessableEntity,
                    LocalizedText(
                        nb: "Velg en saksbehandler i lista.", en: "Choose a caseworker from the list.",
                        nn: "Vel ein saksbehandlar i lista."))
            }
            userID = id
        }
        try await service(req).assign(caseID: caseID, to: userID, by: staff)
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .assigned).path, redirectType: .normal)
    }

    /// The applicant asks for a caseworker to review an automated decision.
    @Sendable static func citizenRequestsReview(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        let reason = try req.form(TextForm.self).tekst ?? ""
        switch try await service(req).requestReview(caseID: try record.requireID(), reason: reason, applicant: fnr) {
        case .done:
            return req.redirect(to: SiteURL.myCase(try record.requireID(), flash: .review).path, redirectType: .normal)
        case .invalid(let draft):
            var model = try await MyCase.Model.query(record: record, viewer: fnr, services: req.services, on: req.db)
            model.draft = draft
            return try await MyCase.view(model, ctx: req.pageContext(kommune: model.kommune)).encodeResponse(for: req)
        }
    }

    /// The applicant writes on their own case (an answer, while the case waits for them).
    @Sendable static func citizenWrites(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        let form = try req.form(TextForm.self)
        let draft = DialogueDraft(kind: .message, text: form.tekst ?? "")
        switch try await service(req).citizenWrites(draft, caseID: try record.requireID(), applicant: fnr) {
        case .done:
            return req.redirect(to: SiteURL.myCase(try record.requireID(), flash: .sent).path, redirectType: .normal)
        case .invalid(let draft):
            var model = try await MyCase.Model.query(record: record, viewer: fnr, services: req.services, on: req.db)
            model.draft = draft
            return try await MyCase.view(model, ctx: req.pageContext(kommune: model.kommune)).encodeResponse(for: req)
        }
    }
}
