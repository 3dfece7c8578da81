import Fluent
import Foundation
import RadhusCore
import Vapor

/// Per service: automation off, shadow or on, chosen by the kommune's leader or admin, with
/// the measured agreement between rules and caseworkers in shadow mode.
enum AutomationController {
    static func requireManager(_ req: Request) throws -> StaffContext {
        try req.requireStaff(
            \.mayManageSettings,
            otherwise: LocalizedText(
                nb: "Bare leder eller administrator kan endre automatiseringen.",
                en: "Only a leader or an administrator can change the automation.",
                nn: "Berre leiar eller administrator kan endre automatiseringa."))
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        let model = try await Automation.Model.query(
            staff: staff, services: req.services,
            saved: req.query[String.self, at: "lagret"] != nil, on: req.db)
        return Automation.view(model, ctx: req.pageContext(area: .staff))
    }

    struct Form: Content {
        var tjeneste: String?
        var modus: String?
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let form = try req.form(Form.self)
        guard let id = form.tjeneste,
            let service = try await req.services.offered(municipalityID: staff.municipality.id, id: id, on: req.db),
            service.rules != nil
        else {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Velg en tjeneste som har regler.", en: "Choose a service that has rules.",
                    nn: "Vel ei teneste som har reglar."))
        }
        guard let mode = form.modus.flatMap(AutomationMode.init(rawValue:)) else {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Velg av, skygge eller på.", en: "Choose off, shadow or on.", nn: "Vel av, skugge eller på."))
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let setting =
                try await staff.scope.query(AutomationSetting.self, on: tx).filter(\.$serviceID == service.id).first()
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
