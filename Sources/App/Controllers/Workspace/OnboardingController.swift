import Fluent
import Foundation
import RadhusCore
import Vapor

extension Request {
    struct OperatorKey: StorageKey { typealias Value = Operator }
    /// The signed-in platform operator, if any.
    var platformOperator: Operator? { storage[OperatorKey.self] }
}

/// The platform operator's pages (issue 18): log in, see the kommuner, add one with its
/// first admin (who gets an invitation by e-mail).
enum OperatorController {
    static func requireOperator(_ req: Request) throws -> Operator {
        guard let o = req.platformOperator else {
            throw RadhusError.localized(
                .forbidden,
                LocalizedText(
                    nb: "Du må logge inn som operatør.", en: "You need to log in as an operator.",
                    nn: "Du må logge inn som operatør."))
        }
        return o
    }

    struct LoginForm: Content {
        var brukernavn: String?
        var passord: String?
    }

    @Sendable static func loginForm(req: Request) async throws -> Page {
        OperatorPages.login(username: "", error: nil, ctx: req.pageContext(area: .staff, forms: true))
    }

    @Sendable static func login(req: Request) async throws -> Response {
        let form = try req.form(LoginForm.self)
        let username = (form.brukernavn ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.passord ?? ""
        let found =
            username.isEmpty ? nil : try await Operator.query(on: req.db).filter(\.$username == username).first()
        let ok = try await LoginController.verify(password, against: found?.passwordHash, on: req)
        let now = req.application.clock.now()
        let locked = found?.lockedUntil.map { $0 > now } ?? false
        guard ok, let found, found.active, !locked else {
            RadhusMetrics.loginFailed("operator")
            if let found, !locked {
                let next = LoginController.afterFailure(found.failedLogins, now: now)
                let id = try found.requireID()
                try await req.writer.write(on: req.db) { tx in
                    try await Operator.query(on: tx).filter(\.$id == id).set(\.$failedLogins, to: next.failures)
                        .set(\.$lockedUntil, to: next.lockedUntil).update()
                }
            }
            return try await OperatorPages.login(
                username: username, error: req.strings.wrongCredentials,
                ctx: req.pageContext(area: .staff, forms: true)
            ).encodeResponse(for: req)
        }
        let id = try found.requireID()
        // A write only when there is a count to start again, as for staff.
        if found.failedLogins ?? 0 > 0 || found.lockedUntil != nil {
            try await req.writer.write(on: req.db) { tx in
                try await Operator.query(on: tx).filter(\.$id == id).set(\.$failedLogins, to: 0)
                    .set(\.$lockedUntil, to: nil).update()
            }
        }
        try await req.rotateSession()
        req.session.data["operator"] = id.uuidString
        return req.redirect(to: SiteURL.operatorHome().path, redirectType: .normal)
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: SiteURL.operatorLogin.path, redirectType: .normal)
    }

    @Sendable static func home(req: Request) async throws -> Page {
        _ = try requireOperator(req)
        return try await page(req, input: .init(), problems: [:])
    }

    static func page(_ req: Request, input: OnboardingService.KommuneInput, problems: [String: String]) async throws
        -> Page
    {
        let kommuner = try await Municipality.query(on: req.db).sort(\.$number).all()
        return OperatorPages.home(
            kommuner: kommuner.map { ($0.number, $0.name, $0.contactEmail) }, input: input, problems: problems,
            message: req.query[String.self, at: "melding"],
            ctx: req.pageContext(area: .staff, forms: true))
    }

    struct KommuneForm: Content {
        var kommunenummer: String?
        var navn: String?
        var enheter: String?
        var kontakt: String?
        var postmottak: String?
        var logotekst: String?
        var admin: String?
    }

    @Sendable static func addKommune(req: Request) async throws -> Response {
        let op = try requireOperator(req)
        let f = try req.form(KommuneForm.self)
        let input = OnboardingService.KommuneInput(
            number: f.kommunenummer ?? "", name: f.navn ?? "", units: f.enheter ?? "", contact: f.kontakt ?? "",
            postmottak: f.postmottak ?? "", logoText: f.logotekst ?? "", adminEmail: f.admin ?? "")
        do {
            let (m, sent) = try await OnboardingService(app: req.application).addKommune(
                input, actor: "operator:\(op.username)")
            req.logger.info("kommune added", metadata: ["kommune": .string(m.number)])
            let message = sent.emailed ? "lagt-til" : "lagt-til-uten-epost"
            return req.redirect(to: SiteURL.operatorHome(message: message).path, redirectType: .normal)
        } catch let p as OnboardingService.Problems {
            return try await page(req, input: input, problems: p.fields(in: req.language)).encodeResponse(for: req)
        }
    }
}

