import Fluent
import Foundation
import RadhusCore

/// A case (sak): one application and everything that happens to it.
public final class CaseRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "cases"
    public static var municipalityKey: KeyPath<CaseRecord, FieldProperty<CaseRecord, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "service_id") public var serviceID: String
    @Field(key: "service_version") public var serviceVersion: Int
    @Field(key: "saks_year") public var saksYear: Int
    @Field(key: "saks_sequence") public var saksSequence: Int
    /// The applicant's fødselsnummer. Shown masked to staff until revealed, never logged.
    @Field(key: "applicant_fnr") public var applicantFnr: String
    /// Whom the case concerns when not the applicant (the child a parent applies for); letters
    /// still go to the applicant. Both see the case in «Mine saker».
    @OptionalField(key: "subject_fnr") public var subjectFnr: String?
    /// Why the applicant may act for the subject: `stated` (said so in the form); `verified`
    /// once guardianship comes from the Folkeregister.
    @OptionalField(key: "subject_relation") public var subjectRelation: String?
    @Field(key: "status") public var status: String
    @Field(key: "channel") public var channel: String
    /// The validated answers as JSON (`ValidatedAnswers`).
    @Field(key: "answers") public var answersJSON: String
    @Field(key: "submitted_at") public var submittedAt: Date
    /// When the answer is due (the service's statutory deadline from submission).
    @Field(key: "due_at") public var dueAt: Date
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    /// The form token (portal) or Idempotency-Key (API) the case was created with, so a
    /// repeated submission returns the first receipt.
    @OptionalField(key: "idempotency_key") public var idempotencyKey: String?
    /// The caseworker the case is given to (a staff user's id); nil while unassigned.
    @OptionalField(key: "assigned_to") public var assignedTo: UUID?
    /// What needs the caseworker's eyes (`CaseAttention`); cleared when they act on the case.
    @OptionalField(key: "attention") public var attention: String?
    /// When the automatic preliminary answer goes out (forvaltningsloven § 11 a); nil once one
    /// has been sent, the case is decided, or for a case that gets none (an innsynskrav).
    @OptionalField(key: "preliminary_due_at") public var preliminaryDueAt: Date?
    /// A statutory deadline in weeks (issue 24): the day the application was complete (nil:
    /// not yet, the clock has not started), the weeks the rules gave, the days it stood still.
    @OptionalField(key: "clock_started_at") public var clockStartedAt: Date?
    @OptionalField(key: "clock_weeks") public var clockWeeks: Int?
    @OptionalField(key: "clock_paused_days") public var clockPausedDays: Int?

    /// The statutory clock, once it runs.
    public var statutoryDeadline: StatutoryDeadline? {
        guard let s = clockStartedAt, let w = clockWeeks else { return nil }
        return StatutoryDeadline(started: s, weeks: w, pausedDays: clockPausedDays ?? 0)
    }
    /// The case this one appeals (issue 20): an appeal is a case of its own, its course in
    /// `appeals`.
    @OptionalField(key: "appeal_of") public var appealOf: UUID?

    public init() {}

    public var saksnummer: Saksnummer { Saksnummer(year: saksYear, sequence: saksSequence) }
    public var caseStatus: CaseStatus { CaseStatus(rawValue: status) ?? .mottatt }

    public var answers: ValidatedAnswers {
        (try? JSONDecoder().decode(ValidatedAnswers.self, from: Data(answersJSON.utf8)))
            ?? ValidatedAnswers(values: [:])
    }
}

/// The last saksnummer given per kommune and year; incremented in the case's own
/// transaction, so a rolled-back submission gives its number back (no gaps).
enum CaseCounter {
    static let schema = "case_counters"
}

/// One entry in a case's timeline.
public final class CaseEventRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "case_events"
    public static var municipalityKey: KeyPath<CaseEventRecord, FieldProperty<CaseEventRecord, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "kind") public var kind: String
    @Field(key: "at") public var at: Date
    /// `citizen`, `system` or a staff member's display name and role (no personal numbers).
    @Field(key: "actor") public var actor: String
    @Field(key: "detail") public var detail: String

    public init() {}
    public init(caseID: UUID, municipalityID: UUID, kind: CaseEventKind, at: Date, actor: String, detail: String = "") {
        self.caseID = caseID
        self.municipalityID = municipalityID
        self.kind = kind.rawValue
        self.at = at
        self.actor = actor
        self.detail = detail
    }

    public var eventKind: CaseEventKind? { CaseEventKind(rawValue: kind) }
}

