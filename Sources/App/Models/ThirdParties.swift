import Fluent
import Foundation
import RadhusCore

/// A letter to someone the case concerns who did not apply (issue 24: a neighbour notified
/// under pbl § 21-3), with a personal link to read the application's documents and comment
/// without an account. Only the link's SHA-256 is kept.
public final class ThirdPartyNotice: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "third_party_notices"
    public static var municipalityKey: KeyPath<ThirdPartyNotice, FieldProperty<ThirdPartyNotice, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    /// Its place in the application's list (1, 2 …).
    @Field(key: "position") public var position: Int
    @Field(key: "name") public var name: String
    @Field(key: "fnr") public var fnr: String
    /// The postal address as the applicant wrote it: the envelope when the letter goes on paper.
    @Field(key: "address") public var address: String
    @Field(key: "token_sha256") public var tokenSHA256: String
    @OptionalField(key: "letter_id") public var letterID: UUID?
    @Field(key: "comment_due") public var commentDue: Date
    /// When the link was first opened: the notice reached them (beside the letter's receipts).
    @OptionalField(key: "opened_at") public var openedAt: Date?
    /// The comment they sent (an inbound message on the case).
    @OptionalField(key: "comment_message_id") public var commentMessageID: UUID?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// The fee a decision set (issue 24), and what came off it because the kommune decided after
/// the statutory deadline: the invoice basis the economy system takes (CSV and the event feed).
public final class FeeRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "fees"
    public static var municipalityKey: KeyPath<FeeRecord, FieldProperty<FeeRecord, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "decision_id") public var decisionID: UUID
    @Field(key: "service_id") public var serviceID: String
    @Field(key: "fee") public var fee: Int
    @Field(key: "days_late") public var daysLate: Int
    @Field(key: "reduction_percent") public var reductionPercent: Int
    @Field(key: "reduction") public var reduction: Int
    @Field(key: "amount_due") public var amountDue: Int
    @Field(key: "decided_at") public var decidedAt: Date

    public init() {}
}

/// A follow-up application on a decided case (issue 24, the service's `followUps`).
public final class FollowUpRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "follow_ups"
    public static var municipalityKey: KeyPath<FollowUpRecord, FieldProperty<FollowUpRecord, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    /// The follow-up's id in the service (`igangsettingstillatelse`, `ferdigattest`).
    @Field(key: "kind") public var kind: String
    /// The inbound message that carries it and its documents.
    @Field(key: "message_id") public var messageID: UUID
    @Field(key: "submitted_at") public var submittedAt: Date
    @Field(key: "weeks") public var weeks: Int
    @Field(key: "due_at") public var dueAt: Date
    @OptionalField(key: "decision_id") public var decisionID: UUID?
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?

    public init() {}
}
