import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Citizens log in through ID-porten (OpenID Connect, issue 18): `/logg-inn/idporten` sends
/// the browser there, `/logg-inn/idporten/tilbake` takes it back, `/logg-ut` ends both
/// sessions, and `/logg-ut/idporten` is where ID-porten's front-channel logout ends ours.
enum IDPortenController {
    static let providerName = "idporten"

    static func settings(_ req: Request) throws -> OIDCSettings {
        guard let s = req.application.radhusConfig.citizenLogin else {
            throw RadhusError.localized(.notFound, Strings.all(\.idportenNotConfigured))
        }
        return s
    }

    static func client(_ req: Request, _ settings: OIDCSettings) -> OpenIDClient {
        req.application.identityProviders.client(providerName, settings: settings, app: req.application)
    }

    /// The address ID-porten sends the browser back to: registered with Digdir as is.
    static func redirectURI(_ req: Request) -> String {
        req.application.radhusConfig.absoluteURL(SiteURL.idportenCallback.path)
    }

    @Sendable static func start(req: Request) async throws -> Response {
        let s = try settings(req)
        let next = req.query[String.self, at: "neste"].flatMap { SiteURL.isLocalPath($0) ? $0 : nil }
        let level: ServiceDefinition.LoginLevel = req.query[String.self, at: "niva"] == "hoy" ? .high : .substantial
        let state = LoginState.start(
            provider: providerName, next: next, level: level.acr, now: req.application.clock.now())
        do {
            let url = try await client(req, s).authorizationURL(
                redirectURI: redirectURI(req), state: state.state, nonce: state.nonce, verifier: state.verifier,
                acrValues: level.acr, locale: req.language)
            let response = req.redirect(to: url, redirectType: .normal)
            try LoginState.set(state, on: response, req: req)
            return response
        } catch let failure as LoginFailure {
            return try await refused(req, failure, next: next)
        }
    }

    @Sendable static func callback(req: Request) async throws -> Response {
        let state = LoginState.read(req, now: req.application.clock.now())
        do {
            let response = try await finish(req, state: state)
            LoginState.clear(on: response)
            return response
        } catch let failure as LoginFailure {
            return try await refused(req, failure, next: state?.next)
        }
    }

    private static func finish(_ req: Request, state: LoginState?) async throws -> Response {
        let s = try settings(req)
        let tokens = try await OIDCCallback.redeem(
            req, state: state, provider: providerName, settings: s,
            client: client(req, s), redirectURI: redirectURI(req))
        let claims = tokens.claims
        let wanted = ServiceDefinition.LoginLevel(acr: tokens.state.level) ?? .substantial
        guard let got = ServiceDefinition.LoginLevel(acr: claims.acr), got >= wanted else {
            throw LoginFailure(reason: .level)
        }
        guard let pid = claims.pid,
            let fnr = try? Fodselsnummer(pid, policy: req.application.radhusConfig.identityPolicy)
        else { throw LoginFailure(reason: .identity) }
        let citizenID = try await CitizenRecord.reference(to: fnr, on: req)
        try await req.rotateSession()
        req.session.data["citizen"] = citizenID.uuidString
        req.session.data["login"] = providerName
        req.session.data["level"] = got.acr
        req.session.data["id_token"] = try await SessionSeal.seal(tokens.idToken, app: req.application)
        if let sid = claims.sid {
            req.storage[DatabaseSessions.ProviderSession.self] = SessionSeal.providerSession(issuer: s.issuer, sid: sid)
        }
        req.logger.info("citizen login", metadata: ["provider": .string(providerName), "level": .string(got.acr)])
        let response = req.redirect(to: tokens.state.next ?? SiteURL.myCases.path, redirectType: .normal)
        try await ProfileController.rememberedLanguage(response, fnr: fnr.value, req: req)
        return response
    }

    /// The login page again, saying what went wrong; no session, and the state cookie gone.
    static func refused(_ req: Request, _ failure: LoginFailure, next: String?) async throws -> Response {
        try await OIDCCallback.refused(req, failure, kind: providerName) { message in
            LoginController.citizenPage(req, value: "", error: nil, next: next, loginFailure: message)
        }
    }

