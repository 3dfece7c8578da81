import Vapor

/// Headers every response carries: a CSP without inline script or style, no framing, no
/// sniffing, no referrer leaking case ids, and no caching of pages with personal data.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let hsts: Bool
    /// Origins a form may lead to besides our own (`form-action`: browsers check the
    /// redirects after a form too): the citizen login's provider, whose end-session page
    /// logging out goes on to.
    let formTargets: [String]
    /// The policy of every page but the provider's frame, made once, not per response.
    let policy: String

    init(hsts: Bool, formTargets: [String] = []) {
        self.hsts = hsts
        self.formTargets = formTargets
        self.policy = Self.csp(formTargets: formTargets)
    }

    /// A page the identity provider shows in a frame (front-channel logout) names the
    /// provider's origin here; every other page may not be framed at all.
    struct FrameableBy: StorageKey { typealias Value = String }

    /// The video room's page (issue 22), the one page that may use the camera, the microphone
    /// and the screen, and open the signalling WebSocket (`connect-src 'self'`, which covers
    /// `ws:`/`wss:` to this host).
    struct MeetingRoomPage: StorageKey { typealias Value = Bool }

    static let permissions = "camera=(), microphone=(), display-capture=(), geolocation=(), payment=()"
    static let roomPermissions = "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=()"

    static func csp(formTargets: [String] = [], frameAncestor: String? = nil, room: Bool = false) -> String {
        [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
            room ? "connect-src 'self'; media-src 'self' blob: mediastream:" : "connect-src 'none'",
            (["form-action 'self'"] + formTargets).joined(separator: " "),
            "frame-ancestors " + (frameAncestor ?? "'none'"), "base-uri 'none'", "object-src 'none'",
        ].joined(separator: "; ")
    }

    /// `https://host[:port]` of an address.
    static func origin(of address: String) -> String? {
        guard let c = URLComponents(string: address), let scheme = c.scheme, let host = c.host else { return nil }
        return "\(scheme)://\(host)" + (c.port.map { ":\($0)" } ?? "")
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let frameAncestor = request.storage[FrameableBy.self]
        let room = request.storage[MeetingRoomPage.self] == true
        let policy =
            frameAncestor.map { Self.csp(formTargets: formTargets, frameAncestor: $0) }
            ?? (room ? Self.csp(formTargets: formTargets, room: true) : policy)
        for header in Self.apply(
            to: response.headers, hsts: hsts, policy: policy, framed: frameAncestor != nil, room: room)
        {
            response.headers.replaceOrAdd(name: header.name, value: header.value)
        }
        return response
    }

    static func apply(
        to existing: HTTPHeaders, hsts: Bool, policy: String, framed: Bool, room: Bool = false
    ) -> [(name: String, value: String)] {
        var h: [(name: String, value: String)] = [
            ("Content-Security-Policy", policy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Permissions-Policy", room ? roomPermissions : permissions),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if !framed { h.append(("X-Frame-Options", "DENY")) }
        if existing.first(name: .cacheControl) == nil { h.append(("Cache-Control", "no-store")) }
        if hsts { h.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains")) }
        return h
    }
}
