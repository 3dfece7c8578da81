import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Staff log in through their kommune's identity provider (issue 18): Microsoft Entra ID in
/// most kommuner, any OpenID Connect provider in the tests. The provider's groups decide the
/// role and unit at every login; an account is made at the first one (just in time), and a
/// person whose groups no longer give a role is deactivated when they next try.
enum StaffSSOController {
    static func providerName(_ kommune: String) -> String { "staff:" + kommune }

    /// The kommune's provider, with the client settings to talk to it.
    static func provider(kommune number: String, on req: Request) async throws
        -> (Municipality, StaffLoginProvider, OIDCSettings)?
    {
        guard let m = try await Municipality.query(on: req.db).filter(\.$number == number).first(),
            let p = try await TenantScope(municipalityID: m.requireID()).query(StaffLoginProvider.self, on: req.db)
                .first(),
            let secret = try await SessionSeal.open(p.clientSecret, app: req.application)
        else { return nil }
        // Entra ID accepts the secret in the body; its groups come as ids in `groups`.
        return (
            m, p,
            OIDCSettings(
                issuer: p.issuer, clientID: p.clientID, authentication: .secretPost(secret),
                scopes: "openid profile email")
        )
    }

    static func redirectURI(_ req: Request) -> String {
        req.application.radhusConfig.absoluteURL(SiteURL.staffSSOCallback.path)
    }

    /// Kommuner whose staff can log in by single sign-on, for the login page.
    static func kommuner(on db: any Database) async throws -> [(number: String, name: String)] {
        let rows = try await db.sql.select().column(SQLColumn("number", table: "m")).column(
            SQLColumn("name", table: "m")
        )
        .from(SQLAlias(SQLIdentifier(StaffLoginProvider.schema), as: SQLIdentifier("p")))
        .join(
            SQLAlias(SQLIdentifier(Municipality.schema), as: SQLIdentifier("m")),
            on: SQLColumn("municipality_id", table: "p"), .equal, SQLColumn("id", table: "m")
        )
        .orderBy(SQLColumn("name", table: "m")).all()
        return try rows.map {
            (try $0.decode(column: "number", as: String.self), try $0.decode(column: "name", as: String.self))
        }
    }

    @Sendable static func start(req: Request) async throws -> Response {
        let number = try req.parameters.require("kommune")
        guard let (_, _, settings) = try await provider(kommune: number, on: req) else {
            throw RadhusError.localized(.notFound, Strings.all(\.ssoNotConfigured))
        }
        let state = LoginState.start(
            provider: providerName(number), next: nil, level: nil, now: req.application.clock.now())
        do {
            let url = try await client(req, number, settings).authorizationURL(
                redirectURI: redirectURI(req), state: state.state, nonce: state.nonce, verifier: state.verifier,
                acrValues: nil, locale: nil)
            let response = req.redirect(to: url, redirectType: .normal)
            try LoginState.set(state, on: response, req: req)
            return response
        } catch let failure as LoginFailure {
            return try await refused(req, failure)
        }
    }

    static func client(_ req: Request, _ number: String, _ settings: OIDCSettings) -> OpenIDClient {
        req.application.identityProviders.client(providerName(number), settings: settings, app: req.application)
    }

    @Sendable static func callback(req: Request) async throws -> Response {
        let state = LoginState.read(req, now: req.application.clock.now())
        do {
            let number = state.flatMap { $0.provider.hasPrefix("staff:") ? String($0.provider.dropFirst(6)) : nil }
            guard let number, let (municipality, provider, settings) = try await provider(kommune: number, on: req)
            else { throw LoginFailure(reason: .stateMissing) }
            let tokens = try await OIDCCallback.redeem(
                req, state: state, provider: providerName(number), settings: settings,
                client: client(req, number, settings), redirectURI: redirectURI(req))
            let user = try await account(for: tokens.claims, in: municipality, provider: provider, on: req)
            try await req.rotateSession()
            req.session.data["staff"] = try user.requireID().uuidString
            req.session.data["login"] = "staff-sso"
            let id = try user.requireID().uuidString
            req.logger.info("staff login", metadata: ["staff": .string(id), "provider": "sso"])
            let response = req.redirect(to: LoginController.startPage(for: user).path, redirectType: .normal)
            LoginState.clear(on: response)
            return response
        } catch let failure as LoginFailure {
            return try await refused(req, failure)
        }
    }

    /// The person's account, made or brought up to date from the token: role and unit from
    /// the groups (first mapping that matches), name from the provider. No matching group:
    /// the account (if any) is deactivated and the login refused.
    static func account(
        for claims: IDTokenClaims, in municipality: Municipality, provider: StaffLoginProvider, on req: Request
    ) async throws -> StaffUser {
        let municipalityID = try municipality.requireID()
        let scope = TenantScope(municipalityID: municipalityID)
        let subject = claims.oid ?? claims.sub
        let username = (claims.preferred_username ?? claims.email ?? subject).lowercased()
        // Names and groups are text from outside: refused characters are dropped, not stored.
        let displayName = PlainText.removingRefused(claims.name ?? username)
        var existing = try await scope.query(StaffUser.self, on: req.db).filter(\.$externalSubject == subject).first()
        if existing == nil {
            // A password account of the same name in this kommune becomes this person's.
            existing = try await scope.query(StaffUser.self, on: req.db).filter(\.$username == username)
                .filter(\.$externalSubject == nil).first()
        }
        guard let grant = provider.role(for: (claims.groups ?? []) + (claims.roles ?? [])) else {
            if let existing, existing.active {
                let id = try existing.requireID()
                let now = req.application.clock.now()
                let detail = "\(existing.username): ingen gruppe gir rolle"
                try await req.writer.write(on: req.db) { tx in
                    try await StaffUser.query(on: tx).filter(\.$id == id).set(\.$active, to: false).update()
                    try await AdminLogEntry(
                        at: now, municipalityID: municipalityID, actor: "sso", action: "user-deactivated",
                        detail: detail
                    ).create(on: tx)
                }
                req.logger.notice(
                    "staff account deactivated: no group gives a role", metadata: ["staff": .string(id.uuidString)])
            }
            throw LoginFailure(reason: .noRole)
        }
        let unitID: UUID? =
            if let unit = grant.unit {
                try await scope.query(MunicipalUnit.self, on: req.db).filter(\.$name == unit).first()?.requireID()
            } else { nil }
        let user =
            existing
            ?? StaffUser(
                municipalityID: municipalityID, unitID: unitID, username: username,
                // No password: this account logs in by single sign-on only ("!" is no bcrypt hash).
                passwordHash: "!", displayName: displayName, role: grant.role.rawValue)
        user.externalSubject = subject
        user.role = grant.role.rawValue
        user.unitID = unitID
        user.displayName = displayName
        user.active = true
        let created = existing == nil
        let now = req.application.clock.now()
        func save() async throws {
            let detail = "\(user.username) som \(grant.role.rawValue)"
            try await req.writer.write(on: req.db) { tx in
                try await user.save(on: tx)
                if created {
                    try await AdminLogEntry(
                        at: now, municipalityID: municipalityID, actor: "sso", action: "user-created", detail: detail
                    ).create(on: tx)
                }
            }
        }
        do {
            try await save()
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The username is taken in another kommune: the provider's subject keeps them apart.
            user.username = "\(username)#\(municipality.number)"
            try await save()
        }
        return user
    }

    static func refused(_ req: Request, _ failure: LoginFailure) async throws -> Response {
        try await OIDCCallback.refused(req, failure, kind: "staff-sso") { message in
            try await LoginController.staffPage(req, username: "", error: nil, loginFailure: message)
        }
    }
}
