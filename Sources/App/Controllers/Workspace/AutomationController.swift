import Fluent
import Foundation
import RadhusCore
import Vapor

/// Per service: automation off, shadow or on, chosen by the kommune's leader or admin, with
/// the measured agreement between rules and caseworkers in shadow mode.
enum AutomationController {
    static func requireManager(_ req: Request) throws -> StaffContext {
        try req.requireStaff(\.mayManageSettings, otherwise: "Bare leder eller administrator kan endre automatiseringen.")
    }

    struct Row: Sendable {
        var service: ServiceDefinition
        var mode: AutomationMode
        var evaluations: Int
        var automated: Int
        var compared: Int
        var agreed: Int
    }

    /// The figures per service, as a query a test can call.
    static func rows(scope: TenantScope, services: ServiceRegistry, on db: any Database) async throws -> [Row] {
        var out: [Row] = []
        for service in try await services.offered(municipalityID: scope.municipalityID, on: db) where service.rules != nil {
            let mode = try await RulesService.mode(municipalityID: scope.municipalityID, service: service, on: db)
            let all = try await scope.query(RuleEvaluationRecord.self, on: db).filter(\.$serviceID == service.id).all()
            let compared = all.filter { $0.agreed != nil }
            out.append(Row(service: service, mode: mode, evaluations: all.count, automated: all.filter(\.automated).count,
                           compared: compared.count, agreed: compared.filter { $0.agreed == true }.count))
        }
        return out
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        return try await render(req, staff: staff, saved: req.query[String.self, at: "lagret"] != nil)
    }

    static func render(_ req: Request, staff: StaffContext, saved: Bool) async throws -> Page {
        let rows = try await rows(scope: staff.scope, services: req.services, on: req.db)
        let ctx = req.pageContext(area: .staff)
        let labels: [AutomationMode: String] = [.off: "Av", .shadow: "Skygge: reglene foreslår, en saksbehandler avgjør",
                                                .on: "På: reglene avgjør klare saker, resten går til saksbehandler"]
        return Layout.page(ctx, title: ["Automatisering"]) {
            if saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { "Endringen er lagret." } } }
            el("h1") { "Automatisering i \(staff.municipality.name)" }
            el("p") { "Automatiske vedtak sier at de er fattet automatisk, har begrunnelse fra reglene, og gir rett til å be om at en saksbehandler ser på saken (forvaltningsloven §§ 11–13)." }
            for row in rows {
                el("form", .attr("method", "post"), .attr("action", SiteURL.automation().path), .cls("card")) {
                    Layout.csrfField(ctx.csrf)
                    void("input", .type("hidden"), .name("tjeneste"), .value(row.service.id))
                    el("fieldset", .id("f-modus-\(row.service.id)")) {
                        el("legend", .cls("label")) { row.service.title.nb }
                        el("div", .cls("radios")) {
                            for mode in AutomationMode.allCases {
                                el("div", .cls("radio")) {
                                    void("input", .type("radio"), .name("modus"), .value(mode.rawValue), .id("f-modus-\(row.service.id)-\(mode.rawValue)"),
                                         .flag("checked", row.mode == mode))
                                    el("label", .for("f-modus-\(row.service.id)-\(mode.rawValue)")) { labels[mode]! }
                                }
                            }
                        }
                    }
                    el("p", .cls("muted")) {
                        "Vurdert av reglene: \(row.evaluations). Avgjort automatisk: \(row.automated). "
                        if row.compared > 0 {
                            "Enighet i skyggemodus: \(row.agreed) av \(row.compared) (\(Int((Double(row.agreed) / Double(row.compared) * 100).rounded())) %)."
                        } else {
                            "Ingen sammenligninger i skyggemodus ennå."
                        }
                    }
                    el("button", .type("submit"), .cls("button button-secondary")) { "Lagre for \(row.service.title.nb.lowercasedFirst)" }
                }
            }
        }
    }

    struct Form: Content { var tjeneste: String?; var modus: String? }

    @Sendable static func save(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let form = (try? req.content.decode(Form.self)) ?? Form()
        guard let id = form.tjeneste, let service = try await req.services.offered(municipalityID: staff.municipality.id, id: id, on: req.db),
              service.rules != nil else {
            throw RadhusError.badRequest("Velg en tjeneste som har regler.")
        }
        guard let mode = form.modus.flatMap(AutomationMode.init(rawValue:)) else {
            throw RadhusError.badRequest("Velg av, skygge eller på.")
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let setting = try await staff.scope.query(AutomationSetting.self, on: tx).filter(\.$serviceID == service.id).first()
                ?? AutomationSetting()
            setting.municipalityID = staff.municipality.id
            setting.serviceID = service.id
            setting.mode = mode.rawValue
            setting.changedBy = staff.signature
            setting.changedAt = now
            try await setting.save(on: tx)
        }
        return req.redirect(to: SiteURL.automation(saved: true).path, redirectType: .normal)
    }
}
