import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// The kommune's view of its outbox: counts per status, shipments that are stuck or
/// dead-lettered (with "send again" and "stop"), and the dispatch settings. For the leader and
/// the admin; a caseworker stops a single letter from the case page.
enum DispatchController {
    static func requireManager(_ req: Request) throws -> StaffContext {
        try req.requireStaff(\.mayManageSettings, otherwise: "Bare leder eller administrator har tilgang til utsendingen.")
    }

    struct Overview: Sendable {
        var counts: [ShipmentStatus: Int]
        /// Dead letters, and shipments whose last attempt failed and that are waiting to retry.
        var attention: [ShipmentRecord]
        var saksnummer: [UUID: String]
        var settings: DispatchSettings?
    }

    /// The figures and lists, as a query a test can call.
    static func overview(scope: TenantScope, on db: any Database) async throws -> Overview {
        // One grouped count, not a query per status.
        var counts: [ShipmentStatus: Int] = [:]
        for row in try await db.sql.select().column("status")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(ShipmentRecord.schema)
            .where("municipality_id", .equal, SQLBind(scope.municipalityID)).groupBy("status").all() {
            if let status = ShipmentStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        let attention = try await scope.query(ShipmentRecord.self, on: db)
            .group(.or) { g in
                g.filter(\.$status == ShipmentStatus.ikkeLevert.rawValue)
                g.group(.and) { $0.filter(\.$attempts > 0).filter(\.$nextAction != ShipmentAction.none.rawValue) }
            }
            .sort(\.$updatedAt, .descending).limit(200).all()
        let cases = try await scope.query(CaseRecord.self, on: db).filter(\.$id ~~ Set(attention.map(\.caseID))).all()
        let settings = try await scope.query(DispatchSettings.self, on: db).first()
        return Overview(counts: counts, attention: attention,
                        saksnummer: Dictionary(cases.map { ($0.id!, $0.saksnummer.description) }, uniquingKeysWith: { a, _ in a }),
                        settings: settings)
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        let o = try await overview(scope: staff.scope, on: req.db)
        return render(req, staff: staff, overview: o, form: nil, problems: [:], message: req.query[String.self, at: "melding"])
    }

    struct SettingsForm: Content {
        var dager: String?
        var webhook: String?
        var hemmelighet: String?
    }

    static func render(_ req: Request, staff: StaffContext, overview o: Overview, form: SettingsForm?, problems: [String: String],
                       message: String?) -> Page {
        let ctx = req.pageContext(area: .staff)
        let cal = NorwegianCalendar()
        let t = Strings(.nb)
        let days = form?.dager ?? String(o.settings?.printAfterWorkingDays ?? DispatchSettings.defaultPrintAfterWorkingDays)
        let webhook = form?.webhook ?? o.settings?.webhookURL ?? ""
        let messages = ["lagret": "Innstillingene er lagret.", "stop": "Forsendelsen er stoppet og håndteres manuelt.",
                        "retry": "Forsendelsen sendes på nytt."]
        return Layout.page(ctx, title: ["Utsending"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty {
                Layout.errorSummary(fieldProblems: problems)
            }
            if let m = message.flatMap({ messages[$0] }) {
                el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { m } }
            }
            el("h1") { "Utsending i \(staff.municipality.name)" }
            el("p") { "Brev går til innbyggerens innboks med varsel på e-post. Et brev som ikke er åpnet innen fristen, sendes på papir, med kvittering for hvert steg." }
            el("h2") { "Forsendelser etter status" }
            el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Forsendelser etter status")) {
                el("table", .cls("table")) {
                    el("thead") { el("tr") { el("th", .attr("scope", "col")) { "Status" }; el("th", .attr("scope", "col"), .cls("num")) { "Antall" } } }
                    el("tbody") {
                        for s in ShipmentStatus.allCases {
                            el("tr") { el("td") { s.label }; el("td", .cls("num")) { String(o.counts[s] ?? 0) } }
                        }
                    }
                }
            }
            el("h2") { "Trenger oppfølging" }
            if o.attention.isEmpty {
                el("p") { "Ingen forsendelser står fast." }
            } else {
                el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Forsendelser som trenger oppfølging")) {
                    el("table", .cls("table")) {
                        el("thead") {
                            el("tr") {
                                for h in ["Sak", "Kanal", "Status", "Forsøk", "Siste feil", "Neste forsøk", "Handling"] {
                                    el("th", .attr("scope", "col")) { h }
                                }
                            }
                        }
                        el("tbody") {
                            for s in o.attention {
                                let sak = o.saksnummer[s.caseID] ?? "–"
                                el("tr") {
                                    el("td") { sak }
                                    el("td") { DispatchView.channelLabel(s.shipmentChannel, t) }
                                    el("td") { DispatchView.statusTag(s.shipmentStatus, t) }
                                    el("td", .cls("num")) { String(s.attempts) }
                                    el("td") { s.lastError ?? "" }
                                    el("td") { s.nextAttemptAt.map { cal.norwegianDateTime($0) } ?? "Venter på en person" }
                                    el("td") {
                                        el("form", .attr("method", "post"), .attr("action", SiteURL.dispatchAction(shipment: s.id!, action: "retry").path), .cls("inline-form")) {
                                            Layout.csrfField(ctx.csrf)
                                            el("button", .type("submit"), .cls("button button-secondary")) { el("span") { "Prøv igjen" }; el("span", .cls("visually-hidden")) { " for sak \(sak)" } }
                                        }
                                        if s.shipmentStatus.canBeStopped {
                                            el("form", .attr("method", "post"), .attr("action", SiteURL.dispatchAction(shipment: s.id!, action: "stop").path), .cls("inline-form")) {
                                                Layout.csrfField(ctx.csrf)
                                                el("button", .type("submit"), .cls("button button-secondary")) { el("span") { "Stopp" }; el("span", .cls("visually-hidden")) { " forsendelsen i sak \(sak)" } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            el("h2") { "Innstillinger" }
            el("form", .attr("method", "post"), .attr("action", SiteURL.dispatchSettings.path), .attr("novalidate", ""), .cls("card")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(id: "dager", label: "Virkedager før et uåpnet brev sendes på papir", hint: "1–10. Helger og helligdager teller ikke.",
                      value: days, error: problems["dager"], type: "text", extra: [.attr("inputmode", "numeric"), .cls("input w-5")])
                FormView.textInput(id: "webhook", label: "Webhook til fagsystem eller digital postkasse (valgfritt)",
                      hint: "https-adresse som får hvert brev, signert med HMAC-SHA256 i Radhus-Signature.",
                      value: webhook, error: problems["webhook"], type: "url", extra: [.cls("input w-full")])
                FormView.textInput(id: "hemmelighet", label: "Delt hemmelighet for signaturen (valgfritt)",
                      hint: o.settings?.webhookSecret?.isEmpty == false ? "En hemmelighet er satt. La feltet stå tomt for å beholde den." : "Minst 16 tegn.",
                      value: "", error: problems["hemmelighet"], type: "password", extra: [.cls("input w-full"), .attr("autocomplete", "new-password")])
                el("button", .type("submit"), .cls("button")) { "Lagre innstillingene" }
            }
        }
    }

    /// Why a webhook address is not acceptable, or nil: https, except to this machine (a
    /// domain system beside Radhus, and the tests). Letters and events share the rule.
    static func webhookURLProblem(_ url: String) -> String? {
        let u = URLComponents(string: url)
        let local = ["127.0.0.1", "localhost", "::1"].contains(u?.host ?? "")
        if u?.host == nil || !(u?.scheme == "https" || (u?.scheme == "http" && local)) {
            return "Skriv en https-adresse, for eksempel https://fagsystem.kommune.no/radhus"
        }
        return nil
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let form = (try? req.content.decode(SettingsForm.self)) ?? SettingsForm()
        var problems: [String: String] = [:]
        let days = Int((form.dager ?? "").trimmingCharacters(in: .whitespaces))
        if days == nil || !(1...10).contains(days!) { problems["dager"] = "Skriv et helt tall fra 1 til 10" }
        let hook = (form.webhook ?? "").trimmingCharacters(in: .whitespaces)
        if !hook.isEmpty, let p = webhookURLProblem(hook) { problems["webhook"] = p }
        let secret = form.hemmelighet ?? ""
        if !secret.isEmpty && secret.count < 16 { problems["hemmelighet"] = "Hemmeligheten må ha minst 16 tegn" }
        let existing = try await staff.scope.query(DispatchSettings.self, on: req.db).first()
        if !hook.isEmpty && secret.isEmpty && (existing?.webhookSecret ?? "").isEmpty {
            problems["hemmelighet"] = "Skriv en delt hemmelighet (minst 16 tegn), så fagsystemet kan sjekke signaturen"
        }
        if !problems.isEmpty {
            let o = try await overview(scope: staff.scope, on: req.db)
            return try await render(req, staff: staff, overview: o, form: form, problems: problems, message: nil).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let s = try await staff.scope.query(DispatchSettings.self, on: tx).first() ?? DispatchSettings()
            s.municipalityID = staff.municipality.id
            s.printAfterWorkingDays = days!
            s.webhookURL = hook.isEmpty ? nil : hook
            if !secret.isEmpty { s.webhookSecret = secret }
            if hook.isEmpty { s.webhookSecret = nil }
            s.changedBy = staff.signature
            s.changedAt = now
            try await s.save(on: tx)
        }
        return req.redirect(to: SiteURL.dispatch.path + "?melding=lagret", redirectType: .normal)
    }

    @Sendable static func act(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        guard let id = req.parameters.get("shipment", as: UUID.self),
              let action = req.parameters.get("action").flatMap(Outbox.StaffAction.init(rawValue:)) else {
            throw RadhusError.notFound("Fant ikke forsendelsen.")
        }
        let now = req.application.clock.now()
        _ = try await req.writer.write(on: req.db) { tx in
            try await Outbox.staffAction(action, shipmentID: id, scope: staff.scope, actor: staff.signature, now: now, on: tx)
        }
        return req.redirect(to: SiteURL.dispatch.path + "?melding=\(action.rawValue)", redirectType: .normal)
    }

    /// "Stopp før utskrift" on the case page: the caseworker will handle the letter by hand.
    @Sendable static func stopFromCase(req: Request) async throws -> Response {
        let staff = try req.requireStaff(\.mayStopLetters, otherwise: "Rollen din kan ikke stoppe utsendinger.")
        guard let caseID = req.parameters.get("case", as: UUID.self), let id = req.parameters.get("shipment", as: UUID.self) else {
            throw RadhusError.notFound("Fant ikke forsendelsen.")
        }
        let now = req.application.clock.now()
        _ = try await req.writer.write(on: req.db) { tx in
            try await Outbox.staffAction(.stop, shipmentID: id, caseID: caseID, scope: staff.scope, actor: staff.signature, now: now, on: tx)
        }
        return req.redirect(to: SiteURL.staffCase(caseID).path + "?melding=stoppet", redirectType: .normal)
    }
}
