import RadhusCore
import Vapor

/// An address's path parameters and query values reach the database as bound values (a
/// service id, a search): the same rule as forms (`PlainText`) applies to them, before any
/// handler runs. A NUL in `/k/5503/%00` or `?sok=` was a 500 on PostgreSQL, which refuses NUL
/// in text (issue 17's corpus found both). A path with such a character names no page: 404.
struct AddressTextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if PlainText.refused(in: FormInput.decode(ArraySlice(request.url.path.utf8))) != nil {
            throw RadhusError.localized(
                .notFound,
                LocalizedText(
                    nb: "Vi fant ikke siden: adressen inneholder et tegn som ikke synes. Sjekk adressen.",
                    en:
                        "We could not find the page: the address holds a character that does not show. Check the address.",
                    nn: "Vi fann ikkje sida: adressa inneheld eit teikn som ikkje synest. Sjekk adressa."))
        }
        if let query = request.url.query, !query.isEmpty {
            let fields = FormInput(urlEncoded: ByteBuffer(string: query)).fields
            for f in fields {
                if let c = PlainText.refused(in: f.name) ?? PlainText.refused(in: f.value) {
                    let named = PlainText.refused(in: f.name) == nil
                    let what = PlainText.describe(c)
                    throw RadhusError.localized(
                        .badRequest,
                        LocalizedText(
                            nb:
                                "\(named ? "«\(f.name)»" : "Et felt") i adressen inneholder et tegn som ikke synes eller ikke kunne leses (\(what)). Skriv søket på nytt.",
                            en:
                                "\(named ? "“\(f.name)”" : "A field") in the address holds a character that does not show or could not be read (\(what)). Type the search again.",
                            nn:
                                "\(named ? "«\(f.name)»" : "Eit felt") i adressa inneheld eit teikn som ikkje synest eller ikkje kunne lesast (\(what)). Skriv søket på nytt."
                        ))
                }
            }
        }
        return try await next.respond(to: request)
    }
}
