import Fluent
import Foundation
import RadhusCore
import SQLKit

/// The transactional outbox: a letter's shipments are written in the same transaction as the
/// letter (and the decision behind it), so nothing decided is left unsent and nothing is sent
/// that was not decided. The dispatcher takes it from there.
enum Outbox {
    /// Puts a new letter in the outbox: a portal shipment (inbox, e-mail notice, paper when
    /// unread), and a webhook shipment when the kommune delivers letters to a system too.
    static func enqueue(
        letterID: UUID, caseID: UUID, municipalityID: UUID, now: Date, digitalOnly: Bool = false,
        on sql: any SQLDatabase
    ) async throws {
        try await insert(
            letterID: letterID, caseID: caseID, municipalityID: municipalityID, channel: .portal,
            action: .deliver, digitalOnly: digitalOnly, now: now, on: sql)
        let hook = try await sql.select().column("webhook_url").from(DispatchSettings.schema)
            .where("municipality_id", .equal, SQLBind(municipalityID)).first()
        if let row = hook, let url = try row.decode(column: "webhook_url", as: String?.self), !url.isEmpty {
            try await insert(
                letterID: letterID, caseID: caseID, municipalityID: municipalityID, channel: .webhook,
                action: .webhook, digitalOnly: true, now: now, on: sql)
        }
    }

    /// An upheld appeal's package (issue 20): a shipment of the forwarding letter to the appeal
    /// body, beside the letter's own shipment to the applicant.
    static func enqueueAppealPackage(
        letterID: UUID, caseID: UUID, municipalityID: UUID, now: Date, on sql: any SQLDatabase
    ) async throws {
        try await insert(
            letterID: letterID, caseID: caseID, municipalityID: municipalityID, channel: .appealBody,
            action: .appealPackage, digitalOnly: true, now: now, on: sql)
    }

    private static func insert(
        letterID: UUID, caseID: UUID, municipalityID: UUID, channel: ShipmentChannel, action: ShipmentAction,
        digitalOnly: Bool, now: Date, on sql: any SQLDatabase
    ) async throws {
        let id = UUID()
        try await sql.insert(into: ShipmentRecord.schema)
            .columns(
                "id", "municipality_id", "case_id", "letter_id", "channel", "status", "next_action", "next_attempt_at",
                "digital_only", "attempts", "created_at", "updated_at"
            )
            .values(
                SQLBind(id), SQLBind(municipalityID), SQLBind(caseID), SQLBind(letterID), SQLBind(channel.rawValue),
                SQLBind(ShipmentStatus.mottatt.rawValue), SQLBind(action.rawValue), SQLBind(now), SQLBind(digitalOnly),
                SQLBind(0), SQLBind(now), SQLBind(now)
            )
            .run()
        try await event(
            shipmentID: id, municipalityID: municipalityID, caseID: caseID, status: .mottatt, at: now,
            detail: channel == .portal
                ? "Lagt i utsendingskøen"
                : channel == .webhook ? "Lagt i køen til fagsystemet" : "Lagt i køen til klageinstansen",
            on: sql)
    }

    /// A line in the shipment's receipt trail.
    static func event(
        shipmentID: UUID, municipalityID: UUID, caseID: UUID, status: ShipmentStatus, at: Date, detail: String,
        on sql: any SQLDatabase
    ) async throws {
        try await sql.insert(into: ShipmentEventRecord.schema)
            .columns("id", "shipment_id", "municipality_id", "case_id", "status", "at", "detail")
            .values(
                SQLBind(UUID()), SQLBind(shipmentID), SQLBind(municipalityID), SQLBind(caseID),
                SQLBind(status.rawValue),
                SQLBind(at), SQLBind(detail)
            )
            .run()
    }

    /// The letter was opened in the portal: its portal shipment is LEST and nothing more is
    /// sent (no print). Runs in the transaction that marks the letter read.
    static func markRead(letterID: UUID, now: Date, on db: any Database) async throws {
        let shipments = try await ShipmentRecord.query(on: db).filter(\.$letterID == letterID)
            .filter(\.$channel == ShipmentChannel.portal.rawValue).all()
        for s in shipments where s.shipmentStatus.canMove(to: .lest) {
            s.status = ShipmentStatus.lest.rawValue
            s.nextAction = ShipmentAction.none.rawValue
            s.nextAttemptAt = nil
            s.updatedAt = now
            try await s.update(on: db)
            try await event(
                shipmentID: try s.requireID(), municipalityID: s.municipalityID, caseID: s.caseID, status: .lest,
                at: now,
                detail: "Åpnet i innboksen", on: db.sql)
        }
    }

    /// A person stops a shipment before print (MANUELT_HANDTERT), or sends a stuck or
    /// dead-lettered one again. `scope` keeps it inside the staff member's kommune.
    enum StaffAction: String { case stop, retry }

    static func staffAction(
        _ action: StaffAction, shipmentID: UUID, caseID: UUID? = nil, scope: TenantScope, actor: String, now: Date,
        on db: any Database
    ) async throws -> ShipmentRecord {
        let q = scope.query(ShipmentRecord.self, on: db).filter(\.$id == shipmentID)
        if let caseID { q.filter(\.$caseID == caseID) }
        guard let s = try await q.first() else {
            throw RadhusError.localized(
                .notFound,
                ErrorMessages.shipmentNotFound)
        }
        let sql = db.sql
        switch action {
        case .stop:
            guard s.shipmentStatus.canBeStopped else {
                let status = s.shipmentStatus.label.lowercased()
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb: "Forsendelsen kan ikke stoppes: den er «\(status)».",
                        en: "The shipment cannot be stopped: it is “\(status)”.",
                        nn: "Forsendinga kan ikkje stoppast: ho er «\(status)»."))
            }
            s.status = ShipmentStatus.manueltHandtert.rawValue
            s.nextAction = ShipmentAction.none.rawValue
            s.nextAttemptAt = nil
            s.updatedAt = now
            try await s.update(on: db)
            try await event(
                shipmentID: shipmentID, municipalityID: s.municipalityID, caseID: s.caseID, status: .manueltHandtert,
                at: now, detail: "Stoppet av \(actor)", on: sql)
        case .retry:
            let stuck = s.shipmentStatus == .ikkeLevert || (s.attempts > 0 && s.action != .none)
            guard stuck else {
                throw RadhusError.localized(
                    .conflict,
                    LocalizedText(
                        nb: "Forsendelsen står ikke fast, og trenger ikke et nytt forsøk.",
                        en: "The shipment is not stuck and needs no new attempt.",
                        nn: "Forsendinga står ikkje fast og treng ikkje eit nytt forsøk."))
            }
            let step = s.failedAction.flatMap(ShipmentAction.init(rawValue:)) ?? s.action
            s.nextAction = (step == .none ? ShipmentAction.deliver : step).rawValue
            s.nextAttemptAt = now
            s.attempts = 0
            s.firstFailureAt = nil
            s.failedAction = nil
            s.claimedBy = nil
            s.claimedUntil = nil
            s.updatedAt = now
            try await s.update(on: db)
            try await event(
                shipmentID: shipmentID, municipalityID: s.municipalityID, caseID: s.caseID, status: s.shipmentStatus,
                at: now, detail: "Nytt forsøk bestilt av \(actor)", on: sql)
        }
        return s
    }
}
