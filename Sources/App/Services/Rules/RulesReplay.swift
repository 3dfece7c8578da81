import Fluent
import Foundation
import RadhusRules

/// Re-evaluates stored automated decisions with the rule version each one used, and
/// compares the results: the proof that an automated decision can be reproduced.
public enum RulesReplay {
    public struct Report: Sendable {
        public var decisions: Int
        public var mismatches: [String]
    }

    public static func run(service: String?, on db: any Database) async throws -> Report {
        let q = RuleEvaluationRecord.query(on: db).filter(\.$automated == true)
        if let service { q.filter(\.$serviceID == service) }
        var models: [String: DMNModel] = [:]
        var decisions = 0
        var mismatches: [String] = []
        for e in try await q.all() {
            decisions += 1
            let model: DMNModel
            if let m = models[e.modelHash] {
                model = m
            } else {
                guard let v = try await RuleVersionRecord.find(e.modelHash, on: db) else {
                    mismatches.append(
                        "evaluation \(e.id?.uuidString ?? "?"): rule version \(e.modelHash.prefix(12)) is missing")
                    continue
                }
                model = try DMNModel.load(Data(v.content.utf8), file: v.file)
                models[e.modelHash] = model
            }
            let inputs = try RulesService.decodeInputs(e.inputsJSON)
            let result = try model.evaluate(decision: e.decisionName, inputs: inputs)
            if result.value.description != e.result {
                mismatches.append("case \(e.caseID): stored \(e.result), replayed \(result.value)")
            }
        }
        return Report(decisions: decisions, mismatches: mismatches)
    }
}

extension FeelValue {
    /// A JSON document as FEEL: numbers as decimals (never through Double), objects as contexts.
    public static func fromJSON(_ data: Data) throws -> FeelValue {
        try JSONDecoder().decode(JSONFeel.self, from: data).value
    }
}

private struct JSONFeel: Decodable {
    var value: FeelValue

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [FeelValue] = []
            while !list.isAtEnd { items.append(try list.decode(JSONFeel.self).value) }
            value = .list(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            value = .context(
                FeelContext(
                    try object.allKeys.sorted { $0.stringValue < $1.stringValue }
                        .map { ($0.stringValue, try object.decode(JSONFeel.self, forKey: $0).value) }))
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            value = .null
        } else if let b = try? c.decode(Bool.self) {
            value = .bool(b)
        } else if let d = try? c.decode(Decimal.self) {
            value = .number(d)
        } else {
            let s = try c.decode(String.self)
            value = FeelDate(iso: s).map { .date($0) } ?? .string(s)
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }
}
