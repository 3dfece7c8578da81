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

    /// `GET /health/live`: the process answers (for a restart policy: no database asked).
    @Sendable static func live(req: Request) async throws -> Response {
        let response = Response(status: .ok)
        try response.content.encode(["status": "ok"])
        return response
    }

    /// `GET /health/ready`: 200 when the database answers and every migration this version has
    /// is applied (for a load balancer: a node that is migrating or cut off gets no traffic).
    @Sendable static func ready(req: Request) async throws -> Response {
        var problems: [String] = []
        do { _ = try await req.db.sql.raw("SELECT 1 AS ok").first() } catch { problems.append("database unavailable") }
        if problems.isEmpty {
            let pending = (try? await req.application.migrator.previewPrepareBatch().get())?.count
            if pending == nil { problems.append("migrations unknown") }
            if let pending, pending > 0 { problems.append("\(pending) migrations not applied") }
        }
        let response = Response(status: problems.isEmpty ? .ok : .serviceUnavailable)
        try response.content.encode(["status": problems.isEmpty ? "ready" : problems.joined(separator: "; ")])
        return response
    }

    /// `GET /metrics`: Prometheus's text format (`RadhusMetrics`). Figures only, no personal data;
    /// operators keep it inside their network (docs/OPERATIONS.md).
    @Sendable static func metrics(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        // Written out: HTTPMediaType's parameters are a dictionary, in no fixed order.
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(
            status: .ok, headers: headers, body: .init(string: try await RadhusMetrics.scrape(req.application)))
    }

    /// The stylesheet, with each kommune's brand colour as a class (no inline styles: CSP).
    /// Also the video room's script, the one asset that is not the stylesheet (issue 22).
    @Sendable static func stylesheet(req: Request) async throws -> Response {
        if req.parameters.get("file")?.hasSuffix(".js") == true { return MeetingRoomController.script(req: req) }
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
