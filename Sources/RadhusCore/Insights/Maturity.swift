import Foundation

/// Digital maturity: the survey's statements, the five focus areas of an action plan, and
/// the KPIs a measure's target can be tied to.
public enum Maturity {
    /// Competence statements, answered 1 (helt uenig) to 5 (helt enig).
    public static let statements: [(id: String, text: String)] = [
        ("fagsystem", "Jeg finner fram i fagsystemene jeg bruker i jobben."),
        (
            "samarbeid",
            "Jeg bruker digitale verktøy til å samarbeide med kolleger, som deling av dokumenter og videomøter."
        ),
        (
            "personvern",
            "Jeg vet hvordan jeg håndterer personopplysninger og informasjonssikkerhet i det digitale arbeidet."
        ),
        ("innbygger", "Jeg kan hjelpe innbyggere med å bruke kommunens digitale tjenester."),
        ("laering", "Jeg lærer meg nye digitale løsninger uten at det tar lang tid."),
        ("forbedring", "Jeg ser hvilke av oppgavene mine som kan gjøres enklere eller automatiseres."),
    ]

    /// Results are shown only for groups this large, so no answer can be traced to a person.
    public static let minimumGroup = 5

    /// A respondent is "not yet digitally mature" when the average of their scores is below 3.
    public static func isMature(_ scores: [String: Int]) -> Bool {
        guard !scores.isEmpty else { return false }
        return Double(scores.values.reduce(0, +)) / Double(scores.count) >= 3
    }

    public struct UnitResult: Sendable, Equatable {
        public var respondents: Int
        /// Nil when the group is smaller than `minimumGroup`.
        public var notMatureShare: Double?
        public var averages: [String: Double]?
    }

    public static func result(_ answers: [[String: Int]]) -> UnitResult {
        guard answers.count >= minimumGroup else {
            return UnitResult(respondents: answers.count, notMatureShare: nil, averages: nil)
        }
        let notMature = answers.filter { !isMature($0) }.count
        var averages: [String: Double] = [:]
        for s in statements {
            let values = answers.compactMap { $0[s.id] }
            if !values.isEmpty { averages[s.id] = Double(values.reduce(0, +)) / Double(values.count) }
        }
        return UnitResult(
            respondents: answers.count, notMatureShare: Double(notMature) / Double(answers.count), averages: averages)
    }

    /// The focus areas of an action plan (DOMAIN.md).
    public static let focusAreas: [(id: String, label: String)] = [
        ("effektivitet", "Effektive arbeidsprosesser"),
        ("kompleksitet", "Mindre kompleksitet"),
        ("arbeidsgiver", "En attraktiv arbeidsgiver"),
        ("tjenester", "Bedre digitale tjenester for innbyggere og næringsliv"),
        ("klima", "Klima og miljø"),
    ]

    /// The KPIs a target can follow; percentages are 0–100.
    public enum TargetKPI: String, Sendable, CaseIterable {
        case automationRate, digitalShare, readRate, printedShare, processingMedianDays

        public var label: String {
            switch self {
            case .automationRate: "Automatiseringsgrad (%)"
            case .digitalShare: "Andel søknader sendt digitalt (%)"
            case .readRate: "Andel brev lest digitalt (%)"
            case .printedShare: "Andel brev skrevet ut (%)"
            case .processingMedianDays: "Behandlingstid, median (dager)"
            }
        }

        /// Higher is better, except for print and waiting.
        public var higherIsBetter: Bool { self != .printedShare && self != .processingMedianDays }

        public func value(_ k: KPIs) -> Double? {
            switch self {
            case .automationRate: k.automationRate.map { $0 * 100 }
            case .digitalShare: k.digitalShare.map { $0 * 100 }
            case .readRate: k.readRate.map { $0 * 100 }
            case .printedShare: k.letters == 0 ? nil : Double(k.printed) / Double(k.letters) * 100
            case .processingMedianDays: k.processingMedian.map { Double($0) / 86_400 }
            }
        }

        public func reached(_ value: Double, target: Double) -> Bool {
            higherIsBetter ? value >= target : value <= target
        }
    }
}
