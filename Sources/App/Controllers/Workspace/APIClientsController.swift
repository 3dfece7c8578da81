import Fluent
import Foundation
import RadhusCore
import Vapor

/// `/ansatt/api-klienter`: the kommune's API clients (create, show the secret once, revoke) and
/// the systems its events are pushed to. For the leader and the administrator.
enum APIClientsController {
    static func requireManager(_ req: Request) throws -> StaffContext {
        try req.requireStaff(
            \.mayManageSettings,
            otherwise: LocalizedText(
                nb: "Bare leder eller administrator kan styre API-klientene.",
                en: "Only a leader or an administrator can manage the API clients.",
                nn: "Berre leiar eller administrator kan styre API-klientane."))
    }

    struct Form: Content {
        var navn: String?
        var omfang: [String]?
        var url: String?
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        return try await render(req, staff: staff, message: req.query[String.self, at: "melding"])
    }

    static func render(
        _ req: Request, staff: StaffContext, form: Form = Form(), problems: [String: String] = [:],
        shown: APIClientsPage.Shown? = nil, message: String? = nil
    ) async throws -> Page {
        let values = APIClientsPage.FormValues(
            name: form.navn ?? "", scopes: Set(form.omfang ?? []), url: form.url ?? "")
        return APIClientsPage.view(
            try await APIClientsPage.Model.query(staff: staff, on: req.db), form: values, problems: problems,
            shown: shown, message: message, ctx: req.pageContext(area: .staff))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let form = try req.form(Form.self)
        let name = (form.navn ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let t = req.strings
        var problems: [String: String] = [:]
        if name.isEmpty || name.count > 100 { problems["navn"] = t.systemNameMissing }
        let scopes = Set((form.omfang ?? []).compactMap(APIScope.init(rawValue:)))
        if scopes.isEmpty { problems["omfang"] = t.scopeMissing }
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: form, problems: problems).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let created = try await req.writer.write(on: req.db) { tx in
            try await APIClients.create(
                municipalityID: staff.municipality.id, name: name, scopes: scopes, createdBy: staff.signature,
                now: now, on: tx)
        }
        let response = try await render(req, staff: staff, shown: .client(created)).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let id = req.parameters.get("client", as: UUID.self)
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            guard let c = try await staff.scope.find(APIClient.self, id, on: tx) else {
                throw RadhusError.localized(
                    .notFound,
                    LocalizedText(
                        nb: "Fant ikke klienten.", en: "The client was not found.", nn: "Fann ikkje klienten."))
            }
            if c.revokedAt == nil {
                c.revokedAt = now
                try await c.update(on: tx)
            }
        }
        return req.redirect(to: SiteURL.apiClients(message: "trukket").path, redirectType: .normal)
    }

    @Sendable static func subscribe(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let form = try req.form(Form.self)
        let url = (form.url ?? "").trimmingCharacters(in: .whitespaces)
        let t = req.strings
        var problems: [String: String] = [:]
        if url.isEmpty || url.count > 500 {
            problems["url"] = t.eventsAddressMissing
        } else if !WebhookAddress.isAcceptable(url) {
            problems["url"] = t.webhookAddressInvalid
        }
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: form, problems: problems).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let secret = APIClients.randomToken(bytes: 32)
        try await req.writer.write(on: req.db) { tx in
            // From now on: the head position at the time of subscribing.
            let head = try await EventFeed.lastPosition(municipalityID: staff.municipality.id, on: tx)
            let s = WebhookSubscription()
            s.municipalityID = staff.municipality.id
            s.url = url
            s.secret = secret
            s.active = true
            s.deliveredPosition = head
            s.attempts = 0
            s.createdBy = staff.signature
            s.createdAt = now
            try await s.create(on: tx)
        }
        let response = try await render(req, staff: staff, shown: .subscription(url: url, secret: secret))
            .encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func unsubscribe(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let id = req.parameters.get("subscription", as: UUID.self)
        try await req.writer.write(on: req.db) { tx in
            guard let s = try await staff.scope.find(WebhookSubscription.self, id, on: tx) else {
                throw RadhusError.localized(
                    .notFound,
                    LocalizedText(
                        nb: "Fant ikke abonnementet.", en: "The subscription was not found.",
                        nn: "Fann ikkje abonnementet."))
            }
            s.active = false
            try await s.update(on: tx)
        }
        return req.redirect(to: SiteURL.apiClients(message: "stoppet").path, redirectType: .normal)
    }
}
