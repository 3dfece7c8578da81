import Fluent
import Foundation
import RadhusCore
import Vapor

/// `/ansatt/api-klienter`: the kommune's API clients (create, show the secret once, revoke) and
/// the systems its events are pushed to. For the leader and the administrator.
enum APIClientsController {
    static func requireManager(_ req: Request) throws -> StaffContext {
        try req.requireStaff(\.mayManageSettings, otherwise: "Bare leder eller administrator kan styre API-klientene.")
    }

    struct Form: Content {
        var navn: String?
        var omfang: [String]?
        var url: String?
    }

    /// What the page shows once, after a create: the credentials or the webhook secret.
    enum Shown { case client(APIClients.Created), subscription(url: String, secret: String) }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        return try await render(req, staff: staff, form: Form(), problems: [:], shown: nil,
                                message: req.query[String.self, at: "melding"])
    }

    static func render(_ req: Request, staff: StaffContext, form: Form, problems: [String: String], shown: Shown?,
                       message: String?) async throws -> Page {
        let clients = try await staff.scope.query(APIClient.self, on: req.db).sort(\.$createdAt, .descending).all()
        let hooks = try await staff.scope.query(WebhookSubscription.self, on: req.db).sort(\.$createdAt, .descending).all()
        let head = try await EventFeed.lastPosition(municipalityID: staff.municipality.id, on: req.db)
        let ctx = req.pageContext(area: .staff)
        let cal = NorwegianCalendar()
        let chosen = Set(form.omfang ?? [])
        return Layout.page(ctx, title: ["API-klienter"]) {
            if !problems.isEmpty {
                Layout.errorSummary(fieldProblems: problems)
            }
            switch shown {
            case .client(let created):
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("h2") { "Klienten «\(created.client.name)» er opprettet" }
                    el("p") { "Kopier hemmeligheten nå. Den vises bare denne ene gangen; Radhus lagrer bare et avtrykk av den." }
                    el("dl", .cls("summary-list")) {
                        Layout.summaryRow { el("dt") { "Klient-id" }; el("dd") { el("code") { created.client.clientID } } }
                        Layout.summaryRow { el("dt") { "Hemmelighet" }; el("dd") { el("code", .id("klienthemmelighet")) { created.secret } } }
                    }
                }
            case .subscription(let url, let secret):
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("h2") { "Hendelser sendes nå til \(url)" }
                    el("p") { "Hver hendelse signeres med HMAC-SHA256 over «tidsstempel.innhold» med denne hemmeligheten. Kopier den nå; den vises bare én gang." }
                    el("p") { el("code", .id("webhookhemmelighet")) { secret } }
                }
            case nil:
                if let message {
                    el("div", .cls("panel-success"), .attr("role", "status")) {
                        el("p") { message == "trukket" ? "Klienten er trukket tilbake. Tilgangsnøklene dens virker ikke lenger." : "Abonnementet er stoppet." }
                    }
                }
            }
            el("h1") { "API-klienter i \(staff.municipality.name)" }
            el("p") {
                "Fagsystemer bruker API-et med OAuth2 (client credentials). Hver klient når bare \(staff.municipality.name) sine saker. "
                el("a", .href(SiteURL.developers.path)) { "Les API-dokumentasjonen" }
                "."
            }
            if clients.isEmpty {
                el("p") { "Ingen klienter ennå." }
            } else {
                el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "API-klienter")) {
                    el("table") {
                        el("thead") { el("tr") { for h in ["Navn", "Klient-id", "Omfang", "Opprettet", "Status", ""] { el("th", .attr("scope", "col")) { h } } } }
                        el("tbody") {
                            for c in clients {
                                el("tr") {
                                    el("td") { c.name }
                                    el("td") { el("code") { c.clientID } }
                                    el("td") { c.scopes.replacingOccurrences(of: " ", with: ", ") }
                                    el("td") { cal.norwegianDateTime(c.createdAt) }
                                    el("td") { c.revokedAt.map { "Trukket tilbake \(cal.norwegianDateTime($0))" } ?? "Aktiv" }
                                    el("td") {
                                        if c.revokedAt == nil {
                                            el("form", .attr("method", "post"), .attr("action", SiteURL.apiClientRevoke(c.id!).path), .cls("inline-form")) {
                                                Layout.csrfField(ctx.csrf)
                                                el("button", .type("submit"), .cls("button button-secondary")) {
                                                    el("span") { "Trekk tilbake" }; el("span", .cls("visually-hidden")) { " klienten \(c.name)" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            el("h2") { "Ny klient" }
            el("form", .attr("method", "post"), .attr("action", SiteURL.apiClients().path), .attr("novalidate", ""), .cls("card")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(id: "navn", label: "Navn på fagsystemet", hint: "For eksempel «Visma Flyt Skole». Navnet står i tidslinjen og tilgangsloggen.",
                                   value: form.navn ?? "", error: problems["navn"], type: "text")
                el("div", .cls("form-group" + (problems["omfang"] == nil ? "" : " form-group-error"))) {
                    el("fieldset", .id("omfang"), .attr("aria-describedby", problems["omfang"] == nil ? nil : "omfang-error")) {
                        el("legend", .cls("label")) { "Hva klienten får gjøre" }
                        if let e = problems["omfang"] { el("p", .cls("field-error"), .id("omfang-error")) { el("span", .cls("visually-hidden")) { "Feil: " }; e } }
                        for scope in APIScope.allCases {
                            el("div", .cls("checkbox")) {
                                void("input", .type("checkbox"), .id("omfang-\(scope.rawValue)"), .name("omfang[]"), .value(scope.rawValue),
                                     .flag("checked", chosen.contains(scope.rawValue)))
                                el("label", .for("omfang-\(scope.rawValue)")) { "\(scope.label) (\(scope.rawValue))" }
                            }
                        }
                    }
                }
                el("button", .type("submit"), .cls("button")) { "Opprett klienten" }
            }
            el("h2") { "Hendelser til fagsystemer (webhooks)" }
            el("p") { "Hver hendelse i kommunens saker og forsendelser sendes i rekkefølge, minst én gang, med fast hendelses-id (Radhus-Event-Id) så mottakeren kan fjerne dubletter. Feil prøves på nytt med økende ventetid." }
            if !hooks.isEmpty {
                el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Webhook-abonnementer")) {
                    el("table") {
                        el("thead") { el("tr") { for h in ["Adresse", "Levert", "Siste feil", "Neste forsøk", ""] { el("th", .attr("scope", "col")) { h } } } }
                        el("tbody") {
                            for h in hooks {
                                el("tr") {
                                    el("td") { h.url }
                                    el("td") { h.active ? "\(h.deliveredPosition) av \(head)" : "Stoppet" }
                                    el("td") { h.lastError ?? "" }
                                    el("td") { h.active ? (h.nextAttemptAt.map { cal.norwegianDateTime($0) } ?? "Straks") : "" }
                                    el("td") {
                                        if h.active {
                                            el("form", .attr("method", "post"), .attr("action", SiteURL.webhookStop(h.id!).path), .cls("inline-form")) {
                                                Layout.csrfField(ctx.csrf)
                                                el("button", .type("submit"), .cls("button button-secondary")) {
                                                    el("span") { "Stopp" }; el("span", .cls("visually-hidden")) { " sending til \(h.url)" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            el("form", .attr("method", "post"), .attr("action", SiteURL.webhooks.path), .attr("novalidate", ""), .cls("card")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(id: "url", label: "Adressen hendelsene sendes til", hint: "En https-adresse i fagsystemet. Hendelsene sendes fra nå av; eldre hendelser hentes fra /hendelser i API-et.",
                                   value: form.url ?? "", error: problems["url"], type: "url")
                el("button", .type("submit"), .cls("button")) { "Start sending" }
            }
        }
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let name = (form.navn ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [String: String] = [:]
        if name.isEmpty || name.count > 100 { problems["navn"] = "Skriv navnet på fagsystemet (høyst 100 tegn)" }
        let scopes = Set((form.omfang ?? []).compactMap(APIScope.init(rawValue:)))
        if scopes.isEmpty { problems["omfang"] = "Velg minst én ting klienten får gjøre" }
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: form, problems: problems, shown: nil, message: nil).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let created = try await req.writer.write(on: req.db) { tx in
            try await APIClients.create(municipalityID: staff.municipality.id, name: name, scopes: scopes, createdBy: staff.signature,
                                        now: now, on: tx)
        }
        let response = try await render(req, staff: staff, form: Form(), problems: [:], shown: .client(created), message: nil).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let id = req.parameters.get("client", as: UUID.self)
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            guard let c = try await staff.scope.find(APIClient.self, id, on: tx) else { throw RadhusError.notFound("Fant ikke klienten.") }
            if c.revokedAt == nil { c.revokedAt = now; try await c.update(on: tx) }
        }
        return req.redirect(to: SiteURL.apiClients(message: "trukket").path, redirectType: .normal)
    }

    @Sendable static func subscribe(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        let url = (form.url ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [String: String] = [:]
        if url.isEmpty || url.count > 500 {
            problems["url"] = "Skriv adressen hendelsene skal sendes til"
        } else if let p = DispatchController.webhookURLProblem(url) {
            problems["url"] = p
        }
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: form, problems: problems, shown: nil, message: nil).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let secret = APIClients.randomToken(bytes: 32)
        try await req.writer.write(on: req.db) { tx in
            // From now on: the head position at the time of subscribing.
            let head = try await EventFeed.lastPosition(municipalityID: staff.municipality.id, on: tx)
            let s = WebhookSubscription()
            s.municipalityID = staff.municipality.id; s.url = url; s.secret = secret; s.active = true
            s.deliveredPosition = head; s.attempts = 0; s.createdBy = staff.signature; s.createdAt = now
            try await s.create(on: tx)
        }
        let response = try await render(req, staff: staff, form: Form(), problems: [:], shown: .subscription(url: url, secret: secret),
                                        message: nil).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func unsubscribe(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let id = req.parameters.get("subscription", as: UUID.self)
        try await req.writer.write(on: req.db) { tx in
            guard let s = try await staff.scope.find(WebhookSubscription.self, id, on: tx) else { throw RadhusError.notFound("Fant ikke abonnementet.") }
            s.active = false
            try await s.update(on: tx)
        }
        return req.redirect(to: SiteURL.apiClients(message: "stoppet").path, redirectType: .normal)
    }
}
