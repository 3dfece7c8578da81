import Fluent
import Foundation
import RadhusCore
import Vapor

/// The citizen's notification settings: the e-mail address for notices and the choice of
/// paper instead of digital post (what the contact register holds).
enum ProfileController {
    struct Form: Content { var epost: String?; var papir: String? }

    @Sendable static func page(req: Request) async throws -> Page {
        let fnr = try req.requireCitizen()
        let contact = try await CitizenContact.query(on: req.db).filter(\.$fnr == fnr.value).first()
        return render(req, email: contact?.email ?? "", paper: contact?.reserved ?? false, address: contact?.postalAddress,
                      error: nil, saved: req.query[String.self, at: "lagret"] != nil)
    }

    static func render(_ req: Request, email: String, paper: Bool, address: String?, error: String?, saved: Bool) -> Page {
        let ctx = req.pageContext(forms: true)
        let t = ctx.t
        return Layout.page(ctx, title: [t.profileTitle], status: error == nil ? .ok : .unprocessableEntity) {
            if let error { Layout.errorSummary(t.errorSummaryTitle(1), anchors: [("epost", error)]) }
            if saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.saved } } }
            el("h1") { t.profileTitle }
            el("p", .cls("lead")) { t.profileIntro }
            el("form", .attr("method", "post"), .attr("action", SiteURL.profile.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(id: "epost", label: t.emailLabel + " " + t.optional, hint: t.emailHint, value: email, error: error,
                                   type: "email", extra: [.cls("input w-full"), .attr("autocomplete", "email")])
                el("div", .cls("form-group")) {
                    el("div", .cls("checkbox")) {
                        void("input", .type("checkbox"), .name("papir"), .value("ja"), .id("papir"), .flag("checked", paper))
                        el("label", .for("papir")) { t.reservedLabel }
                    }
                }
                el("button", .type("submit"), .cls("button")) { t.save }
            }
            el("h2") { t.postalAddress }
            el("p") {
                if let address, !address.isEmpty {
                    LetterView.para(address.split(separator: "\n").map(String.init))
                } else {
                    t.noPostalAddress
                }
            }
        }
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let email = (form.epost ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let paper = form.papir == "ja"
        let existing = try await CitizenContact.query(on: req.db).filter(\.$fnr == fnr.value).first()
        if !email.isEmpty && !SMTPClient.isPlausibleAddress(email) {
            return try await render(req, email: email, paper: paper, address: existing?.postalAddress, error: req.pageContext().t.emailInvalid,
                                    saved: false).encodeResponse(for: req)
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
        return req.redirect(to: SiteURL.profile.path + "?lagret=1", redirectType: .normal)
    }
}
