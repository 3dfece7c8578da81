import Fluent
import Foundation

/// One evaluation of a service's rules for a case: what went in, what came out, which rules
/// matched, and what became of it. Enough to explain the decision and to replay it.
public final class RuleEvaluationRecord: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "rule_evaluations"
    public static var municipalityKey: KeyPath<RuleEvaluationRecord, FieldProperty<RuleEvaluationRecord, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "case_id") public var caseID: UUID
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "service_id") public var serviceID: String
    /// SHA-256 of the DMN file (its content is kept in `rule_versions`).
    @Field(key: "model_hash") public var modelHash: String
    @Field(key: "decision_name") public var decisionName: String
    /// off/shadow/on at the time.
    @Field(key: "mode") public var mode: String
    /// JSON: [{name, value}] in FEEL literal form.
    @Field(key: "inputs") public var inputsJSON: String
    /// The result in FEEL literal form.
    @Field(key: "result") public var result: String
    /// JSON: the matched rules (index, id, annotation) per decision.
    @Field(key: "trace") public var traceJSON: String
    /// The outcome the rules point to, when decisive.
    @OptionalField(key: "suggested_outcome") public var suggestedOutcome: String?
    @Field(key: "automated") public var automated: Bool
    /// Shadow mode: whether the person's decision agreed with the rules' suggestion.
    @OptionalField(key: "agreed") public var agreed: Bool?
    @Field(key: "evaluated_at") public var evaluatedAt: Date

    public init() {}
}

/// The content of every rule file that has been used, by its hash, so any evaluation can
/// be replayed with the exact rules it used (forvaltningsloven § 13: the rules are documented).
public final class RuleVersionRecord: Model, @unchecked Sendable {
    public static let schema = "rule_versions"

    @ID(custom: "hash", generatedBy: .user) public var id: String?
    @Field(key: "file") public var file: String
    @Field(key: "content") public var content: String
    @Field(key: "first_used_at") public var firstUsedAt: Date

    public init() {}
}

/// A kommune's choice of automation for one service.
public final class AutomationSetting: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "automation_settings"
    public static var municipalityKey: KeyPath<AutomationSetting, FieldProperty<AutomationSetting, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "service_id") public var serviceID: String
    @Field(key: "mode") public var mode: String
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}
}
