import Fluent
import Foundation
import RadhusCore

/// A kommune's baseline for one service, recorded before the change, with its source.
public final class BenefitBaseline: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "benefit_baselines"
    public static var municipalityKey: KeyPath<BenefitBaseline, FieldProperty<BenefitBaseline, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "service_id") public var serviceID: String
    @Field(key: "minutes_per_manual_case") public var minutesPerManualCase: Double
    @Field(key: "processing_days_before") public var processingDaysBefore: Double
    @Field(key: "kroner_per_printed_letter") public var kronerPerPrintedLetter: Double
    @Field(key: "kroner_per_meeting") public var kronerPerMeeting: Double
    @Field(key: "source") public var source: String
    @Field(key: "measured_on") public var measuredOn: String
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}

    public var baseline: Baseline {
        Baseline(
            minutesPerManualCase: minutesPerManualCase, processingDaysBefore: processingDaysBefore,
            kronerPerPrintedLetter: kronerPerPrintedLetter, kronerPerMeeting: kronerPerMeeting, source: source,
            measuredOn: measuredOn)
    }
}

/// A kommune's settings for insights: hours per full-time equivalent, and whether it is named
/// (or anonymised) when other kommuner compare themselves with it.
public final class InsightSettings: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "insight_settings"
    public static var municipalityKey: KeyPath<InsightSettings, FieldProperty<InsightSettings, UUID>> {
        \.$municipalityID
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "hours_per_fte") public var hoursPerFTE: Double
    @Field(key: "named_in_comparison") public var namedInComparison: Bool
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}

    public static let defaultHoursPerFTE = 1700.0
}

/// A leader's note on one service in one period of the report for politicians.
public final class ReportNote: Model, TenantOwned, @unchecked Sendable {
    public static let schema = "report_notes"
    public static var municipalityKey: KeyPath<ReportNote, FieldProperty<ReportNote, UUID>> { \.$municipalityID }

    @ID(key: .id) public var id: UUID?
    @Field(key: "municipality_id") public var municipalityID: UUID
    @Field(key: "service_id") public var serviceID: String
    @Field(key: "period_key") public var periodKey: String
    @Field(key: "text") public var text: String
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "changed_at") public var changedAt: Date

    public init() {}
}
