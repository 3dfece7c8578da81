import Fluent
import Foundation
import RadhusCore
import Vapor

/// `/ansatt/papirsoknad/<service>`: a member of staff registers an application that came on
/// paper — the same form, the same validation and the same submission path as the portal,
/// with channel = paper (so the digital share is counted from what really happened).
enum PaperController {
    static func require(_ req: Request) throws -> StaffContext {
        try req.requireStaff(
            \.mayRegisterPaper,
            otherwise: LocalizedText(
                nb: "Rollen din kan ikke registrere papirsøknader.",
                en: "Your role cannot register paper applications.", nn: "Rolla di kan ikkje registrere papirsøknader.")
        )
    }

    @Sendable static func list(req: Request) async throws -> Page {
        let staff = try require(req)
        return Paper.list(
            try await req.services.offered(municipalityID: staff.municipality.id, on: req.db),
            ctx: req.pageContext(area: .staff))
    }

    @Sendable static func form(req: Request) async throws -> Page {
        let staff = try require(req)
        return render(
            req, staff: staff, service: try await req.offeredService(in: staff.municipality),
            values: ["token": UUID().uuidString],
            errors: [], applicantError: nil)
    }

    static func render(
        _ req: Request, staff: StaffContext, service s: ServiceDefinition, values: [String: String],
        errors: [FieldError],
        applicantError: String?
    ) -> Page {
        Paper.form(
            kommune: staff.municipality.number, service: s, values: values, errors: errors,
            applicantError: applicantError,
            ctx: req.pageContext(area: .staff))
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let staff = try require(req)
        let s = try await req.offeredService(in: staff.municipality)
        var input = req.formInput.values
        input[CSRF.field] = nil
        let policy = req.application.radhusConfig.identityPolicy
        let applicant = try? Fodselsnummer(input["soker"] ?? "", policy: policy)
        let token = input["token"] ?? ""
        let validated = req.formValidator(for: staff.municipality).validate(s, input: input)
        guard let applicant, case .success(let answers) = validated, UUID(uuidString: token) != nil else {
            var errors: [FieldError] = []
            if case .failure(let e) = validated { errors = e }
            return try await render(
                req, staff: staff, service: s, values: input, errors: errors,
                applicantError: applicant == nil ? req.strings.applicantNumberInvalid : nil
            ).encodeResponse(for: req)
        }
        var command = SubmitApplication(
            municipality: staff.municipality, service: s, applicant: applicant, answers: answers, channel: .paper,
            idempotencyKey: "paper:\(token)")
        command.actor = staff.signature
        let receipt = try await req.submissions(for: s).submit(command)
        return req.redirect(to: SiteURL.staffCase(receipt.caseID).path, redirectType: .normal)
    }
}
