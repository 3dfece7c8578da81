import Fluent
import Foundation
import RadhusCore
import Vapor

/// `GET/POST /ansatt/innlogging`: the kommune's admin sets up single sign-on for staff.
enum LoginSettingsController {
    static func requireAdmin(_ req: Request) throws -> StaffContext {
        try req.requireStaff(
            \.mayManageUsers,
            otherwise: LocalizedText(
                nb: "Bare administrator kan endre innloggingen for ansatte.",
                en: "Only the administrator can change how staff log in.",
                nn: "Berre administratoren kan endre innlogginga for tilsette."))
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireAdmin(req)
        var v = LoginSettings.Values()
        if let p = try await staff.scope.query(StaffLoginProvider.self, on: req.db).first() {
            v = .init(
                issuer: p.issuer, clientID: p.clientID, groups: StaffLoginProvider.format(p.mappings),
                passwordLogin: p.passwordLogin, hasSecret: true)
        }
        return LoginSettings.view(
            v, errors: [:], saved: req.query[String.self, at: "lagret"] != nil,
            redirectURI: StaffSSOController.redirectURI(req), ctx: req.pageContext(area: .staff))
    }

    struct Form: Content {
        var utsteder: String?
        var klient: String?
        var hemmelighet: String?
        var grupper: String?
        var passord: String?
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let staff = try requireAdmin(req)
        let form = try req.form(Form.self)
        let existing = try await staff.scope.query(StaffLoginProvider.self, on: req.db).first()
        let v = LoginSettings.Values(
            issuer: (form.utsteder ?? "").trimmingCharacters(in: .whitespaces),
            clientID: (form.klient ?? "").trimmingCharacters(in: .whitespaces), groups: form.grupper ?? "",
            passwordLogin: form.passord == "pa", hasSecret: existing != nil)
        var errors: [String: String] = [:]
        if !(v.issuer.hasPrefix("https://") && URL(string: v.issuer)?.host != nil) {
            errors["utsteder"] = req.strings.issuerMissing
        }
        if v.clientID.isEmpty { errors["klient"] = req.strings.clientIDMissing }
        let secret = form.hemmelighet ?? ""
        if secret.isEmpty && existing == nil { errors["hemmelighet"] = req.strings.clientSecretMissing }
        let parsed = StaffLoginProvider.parse(v.groups)
        if let problem = parsed.problem {
            errors["grupper"] = problem[req.language]
        } else if parsed.mappings.isEmpty {
            errors["grupper"] = req.strings.groupsMissing
        }
        // Without the password login, only single sign-on is left: a group must make admins,
        // or nobody could change this page again.
        if !v.passwordLogin, !parsed.mappings.contains(where: { $0.role == .admin }) {
            errors["passord"] = req.strings.adminGroupNeeded
        }
        guard errors.isEmpty else {
            let response = try await LoginSettings.view(
                v, errors: errors, saved: false, redirectURI: StaffSSOController.redirectURI(req),
                ctx: req.pageContext(area: .staff)
            ).encodeResponse(for: req)
            return response
        }
        let sealed = secret.isEmpty ? existing!.clientSecret : try await SessionSeal.seal(secret, app: req.application)
        let mappings = String(decoding: try JSONEncoder.sorted.encode(parsed.mappings), as: UTF8.self)
        let now = req.application.clock.now()
        let saved = v
        try await req.writer.write(on: req.db) { tx in
            let p = existing ?? StaffLoginProvider()
            p.municipalityID = staff.municipality.id
            p.issuer = saved.issuer
            p.clientID = saved.clientID
            p.clientSecret = sealed
            p.groupRoles = mappings
            p.passwordLogin = saved.passwordLogin
            p.updatedAt = now
            try await p.save(on: tx)
            try await AdminLogEntry(
                at: now, municipalityID: staff.municipality.id, actor: "staff:\(staff.username)",
                action: "login-settings-changed",
                detail:
                    "\(saved.issuer), grupper: \(parsed.mappings.count), passordinnlogging \(saved.passwordLogin ? "på" : "av")"
                    + (secret.isEmpty ? "" : ", ny hemmelighet")
            ).create(on: tx)
        }
        req.logger.info("staff login settings changed", metadata: ["staff": .string(staff.userID.uuidString)])
        return req.redirect(to: SiteURL.loginSettings(saved: true).path, redirectType: .normal)
    }
}
