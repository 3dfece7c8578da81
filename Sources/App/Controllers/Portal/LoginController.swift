import Fluent
import Foundation
import RadhusCore
import Vapor

/// Signing in and out. Citizens: ID-porten (`IDPortenController`) and, outside production, a
/// test login with a synthetic fødselsnummer; staff: their kommune's single sign-on
/// (`StaffSSOController`) or username and password.
enum LoginController {
    struct CitizenLoginForm: Content {
        var fodselsnummer: String?
        var neste: String?
    }

    @Sendable static func citizenForm(req: Request) async throws -> Page {
        citizenPage(req, value: "", error: nil, next: req.query[String.self, at: "neste"])
    }

    static func citizenPage(
        _ req: Request, value: String, error: String?, next: String?, loginFailure: String? = nil
    ) -> Page {
        CitizenLogin.view(
            value: value, error: error, next: next, idporten: req.application.radhusConfig.citizenLogin != nil,
            loginFailure: loginFailure, ctx: req.pageContext(forms: true))
    }

    @Sendable static func citizenLogin(req: Request) async throws -> Response {
        guard req.application.radhusConfig.mode != .production else {
            throw RadhusError.localized(.notFound, ErrorMessages.testLoginInProduction)
        }
        let body = try req.form(CitizenLoginForm.self)
        let raw = body.fodselsnummer ?? ""
        let t = Strings(req.language)
        let fnr: Fodselsnummer
        do {
            fnr = try Fodselsnummer(raw, policy: req.application.radhusConfig.identityPolicy)
        } catch {
            let field = FieldDefinition(
                id: "fodselsnummer", type: .person, label: .init(nb: "Fødselsnummer", en: "National identity number"))
            RadhusMetrics.loginFailed("citizen")
            let problem: Fodselsnummer.Problem = raw.trimmingCharacters(in: .whitespaces).isEmpty ? .wrongLength : error
            let message = t.message(FieldError(inputID: "fodselsnummer", field: field, problem: .identity(problem)))
            return try await citizenPage(req, value: raw, error: message, next: body.neste).encodeResponse(for: req)
        }
        let citizenID = try await CitizenRecord.reference(to: fnr, on: req)
        try await req.rotateSession()
        req.session.data["citizen"] = citizenID.uuidString
        req.session.data["login"] = "test"
        let next = body.neste.flatMap { SiteURL.isLocalPath($0) ? $0 : nil } ?? SiteURL.myCases.path
        let response = req.redirect(to: next, redirectType: .normal)
        try await ProfileController.rememberedLanguage(response, fnr: fnr.value, req: req)
        return response
    }

    @Sendable static func citizenLogout(req: Request) async throws -> Response {
        // Logged in through ID-porten: its session ends too (its end-session page sends the
        // browser back to the front page).
        let providerEnd = await IDPortenController.endSession(req)
        req.session.destroy()
        return req.redirect(to: providerEnd ?? SiteURL.home.path, redirectType: .normal)
    }

    // MARK: - Staff

    struct StaffLoginForm: Content {
        var brukernavn: String?
        var passord: String?
    }

    @Sendable static func staffForm(req: Request) async throws -> Page {
        try await staffPage(req, username: "", error: nil)
    }

    static func staffPage(_ req: Request, username: String, error: String?, loginFailure: String? = nil)
        async throws -> Page
    {
        StaffLogin.view(
            username: username, error: error, loginFailure: loginFailure,
            singleSignOn: try await StaffSSOController.kommuner(on: req.db),
            ctx: req.pageContext(area: .staff, forms: true))
    }

    /// Where a member of staff starts: an admin manages settings, not cases, so the dispatch
    /// overview; everyone else the case queue.
    static func startPage(for user: StaffUser) -> SiteURL {
        StaffRole(rawValue: user.role)?.mayReadCases == false
            ? SiteURL.dispatch() : SiteURL.queue(service: nil, status: nil)
    }

    /// A hash of nothing, verified when the user does not exist, so a wrong username takes as
    /// long as a wrong password (no user enumeration by timing).
    static let dummyHash = try! Bcrypt.hash("radhus-no-such-user", cost: 10)

