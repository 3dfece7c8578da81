import Fluent
import SQLKit
import Vapor

enum HealthController {
    struct Health: Content {
        var status: String
        var version: String
        var database: String
    }

    /// `GET /health`: answers 200 when the database answers, 503 otherwise.
    @Sendable static func health(req: Request) async throws -> Response {
        let kind = req.application.radhusConfig.database.name
        var status = "ok"
        do { _ = try await req.db.sql.raw("SELECT 1 AS ok").first() } catch { status = "database unavailable" }
        let response = Response(status: status == "ok" ? .ok : .serviceUnavailable)
        try response.content.encode(Health(status: status, version: RadhusConfig.version, database: kind))
        return response
    }

    /// The stylesheet, with each kommune's brand colour as a class (no inline styles: CSP).
    @Sendable static func stylesheet(req: Request) async throws -> Response {
        var css = Stylesheet.css
        for m in try await Municipality.query(on: req.db).all() where Stylesheet.isSafeColor(m.brandColor) {
            css += "\n.brand-\(m.number){background:\(m.brandColor);}"
        }
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(string: css))
    }
}
