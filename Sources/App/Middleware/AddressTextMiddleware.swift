import RadhusCore
import Vapor

/// An address's path parameters and query values reach the database as bound values (a
/// service id, a search): the same rule as forms (`PlainText`) applies to them, before any
/// handler runs. A NUL in `/k/5503/%00` or `?sok=` was a 500 on PostgreSQL, which refuses NUL
/// in text (issue 17's corpus found both). A path with such a character names no page: 404.
struct AddressTextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if PlainText.refused(in: FormInput.decode(ArraySlice(request.url.path.utf8))) != nil {
            throw RadhusError.notFound(
                "Vi fant ikke siden: adressen inneholder et tegn som ikke synes. Sjekk adressen.")
        }
        if let query = request.url.query, !query.isEmpty {
            let fields = FormInput(urlEncoded: ByteBuffer(string: query)).fields
            for f in fields {
                if let c = PlainText.refused(in: f.name) ?? PlainText.refused(in: f.value) {
                    let name = PlainText.refused(in: f.name) == nil ? "«\(f.name)»" : "Et felt"
                    throw RadhusError.badRequest(
                        "\(name) i adressen inneholder et tegn som ikke synes eller ikke kunne leses (\(PlainText.describe(c))). Skriv søket på nytt."
                    )
                }
            }
        }
        return try await next.respond(to: request)
    }
}
