import Fluent
import Foundation
import NIOConcurrencyHelpers
import RadhusCore
import RadhusRules
import SQLKit

/// Runs a service's rules on an application: builds the DMN inputs from the answers and
/// derived facts, evaluates with an explanation, and writes the reasons in plain bokmål.
public enum RulesService {
    public struct Outcome: Sendable {
        public var inputs: [(name: String, value: FeelValue)]
        public var result: FeelValue
        public var trace: [DecisionTrace]
        /// The service outcome the rules point to, or nil when a person must decide.
        public var decisiveOutcome: String?
        public var reasons: String
    }

    /// The DMN inputs for an application's answers. A missing or unreadable answer is null,
    /// which the rules see as "unknown".
    public static func inputs(
        _ binding: RulesBinding, answers: [String: String], submitted: Date,
        policy: IdentityPolicy, calendar: NorwegianCalendar = .init()
    ) -> [(name: String, value: FeelValue)] {
        binding.inputs.map { input in
            // Files and facts (issue 24) come in the answers as the case's caller put them
            // there (`CaseDecisions.facts`): a field's file ids, `fakta.<fact>` as a number.
            if let files = input.filesOf {
                let n = (answers[files] ?? "").split(separator: ",").filter { !$0.isEmpty }.count
                return (input.name, .number(Decimal(n)))
            }
            if let fact = input.fact {
                return (input.name, .number(answers["fakta." + fact].flatMap { Decimal(string: $0) } ?? 0))
            }
            if let sum = input.sumOf {
                // A group's question over its entries; an unanswered one counts as nothing.
                let parts = sum.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { return (input.name, .null) }
                let count = answers[parts[0]].flatMap(Int.init) ?? 0
                let total = (0..<count).compactMap {
                    answers["\(parts[0]).\($0).\(parts[1])"].flatMap {
                        Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX"))
                    }
                }.reduce(Decimal(0), +)
                return (input.name, .number(total))
            }
            if let person = input.ageOf {
                guard let raw = answers[person], let fnr = try? Fodselsnummer(raw, policy: policy) else {
                    return (input.name, .null)
                }
                var year = calendar.year(of: submitted)
                if let f = input.yearOfField, let d = answers[f].flatMap(calendar.parseDate) {
                    year = calendar.year(of: d)
                }
                let md = (input.onMonthDay ?? "").split(separator: "-").compactMap { Int($0) }
                let on =
                    md.count == 2
                    ? DateComponents(year: year, month: md[0], day: md[1]) : calendar.dateComponents(submitted)
                return (input.name, fnr.age(on: on).map { .number(Decimal($0)) } ?? .null)
            }
            guard let field = input.field, let raw = answers[field] else { return (input.name, .null) }
            switch input.type ?? "string" {
            case "number":
                return (
                    input.name,
                    Decimal(string: raw, locale: Locale(identifier: "en_US_POSIX")).map { .number($0) } ?? .null
                )
            case "boolean": return (input.name, raw == "ja" ? .bool(true) : raw == "nei" ? .bool(false) : .null)
            case "date": return (input.name, FeelDate(iso: raw).map { .date($0) } ?? .null)
            default: return (input.name, .string(raw))
            }
        }
    }

