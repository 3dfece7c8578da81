import Vapor

extension Request {
    /// The session's CSRF token, created on first use (which also starts the session).
    func csrfToken() -> String {
        if let t = session.data["csrf"] { return t }
        let t = DatabaseSessions.newKey()
        session.data["csrf"] = t
        return t
    }
}

/// Every form POST must carry the session's token in `_csrf`. A missing or wrong token is
/// refused with 403 before the handler runs (and before anything is written).
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await next.respond(to: request)
        }
        // Route handlers collect the body only after middleware has run; collect it here to
        // read the token (the route's body limit still applies, and an oversized body is 413).
        let limit = request.application.routes.defaultMaxBodySize.value
        if request.body.data == nil {
            _ = try await request.body.collect(max: limit).get()
        }
        // A body that arrived already collected (HTTP/2 frames, in-process callers) gets the same limit.
        if let data = request.body.data, data.readableBytes > limit { throw Abort(.payloadTooLarge) }
        // The JSON API accepts application/json only, which a cross-site form cannot send.
        if SiteRoute.isAPI(request.url.path) { return try await next.respond(to: request) }
        // A page's form is sent as a form; anything else would be read as an empty form and
        // answered «Skjemaet er utløpt», which is not what is wrong (issue 17).
        let type = request.headers.contentType
        guard type == .urlEncodedForm || type == .formData else {
            throw RadhusError.unsupportedMediaType(
                "Skjemaet ble sendt som «\(type?.description ?? "ingen innholdstype")». Skjemaene på disse sidene sendes som application/x-www-form-urlencoded: send dem fra nettleseren, eller bruk API-et under /api/v1 for JSON."
            )
        }
        let sent = try? request.content.get(String.self, at: Self.field)
        guard request.hasSessionCookie, let expected = request.session.data["csrf"], let sent,
            Self.constantTimeEqual(sent, expected)
        else {
            throw RadhusError.forbidden(
                "Skjemaet er utløpt eller ble sendt fra et annet sted. Gå tilbake, last inn siden på nytt og prøv igjen."
            )
        }
        return try await next.respond(to: request)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
