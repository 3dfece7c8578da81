import Fluent
import Foundation
import RadhusCore

/// One letter on its way to one recipient through one channel (a "forsendelse"), written in
/// the outbox in the transaction of the decision that caused it.
public final class ShipmentRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "shipments"
    public static var municipalityKey: KeyPath<ShipmentRecord, FieldProperty<ShipmentRecord, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "letter_id") public var letterID: UUID
    @Field(key: "channel") public var channel: String
    @Field(key: "status") public var status: String
    /// What the dispatcher does next (`ShipmentAction`), and from when.
    @Field(key: "next_action") public var nextAction: String
    @OptionalField(key: "next_attempt_at") public var nextAttemptAt: Date?
    /// Never printed (the sender chose digital only, or the channel is a system).
    @Field(key: "digital_only") public var digitalOnly: Bool
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "first_failure_at") public var firstFailureAt: Date?
    /// The last failure, without personal data (an SMTP reply code, an HTTP status).
    @OptionalField(key: "last_error") public var lastError: String?
    /// The step that failed for good; "Prøv igjen" runs it again.
    @OptionalField(key: "failed_action") public var failedAction: String?
    /// Which dispatcher holds it, until when (a crashed process's claims run out); after the
    /// step, `claimed_until` is cleared and `claimed_by` names the worker that did it.
    @OptionalField(key: "claimed_by") public var claimedBy: String?
    @OptionalField(key: "claimed_until") public var claimedUntil: Date?
    @OptionalField(key: "print_due_at") public var printDueAt: Date?
    @OptionalField(key: "print_batch") public var printBatch: String?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public var shipmentStatus: ShipmentStatus { ShipmentStatus(rawValue: status) ?? .mottatt }
    public var shipmentChannel: ShipmentChannel { ShipmentChannel(rawValue: channel) ?? .portal }
    public var action: ShipmentAction { ShipmentAction(rawValue: nextAction) ?? .none }
}

/// A status change of a shipment, with its time and detail: the receipt ("kvittering").
public final class ShipmentEventRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "shipment_events"
    public static var municipalityKey: KeyPath<ShipmentEventRecord, FieldProperty<ShipmentEventRecord, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "shipment_id") public var shipmentID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "status") public var status: String
    @Field(key: "at") public var at: Date
    @Field(key: "detail") public var detail: String

    public init() {}

    public var shipmentStatus: ShipmentStatus { ShipmentStatus(rawValue: status) ?? .mottatt }
}

/// How to reach a citizen: the e-mail address for notices and a reservation against digital
/// post, as the national contact register (KRR) holds them, and the postal address from the
/// population register. The demo seeds them; a citizen can change e-mail and reservation.
public final class CitizenContact: Model, @unchecked Sendable {
    public static let schema = "citizen_contacts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "fnr") public var fnr: String
    @OptionalField(key: "email") public var email: String?
    /// Reserved against digital communication: letters go on paper.
    @Field(key: "reserved") public var reserved: Bool
    /// Name and address lines for the envelope, separated by newlines.
    @OptionalField(key: "postal_address") public var postalAddress: String?
    @Field(key: "updated_at") public var updatedAt: Date
    /// `nb` or `nn` (issue 19): letters are written in it; nil: bokmål.
    @OptionalField(key: "written_language") public var writtenLanguage: String?

    public init() {}
}

/// A kommune's dispatch settings.
public final class DispatchSettings: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "dispatch_settings"
    public static var municipalityKey: KeyPath<DispatchSettings, FieldProperty<DispatchSettings, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// Working days a digital letter may stay unread before it is printed.
    @Field(key: "print_after_working_days") public var printAfterWorkingDays: Int
    /// Where each letter is also delivered (an external mailbox or a domain system), signed with the secret.
    @OptionalField(key: "webhook_url") public var webhookURL: String?
    @OptionalField(key: "webhook_secret") public var webhookSecret: String?
    /// Where an upheld appeal's package goes (issue 20): the statsforvalter's and the kommune's
    /// klagenemnd's e-mail addresses (`AppealBody`).
    @OptionalField(key: "statsforvalteren_email") public var statsforvalterenEmail: String?
    @OptionalField(key: "klagenemnd_email") public var klagenemndEmail: String?
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}

    public static let defaultPrintAfterWorkingDays = 2

    /// The address of an appeal body, when the kommune has set it.
    public func address(of body: AppealBody) -> String? {
        let a = body == .statsforvalteren ? statsforvalterenEmail : klagenemndEmail
        return a.flatMap { $0.isEmpty ? nil : $0 }
    }
}
