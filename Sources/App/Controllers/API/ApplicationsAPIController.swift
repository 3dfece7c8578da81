import Fluent
import Foundation
import RadhusCore
import Vapor

/// JSON submissions: `POST /api/v1/kommuner/{kommune}/tjenester/{service}/soknader`.
///
/// The same validation and the same `SubmissionService` as the portal (one code path). A
/// retry with the same `Idempotency-Key` returns the original receipt, also after a restart.
/// Authenticated by the citizen's session for now (API clients with OAuth2 tokens come with
/// the public API); CSRF is not needed because only `application/json` is accepted, which a
/// cross-site form cannot send.
enum ApplicationsAPIController {
    struct SubmitRequest: Content {
        var answers: [String: String]
    }

    struct Receipt: Content {
        var caseId: UUID
        var saksnummer: String
        var submittedAt: Date
        var dueAt: Date
        var repeated: Bool
        /// The outcome when rules decided the application at once (the letter is in the inbox).
        var automatedOutcome: String?
    }

    struct FieldProblemDTO: Content { var field: String; var message: String }
    struct ValidationProblem: Content {
        var type = "https://radhus.no/problems/validation"
        var title = "Skjemaet har feil"
        var status: UInt = 422
        var detail: String
        var errors: [FieldProblemDTO]
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        guard req.headers.contentType == .json else {
            throw Abort(.unsupportedMediaType, reason: "Send søknaden som application/json.")
        }
        guard let applicant = req.citizen else { throw Abort(.unauthorized, reason: "Logg inn først.") }
        let key = req.headers.first(name: "Idempotency-Key")?.trimmingCharacters(in: .whitespaces)
        if let key, key.isEmpty || key.count > 200 {
            throw RadhusError.badRequest("Idempotency-Key må ha 1–200 tegn.")
        }
        let m = try await PortalController.municipality(req)
        let s = try PortalController.service(req)
        let body: SubmitRequest
        do { body = try req.content.decode(SubmitRequest.self) } catch {
            throw RadhusError.badRequest("Innholdet må være JSON med «answers»: et objekt med tekstverdier.")
        }
        switch PortalController.validator(req, m).validate(s, input: body.answers) {
        case .failure(let errors):
            let t = Strings(.nb)
            let problem = ValidationProblem(detail: t.errorSummaryTitle(errors.count),
                                            errors: errors.map { FieldProblemDTO(field: $0.inputID, message: t.message($0)) })
            return ErrorPageMiddleware.problemResponse(status: .unprocessableEntity, body: problem)
        case .success(let answers):
            let receipt = try await req.submissions(for: s)
                .submit(SubmitApplication(municipality: m, service: s, applicant: applicant, answers: answers,
                                          channel: .digital, idempotencyKey: key.map { "api:\($0)" }))
            let response = Response(status: receipt.repeated ? .ok : .created)
            response.headers.replaceOrAdd(name: .location, value: SiteURL.myCase(receipt.caseID).path)
            try response.content.encode(Receipt(caseId: receipt.caseID, saksnummer: receipt.saksnummer.description,
                                                submittedAt: receipt.submittedAt, dueAt: receipt.dueAt, repeated: receipt.repeated,
                                                automatedOutcome: receipt.automatedOutcome))
            return response
        }
    }
}
