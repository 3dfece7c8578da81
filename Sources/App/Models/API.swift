import Fluent
import Foundation

/// A domain system's access to one kommune's API (OAuth2 client credentials). The secret is
/// shown once when the client is created and stored as its SHA-256 (it is 32 random bytes, so
/// a slow hash adds nothing); revoking takes effect on the next request, tokens included.
public final class APIClient: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "api_clients"
    public static var municipalityKey: KeyPath<APIClient, FieldProperty<APIClient, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "name") public var name: String
    /// The public half of the credentials (`rh_…`).
    @Field(key: "client_id") public var clientID: String
    @Field(key: "secret_hash") public var secretHash: String
    /// Space-separated, as OAuth2 writes them.
    @Field(key: "scopes") public var scopes: String
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    public init() {}

    public var scopeSet: Set<APIScope> {
        Set(scopes.split(separator: " ").compactMap { APIScope(rawValue: String($0)) })
    }
}

/// What an API client may do.
public enum APIScope: String, Sendable, CaseIterable, Codable {
    case casesRead = "cases.read"
    case applicationsSubmit = "applications.submit"
    case decisionsWrite = "decisions.write"

    public var label: String {
        switch self {
        case .casesRead: "Lese saker, brev, dokumenter og hendelser"
        case .applicationsSubmit: "Sende inn søknader på vegne av innbyggere"
        case .decisionsWrite: "Registrere vedtak fattet i fagsystemet"
        }
    }
}

/// One event in the feed: a case event or a shipment event, given its place (`position`) by
/// the sequencer after its transaction committed. The id is the source event's id, so it is
/// the same every time the event is read or delivered.
/// (Not `TenantOwned`: its key is the position. Every read filters on the kommune itself.)
public final class FeedEvent: Model, @unchecked Sendable {
    public static let schema = "event_feed"

    @ID(custom: "position", generatedBy: .user) public var id: Int64?
    @Field(key: "id") public var eventID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "type") public var type: String
    @Field(key: "occurred_at") public var occurredAt: Date
    @OptionalField(key: "shipment_id") public var shipmentID: UUID?
    @OptionalField(key: "detail") public var detail: String?
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}
}

/// A system that gets every event of a kommune pushed to it, in order, signed, at least once.
public final class WebhookSubscription: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "webhook_subscriptions"
    public static var municipalityKey: KeyPath<WebhookSubscription, FieldProperty<WebhookSubscription, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "url") public var url: String
    @Field(key: "secret") public var secret: String
    @Field(key: "active") public var active: Bool
    /// The feed position up to which the receiver has acknowledged every event.
    @Field(key: "delivered_position") public var deliveredPosition: Int64
    @Field(key: "attempts") public var attempts: Int
    @OptionalField(key: "next_attempt_at") public var nextAttemptAt: Date?
    @OptionalField(key: "last_error") public var lastError: String?
    @OptionalField(key: "last_delivered_at") public var lastDeliveredAt: Date?
    @OptionalField(key: "claimed_by") public var claimedBy: String?
    @OptionalField(key: "claimed_until") public var claimedUntil: Date?
    @Field(key: "created_by") public var createdBy: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
