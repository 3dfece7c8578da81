import Fluent
import Foundation
import RadhusCore
import Vapor

/// `/ansatt/papirsoknad/<service>`: a member of staff registers an application that came on
/// paper — the same form, the same validation and the same submission path as the portal,
/// with channel = paper (so the digital share is counted from what really happened).
enum PaperController {
    static func require(_ req: Request) throws -> StaffContext {
        try req.requireStaff(\.mayRegisterPaper, otherwise: "Rollen din kan ikke registrere papirsøknader.")
    }

    static func service(_ req: Request, _ staff: StaffContext) async throws -> ServiceDefinition {
        let id = req.parameters.get("service") ?? ""
        guard let s = try await req.services.offered(municipalityID: staff.municipality.id, id: id, on: req.db) else {
            throw RadhusError.notFound("\(staff.municipality.name) tilbyr ingen tjeneste som heter «\(id)».")
        }
        return s
    }

    @Sendable static func list(req: Request) async throws -> Page {
        let staff = try require(req)
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let ctx = req.pageContext(area: .staff)
        return Layout.page(ctx, title: ["Registrer papirsøknad"]) {
            el("h1") { "Registrer en søknad som kom på papir" }
            el("ul") { for s in offered { el("li") { el("a", .href(SiteURL.paperForm(service: s.id).path)) { s.title.nb } } } }
        }
    }

    @Sendable static func form(req: Request) async throws -> Page {
        let staff = try require(req)
        return render(req, staff: staff, service: try await service(req, staff), values: ["token": UUID().uuidString], errors: [], applicantError: nil)
    }

    static func render(_ req: Request, staff: StaffContext, service s: ServiceDefinition, values: [String: String], errors: [FieldError],
                       applicantError: String?) -> Page {
        let ctx = req.pageContext(area: .staff)
        let t = Strings(.nb)
        let count = errors.count + (applicantError == nil ? 0 : 1)
        return Layout.page(ctx, title: ["Papirsøknad", s.title.nb], status: count == 0 ? .ok : .unprocessableEntity) {
            if count > 0 {
                Layout.errorSummary(t.errorSummaryTitle(count), anchors: (applicantError.map { [("soker", $0)] } ?? [])
                    + errors.map { (FormView.domID($0.inputID), t.message($0)) })
            }
            el("h1") { "Papirsøknad: \(s.title.nb)" }
            el("p") { "Skriv av søknaden slik den kom. Den får saksnummer og behandles som en digital søknad, men telles som papir i rapportene." }
            el("form", .attr("method", "post"), .attr("action", SiteURL.paperForm(service: s.id).path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                void("input", .type("hidden"), .name("token"), .value(values["token"] ?? UUID().uuidString))
                FormView.textInput(id: "soker", label: "Søkerens fødselsnummer", hint: "11 siffer, fra søknaden", value: values["soker"] ?? "",
                                   error: applicantError, type: "text", extra: [.attr("inputmode", "numeric"), .cls("input w-10")])
                FormView.fields(s, kommune: staff.municipality.number, values: values, errors: errors, t: t)
                el("button", .type("submit"), .cls("button")) { "Registrer søknaden" }
            }
        }
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let staff = try require(req)
        let s = try await service(req, staff)
        var input = (try? req.content.decode([String: String].self)) ?? [:]
        input["_csrf"] = nil
        let policy = req.application.radhusConfig.identityPolicy
        let applicant = try? Fodselsnummer(input["soker"] ?? "", policy: policy)
        let token = input["token"] ?? ""
        let validated = FormValidator(policy: policy, kommune: staff.municipality.number, today: req.application.clock.now()).validate(s, input: input)
        guard let applicant, case .success(let answers) = validated, UUID(uuidString: token) != nil else {
            var errors: [FieldError] = []
            if case .failure(let e) = validated { errors = e }
            return try await render(req, staff: staff, service: s, values: input, errors: errors,
                                    applicantError: applicant == nil ? "Skriv et gyldig fødselsnummer med 11 siffer" : nil).encodeResponse(for: req)
        }
        var command = SubmitApplication(municipality: staff.municipality, service: s, applicant: applicant, answers: answers, channel: .paper,
                                        idempotencyKey: "paper:\(token)")
        command.actor = staff.signature
        let receipt = try await req.submissions(for: s).submit(command)
        return req.redirect(to: SiteURL.staffCase(receipt.caseID).path, redirectType: .normal)
    }
}
