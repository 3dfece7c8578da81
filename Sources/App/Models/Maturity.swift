import Fluent
import Foundation
import RadhusCore

/// One anonymous answer to the maturity survey: the unit and the scores, nothing about who.
/// Who has answered is kept apart (`survey_participation`), with no link between the two.
public final class SurveyAnswer: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "survey_answers"
    public static var municipalityKey: KeyPath<SurveyAnswer, FieldProperty<SurveyAnswer, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "unit_id") public var unitID: UUID
    @Field(key: "round") public var round: String
    /// Statement id → 1…5, as JSON.
    @Field(key: "scores") public var scoresJSON: String

    public init() {}

    public var scores: [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(scoresJSON.utf8))) ?? [:]
    }
}

/// One of the kommune's work processes, digital or not: the map the action plan starts from.
public final class ProcessItem: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "process_inventory"
    public static var municipalityKey: KeyPath<ProcessItem, FieldProperty<ProcessItem, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "name") public var name: String
    @OptionalField(key: "service_id") public var serviceID: String?
    @Field(key: "digital") public var digital: Bool
    @Field(key: "rule_governed") public var ruleGoverned: Bool
    @Field(key: "yearly_volume") public var yearlyVolume: Int
    @Field(key: "automation_candidate") public var automationCandidate: Bool
    @Field(key: "note") public var note: String
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}
}

/// A measure in the action plan: a focus area, an owner, a deadline, and a target on a KPI.
public final class ActionMeasure: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "action_measures"
    public static var municipalityKey: KeyPath<ActionMeasure, FieldProperty<ActionMeasure, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "focus_area") public var focusArea: String
    @Field(key: "title") public var title: String
    @Field(key: "owner") public var owner: String
    @Field(key: "deadline") public var deadline: String
    @Field(key: "kpi") public var kpi: String
    @OptionalField(key: "service_id") public var serviceID: String?
    @Field(key: "target") public var target: Double
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}
}
