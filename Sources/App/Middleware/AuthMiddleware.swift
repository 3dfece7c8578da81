import Fluent
import RadhusCore
import SQLKit
import Vapor

extension Request {
    struct CitizenKey: StorageKey { typealias Value = Fodselsnummer }
    struct StaffKey: StorageKey { typealias Value = StaffContext }

    /// The signed-in citizen, if any.
    var citizen: Fodselsnummer? { storage[CitizenKey.self] }
    /// The signed-in member of staff, if any.
    var staff: StaffContext? { storage[StaffKey.self] }

    func requireCitizen() throws -> Fodselsnummer {
        guard let c = citizen else { throw RadhusError.localized(.forbidden, ErrorMessages.logIn) }
        return c
    }

    func requireStaff() throws -> StaffContext {
        guard let s = staff else { throw RadhusError.localized(.forbidden, ErrorMessages.logInAsStaff) }
        return s
    }

    /// The signed-in member of staff, if their role allows `permission` (a `StaffRole` rule).
    func requireStaff(_ permission: KeyPath<StaffRole, Bool>, otherwise message: LocalizedText) throws -> StaffContext {
        let s = try requireStaff()
        guard s.role[keyPath: permission] else { throw RadhusError.localized(.forbidden, message) }
        return s
    }
}

/// Loads who is signed in from the session (a citizen, a member of staff, or both in one
/// browser during a demo).
struct IdentityMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Touching `request.session` makes Vapor store a new session: read it only when the
        // browser sent one, so anonymous requests (health checks, public pages) write nothing.
        guard request.hasSessionCookie else { return try await next.respond(to: request) }
        let policy = request.application.radhusConfig.identityPolicy
        // The session holds a reference to the citizen; the number is in `citizens` (issue 17).
        if let raw = request.session.data["citizen"], let id = UUID(uuidString: raw),
            let row = try await request.db.sql.select().column("fodselsnummer").from(CitizenRecord.schema)
                .where("id", .equal, SQLBind(id)).first(),
            let fnr = try? Fodselsnummer(row.decode(column: "fodselsnummer", as: String.self), policy: policy)
        {
            request.storage[Request.CitizenKey.self] = fnr
        }
        if let raw = request.session.data["staff"], let id = UUID(uuidString: raw),
            let user = try await StaffUser.find(id, on: request.db), user.active,
            let role = StaffRole(rawValue: user.role),
            let municipality = try await Municipality.find(user.municipalityID, on: request.db)
        {
            request.storage[Request.StaffKey.self] = StaffContext(
                userID: id, username: user.username, displayName: user.displayName, role: role,
                municipality: try municipality.snapshot())
        }
        if let raw = request.session.data["operator"], let id = UUID(uuidString: raw),
            let o = try await Operator.find(id, on: request.db), o.active
        {
            request.storage[Request.OperatorKey.self] = o
        }
        return try await next.respond(to: request)
    }
}

/// Pages for signed-in citizens: someone who is not signed in is sent to the login page
/// and brought back afterwards.
struct RequireCitizenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.citizen != nil else {
            if request.method == .GET { return request.redirect(to: SiteURL.login(next: request.url.path).path) }
            throw RadhusError.localized(.forbidden, ErrorMessages.logIn)
        }
        return try await next.respond(to: request)
    }
}

struct RequireStaffMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.staff != nil else {
            if request.method == .GET { return request.redirect(to: SiteURL.staffLogin.path) }
            throw RadhusError.localized(.forbidden, ErrorMessages.logInAsStaff)
        }
        return try await next.respond(to: request)
    }
}

extension CitizenRecord {
    /// The id a session holds for this person: their row in `citizens`, made at first sign-in.
    static func reference(to fnr: Fodselsnummer, on req: Request) async throws -> UUID {
        func find() async throws -> UUID? {
            try await CitizenRecord.query(on: req.db).filter(\.$fodselsnummer == fnr.value).first()?.requireID()
        }
        if let id = try await find() { return id }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            // Two first sign-ins of one person may race; the unique number keeps the first row.
            try await tx.sql.insert(into: CitizenRecord.schema).columns("id", "fodselsnummer", "created_at")
                .values(SQLBind(UUID()), SQLBind(fnr.value), SQLBind(now))
                .ignoringConflicts(with: "fodselsnummer").run()
        }
        guard let id = try await find() else { throw RadhusError.internalInconsistency("citizen row missing") }
        return id
    }
}

extension Request {
    var hasSessionCookie: Bool { cookies[application.sessions.configuration.cookieName] != nil }

    /// Starts a fresh session id for a login (so a session id known before login is worthless
    /// after it), keeping the data. The old row is deleted.
    func rotateSession() async throws {
        if let old = session.id {
            try await application.sessions.driver.deleteSession(old, for: self).get()
            session.id = nil
        }
    }
}
