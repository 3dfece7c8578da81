import RadhusCore
import Vapor

/// Turns every error into a response a person understands: an HTML page in the portal,
/// RFC 9457 problem details under `/api` and for `/health`. 5xx are logged loudly (without
/// request bodies, which may hold personal data); 4xx quietly.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        let status: HTTPResponseStatus
        var message: String
        // The message in the reader's language where it has one (`RadhusError.localized` and
        // our own defaults); else bokmål, marked so on the page.
        var localized: LocalizedText?
        // What an error adds to its response (`Allow` of a 405, `Retry-After` of a 429).
        var extra = HTTPHeaders()
        switch error {
        case let e as any AbortError:
            status = e.status
            extra = e.headers
            // Our own messages are written for people; Vapor's (`Not Found`, `Unexpected content
            // type`) are English for developers, so a page and the API say ours instead (issue 17).
            if e.status == .payloadTooLarge {
                localized = ErrorMessages.tooLarge
            } else if case .localized(_, let text)? = e as? RadhusError {
                localized = text
            } else if case .tooManyRequests(let text, _)? = e as? RadhusError {
                localized = text
            } else if !(e is RadhusError) {
                localized = defaultMessage(e.status)
            }
            message = localized?.nb ?? e.reason
        case let e as DecodingError:
            status = .badRequest
            localized = ErrorMessages.unreadableForm
            message = ErrorMessages.unreadableForm.nb
            request.logger.debug("decoding failed: \(e.localizedDescription)")
        default:
            status = .internalServerError
            localized = ErrorMessages.ours
            message = ErrorMessages.ours.nb
        }
        if status.code >= 500 {
            request.logger.error(
                "request failed",
                metadata: ["error": .string(String(reflecting: error)), "path": .string(request.url.path)])
        }
        if SiteRoute.isAPI(request.url.path) || request.url.path.hasPrefix(SiteRoute.health.rawValue)
            || request.url.path == SiteRoute.metrics.rawValue
        {
            struct Problem: Content {
                var type: String
                var title: String
                var status: UInt
                var detail: String
            }
            let body = Problem(type: "about:blank", title: title(status), status: status.code, detail: message)
            let response = problemResponse(status: status, body: body)
            response.headers.add(contentsOf: extra)
            return response
        }
        let ctx = PageContext(
            lang: request.language, csrf: "", citizenSignedIn: false, staff: nil, kommune: nil,
            path: request.url.path, demo: request.application.radhusConfig.mode != .production, area: .citizen)
        let t = ctx.t
        let title = status == .notFound ? t.notFoundTitle : t.errorTitle
        let text = localized.map { $0[ctx.lang] } ?? message
        let page = Layout.message(
            ctx, title: title, text: text, textLanguage: localized?.has(ctx.lang) == true ? nil : .nb, status: status)
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.add(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(string: page.html))
    }

    /// A problem's title in Norwegian (HTTP's reason phrases are English).
    static func title(_ status: HTTPResponseStatus) -> String {
        switch status {
        case .badRequest: "Ugyldig forespørsel"
        case .unauthorized: "Ikke logget inn"
        case .forbidden: "Ingen tilgang"
        case .notFound: "Ikke funnet"
        case .methodNotAllowed: "Metoden er ikke tillatt"
        case .conflict: "Konflikt"
        case .payloadTooLarge: "For stort"
        case .unsupportedMediaType: "Feil innholdstype"
        case .unprocessableEntity: "Skjemaet har feil"
        case .tooManyRequests: "For mange forespørsler"
        default: status.code >= 500 ? "Feil hos oss" : "Forespørselen kunne ikke behandles"
        }
    }

    /// RFC 9457 problem details. Encoded by hand: Vapor has no encoder for `application/problem+json`.
    static func problemResponse(status: HTTPResponseStatus, body: some Encodable) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(
            type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        let data = (try? JSONEncoder.sorted.encode(body)) ?? Data(#"{"status":500}"#.utf8)
        return Response(status: status, headers: headers, body: .init(data: data))
    }

    static func defaultMessage(_ status: HTTPResponseStatus) -> LocalizedText {
        switch status {
        case .notFound:
            LocalizedText(
                nb: "Vi fant ikke siden. Sjekk adressen, eller gå til forsiden.",
                en: "We could not find the page. Check the address, or go to the front page.",
                nn: "Vi fann ikkje sida. Sjekk adressa, eller gå til framsida.")
        case .methodNotAllowed:
            LocalizedText(
                nb: "Adressen finnes, men ikke for denne metoden: se Allow for dem den har.",
                en: "The address exists, but not for this method: see Allow for the ones it has.",
                nn: "Adressa finst, men ikkje for denne metoden: sjå Allow for dei ho har.")
        case .unauthorized, .forbidden:
            LocalizedText(
                nb: "Du har ikke tilgang til denne siden.", en: "You do not have access to this page.",
                nn: "Du har ikkje tilgang til denne sida.")
        case .unsupportedMediaType:
            LocalizedText(
                nb: "Skjemaet ble sendt i et format vi ikke kan lese.",
                en: "The form was sent in a format we cannot read.",
                nn: "Skjemaet vart sendt i eit format vi ikkje kan lese.")
        default:
            LocalizedText(
                nb: "Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen.",
                en: "The request could not be handled. Go back and try again.",
                nn: "Førespurnaden kunne ikkje handsamast. Gå tilbake og prøv igjen.")
        }
    }
}
