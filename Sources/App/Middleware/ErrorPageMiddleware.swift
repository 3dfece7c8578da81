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
        let message: String
        // What an error adds to its response (`Allow` of a 405, `Retry-After` of a 429).
        var extra = HTTPHeaders()
        switch error {
        case let e as any AbortError:
            status = e.status
            extra = e.headers
            // Our own messages are written for people; Vapor's (`Not Found`, `Unexpected content
            // type`) are English for developers, so a page and the API say ours instead (issue 17).
            message =
                e.status == .payloadTooLarge
                ? "Det du sendte er for stort. Kort ned teksten og prøv igjen."
                : (e is RadhusError ? e.reason : defaultMessage(e.status))
        case let e as DecodingError:
            status = .badRequest
            message = "Noe i skjemaet kunne ikke leses. Gå tilbake og prøv igjen."
            request.logger.debug("decoding failed: \(e.localizedDescription)")
        default:
            status = .internalServerError
            message = "Noe gikk galt hos oss. Ingenting er lagret. Prøv igjen om litt."
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
        let page = Layout.message(ctx, title: title, text: message, status: status)
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

    static func defaultMessage(_ status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: "Vi fant ikke siden. Sjekk adressen, eller gå til forsiden."
        case .methodNotAllowed: "Adressen finnes, men ikke for denne metoden: se Allow for dem den har."
        case .unauthorized, .forbidden: "Du har ikke tilgang til denne siden."
        case .unsupportedMediaType: "Skjemaet ble sendt i et format vi ikke kan lese."
        default: "Forespørselen kunne ikke behandles. Gå tilbake og prøv igjen."
        }
    }
}
