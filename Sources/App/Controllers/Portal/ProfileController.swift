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
        var malform: String?
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let fnr = try req.requireCitizen()
        let contact = try await CitizenContact.query(on: req.db).filter(\.$fnr == fnr.value).first()
        return render(
            req, email: contact?.email ?? "", paper: contact?.reserved ?? false, address: contact?.postalAddress,
            written: contact?.writtenLanguage.flatMap(Language.init(rawValue:)) ?? req.language.written,
            error: nil, saved: req.query[String.self, at: "lagret"] != nil)
    }

    static func render(
        _ req: Request, email: String, paper: Bool, address: String?, written: Language, error: String?, saved: Bool
    ) -> Page {
        Profile.view(
            .init(email: email, paper: paper, address: address, written: written), error: error, saved: saved,
            ctx: req.pageContext(forms: true))
    }

    /// Remembers the citizen's written form on their profile (their letters are written in it).
    static func rememberWrittenForm(_ language: Language, for fnr: String, req: Request) async throws {
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let contact = try await CitizenContact.query(on: tx).filter(\.$fnr == fnr).first() ?? CitizenContact()
            if contact.id == nil {
                contact.fnr = fnr
                contact.reserved = false
            }
            contact.writtenLanguage = language.written.rawValue
            contact.updatedAt = now
            try await contact.save(on: tx)
        }
    }

    /// After a login: the portal in the person's remembered written form, when this browser
    /// has not chosen one (a new device).
    static func rememberedLanguage(_ response: Response, fnr: String, req: Request) async throws {
        guard req.cookies["radhus_lang"] == nil,
            let code = try await CitizenContact.query(on: req.db).filter(\.$fnr == fnr).first()?.writtenLanguage,
            Language(rawValue: code) != nil
        else { return }
        response.cookies["radhus_lang"] = LoginController.languageCookie(code, req: req)
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let form = try req.form(Form.self)
        let email = (form.epost ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let paper = form.papir == "ja"
        let written = form.malform.flatMap(Language.init(rawValue:))?.written ?? .nb
        let existing = try await CitizenContact.query(on: req.db).filter(\.$fnr == fnr.value).first()
        if !email.isEmpty && !SMTPClient.isPlausibleAddress(email) {
            return try await render(
                req, email: email, paper: paper, address: existing?.postalAddress, written: written,
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
            contact.writtenLanguage = written.rawValue
            contact.updatedAt = now
            try await contact.save(on: tx)
        }
        return req.redirect(to: SiteURL.profile(saved: true).path, redirectType: .normal)
    }
}
