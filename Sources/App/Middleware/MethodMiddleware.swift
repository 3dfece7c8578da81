import NIOConcurrencyHelpers
@preconcurrency import RoutingKit
import Vapor

/// A method a path does not have is 405 with `Allow` naming the ones it has (issue 17: it was
/// 404, as if the page did not exist); a path no route has stays 404. HEAD needs nothing here: Vapor's
/// router answers it with the GET route and its server drops the body.
struct MethodMiddleware: AsyncMiddleware {
    /// Every registered path with its methods, built from the routes on first use (they are all
    /// registered by then).
    private let table = NIOLockedValueBox<TrieRouter<Set<String>>?>(nil)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A read asks only when the router found nothing, so a routed GET pays nothing. Any other
        // method asks first: the middleware after this one (CSRF) reads and judges a write's body,
        // and a write to a path that lacks the method must hear 405, not a verdict on its body.
        guard request.method == .GET || request.method == .HEAD else {
            try refuseMissingMethod(request)
            return try await next.respond(to: request)
        }
        do {
            return try await next.respond(to: request)
        } catch let notFound as RouteNotFound {
            try refuseMissingMethod(request)
            throw notFound
        }
    }

    /// 405 when the path has routes but none for this method; nothing when it has (or has none).
    private func refuseMissingMethod(_ request: Request) throws {
        // Under a constant first component: the trie takes no empty path, and "/" is one.
        let path = ["path"] + request.url.path.split(separator: "/").map(String.init)
        var parameters = Parameters()
        guard var allowed = router(request.application).route(path: path, parameters: &parameters),
            !allowed.contains(request.method.rawValue)
        else { return }
        if allowed.contains("GET") { allowed.insert("HEAD") }
        throw Abort(.methodNotAllowed, headers: ["Allow": allowed.sorted().joined(separator: ", ")])
    }

    private func router(_ app: Application) -> TrieRouter<Set<String>> {
        table.withLockedValue { t in
            if let t { return t }
            var byPath: [String: (path: [PathComponent], methods: Set<String>)] = [:]
            for route in app.routes.all {
                byPath[route.path.string, default: (route.path, [])].methods.insert(route.method.rawValue)
            }
            let router = TrieRouter<Set<String>>()
            for (_, entry) in byPath { router.register(entry.methods, at: [.constant("path")] + entry.path) }
            t = router
            return router
        }
    }
}
