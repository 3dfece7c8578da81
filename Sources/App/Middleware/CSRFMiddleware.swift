import Crypto
import Foundation
import RadhusCore
import Vapor

/// CSRF tokens without a session: a signed double-submit cookie (OWASP). The token is a random
/// nonce and an HMAC of it bound to the browser's session id (none before login); it is sent in
/// the `radhus_csrf` cookie and in each form's `_csrf` field, and a POST must carry the same
/// valid token in both. A cross-site page can neither read the cookie nor forge the signature,
/// and a token made before login is worthless after it (the session id changes).
///
/// So showing a form to an anonymous visitor stores nothing on the server (issue 17: 200
/// anonymous `GET /logg-inn` made 200 session rows).
enum CSRF {
    static let field = "_csrf"
    static let cookie = "radhus_csrf"

    struct IssuedKey: StorageKey { typealias Value = String }
    static let keyName = "csrf-hmac"

    /// The key, once `ServerKeys.load` has read it (at start, or at the first request).
    static func key(_ app: Application) -> SymmetricKey? {
        ServerKeys.cached(keyName, app: app).map { SymmetricKey(data: Data($0.utf8)) }
    }

    static func make(binding: String, key: SymmetricKey) -> String {
        let nonce = APIClients.randomToken(bytes: 18)
        return nonce + "." + signature(nonce: nonce, binding: binding, key: key)
    }

    static func isValid(_ token: String, binding: String, key: SymmetricKey) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else { return false }
        return constantTimeEqual(String(parts[1]), signature(nonce: String(parts[0]), binding: binding, key: key))
    }

    private static func signature(nonce: String, binding: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("csrf|\(nonce)|\(binding)".utf8), using: key)
        return Data(mac).base64URLEncoded
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension CSRF {
    /// The token sent with a form must match the cookie and be valid for this browser's
    /// session; and no field may come twice (one rule for forms and the API, issue 17).
    static func verify(_ request: Request, sent: String?, input: FormInput) throws {
        guard let key = CSRF.key(request.application), let sent, let cookie = request.cookies[CSRF.cookie]?.string,
            CSRF.constantTimeEqual(sent, cookie), CSRF.isValid(sent, binding: request.csrfBinding, key: key)
        else {
            throw RadhusError.localized(
                .forbidden,
                LocalizedText(
                    nb:
                        "Skjemaet er utløpt eller ble sendt fra et annet sted. Gå tilbake, last inn siden på nytt og prøv igjen.",
                    en: "The form has expired or was sent from somewhere else. Go back, reload the page and try again.",
                    nn:
                        "Skjemaet har gått ut eller vart sendt frå ein annan stad. Gå tilbake, last inn sida på nytt og prøv igjen."
                ))
        }
        if let name = input.duplicates.first {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Feltet «\(name)» ble sendt mer enn én gang. Last inn siden på nytt og send skjemaet derfra.",
                    en: "The field “\(name)” was sent more than once. Reload the page and send the form from there.",
                    nn: "Feltet «\(name)» vart sendt meir enn éin gong. Last inn sida på nytt og send skjemaet derifrå."
                ))
        }
    }
}

extension Request {
    /// What a CSRF token is bound to: the id of the session the browser is signed in with, or
    /// nothing (before login, or when its session has expired). The session is looked at only
    /// when the browser sent a cookie: touching it otherwise would start one.
    var csrfBinding: String { hasSessionCookie ? session.id?.string ?? "" : "" }

    /// The token for this page's forms: the browser's cookie when it is still valid, else a new
    /// one (set as a cookie on the response by `CSRFMiddleware`). Never touches the session.
    func csrfToken() -> String {
        if let t = storage[CSRF.IssuedKey.self] { return t }
        guard let key = CSRF.key(application) else { return "" }
        let binding = csrfBinding
        let token: String
        if let sent = cookies[CSRF.cookie]?.string, CSRF.isValid(sent, binding: binding, key: key) {
            token = sent
        } else {
            token = CSRF.make(binding: binding, key: key)
        }
        storage[CSRF.IssuedKey.self] = token
        return token
    }
}

/// Loads the CSRF key and, on the way out, sets a newly made token as the `radhus_csrf`
/// cookie. It sits outside the error page, so an error page's forms (the logout button) get
/// a token whose cookie is set too.
struct CSRFCookieMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = try await ServerKeys.load(CSRF.keyName, app: request.application)
        let response = try await next.respond(to: request)
        if let token = request.storage[CSRF.IssuedKey.self], request.cookies[CSRF.cookie]?.string != token {
            response.cookies[CSRF.cookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: request.application.radhusConfig.secureCookies,
                isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

/// Every form POST must carry the CSRF token (`CSRF`) in its `_csrf` field and its cookie. A
/// missing or wrong token is refused with 403 before the handler runs (and before anything is
/// written).
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await next.respond(to: request)
        }
        // A route that streams uploads reads its multipart body itself, a chunk at a time, and
        // checks the token when it has read the text fields (`CSRF.verify`), before it keeps
        // anything (issue 19).
        if request.route?.handlerStreamsUploads == true, request.headers.contentType?.type == "multipart" {
            return try await next.respond(to: request)
        }
        // The API's upload streams its body too (the generated handler reads it in chunks).
        if request.method == .POST, SiteRoute.isAPIUpload(request.url.path) {
            return try await next.respond(to: request)
        }
        // Route handlers collect the body only after middleware has run; collect it here to
        // read the token (the route's body limit still applies, and an oversized body is 413).
        // A large form is taken from signed-in staff only (IdentityMiddleware ran before this):
        // nobody else can make the server hold more than the ordinary limit.
        let ordinary = request.application.routes.defaultMaxBodySize.value
        let limit = request.staff == nil ? ordinary : request.route?.largeFormLimit ?? ordinary
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
            let sentAs = type?.description ?? "-"
            throw RadhusError.localized(
                .unsupportedMediaType,
                LocalizedText(
                    nb:
                        "Skjemaet ble sendt som «\(sentAs)». Skjemaene på disse sidene sendes som application/x-www-form-urlencoded: send dem fra nettleseren, eller bruk API-et under /api/v1 for JSON.",
                    en:
                        "The form was sent as “\(sentAs)”. The forms on these pages are sent as application/x-www-form-urlencoded: send them from the browser, or use the API under /api/v1 for JSON.",
                    nn:
                        "Skjemaet vart sendt som «\(sentAs)». Skjemaa på desse sidene blir sende som application/x-www-form-urlencoded: send dei frå nettlesaren, eller bruk API-et under /api/v1 for JSON."
                ))
        }
        let input = request.formInput
        let sent =
            type == .urlEncodedForm ? input.values[CSRF.field] : try? request.content.get(String.self, at: CSRF.field)
        try CSRF.verify(request, sent: sent, input: input)
        // Invisible characters are refused before any handler sees them, unless the handler
        // checks every text field itself and shows the problem at the field (`Route.checksText`).
        let refused = input.refused
        if !refused.isEmpty, request.route?.handlerChecksText != true {
            return try await FormRefused.view(refused, input: input, ctx: request.pageContext(area: request.area))
                .encodeResponse(for: request)
        }
        return try await next.respond(to: request)
    }
}