/// A kommune's admin manages its staff (issue 18): who has which role, invitations by
/// e-mail, role and unit changes, deactivation, and the admin log.
enum StaffUsersController {
    static func requireAdmin(_ req: Request) throws -> StaffContext {
        try req.requireStaff(
            \.mayManageUsers,
            otherwise: LocalizedText(
                nb: "Bare administrator kan se og endre brukerne.",
                en: "Only the administrator can see and change the users.",
                nn: "Berre administratoren kan sjå og endre brukarane."))
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireAdmin(req)
        return try await render(req, staff: staff, email: "", problems: [:], link: nil)
    }

    static func render(
        _ req: Request, staff: StaffContext, email: String, problems: [String: String], link: String?
    ) async throws -> Page {
        let users = try await staff.scope.query(StaffUser.self, on: req.db).sort(\.$displayName).all()
        let units = try await staff.scope.query(MunicipalUnit.self, on: req.db).sort(\.$name).all()
        let now = req.application.clock.now()
        let pending = try await staff.scope.query(Invitation.self, on: req.db).filter(\.$usedAt == nil)
            .filter(\.$expiresAt > now).sort(\.$createdAt).all()
        return StaffUsersPage.view(
            users: users, units: units, pending: pending, selfID: staff.userID, email: email, problems: problems,
            link: link, message: req.query[String.self, at: "melding"],
            ctx: req.pageContext(area: .staff))
    }

    struct InviteForm: Content {
        var epost: String?
        var rolle: String?
        var enhet: String?
    }

    @Sendable static func invite(req: Request) async throws -> Response {
        let staff = try requireAdmin(req)
        let f = try req.form(InviteForm.self)
        let email = f.epost ?? ""
        guard let role = f.rolle.flatMap(StaffRole.init(rawValue:)) else {
            return try await render(
                req, staff: staff, email: email, problems: ["rolle": req.strings.chooseRole], link: nil
            )
            .encodeResponse(for: req)
        }
        let unitID = try await unit(f.enhet, staff: staff, on: req)
        do {
            let sent = try await OnboardingService(app: req.application).invite(
                email: email, role: role, unitID: unitID, municipality: staff.municipality,
                actor: "staff:\(staff.username)")
            if sent.emailed {
                return req.redirect(to: SiteURL.staffUsers(message: "invitert").path, redirectType: .normal)
            }
            // No e-mail went out: the admin passes the link on themselves.
            return try await render(req, staff: staff, email: "", problems: [:], link: sent.link).encodeResponse(
                for: req)
        } catch let p as OnboardingService.Problems {
            return try await render(req, staff: staff, email: email, problems: p.fields(in: req.language), link: nil)
                .encodeResponse(
                    for: req)
        }
    }

    static func unit(_ raw: String?, staff: StaffContext, on req: Request) async throws -> UUID? {
        guard let raw, let id = UUID(uuidString: raw) else { return nil }
        return try await staff.scope.find(MunicipalUnit.self, id, on: req.db)?.requireID()
    }

    struct UserForm: Content {
        var rolle: String?
        var enhet: String?
        var aktiv: String?
    }

