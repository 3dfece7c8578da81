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
        /// A meeting's minutes (issue 22): written by the caseworker, journaled as the organ's
        /// internal document (N) with the participants, for staff only like a note.
        case minutes = "referat"
        /// A comment from a third party the case concerns (issue 24: a neighbour's merknad,
        /// through their link): an inbound document (I), shown to the caseworker and the applicant.
        case thirdParty = "merknad"
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
    /// The attachment fields whose documents the request asks for, comma-separated (issue 24:
    /// the checklist's request): the answer's form takes a file for each.
    @OptionalField(key: "documents") public var documents: String?

    public var documentFields: [String] { (documents ?? "").split(separator: ",").map(String.init) }

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
    /// The appeal body quashed the decision and sent the case back (issue 20).
    case quashed = "opphevet"
    /// The second caseworker returned a proposed decision (the two-person check).
    case returned = "returnert"
}

/// An appeal (klage, issue 20): its own case (`caseID`, whose `appeal_of` is the appealed case)
/// and its course — from the applicant's text to the kommune's reversal, or its assessment and
/// the package to the appeal body, and the outcome that came back.
public final class Appeal: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "appeals"
    public static var municipalityKey: KeyPath<Appeal, FieldProperty<Appeal, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    /// The appeal's own case.
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "appealed_case_id") public var appealedCaseID: UUID
    /// The decision appealed (the one in force when the appeal came).
    @Field(key: "decision_id") public var decisionID: UUID
    /// What the applicant wrote: what they disagree with and why.
    @Field(key: "text") public var text: String
    @Field(key: "lodged_at") public var lodgedAt: Date
    /// The end of the appeal deadline (`AppealDeadline`).
    @Field(key: "deadline_at") public var deadlineAt: Date
    /// Why the appeal is late (forvaltningsloven § 31), when it is.
    @OptionalField(key: "late_reason") public var lateReason: String?
    /// `AppealBody`, from the service when the appeal came.
    @Field(key: "body") public var body: String
    @OptionalField(key: "forwarded_at") public var forwardedAt: Date?
    /// The kommune's assessment of the appeal, sent with it (and to the applicant).
    @OptionalField(key: "assessment") public var assessment: String?
    /// `AppealOutcome`; nil while the appeal is open.
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "outcome_at") public var outcomeAt: Date?
    /// What the appeal body said, in the caseworker's summary (or the kommune's reasons).
    @OptionalField(key: "outcome_note") public var outcomeNote: String?

    public init() {}

    public var appealBody: AppealBody { AppealBody(rawValue: body) ?? .statsforvalteren }
    public var appealOutcome: AppealOutcome? { outcome.flatMap(AppealOutcome.init(rawValue:)) }
    public var late: Bool { lodgedAt > deadlineAt }
}

/// A decision proposed under the two-person check (issue 20): the draft as the first caseworker
/// wrote it, and what the second did with it. Approved, it becomes the decision; returned, the
/// case goes back with the reason.
public final class DecisionProposal: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "decision_proposals"
    public static var municipalityKey: KeyPath<DecisionProposal, FieldProperty<DecisionProposal, UUID>> {
        \.$municipalityID
    }

    public enum Outcome: String, Sendable {
        case approved = "godkjent"
        case returned = "returnert"
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    /// The `DecisionDraft` as JSON.
    @Field(key: "draft") public var draftJSON: String
    @Field(key: "proposed_by_id") public var proposedByID: UUID
    /// The proposer's signature (name and role), for the decision and the page.
    @Field(key: "proposed_by_name") public var proposedByName: String
    @Field(key: "proposed_at") public var proposedAt: Date
    @OptionalField(key: "outcome") public var outcome: String?
    @OptionalField(key: "reviewed_by_id") public var reviewedByID: UUID?
    @OptionalField(key: "reviewed_by_name") public var reviewedByName: String?
    @OptionalField(key: "reviewed_at") public var reviewedAt: Date?
    /// Why it was returned.
    @OptionalField(key: "comment") public var comment: String?

    public init() {}

    var draft: DecisionDraft? {
        try? JSONDecoder().decode(DecisionDraft.self, from: Data(draftJSON.utf8))
    }
}
