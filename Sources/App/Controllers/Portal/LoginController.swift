import Fluent
import Foundation
import RadhusCore
import Vapor

/// Signing in and out. Citizens: a test login with a synthetic fødselsnummer (ID-porten
/// comes later); staff: username and password.
enum LoginController {
    struct CitizenLogin: Content { var fodselsnummer: String?; var neste: String? }

    @Sendable static func citizenForm(req: Request) async throws -> Page {
        citizenPage(req, value: "", error: nil, next: req.query[String.self, at: "neste"])
    }

    static func citizenPage(_ req: Request, value: String, error: String?, next: String?) -> Page {
        let ctx = req.pageContext(forms: true)
        let t = ctx.t
        guard ctx.demo else { return Layout.message(ctx, title: t.testLoginTitle, text: t.loginNotAvailable, status: .notFound) }
        return Layout.page(ctx, title: [t.testLoginTitle], status: error == nil ? .ok : .unprocessableEntity) {
            if let error { Layout.errorSummary(t.errorSummaryTitle(1), [("fodselsnummer", error)]) }
            el("h1") { t.testLoginTitle }
            el("div", .cls("warning-panel")) { el("p") { t.testLoginWarning } }
            el("form", .attr("method", "post"), .attr("action", SiteURL.login(next: nil).path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                if let next, SiteURL.isLocalPath(next) { void("input", .type("hidden"), .name("neste"), .value(next)) }
                el("div", .cls("form-group" + (error == nil ? "" : " form-group-error"))) {
                    el("label", .cls("label"), .for("f-fodselsnummer")) { t.fnrLabel }
                    el("div", .cls("hint"), .id("f-fodselsnummer-hint")) { t.fnrHint }
                    if let error { el("p", .cls("field-error"), .id("f-fodselsnummer-error")) { error } }
                    void("input", .type("text"), .id("f-fodselsnummer"), .name("fodselsnummer"), .value(value),
                         .cls("input w-11"), .attr("inputmode", "numeric"), .attr("autocomplete", "off"), .attr("spellcheck", "false"),
                         .attr("aria-describedby", error == nil ? "f-fodselsnummer-hint" : "f-fodselsnummer-hint f-fodselsnummer-error"),
                         .attr("aria-invalid", error == nil ? nil : "true"))
                }
                el("button", .type("submit"), .cls("button")) { t.logIn }
            }
            el("h2") { t.demoPeople }
            el("ul", .cls("plain-list")) {
                for c in DemoData.citizens { el("li") { el("code") { c.fnr }; " – " + c.name } }
            }
        }
    }

    @Sendable static func citizenLogin(req: Request) async throws -> Response {
        guard req.application.radhusConfig.mode != .production else { throw RadhusError.notFound("Testinnlogging finnes ikke i produksjon.") }
        let body = try req.content.decode(CitizenLogin.self)
        let raw = body.fodselsnummer ?? ""
        let t = Strings(req.language)
        let fnr: Fodselsnummer
        do {
            fnr = try Fodselsnummer(raw, policy: req.application.radhusConfig.identityPolicy)
        } catch {
            let field = FieldDefinition(id: "fodselsnummer", type: .person, label: .init(nb: "Fødselsnummer", en: "National identity number"))
            let problem: Fodselsnummer.Problem = raw.trimmingCharacters(in: .whitespaces).isEmpty ? .wrongLength : error
            let message = t.message(FieldError(inputID: "fodselsnummer", field: field, problem: .identity(problem)))
            return try await citizenPage(req, value: raw, error: message, next: body.neste).encodeResponse(for: req)
        }
        try await req.rotateSession()
        req.session.data["citizen"] = fnr.value
        let next = body.neste.flatMap { SiteURL.isLocalPath($0) ? $0 : nil } ?? SiteURL.myCases.path
        return req.redirect(to: next, redirectType: .normal)
    }

    @Sendable static func citizenLogout(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: SiteURL.home.path, redirectType: .normal)
    }

    // MARK: - Staff

    struct StaffLogin: Content { var brukernavn: String?; var passord: String? }

    @Sendable static func staffForm(req: Request) async throws -> Page {
        staffPage(req, username: "", error: nil)
    }

    static func staffPage(_ req: Request, username: String, error: String?) -> Page {
        let ctx = req.pageContext(area: .staff, forms: true)
        return Layout.page(ctx, title: ["Logg inn for ansatte"], status: error == nil ? .ok : .unauthorized) {
            if let error { Layout.errorSummary("Innloggingen mislyktes", [("brukernavn", error)]) }
            el("h1") { "Logg inn for ansatte" }
            el("form", .attr("method", "post"), .attr("action", SiteURL.staffLogin.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("f-brukernavn")) { "Brukernavn" }
                    void("input", .type("text"), .id("f-brukernavn"), .name("brukernavn"), .value(username), .cls("input w-20"),
                         .attr("autocomplete", "username"), .attr("spellcheck", "false"))
                }
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("f-passord")) { "Passord" }
                    void("input", .type("password"), .id("f-passord"), .name("passord"), .cls("input w-20"),
                         .attr("autocomplete", "current-password"))
                }
                el("button", .type("submit"), .cls("button")) { "Logg inn" }
            }
            if ctx.demo {
                el("p", .cls("muted")) { "Demo: for eksempel harstad.saksbehandler med passordet \(DemoData.password)." }
            }
        }
    }

    /// A hash of nothing, verified when the user does not exist, so a wrong username takes as
    /// long as a wrong password (no user enumeration by timing).
    static let dummyHash = try! Bcrypt.hash("radhus-no-such-user", cost: 10)

    @Sendable static func staffLogin(req: Request) async throws -> Response {
        let body = try req.content.decode(StaffLogin.self)
        let username = (body.brukernavn ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = body.passord ?? ""
        let user = username.isEmpty ? nil : try await StaffUser.query(on: req.db).filter(\.$username == username).first()
        let hash = user?.passwordHash ?? dummyHash
        // bcrypt is slow on purpose; keep it off the event loop.
        let ok = try await req.application.threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
        guard ok, let user, user.active else {
            req.logger.notice("staff login failed")
            return try await staffPage(req, username: username, error: "Feil brukernavn eller passord.").encodeResponse(for: req)
        }
        try await req.rotateSession()
        req.session.data["staff"] = user.id!.uuidString
        req.logger.info("staff login", metadata: ["staff": .string(user.id!.uuidString)])
        // An admin manages settings, not cases: their start page is the dispatch overview.
        let start = StaffRole(rawValue: user.role)?.mayReadCases == false ? SiteURL.dispatch : SiteURL.queue(service: nil, status: nil)
        return req.redirect(to: start.path, redirectType: .normal)
    }

    @Sendable static func staffLogout(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: SiteURL.staffLogin.path, redirectType: .normal)
    }

    @Sendable static func language(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? "nb"
        let back = req.query[String.self, at: "tilbake"].flatMap { SiteURL.isLocalPath($0) ? $0 : nil } ?? SiteURL.home.path
        let response = req.redirect(to: back, redirectType: .normal)
        if let lang = Language(rawValue: code) {
            response.cookies["radhus_lang"] = HTTPCookies.Value(string: lang.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                                                                 isSecure: req.application.radhusConfig.secureCookies,
                                                                 isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
