/// `/utviklere`: the public API for domain systems, from its OpenAPI description
/// (`APIDocsController.operations`); the spec's own texts are English and marked so.
enum Developers {
    static func view(
        title: String, description: String, operations ops: [APIDocsController.Operation], ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.apiForSystems]) {
            el("h1") { t.apiForSystems }
            el("p", .cls("lead")) { t.apiLead(title) }
            el("p") {
                t.machineReadable + ": "
                el("a", .href(SiteURL.apiSpec.path)) { "openapi.yaml" }
                t.adminCreatesClients
            }
            el("h2") { t.gettingStarted }
            el("ol") {
                el("li") { t.askForClient }
                el("li") {
                    el("span") { t.getToken + ": " }
                    el("code") { "POST \(SiteRoute.apiToken.rawValue)" }
                    el("span") { " " + t.tokenGrant }
                }
                el("li") {
                    el("span") { t.sendItAs + " " }
                    el("code") { "Authorization: Bearer …" }
                    el("span") { " " + t.toOperationsBelow }
                }
            }
            for paragraph in description.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                el("p", .attr("lang", "en")) {
                    paragraph.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")
                        .replacingOccurrences(of: "\n", with: " ")
                }
            }
            el("h2") { t.operations }
            for op in ops {
                el("section", .cls("card"), .attr("aria-labelledby", "op-\(op.id)")) {
                    el("h3", .id("op-\(op.id)")) { el("code") { "\(op.method) \(op.path)" } }
                    el("p", .attr("lang", "en")) { op.summary }
                    if !op.description.isEmpty {
                        el("p", .attr("lang", "en"), .cls("muted")) {
                            op.description.replacingOccurrences(of: "`", with: "")
                        }
                    }
                    el("p") {
                        t.scopes + ": "
                        el("code") { op.scopes.isEmpty ? "–" : op.scopes.joined(separator: " " + t.or + " ") }
                    }
                    if !op.parameters.isEmpty {
                        el("ul") {
                            for p in op.parameters {
                                el("li") {
                                    el("code") { p.name }
                                    " (\(p.place)\(p.required ? ", " + t.required : ""))"
                                    p.description.isEmpty ? "" : ": \(p.description)"
                                }
                            }
                        }
                    }
                    el("p") {
                        t.responses + ": "
                            + op.responses.map { "\($0.code) \($0.description)" }.joined(separator: " · ")
                    }
                }
            }
        }
    }
}