    /// Where logging out goes on to: ID-porten's end-session page, when the session came from
    /// there (its session ends too, and it sends the browser back to our front page).
    static func endSession(_ req: Request) async -> String? {
        guard req.session.data["login"] == providerName, let s = try? settings(req) else { return nil }
        let hint: String?
        if let sealed = req.session.data["id_token"] {
            hint = try? await SessionSeal.open(sealed, app: req.application)
        } else {
            hint = nil
        }
        let home = req.application.radhusConfig.absoluteURL(SiteURL.home.path)
        return try? await client(req, s).endSessionURL(
            idTokenHint: hint, postLogoutRedirect: home, state: APIClients.randomToken(bytes: 16))
    }

    /// `GET /logg-ut/idporten?iss=…&sid=…`: ID-porten, in a hidden frame, says the person
    /// logged out elsewhere; every session of ours from that ID-porten session ends. Framed by
    /// ID-porten only; answers 200 whatever it finds (nothing to learn from it).
    @Sendable static func frontChannelLogout(req: Request) async throws -> Response {
        let s = try settings(req)
        if let origin = SecurityHeadersMiddleware.origin(of: s.issuer) {
            req.storage[SecurityHeadersMiddleware.FrameableBy.self] = origin
        }
        if let iss = req.query[String.self, at: "iss"], iss == s.issuer,
            let sid = req.query[String.self, at: "sid"], !sid.isEmpty
        {
            let key = SessionSeal.providerSession(issuer: s.issuer, sid: sid)
            try await req.writer.write(on: req.db) { tx in
                try await tx.sql.delete(from: SessionRecord.schema).where("provider_session", .equal, SQLBind(key))
                    .run()
            }
            req.logger.info("front-channel logout", metadata: ["provider": .string(providerName)])
        }
        let response = Response(status: .ok, body: .init(string: "<!doctype html><title>Logget ut</title>"))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

/// The steps every provider login's return shares (citizens' and staff's): the state cookie,
/// the provider's error, `state` and `iss` in the answer, the code redeemed, the ID token checked.
enum OIDCCallback {
    struct Tokens {
        var state: LoginState
        var idToken: String
        var claims: IDTokenClaims
    }

    static func redeem(
        _ req: Request, state: LoginState?, provider: String, settings: OIDCSettings, client: OpenIDClient,
        redirectURI: String
    ) async throws -> Tokens {
        guard let state, state.provider == provider else { throw LoginFailure(reason: .stateMissing) }
        if let error = req.query[String.self, at: "error"] {
            throw LoginFailure(reason: .providerError, detail: String(error.unicodeScalars.filter(\.isASCIIWord)))
        }
        guard let answered = req.query[String.self, at: "state"], CSRF.constantTimeEqual(answered, state.state) else {
            throw LoginFailure(reason: .stateMismatch)
        }
        // RFC 9207: the issuer in the answer, where the provider sends one (ID-porten does),
        // stops a mix-up between providers.
        if let iss = req.query[String.self, at: "iss"], iss != settings.issuer { throw LoginFailure(reason: .issuer) }
        guard let code = req.query[String.self, at: "code"], !code.isEmpty else {
            throw LoginFailure(reason: .providerError, detail: "no code")
        }
        let idToken = try await client.redeem(code: code, verifier: state.verifier, redirectURI: redirectURI)
        let claims = try await client.verify(idToken: idToken, nonce: state.nonce)
        return Tokens(state: state, idToken: idToken, claims: claims)
    }

    /// A refused login: in the log with its reason (never a token or a claim), counted as
    /// `kind` (`idporten`, `staff-sso`), and answered with the login page saying why, its
    /// status, and no state cookie.
    static func refused(
        _ req: Request, _ failure: LoginFailure, kind: String, page: (String) async throws -> Page
    ) async throws -> Response {
        var metadata: Logger.Metadata = ["provider": .string(kind), "reason": .string(failure.reason.rawValue)]
        if let d = failure.detail { metadata["detail"] = .string(d) }
        req.logger.notice("login refused", metadata: metadata)
        RadhusMetrics.loginFailed(kind)
        let response = try await page(failure.message(req.language)).encodeResponse(for: req)
        response.status = failure.status
        LoginState.clear(on: response)
        return response
    }
}

extension LoginFailure {
    var status: HTTPResponseStatus {
        switch reason {
        case .providerUnreachable: .serviceUnavailable
        case .stateMissing, .stateMismatch, .providerError: .badRequest
        case .noRole, .deactivated: .forbidden
        default: .unauthorized
        }
    }
}

extension Unicode.Scalar {
    /// A letter, digit, `_` or `-` in ASCII: what an OAuth error code is made of.
    fileprivate var isASCIIWord: Bool {
        isASCII && (properties.isAlphabetic || ("0"..."9").contains(self) || self == "_" || self == "-")
    }
}
