import Fluent
import Foundation
import RadhusCore

/// One message on a case (issue 20): from the applicant (`inn`), from the kommune (`ut`, sent
/// as a letter on the dispatch path, `letter_id`), or an internal note (`notat`) that only the
/// kommune's staff ever see.
///
/// Journaling (Noark 5): a message in is an inbound document (I) and journaled by the registrar
/// like the application; a message out is journaled as the outbound letter (U) that carries it.
/// A note is a caseworker's working note: not a document sent or received (arkivforskriften § 9
/// asks for those), and not the organ's internal documents of type N/X, which are written for
/// others to act on. It is kept with the case, logged, and never journaled, so it can never
/// reach the public journal (offentleglova § 14 would exempt it there anyway).
public final class CaseMessage: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "case_messages"
    public static var municipalityKey: KeyPath<CaseMessage, FieldProperty<CaseMessage, UUID>> { \.$municipalityID }

    public enum Direction: String, Sendable {
        case inbound = "inn"
        case outbound = "ut"
        case note = "notat"
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "direction") public var direction: String
    /// `citizen`, or the staff member's signature (name and role).
    @Field(key: "author") public var author: String
    @OptionalField(key: "author_id") public var authorID: UUID?
    @Field(key: "body") public var body: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "letter_id") public var letterID: UUID?
    /// The request for information this message asks or answers.
    @OptionalField(key: "request_id") public var requestID: UUID?
    @OptionalField(key: "journaled") public var journaled: Bool?

    public init() {}

    public var messageDirection: Direction { Direction(rawValue: direction) ?? .note }
}

/// A request for more information (issue 20): what the kommune asks for, by when. While it is
/// open the case is «venter på søker»; the applicant's answer, the due date passing or the
/// caseworker withdrawing it closes it.
public final class InformationRequest: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "information_requests"
    public static var municipalityKey: KeyPath<InformationRequest, FieldProperty<InformationRequest, UUID>> {
        \.$municipalityID
    }

    public enum Outcome: String, Sendable {
        case answered = "besvart"
        case expired = "utlopt"
        case withdrawn = "trukket"
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "text") public var text: String
    @Field(key: "due_at") public var dueAt: Date
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "created_by") public var createdBy: String
    /// Whether the case's deadline stands still while this request waits (the service's
    /// `deadline.pauseWhileWaiting` when it was sent).
    @Field(key: "pauses") public var pauses: Bool
    @OptionalField(key: "reminded_at") public var remindedAt: Date?
    @OptionalField(key: "closed_at") public var closedAt: Date?
    @OptionalField(key: "outcome") public var outcome: String?

    public init() {}
}

/// A caseworker's saved queue filter (issue 20): a name, and the queue's query string.
public final class SavedFilter: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "saved_filters"
    public static var municipalityKey: KeyPath<SavedFilter, FieldProperty<SavedFilter, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "staff_id") public var staffID: UUID
    @Field(key: "name") public var name: String
    /// `tjeneste=…&status=…`: only the queue's own filter names (`Queue.Filter.query`).
    @Field(key: "query") public var query: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// What on a case needs its caseworker's eyes (`cases.attention`), shown in the queue.
public enum CaseAttention: String, Sendable, CaseIterable {
    /// The applicant answered a request for information.
    case answered = "svar_mottatt"
    /// A request's due date passed without an answer.
    case expired = "frist_utlopt"
    /// The applicant wrote on the case.
    case message = "ny_melding"
    /// The applicant asked for a caseworker to review an automated decision.
    case review = "vurdering"
}
