import Fluent
import Foundation
import RadhusCore

/// A kindergarten admission round (issue 23): the main admission (number 1) or a later round on
/// the places and children left. Dates as `yyyy-MM-dd` (Norwegian dates, no time of day).
public final class AdmissionRound: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "admission_rounds"
    public static var municipalityKey: KeyPath<AdmissionRound, FieldProperty<AdmissionRound, UUID>> {
        \.$municipalityID
    }

    public enum Status: String, Sendable {
        /// Set up; applications still come in.
        case draft = "utkast"
        /// Matched: offers sent, answers coming.
        case matched = "kjort"
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "number") public var number: Int
    @Field(key: "title") public var title: String
    /// Applications received by the end of this day take part (the main admission's, 1 March).
    @Field(key: "deadline") public var deadline: String
    /// When the places start (the age that decides the age group and the legal right is the
    /// child's then; barnehageloven § 16).
    @Field(key: "start_date") public var startDate: String
    @Field(key: "answer_days") public var answerDays: Int
    @Field(key: "wish_limit") public var wishLimit: Int
    /// The lottery's seed (a UInt64 in decimal), drawn when the round is made and never changed.
    @Field(key: "seed") public var seed: String
    @Field(key: "status") public var status: String
    @OptionalField(key: "previous_round_id") public var previousRoundID: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "matched_at") public var matchedAt: Date?

    public init() {}

    public var roundStatus: Status { Status(rawValue: status) ?? .draft }
}

/// A kindergarten's places for one age group in a round: `små` (under three: two places a
/// child) or `store` (three and over).
public final class AdmissionUnit: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "admission_units"
    public static var municipalityKey: KeyPath<AdmissionUnit, FieldProperty<AdmissionUnit, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "round_id") public var roundID: UUID
    /// The kindergarten's value in the service's list (`kanebogen`).
    @Field(key: "kindergarten") public var kindergarten: String
    @Field(key: "name") public var name: String
    @Field(key: "private") public var isPrivate: Bool
    @Field(key: "age_group") public var ageGroup: String
    @Field(key: "places") public var places: Int

    public init() {}

    public var group: AgeGroup { AgeGroup(rawValue: ageGroup) ?? .older }
}

/// The two age groups a kindergarten's places are counted in.
public enum AgeGroup: String, Sendable, CaseIterable {
    /// Under three years when the place starts: two places a child.
    case small = "små"
    case older = "store"

    public var weight: Int { self == .small ? 2 : 1 }
}

/// One child in one round: what it was matched with (its wishes, its priority class at each,
/// its lottery position), what it got, and the answer.
public final class AdmissionEntry: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "admission_entries"
    public static var municipalityKey: KeyPath<AdmissionEntry, FieldProperty<AdmissionEntry, UUID>> {
        \.$municipalityID
    }

    public enum Status: String, Sendable, CaseIterable {
        /// Matched to a place; the offer waits for an answer.
        case offered = "tilbudt"
        /// No place from its wishes in this round.
        case noOffer = "ikke_tilbudt"
        case accepted = "akseptert"
        /// Accepted, and stays on the lists of its higher wishes for the next round.
        case acceptedWaiting = "akseptert_venter"
        case declined = "avslatt"
        /// Not answered by the due date: as declined.
        case expired = "utlopt"
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "round_id") public var roundID: UUID
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "lottery") public var lottery: Int
    @Field(key: "weight") public var weight: Int
    /// Whether the child has a legal right to a place (barnehageloven § 16).
    @Field(key: "legal_right") public var legalRight: Bool
    /// The kindergartens wished, best first, and the priority class at each (JSON arrays).
    @Field(key: "wishes") public var wishesJSON: String
    @Field(key: "classes") public var classesJSON: String
    @OptionalField(key: "unit_id") public var unitID: UUID?
    @OptionalField(key: "wish_index") public var wishIndex: Int?
    @Field(key: "status") public var status: String
    @OptionalField(key: "answer_due") public var answerDue: Date?
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @OptionalField(key: "reminded_at") public var remindedAt: Date?

    public init() {}

    public var entryStatus: Status { Status(rawValue: status) ?? .noOffer }
    public var wishes: [String] { (try? JSONDecoder().decode([String].self, from: Data(wishesJSON.utf8))) ?? [] }
    public var classes: [Int] { (try? JSONDecoder().decode([Int].self, from: Data(classesJSON.utf8))) ?? [] }
}

/// The applicant's wishes as changed after the application, before the deadline (issue 23).
public final class AdmissionWishes: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "admission_wishes"
    public static var municipalityKey: KeyPath<AdmissionWishes, FieldProperty<AdmissionWishes, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "wishes") public var wishesJSON: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}

    public var wishes: [String] { (try? JSONDecoder().decode([String].self, from: Data(wishesJSON.utf8))) ?? [] }
}
