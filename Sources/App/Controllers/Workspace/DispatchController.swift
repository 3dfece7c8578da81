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
        try req.requireStaff(
            \.mayManageSettings,
            otherwise: LocalizedText(
                nb: "Bare leder eller administrator har tilgang til utsendingen.",
                en: "Only a leader or an administrator has access to the dispatch.",
                nn: "Berre leiar eller administrator har tilgang til utsendinga."))
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireManager(req)
        let o = try await DispatchOverview.query(scope: staff.scope, on: req.db)
        return DispatchOverview.view(
            o, kommune: staff.municipality.name, form: nil, problems: [:],
            message: req.query[String.self, at: "melding"],
            ctx: req.pageContext(area: .staff))
    }

    struct SettingsForm: Content {
        var dager: String?
        var webhook: String?
        var hemmelighet: String?
        var statsforvalteren: String?
        var klagenemnd: String?
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        let form = try req.form(SettingsForm.self)
        let ctx = req.pageContext(area: .staff)
        let t = ctx.t
        var problems: [String: String] = [:]
        let days = Int((form.dager ?? "").trimmingCharacters(in: .whitespaces))
        if days == nil || !(1...10).contains(days!) { problems["dager"] = t.wholeNumber(1, 10) }
        let hook = (form.webhook ?? "").trimmingCharacters(in: .whitespaces)
        if !hook.isEmpty, !WebhookAddress.isAcceptable(hook) { problems["webhook"] = t.webhookAddressInvalid }
        let secret = form.hemmelighet ?? ""
        if !secret.isEmpty && secret.count < 16 { problems["hemmelighet"] = t.secretTooShort }
        // The appeal bodies' addresses (issue 20): empty, or one plain e-mail address.
        var bodies: [String: String] = [:]
        for (key, value) in [("statsforvalteren", form.statsforvalteren), ("klagenemnd", form.klagenemnd)] {
            let v = (value ?? "").trimmingCharacters(in: .whitespaces)
            if !v.isEmpty && !SMTPClient.isPlausibleAddress(v) { problems[key] = t.emailInvalid }
            bodies[key] = v
        }
        let appealBodies = bodies
        let existing = try await staff.scope.query(DispatchSettings.self, on: req.db).first()
        if !hook.isEmpty && secret.isEmpty && (existing?.webhookSecret ?? "").isEmpty {
            problems["hemmelighet"] = t.secretMissing
        }
        if !problems.isEmpty {
            let o = try await DispatchOverview.query(scope: staff.scope, on: req.db)
            return try await DispatchOverview.view(
                o, kommune: staff.municipality.name,
                form: .init(
                    days: form.dager, webhook: form.webhook, statsforvalteren: form.statsforvalteren,
                    klagenemnd: form.klagenemnd),
                problems: problems, message: nil, ctx: ctx
            ).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let s = try await staff.scope.query(DispatchSettings.self, on: tx).first() ?? DispatchSettings()
            s.municipalityID = staff.municipality.id
            s.printAfterWorkingDays = days!
            s.webhookURL = hook.isEmpty ? nil : hook
            if !secret.isEmpty { s.webhookSecret = secret }
            if hook.isEmpty { s.webhookSecret = nil }
            s.statsforvalterenEmail = appealBodies["statsforvalteren"].flatMap { $0.isEmpty ? nil : $0 }
            s.klagenemndEmail = appealBodies["klagenemnd"].flatMap { $0.isEmpty ? nil : $0 }
            s.changedBy = staff.signature
            s.changedAt = now
            try await s.save(on: tx)
        }
        return req.redirect(to: SiteURL.dispatch(message: "lagret").path, redirectType: .normal)
    }

    @Sendable static func act(req: Request) async throws -> Response {
        let staff = try requireManager(req)
        guard let id = req.parameters.get("shipment", as: UUID.self),
            let action = req.parameters.get("action").flatMap(Outbox.StaffAction.init(rawValue:))
        else {
            throw RadhusError.localized(
                .notFound,
                ErrorMessages.shipmentNotFound)
        }
        let now = req.application.clock.now()
        _ = try await req.writer.write(on: req.db) { tx in
            try await Outbox.staffAction(
                action, shipmentID: id, scope: staff.scope, actor: staff.signature, now: now, on: tx)
        }
        return req.redirect(to: SiteURL.dispatch(message: action.rawValue).path, redirectType: .normal)
    }

    /// "Stopp før utskrift" on the case page: the caseworker will handle the letter by hand.
    @Sendable static func stopFromCase(req: Request) async throws -> Response {
        let staff = try req.requireStaff(
            \.mayStopLetters,
            otherwise: LocalizedText(
                nb: "Rollen din kan ikke stoppe utsendinger.", en: "Your role cannot stop shipments.",
                nn: "Rolla di kan ikkje stoppe utsendingar."))
        guard let caseID = req.parameters.get("case", as: UUID.self),
            let id = req.parameters.get("shipment", as: UUID.self)
        else {
            throw RadhusError.localized(
                .notFound,
                ErrorMessages.shipmentNotFound)
        }
        let now = req.application.clock.now()
        _ = try await req.writer.write(on: req.db) { tx in
            try await Outbox.staffAction(
                .stop, shipmentID: id, caseID: caseID, scope: staff.scope, actor: staff.signature, now: now, on: tx)
        }
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .stopped).path, redirectType: .normal)
    }
}