/// A decision (vedtak) in a case.
public final class DecisionRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "decisions"
    public static var municipalityKey: KeyPath<DecisionRecord, FieldProperty<DecisionRecord, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "outcome") public var outcome: String
    @Field(key: "granted") public var granted: Bool
    @Field(key: "reasons") public var reasons: String
    @Field(key: "legal_basis") public var legalBasis: String
    /// Made by rules, not a person ("fattet automatisk").
    @Field(key: "automated") public var automated: Bool
    @OptionalField(key: "decided_by_id") public var decidedByID: UUID?
    @Field(key: "decided_by_name") public var decidedByName: String
    @Field(key: "decided_at") public var decidedAt: Date
    @Field(key: "appeal_information") public var appealInformation: String
    /// The structured decision values (issue 19), a JSON object of strings; nil before 021.
    @OptionalField(key: "values_json") public var valuesJSON: String?
    /// The automated decision this one was made on review of (issue 20).
    @OptionalField(key: "reviews_decision_id") public var reviewsDecisionID: UUID?
    /// The follow-up application this decision answers (issue 24), if any.
    @OptionalField(key: "follow_up_id") public var followUpID: UUID?

    public var values: [String: String] {
        valuesJSON.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
    }

    public init() {}
}

extension QueryBuilder where Model == DecisionRecord {
    /// The decision in force on a case: the newest (a caseworker's decision on review replaces
    /// the automated one it refers to, issue 20).
    /// The decision on the application in force: the newest, not counting the decisions of
    /// follow-up applications (issue 24), which answer those, not the application.
    func inForce(case caseID: UUID) async throws -> DecisionRecord? {
        try await filter(\.$caseID == caseID).filter(\.$followUpID == nil).sort(\.$decidedAt, .descending).first()
    }
}

/// A letter to a citizen, shown in the portal inbox.
public final class LetterRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "letters"
    public static var municipalityKey: KeyPath<LetterRecord, FieldProperty<LetterRecord, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "recipient_fnr") public var recipientFnr: String
    @Field(key: "title") public var title: String
    /// Plain text; a line starting with `## ` is a heading.
    @Field(key: "body") public var body: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "read_at") public var readAt: Date?
    @OptionalField(key: "decision_id") public var decisionID: UUID?
    /// The meeting the letter is about (issue 22): its notice carries the meeting's iCalendar.
    @OptionalField(key: "meeting_id") public var meetingID: UUID?

    public init() {}
}

/// Who looked at which case, and when: staff, and domain systems through the API (their
/// client id in `staff_id`, role `fagsystem`); who revealed a fødselsnummer, who read a
/// document or the letters.
public final class AccessLogEntry: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "access_log"
    public static var municipalityKey: KeyPath<AccessLogEntry, FieldProperty<AccessLogEntry, UUID>> {
        \.$municipalityID
    }

    public enum Action: String, Sendable {
        case viewCase = "view_case"
        case revealIdentity = "reveal_identity"
        /// A document of the case (the application holds the whole fødselsnummer), through the API.
        case readDocument = "read_document"
        /// The case's letters and their receipts, through the API.
        case readLetters = "read_letters"
        /// A file sent with the application (issue 19): a caseworker's download, or the API's.
        case readAttachment = "read_attachment"
        /// Found by the applicant's name in the queue's search (issue 20): who looked up whom.
        case searchByName = "search_name"
        /// Went into a meeting's video room (issue 22): saw who the meeting was with.
        case meetingRoom = "meeting_room"
        /// The invoice basis for the economy system (issue 24): the payer's fødselsnummer.
        case invoiceBasis = "invoice_basis"
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "staff_id") public var staffID: UUID
    @Field(key: "staff_role") public var staffRole: String
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "action") public var action: String
    @Field(key: "at") public var at: Date
    /// The hash chain per kommune (`radhus archive verify`): position, previous hash, own hash.
    @OptionalField(key: "seq") public var seq: Int?
    @OptionalField(key: "prev_hash") public var prevHash: String?
    @OptionalField(key: "hash") public var hash: String?

    public init() {}
    public init(municipalityID: UUID, staffID: UUID, staffRole: String, caseID: UUID, action: Action, at: Date) {
        self.municipalityID = municipalityID
        self.staffID = staffID
        self.staffRole = staffRole
        self.caseID = caseID
        self.action = action.rawValue
        self.at = at
    }
}

/// A person who has signed in as a citizen: what a session refers to, so session rows hold no
/// fødselsnummer (issue 17).
public final class CitizenRecord: Model, @unchecked Sendable {
    public static let schema = "citizens"

    @ID(key: .id) public var id: UUID?
    @Field(key: "fodselsnummer") public var fodselsnummer: String
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}

/// A login session, stored in the database so any web node can serve any request. It holds
/// references (a citizen's or staff member's id), a draft while one is being written, and
/// nothing else; rows past `expires_at` are deleted by the session sweep.
public final class SessionRecord: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "key") public var key: String
    @Field(key: "data") public var data: String
    @Field(key: "expires_at") public var expiresAt: Date

    public init() {}
}
