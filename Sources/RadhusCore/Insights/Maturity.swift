import Foundation

/// Digital maturity: the survey's statements, the five focus areas of an action plan, and
/// the KPIs a measure's target can be tied to.
public enum Maturity {
    /// Competence statements, answered 1 (helt uenig) to 5 (helt enig).
    public static let statements: [(id: String, text: LocalizedText)] = [
        (
            "fagsystem",
            .init(
                nb: "Jeg finner fram i fagsystemene jeg bruker i jobben.",
                en: "I find my way in the systems I use at work.")
        ),
        (
            "samarbeid",
            .init(
                nb:
                    "Jeg bruker digitale verktøy til å samarbeide med kolleger, som deling av dokumenter og videomøter.",
                en: "I use digital tools to work with colleagues, such as shared documents and video meetings.")
        ),
        (
            "personvern",
            .init(
                nb:
                    "Jeg vet hvordan jeg håndterer personopplysninger og informasjonssikkerhet i det digitale arbeidet.",
                en: "I know how to handle personal data and information security in my digital work.")
        ),
        (
            "innbygger",
            .init(
                nb: "Jeg kan hjelpe innbyggere med å bruke kommunens digitale tjenester.",
                en: "I can help citizens use the municipality's digital services.")
        ),
        (
            "laering",
            .init(
                nb: "Jeg lærer meg nye digitale løsninger uten at det tar lang tid.",
                en: "I learn new digital solutions without it taking long.")
        ),
        (
            "forbedring",
            .init(
                nb: "Jeg ser hvilke av oppgavene mine som kan gjøres enklere eller automatiseres.",
                en: "I see which of my tasks could be made simpler or automated.")
        ),
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
    public static let focusAreas: [(id: String, label: LocalizedText)] = [
        ("effektivitet", .init(nb: "Effektive arbeidsprosesser", en: "Efficient work processes")),
        ("kompleksitet", .init(nb: "Mindre kompleksitet", en: "Less complexity")),
        ("arbeidsgiver", .init(nb: "En attraktiv arbeidsgiver", en: "An attractive employer")),
        (
            "tjenester",
            .init(
                nb: "Bedre digitale tjenester for innbyggere og næringsliv",
                en: "Better digital services for citizens and business")
        ),
        ("klima", .init(nb: "Klima og miljø", en: "Climate and environment")),
    ]

    /// The KPIs a target can follow; percentages are 0–100.
    public enum TargetKPI: String, Sendable, CaseIterable {
        case automationRate, digitalShare, readRate, printedShare, processingMedianDays

        public var label: LocalizedText {
            switch self {
            case .automationRate: .init(nb: "Automatiseringsgrad (%)", en: "Automation rate (%)")
            case .digitalShare:
                .init(nb: "Andel søknader sendt digitalt (%)", en: "Share of applications sent digitally (%)")
            case .readRate: .init(nb: "Andel brev lest digitalt (%)", en: "Share of letters read digitally (%)")
            case .printedShare: .init(nb: "Andel brev skrevet ut (%)", en: "Share of letters printed (%)")
            case .processingMedianDays:
                .init(nb: "Behandlingstid, median (dager)", en: "Processing time, median (days)")
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