    @Sendable static func staffLogin(req: Request) async throws -> Response {
        let body = try req.form(StaffLoginForm.self)
        let username = (body.brukernavn ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = body.passord ?? ""
        let user =
            username.isEmpty ? nil : try await StaffUser.query(on: req.db).filter(\.$username == username).first()
        let ok = try await verify(password, against: user?.passwordHash, on: req)
        let now = req.application.clock.now()
        let locked = user?.lockedUntil.map { $0 > now } ?? false
        guard ok, let user, user.active, !locked else {
            req.logger.notice("staff login failed")
            RadhusMetrics.loginFailed("staff")
            if let user, !locked { try await recordFailure(user, now: now, req: req) }
            // The same words whether the name exists, the password is wrong or the account is
            // locked: the page tells nobody which usernames exist.
            return try await staffPage(req, username: username, error: req.strings.wrongCredentials)
                .encodeResponse(for: req)
        }
        // The kommune has switched the password login off (single sign-on only). Said only
        // after the right password, so it tells nobody anything new.
        if let provider = try await TenantScope(municipalityID: user.municipalityID)
            .query(StaffLoginProvider.self, on: req.db).first(), !provider.passwordLogin
        {
            RadhusMetrics.loginFailed("staff")
            return try await staffPage(req, username: username, error: req.strings.passwordLoginOff)
                .encodeResponse(for: req)
        }
        if user.failedLogins ?? 0 > 0 || user.lockedUntil != nil {
            let id = try user.requireID()
            try await req.writer.write(on: req.db) { tx in
                try await StaffUser.query(on: tx).filter(\.$id == id).set(\.$failedLogins, to: 0)
                    .set(\.$lockedUntil, to: nil).update()
            }
        }
        try await req.rotateSession()
        req.session.data["staff"] = user.id!.uuidString
        req.logger.info("staff login", metadata: ["staff": .string(user.id!.uuidString)])
        return req.redirect(to: startPage(for: user).path, redirectType: .normal)
    }

    /// Failed password logins in a row before the account is locked, and for how long.
    static let maxFailedLogins = 5
    static let lockout: TimeInterval = 15 * 60

    /// Checks a password against a stored bcrypt hash, or against a dummy hash when there is
    /// no account (so a wrong username takes as long as a wrong password); off the event loop,
    /// since bcrypt is slow on purpose. Staff and operators log in through this.
    static func verify(_ password: String, against stored: String?, on req: Request) async throws -> Bool {
        let hash = stored ?? dummyHash
        return try await req.application.threadPool.runIfActive {
            (try? Bcrypt.verify(password, created: hash)) ?? false
        }
    }

    /// After one more failed login of an account: the count to store, and until when it is
    /// locked (the fifth in a row locks it and starts the count again).
    static func afterFailure(_ failedBefore: Int?, now: Date) -> (failures: Int, lockedUntil: Date?) {
        let failures = (failedBefore ?? 0) + 1
        return failures >= maxFailedLogins ? (0, now.addingTimeInterval(lockout)) : (failures, nil)
    }

    /// Counts a failed login of an existing account; the fifth in a row locks it for a while.
    static func recordFailure(_ user: StaffUser, now: Date, req: Request) async throws {
        let id = try user.requireID()
        let next = afterFailure(user.failedLogins, now: now)
        try await req.writer.write(on: req.db) { tx in
            try await StaffUser.query(on: tx).filter(\.$id == id).set(\.$failedLogins, to: next.failures)
                .set(\.$lockedUntil, to: next.lockedUntil).update()
        }
        if next.lockedUntil != nil {
            req.logger.warning("staff account locked after failed logins", metadata: ["staff": .string(id.uuidString)])
        }
    }

    @Sendable static func staffLogout(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: SiteURL.staffLogin.path, redirectType: .normal)
    }

    @Sendable static func language(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? "nb"
        let back =
            req.query[String.self, at: "tilbake"].flatMap { SiteURL.isLocalPath($0) ? $0 : nil } ?? SiteURL.home.path
        let response = req.redirect(to: back, redirectType: .normal)
        if let lang = Language(rawValue: code) {
            response.cookies["radhus_lang"] = languageCookie(lang.rawValue, req: req)
            // A signed-in citizen choosing bokmål or nynorsk chooses it for their letters too.
            if lang != .en, req.hasSessionCookie, let fnr = try? req.requireCitizen() {
                try await ProfileController.rememberWrittenForm(lang, for: fnr.value, req: req)
            }
        }
        return response
    }

    static func languageCookie(_ code: String, req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: code, maxAge: 365 * 24 * 3600, path: "/", isSecure: req.application.radhusConfig.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
    }
}
