import AppAPI
import Foundation
import Vapor
import Yams

/// The API's documentation: the OpenAPI file itself, and a readable page in the portal
/// (`/utviklere`) made from the same file, so the two cannot disagree.
enum APIDocsController {
    @Sendable static func spec(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return Response(status: .ok, headers: headers, body: .init(string: APISpec.yaml))
    }

    struct Operation {
        var method: String, path: String, id: String, summary: String, description: String, scopes: [String]
        var parameters: [(name: String, place: String, required: Bool, description: String)]
        var responses: [(code: String, description: String)]
    }

    /// The operations in the order the file lists them.
    static func operations() -> (title: String, description: String, ops: [Operation]) {
        guard let doc = try? Yams.compose(yaml: APISpec.yaml), let root = doc.mapping else {
            return ("Radhus API", "", [])
        }
        let info = root["info"]?.mapping
        var ops: [Operation] = []
        let sharedParameters = root["components"]?.mapping?["parameters"]?.mapping
        for (pathNode, item) in root["paths"]?.mapping ?? [:] {
            guard let path = pathNode.string, let item = item.mapping else { continue }
            for (methodNode, op) in item {
                guard let method = methodNode.string, let op = op.mapping else { continue }
                let scopes = (op["security"]?.sequence ?? []).flatMap {
                    $0.mapping?["oauth2"]?.sequence?.compactMap(\.string) ?? []
                }
                let parameters: [(String, String, Bool, String)] = (op["parameters"]?.sequence ?? []).compactMap { p in
                    var m = p.mapping
                    if let ref = m?["$ref"]?.string, let name = ref.split(separator: "/").last {
                        m = sharedParameters?[String(name)]?.mapping
                    }
                    guard let m, let name = m["name"]?.string else { return nil }
                    return (name, m["in"]?.string ?? "", m["required"]?.bool ?? false, m["description"]?.string ?? "")
                }
                let responses: [(String, String)] = (op["responses"]?.mapping ?? [:]).compactMap { code, r in
                    guard let code = code.string else { return nil }
                    let description =
                        r.mapping?["description"]?.string
                        ?? (r.mapping?["$ref"]?.string?.split(separator: "/").last.map(String.init) ?? "")
                    return (code, description)
                }
                ops.append(
                    Operation(
                        method: method.uppercased(), path: SiteRoute.api.rawValue + path,
                        id: op["operationId"]?.string ?? "",
                        summary: op["summary"]?.string ?? "", description: op["description"]?.string ?? "",
                        scopes: scopes, parameters: parameters, responses: responses))
            }
        }
        return (info?["title"]?.string ?? "Radhus API", info?["description"]?.string ?? "", ops)
    }

    /// Each path of the spec (with `{name}` parameters) and its methods, upper-case.
    static func methodsByPath() -> [(String, Set<String>)] {
        var out: [String: Set<String>] = [:]
        for op in operations().ops {
            out[String(op.path.dropFirst(SiteRoute.api.rawValue.count)), default: []].insert(op.method)
        }
        return out.sorted { $0.key < $1.key }.map {
            ($0.key.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""), $0.value)
        }
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let (title, description, ops) = operations()
        return Developers.view(title: title, description: description, operations: ops, ctx: req.pageContext())
    }
}
