import NIOConcurrencyHelpers
@preconcurrency import RoutingKit
import Vapor

/// HTTP methods as HTTP means them (issue 17). A HEAD is answered as the GET of the same path,
/// without its body (Vapor's router forwards HEAD to GET, but would send the body). A method a path does not have is 405 with `Allow` naming the ones it has
/// (it was 404, as if the page did not exist). A path no route has stays 404.
struct MethodMiddleware: AsyncMiddleware {
    /// Every registered path with its methods, built from the routes on first use (they are all
    /// registered by then).
    private let table = NIOLockedValueBox<TrieRouter<Set<String>>?>(nil)

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Under a constant first component: the trie takes no empty path, and "/" is one.
        let path = ["path"] + request.url.path.split(separator: "/").map(String.init)
        var parameters = Parameters()
        let methods = router(request.application).route(path: path, parameters: &parameters) ?? []
        if request.method == .HEAD, methods.contains("GET") {
            request.method = .GET
            let response = try await next.respond(to: request)
            // The headers of the GET, Content-Length included; no body.
            let length = response.body.count
            response.body = .empty
            if length >= 0 { response.headers.replaceOrAdd(name: .contentLength, value: String(length)) }
            return response
        }
        guard methods.isEmpty || methods.contains(request.method.rawValue) else {
            var allowed = methods
            if allowed.contains("GET") { allowed.insert("HEAD") }
            let allow = allowed.sorted().joined(separator: ", ")
            throw Abort(.methodNotAllowed, headers: ["Allow": allow])
        }
        return try await next.respond(to: request)
    }

    private func router(_ app: Application) -> TrieRouter<Set<String>> {
        table.withLockedValue { t in
            if let t { return t }
            var byPath: [String: (path: [PathComponent], methods: Set<String>)] = [:]
            for route in app.routes.all {
                let key = route.path.string
                byPath[key, default: (route.path, [])].methods.insert(route.method.rawValue)
            }
            let router = TrieRouter<Set<String>>()
            for (_, entry) in byPath { router.register(entry.methods, at: [.constant("path")] + entry.path) }
            t = router
            return router
        }
    }
}