    /// The binding's decision on the answers (the outcome rules, a case decision, a priority).
    public static func result(
        _ rules: ServiceRules, inputs: [(name: String, value: FeelValue)], explain: Bool
    ) throws -> DecisionResult {
        try rules.model.evaluate(
            decision: rules.binding.decision,
            inputs: Dictionary(inputs.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }), explain: explain)
    }

    public static func result(
        _ rules: ServiceRules, answers: [String: String], submitted: Date, policy: IdentityPolicy, explain: Bool
    ) throws -> DecisionResult {
        try result(
            rules, inputs: inputs(rules.binding, answers: answers, submitted: submitted, policy: policy),
            explain: explain)
    }

    public static func evaluate(
        _ rules: ServiceRules, service: ServiceDefinition, answers: [String: String],
        submitted: Date, policy: IdentityPolicy
    ) throws -> Outcome {
        let inputs = inputs(rules.binding, answers: answers, submitted: submitted, policy: policy)
        let result = try result(rules, inputs: inputs, explain: true)
        let outcomeValue: FeelValue
        if let name = rules.binding.outcomeOutput, case .context(let c) = result.value {
            outcomeValue = c[name] ?? .null
        } else {
            outcomeValue = result.value
        }
        var decisive: String?
        if case .string(let s) = outcomeValue { decisive = rules.binding.outcomes[s] }
        return Outcome(
            inputs: inputs, result: result.value, trace: result.trace, decisiveOutcome: decisive,
            reasons: reasons(service: service, inputs: inputs, trace: result.trace, rules: rules))
    }

    /// The decision values the rules set (issue 19): outputs of the decision named like the
    /// service's `decisionValues`, as stored answers are (a date as YYYY-MM-DD, a number with
    /// a point, true/false as ja/nei). An automated decision's letter uses them like a
    /// caseworker's.
    public static func decisionValues(_ outcome: Outcome, service: ServiceDefinition) -> [String: String] {
        guard case .context(let c) = outcome.result else { return [:] }
        var out: [String: String] = [:]
        for v in service.decisionValues ?? [] {
            switch c[v.id] {
            case .number(let n): out[v.id] = "\(n)"
            case .string(let s): out[v.id] = s
            case .bool(let b): out[v.id] = b ? "ja" : "nei"
            case .date(let d): out[v.id] = d.description
            default: break
            }
        }
        return out
    }

    /// The reasons for an automated decision, from the explanation: which rule was used (in
    /// its author's words), the facts it was used on, and the rule version.
    static func reasons(
        service: ServiceDefinition, inputs: [(name: String, value: FeelValue)], trace: [DecisionTrace],
        rules: ServiceRules
    ) -> String {
        let matched = trace.flatMap(\.matched)
        let labels = Dictionary(
            trace.flatMap { $0.inputs.map { ($0.name, $0.value) } }, uniquingKeysWith: { a, _ in a })
        var lines: [String] = []
        if matched.isEmpty {
            lines.append("Ingen regel passet for opplysningene i søknaden.")
        } else {
            lines.append(matched.count == 1 ? "Regelen som ble brukt:" : "Reglene som ble brukt:")
            for m in matched {
                lines.append(
                    "– " + (m.annotation ?? "Regel \(m.index)") + " (regel \(m.index) i «\(rules.binding.decision)»)")
            }
        }
        let facts =
            (labels.isEmpty
            ? inputs.map { ($0.name, $0.value) } : trace.flatMap { $0.inputs.map { ($0.name, $0.value) } })
            .map { "\($0.0): \($0.1.plainText)" }
        lines.append("Opplysningene fra søknaden: " + facts.joined(separator: "; ") + ".")
        lines.append("Regelsettet er «\(rules.binding.file)», versjon \(rules.hash.prefix(12)).")
        return lines.joined(separator: "\n")
    }

    /// A service's rules applied to one application: what to record, and whether to decide.
    public struct Ruling: Sendable {
        public var rules: ServiceRules
        public var mode: AutomationMode
        public var outcome: Outcome
    }

    /// Stores a rule file before its first use, in a small transaction of its own, and
    /// remembers (per database) that it is stored, so submissions do not repeat the write.
    static func storeVersion(_ rules: ServiceRules, writer: WriteCoordinator, db: any Database, now: Date) async throws
    {
        if writer.storedRuleVersions.withLockedValue({ $0.contains(rules.hash) }) { return }
        try await writer.write(on: db) { tx in try await insertVersion(rules, now: now, on: tx) }
        writer.storedRuleVersions.withLockedValue { _ = $0.insert(rules.hash) }
    }

    static func insertVersion(_ rules: ServiceRules, now: Date, on tx: any Database) async throws {
        try await tx.sql.insert(into: RuleVersionRecord.schema)
            .columns("hash", "file", "content", "first_used_at")
            .values(SQLBind(rules.hash), SQLBind(rules.binding.file), SQLBind(rules.content), SQLBind(now))
            .ignoringConflicts(with: ["hash"])
            .run()
    }

    /// The mode a kommune has chosen for a service, or the service's default.
    public static func mode(municipalityID: UUID, service: ServiceDefinition, on db: any Database) async throws
        -> AutomationMode
    {
        guard let binding = service.rules else { return .off }
        // A plain SQL select: this is read on every submission. Filtered on the kommune, as
        // TenantScope would.
        let row = try await db.sql.select().column("mode").from(AutomationSetting.schema)
            .where("municipality_id", .equal, municipalityID).where("service_id", .equal, service.id).first()
        return try row.flatMap { AutomationMode(rawValue: try $0.decode(column: "mode", as: String.self)) }
            ?? binding.defaultMode
    }

    /// The evaluation, as the row `CaseLedger.create` writes with the case.
    static func evaluationRow(
        _ outcome: Outcome, rules: ServiceRules, municipalityID: UUID, serviceID: String, mode: AutomationMode,
        automated: Bool, now: Date
    ) -> CaseLedger.CaseRow {
        { caseID, from in
            insertEvaluation(
                outcome, rules: rules, caseID: caseID, from: from, municipalityID: municipalityID, serviceID: serviceID,
                mode: mode, automated: automated, now: now)
        }
    }

    /// One evaluation row as `INSERT … SELECT`, every value bound (SQLite and PostgreSQL both take
    /// an INSERT … SELECT without FROM).
    private static func insertEvaluation(
        _ outcome: Outcome, rules: ServiceRules, caseID: SQLQueryString, from: String, municipalityID: UUID,
        serviceID: String, mode: AutomationMode, automated: Bool, now: Date
    ) -> SQLQueryString {
        let values: [any Encodable & Sendable] = [
            municipalityID, serviceID, rules.hash, rules.binding.decision, mode.rawValue, encodeInputs(outcome.inputs),
            outcome.result.description, encodeTrace(outcome.trace), outcome.decisiveOutcome, automated, now,
        ]
        return """
            INSERT INTO \(unsafeRaw: RuleEvaluationRecord.schema) (id, case_id, municipality_id, service_id, model_hash,
              decision_name, mode, inputs, result, trace, suggested_outcome, automated, evaluated_at)
            SELECT \(bind: UUID()), 
            """ + caseID + ", \(binds: values)\(unsafeRaw: from)"
    }

    struct StoredInput: Codable {
        var name: String
        var value: String
    }
    struct StoredRule: Codable {
        var decision: String
        var index: Int
        var id: String?
        var annotation: String?
    }

    static func encodeInputs(_ inputs: [(name: String, value: FeelValue)]) -> String {
        String(
            decoding: (try? JSONEncoder.sorted.encode(
                inputs.map { StoredInput(name: $0.name, value: $0.value.description) })) ?? Data("[]".utf8),
            as: UTF8.self)
    }

    static func encodeTrace(_ trace: [DecisionTrace]) -> String {
        let rules = trace.flatMap { t in
            t.matched.map { StoredRule(decision: t.decision, index: $0.index, id: $0.id, annotation: $0.annotation) }
        }
        return String(decoding: (try? JSONEncoder.sorted.encode(rules)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decodeTrace(_ json: String) -> [StoredRule] {
        (try? JSONDecoder().decode([StoredRule].self, from: Data(json.utf8))) ?? []
    }

    /// Stored inputs back to values: each was written as a FEEL literal.
    static func decodeInputs(_ json: String) throws -> [String: FeelValue] {
        let stored = try JSONDecoder().decode([StoredInput].self, from: Data(json.utf8))
        var out: [String: FeelValue] = [:]
        for s in stored { out[s.name] = try FeelLiteral.parse(s.value) }
        return out
    }
}