    /// Changes one person's role, unit or whether they may log in.
    @Sendable static func update(req: Request) async throws -> Response {
        let staff = try requireAdmin(req)
        guard let id = req.parameters.get("user").flatMap(UUID.init(uuidString:)),
            let user = try await staff.scope.find(StaffUser.self, id, on: req.db)
        else {
            throw RadhusError.localized(
                .notFound,
                LocalizedText(nb: "Brukeren finnes ikke.", en: "The user does not exist.", nn: "Brukaren finst ikkje."))
        }
        let f = try req.form(UserForm.self)
        guard let role = f.rolle.flatMap(StaffRole.init(rawValue:)) else {
            throw RadhusError.localized(
                .badRequest, LocalizedText(nb: "Velg en rolle.", en: "Choose a role.", nn: "Vel ei rolle."))
        }
        let active = f.aktiv == "ja"
        // Nobody locks themselves out: the admin's own role and access stay as they are.
        if id == staff.userID, role != .admin || !active {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Du kan ikke ta fra deg selv administratorrollen eller tilgangen.",
                    en: "You cannot take the administrator role or access from yourself.",
                    nn: "Du kan ikkje ta frå deg sjølv administratorrolla eller tilgangen."))
        }
        let unitID = try await unit(f.enhet, staff: staff, on: req)
        var changes: [String] = []
        if user.role != role.rawValue { changes.append("rolle \(user.role) → \(role.rawValue)") }
        if user.unitID != unitID { changes.append("enhet endret") }
        if user.active != active { changes.append(active ? "aktivert" : "deaktivert") }
        guard !changes.isEmpty else {
            return req.redirect(to: SiteURL.staffUsers().path, redirectType: .normal)
        }
        let now = req.application.clock.now()
        let username = user.username
        let actor = "staff:\(staff.username)"
        let municipalityID = staff.municipality.id
        let detail = "\(username): \(changes.joined(separator: ", "))"
        try await req.writer.write(on: req.db) { tx in
            try await StaffUser.query(on: tx).filter(\.$id == id).set(\.$role, to: role.rawValue)
                .set(\.$unitID, to: unitID).set(\.$active, to: active).update()
            try await AdminLogEntry(
                at: now, municipalityID: municipalityID, actor: actor, action: "user-changed",
                detail: detail
            ).create(on: tx)
        }
        return req.redirect(to: SiteURL.staffUsers(message: "endret").path, redirectType: .normal)
    }

    @Sendable static func log(req: Request) async throws -> Page {
        let staff = try requireAdmin(req)
        let entries = try await AdminLogEntry.query(on: req.db).filter(\.$municipalityID == staff.municipality.id)
            .sort(\.$at, .descending).limit(500).all()
        return StaffUsersPage.log(entries, ctx: req.pageContext(area: .staff))
    }
}

/// `/invitasjon/<token>`: the invited person makes their user.
enum InvitationController {
    struct Form: Content {
        var navn: String?
        var brukernavn: String?
        var passord: String?
        var gjenta: String?
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let token = try req.parameters.require("token")
        guard let invitation = try await OnboardingService(app: req.application).invitation(token: token),
            let m = try await Municipality.find(invitation.municipalityID, on: req.db)
        else {
            return Layout.message(
                req.pageContext(area: .staff), title: req.strings.invitationInvalid,
                text: req.strings.invitationUsedOrExpired,
                status: .notFound)
        }
        let suggested = String(invitation.email.split(separator: "@").first ?? "")
        return OperatorPages.signUp(
            kommune: m.name, role: invitation.role, token: token,
            values: .init(name: "", username: suggested), problems: [:],
            ctx: req.pageContext(area: .staff, forms: true)
        )
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        let token = try req.parameters.require("token")
        let f = try req.form(Form.self)
        let form = OnboardingService.SignUp(
            name: f.navn ?? "", username: f.brukernavn ?? "", password: f.passord ?? "", repeated: f.gjenta ?? "")
        let service = OnboardingService(app: req.application)
        do {
            let user = try await service.accept(token: token, form)
            try await req.rotateSession()
            req.session.data["staff"] = try user.requireID().uuidString
            return req.redirect(to: LoginController.startPage(for: user).path, redirectType: .normal)
        } catch let p as OnboardingService.Problems {
            guard let invitation = try await service.invitation(token: token),
                let m = try await Municipality.find(invitation.municipalityID, on: req.db)
            else {
                return try await Layout.message(
                    req.pageContext(area: .staff), title: req.strings.invitationInvalid,
                    text: p.fields(in: req.language)["lenke"] ?? req.strings.invitationUsedOrExpired, status: .notFound
                ).encodeResponse(for: req)
            }
            return try await OperatorPages.signUp(
                kommune: m.name, role: invitation.role, token: token,
                values: .init(name: form.name, username: form.username), problems: p.fields(in: req.language),
                ctx: req.pageContext(area: .staff, forms: true)
            ).encodeResponse(for: req)
        }
    }
}
