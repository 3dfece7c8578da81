import Fluent
import Foundation
import RadhusCore
import Vapor

/// The citizen's notification settings: the e-mail address for notices and the choice of
/// paper instead of digital post (what the contact register holds).
enum ProfileController {
    struct Form: Content {
        var epost: String?
        var papir: String?
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let fnr = try req.requireCitizen()
        let contact = try await CitizenContact.query(on: req.db).filter(\.$fnr == fnr.value).first()
        return render(
            req, email: contact?.email ?? "", paper: contact?.reserved ?? false, address: contact?.postalAddress,
            error: nil, saved: req.query[String.self, at: "lagret"] != nil)
    }

    static func render(_ req: Request, email: String, paper: Bool, address: String?, error: String?, saved: Bool)
        -> Page
    {
        Profile.view(
            .init(email: email, paper: paper, address: address), error: error, saved: saved,
            ctx: req.pageContext(forms: true))
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let form = try req.form(Form.self)
        let email = (form.epost ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let paper = form.papir == "ja"
        let existing = try await CitizenContact.query(on: req.db).filter(\.$fnr == fnr.value).first()
        if !email.isEmpty && !SMTPClient.isPlausibleAddress(email) {
            return try await render(
                req, email: email, paper: paper, address: existing?.postalAddress,
                error: req.strings.emailInvalid,
                saved: false
            ).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let contact = try await CitizenContact.query(on: tx).filter(\.$fnr == fnr.value).first() ?? CitizenContact()
            contact.fnr = fnr.value
            contact.email = email.isEmpty ? nil : email
            contact.reserved = paper
            contact.updatedAt = now
            try await contact.save(on: tx)
        }
        return req.redirect(to: SiteURL.profile(saved: true).path, redirectType: .normal)
    }
}
