import Vapor

/// Headers every response carries: a CSP without inline script or style, no framing, no
/// sniffing, no referrer leaking case ids, and no caching of pages with personal data.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let hsts: Bool

    static let csp = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        for header in Self.apply(to: response.headers, hsts: hsts) {
            response.headers.replaceOrAdd(name: header.name, value: header.value)
        }
        return response
    }

    static func apply(to existing: HTTPHeaders, hsts: Bool) -> [(name: String, value: String)] {
        var h: [(name: String, value: String)] = [
            ("Content-Security-Policy", csp),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if existing.first(name: .cacheControl) == nil { h.append(("Cache-Control", "no-store")) }
        if hsts { h.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains")) }
        return h
    }
}
