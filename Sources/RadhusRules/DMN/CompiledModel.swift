import Foundation

/// Which rule of a decision table matched, for explanations (forvaltningsloven § 12: the
/// right to an explanation of an automated decision).
public struct MatchedRule: Sendable, Equatable {
    /// 1-based position in the table.
    public var index: Int
    public var id: String?
    /// The rule's description/annotation, written by the rule's author.
    public var annotation: String?
    public var outputs: [String: FeelValue]
}

/// What one decision did in an evaluation.
public struct DecisionTrace: Sendable, Equatable {
    public var decision: String
    public var hitPolicy: HitPolicy?
    public var inputs: [(name: String, value: FeelValue)]
    public var matched: [MatchedRule]
    public var result: FeelValue
    public var errors: [String]

    public static func == (a: Self, b: Self) -> Bool {
        a.decision == b.decision && a.hitPolicy == b.hitPolicy && a.matched == b.matched && a.result == b.result
            && a.inputs.map(\.name) == b.inputs.map(\.name) && a.inputs.map(\.value) == b.inputs.map(\.value)
            && a.errors == b.errors
    }
}

public struct DecisionResult: Sendable {
    public var value: FeelValue
    /// The decisions evaluated, required ones first; empty unless asked for.
    public var trace: [DecisionTrace]
    /// Inputs that did not match their declared type and were treated as null (DMN's rule for
    /// type errors), each naming the input, its type and the value given.
    public var inputErrors: [String] = []
}

/// A DMN model compiled once into evaluators: evaluating never parses text again.
public struct DMNModel: Sendable {
    public let name: String
    public let file: String
    public let decisionNames: [String]
    public let inputNames: [String]

    let decisions: [String: CompiledDecision]
    let inputTypes: [String: FeelType]
    let inputTypeRefs: [String: String]
    let functions: [String: FeelValue]
    /// What could not be compiled, each naming its decision (or knowledge model or input),
    /// expression and reason. Those decisions evaluate to an error; the others work.
    public let problems: [DMNError]
    /// Required decisions and knowledge models, by the name of what requires them.
    let uses: [String: [String]]
    /// Decision services by name.
    let services: [String: Service]
    /// The model's namespace (what another model imports it by) and its item definitions' types.
    public let namespace: String
    let itemTypes: [String: FeelType]

    struct Service: Sendable {
        let name: String
        let inputDecisions: [String]
        let inputData: [String]
        let outputs: [String]
        /// As a function: its input data first, then its input decisions (the order the TCK's
        /// cases call services in).
        var parameters: [String] { inputData + inputDecisions }
    }

    public func hasService(_ name: String) -> Bool { services[name] != nil }

    /// Evaluates a decision service: its input decisions take the values given (null when not
    /// given) instead of being evaluated, its input data likewise; the result is its output
    /// decision's value, or a context of its outputs when it has several.
    public func evaluate(service name: String, inputs: [String: FeelValue], explain: Bool = false) throws(DMNError)
        -> DecisionResult
    {
        guard let service = services[name] else {
            throw DMNError(file: file, message: "no decision service named '\(name)'")
        }
        let scope = EvalScope(functions)
        var done = Set<String>()
        for p in service.inputDecisions {
            let v = inputs[p] ?? .null
            scope.values[p] = decisions[p].map { $0.type.coerce(v) } ?? v
            done.insert(p)
        }
        for p in service.inputData {
            let v = inputs[p] ?? .null
            scope.values[p] = inputTypes[p].map { $0.coerce(v) } ?? v
        }
        var trace: [DecisionTrace]? = explain ? [] : nil
        var results = FeelContext()
        for o in service.outputs {
            guard let d = decisions[o] else {
                throw DMNError(file: file, decision: name, message: "has unknown output decision '\(o)'")
            }
            results[o] = try evaluate(d, scope: scope, done: &done, trace: &trace)
        }
        let value: FeelValue = service.outputs.count == 1 ? results[service.outputs[0]] ?? .null : .context(results)
        return DecisionResult(value: value, trace: trace ?? [])
    }

    /// The problems of a decision and of everything it uses, directly or not: a service bound
    /// to a decision with any cannot be published (docs/RULES.md).
    public func problems(affecting decision: String) -> [DMNError] {
        var seen: Set<String> = []
        var stack = [decision]
        while let n = stack.popLast() {
            guard seen.insert(n).inserted else { continue }
            stack += uses[n] ?? []
        }
        return problems.filter { $0.decision.map(seen.contains) ?? true }
    }

    /// Loads and compiles a DMN file (any DMN 1.1–1.5 namespace, Camunda Modeler files too).
    public static func load(contentsOf url: URL) throws(DMNError) -> DMNModel {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DMNError(file: url.lastPathComponent, message: "cannot be read: \(error.localizedDescription)")
        }
        return try load(data, file: url.lastPathComponent)
    }

    /// `imports`: models this one may import, by namespace (their knowledge models, decision
    /// services and types become available under the import's name).
    public static func load(_ data: Data, file: String, imports: [String: DMNModel] = [:]) throws(DMNError)
        -> DMNModel
    {
        let root: XMLElement
        do { root = try XMLElement.parse(data) } catch { throw DMNError(file: file, message: error.message) }
        guard root.name == "definitions" else {
            throw DMNError(file: file, message: "the root element is <\(root.name)>, not <definitions>")
        }
        return try ModelCompiler(root: root, file: file, available: imports).compile()
    }

    /// A file's namespace and the namespaces it imports, for loading models in order.
    public static func namespaces(of data: Data) -> (namespace: String, imports: [String])? {
        guard let root = try? XMLElement.parse(data), root.name == "definitions" else { return nil }
        return (root.attributes["namespace"] ?? "", root.all("import").compactMap { $0.attributes["namespace"] })
    }

    public func hasDecision(_ name: String) -> Bool { decisions[name] != nil }

    /// Evaluates a decision (and the decisions it requires) for the given input data.
    /// Inputs are checked against their declared types; a value of the wrong type is null.
    public func evaluate(decision: String, inputs: [String: FeelValue], explain: Bool = false) throws(DMNError)
        -> DecisionResult
    {
        guard let target = decisions[decision] else {
            throw DMNError(
                file: file,
                message: "no decision named '\(decision)' (decisions: \(decisionNames.joined(separator: ", ")))")
        }
        let scope = EvalScope(functions)
        var inputErrors: [String] = []
        for (name, value) in inputs {
            let coerced = inputTypes[name].map { $0.coerce(value) } ?? value
            if coerced.isNull && !value.isNull {
                inputErrors.append(
                    "\(file): input '\(name)' = \(value) does not match its type \(inputTypeRefs[name] ?? "") and is treated as null"
                )
            }
            scope.values[name] = coerced
        }
        var trace: [DecisionTrace]? = explain ? [] : nil
        if explain { scope.notes = NullNotes() }
        var done = Set<String>()
        let value = try evaluate(target, scope: scope, done: &done, trace: &trace)
        return DecisionResult(value: value, trace: trace ?? [], inputErrors: inputErrors)
    }

    func evaluate(_ d: CompiledDecision, scope: EvalScope, done: inout Set<String>, trace: inout [DecisionTrace]?)
        throws(DMNError) -> FeelValue
    {
        for r in d.requiredDecisions where !done.contains(r) {
            guard let req = decisions[r] else {
                throw DMNError(file: file, decision: d.name, message: "requires unknown decision '\(r)'")
            }
            _ = try evaluate(req, scope: scope, done: &done, trace: &trace)
        }
        do {
            let v = try d.evaluate(scope, trace: &trace)
            scope.values[d.name] = v
            done.insert(d.name)
            return v
        } catch {
            throw DMNError(file: file, decision: d.name, message: error.message)
        }
    }
}

/// The model a decision service's function evaluates, set once the model exists.
final class ModelBox: @unchecked Sendable {
    var model: DMNModel?
}

/// A decision or a business knowledge model's body: a decision table or a literal expression.
struct CompiledDecision: Sendable {
    let name: String
    let requiredDecisions: [String]
    let type: FeelType
    let body: Body

    enum Body: Sendable {
        case literal(Evaluator)
        case table(CompiledTable)
        /// Could not be compiled: evaluating it is an error that says why.
        case broken(DMNError)
    }

    func evaluate(_ scope: EvalScope, trace: inout [DecisionTrace]?) throws(FeelError) -> FeelValue {
        switch body {
        case .broken(let e):
            throw FeelError("could not be compiled, so it cannot be evaluated: \(e.detail)")
        case .literal(let e):
            let before = scope.notes?.items.count ?? 0
            let raw = try e(scope)
            let v = type.coerce(raw)
            if trace != nil {
                var errors = Array((scope.notes?.items ?? []).dropFirst(before))
                if v.isNull && !raw.isNull { errors.append("\(raw) does not match the decision's type and is null") }
                trace?.append(
                    DecisionTrace(decision: name, hitPolicy: nil, inputs: [], matched: [], result: v, errors: errors))
            }
            return v
        case .table(let t):
            let (raw, decisionTrace) = try t.evaluate(scope, explain: trace != nil)
            let v = type.coerce(raw)
            if var dt = decisionTrace {
                dt.decision = name
                dt.result = v
                trace?.append(dt)
            }
            return v
        }
    }
}

/// A compiled decision table. The rule scan is linear in the rules; FIRST stops at the
/// first match, the other policies need every match.
struct CompiledTable: Sendable {
    struct Input: Sendable {
        let label: String
        let expression: Evaluator
        let allowed: TestEvaluator?
    }
    struct Output: Sendable {
        let name: String
        let priority: [FeelValue]
        let defaultValue: Evaluator?
        let allowed: TestEvaluator?
    }
    struct Rule: Sendable {
        let id: String?
        let annotation: String?
        let tests: [TestEvaluator]
        let outputs: [Evaluator]
    }

    let hitPolicy: HitPolicy
    let inputs: [Input]
    let outputs: [Output]
    let rules: [Rule]
    /// Tests that always match ("-") are left out of each rule's list, so they cost nothing.
    let testColumns: [[Int]]
    /// Numeric fast ranges, flat: rule r, column c at r * inputs.count + c.
    let ranges: [FastRange]

    func evaluate(_ scope: EvalScope, explain: Bool) throws(FeelError) -> (FeelValue, DecisionTrace?) {
        var values = [FeelValue]()
        values.reserveCapacity(inputs.count)
        var errors: [String] = []
        for input in inputs {
            var v = try input.expression(scope)
            if let allowed = input.allowed, !v.isNull, !(try allowed(v, scope)) {
                errors.append("input '\(input.label)' = \(v) is not among the allowed input values")
                v = .null
            }
            values.append(v)
        }
        // Each numeric input as a Double once, for the fast tests.
        let doubles: [Double?] = values.map { v in
            if case .number(let n) = v { return NSDecimalNumber(decimal: n).doubleValue }
            return nil
        }
        var matched: [Int] = []
        let width = inputs.count
        try ranges.withUnsafeBufferPointer { ranges throws(FeelError) in
            ruleLoop: for ri in 0..<rules.count {
                // Numeric columns first, inline: most rules are ruled out here.
                let base = ri * width
                var undecided = false
                for c in 0..<width {
                    let r = ranges[base + c]
                    guard r.active, let x = doubles[c] else { continue }
                    switch r.settle(x) {
                    case false?: continue ruleLoop
                    case true?: break
                    case nil: undecided = true
                    }
                }
                let cols = testColumns[ri]
                let rule = rules[ri]
                for k in 0..<cols.count {
                    let c = cols[k]
                    if !undecided && ranges[base + c].active && doubles[c] != nil { continue }
                    if !(try rule.tests[k](values[c], scope)) { continue ruleLoop }
                }
                matched.append(ri)
                if hitPolicy == .first { break }
            }
        }
        var rows: [[FeelValue]] = []
        rows.reserveCapacity(matched.count)
        for ri in matched {
            var row: [FeelValue] = []
            for (oi, out) in rules[ri].outputs.enumerated() {
                var v = try out(scope)
                if let allowed = outputs[oi].allowed, !v.isNull, !(try allowed(v, scope)) {
                    errors.append(
                        "rule \(ri + 1): output '\(outputs[oi].name)' = \(v) is not among the allowed output values")
                    v = .null
                }
                row.append(v)
            }
            rows.append(row)
        }
        let result = try combine(rows, matched: matched, scope: scope, errors: &errors)
        guard explain else { return (result, nil) }
        let trace = DecisionTrace(
            decision: "", hitPolicy: hitPolicy,
            inputs: zip(inputs, values).map { ($0.label, $1) },
            matched: zip(matched, rows).map { ri, row in
                MatchedRule(
                    index: ri + 1, id: rules[ri].id, annotation: rules[ri].annotation,
                    outputs: Dictionary(uniqueKeysWithValues: zip(outputs.map(\.name), row).map { ($0, $1) }))
            },
            result: result, errors: errors)
        return (result, trace)
    }

    func value(of row: [FeelValue]) -> FeelValue {
        if outputs.count == 1 { return row[0] }
        return .context(FeelContext(zip(outputs, row).map { ($0.name, $1) }))
    }

    func priorityKey(_ row: [FeelValue]) -> [Int] {
        zip(outputs, row).map { out, v in out.priority.firstIndex(of: v) ?? Int.max }
    }

    func combine(_ rows: [[FeelValue]], matched: [Int], scope: EvalScope, errors: inout [String]) throws(FeelError)
        -> FeelValue
    {
        if rows.isEmpty {
            switch hitPolicy {
            case .collectCount: return .number(0)
            case .ruleOrder, .outputOrder, .collect:
                return outputs.contains { $0.defaultValue != nil } ? try defaults(scope) : .list([])
            default: return try defaults(scope)
            }
        }
        switch hitPolicy {
        case .unique:
            if rows.count > 1 {
                errors.append(
                    "UNIQUE hit policy violated: rules \(matched.map { String($0 + 1) }.joined(separator: ", ")) all match"
                )
                return .null
            }
            return value(of: rows[0])
        case .any:
            if rows.dropFirst().contains(where: { $0 != rows[0] }) {
                errors.append(
                    "ANY hit policy violated: rules \(matched.map { String($0 + 1) }.joined(separator: ", ")) give different outputs"
                )
                return .null
            }
            return value(of: rows[0])
        case .first:
            return value(of: rows[0])
        case .priority:
            let best = rows.indices.min { priorityKey(rows[$0]).lexicographicallyPrecedes(priorityKey(rows[$1])) }!
            return value(of: rows[best])
        case .ruleOrder, .collect:
            return .list(rows.map(value(of:)))
        case .outputOrder:
            let order = rows.indices.sorted { a, b in
                let ka = priorityKey(rows[a])
                let kb = priorityKey(rows[b])
                return ka == kb ? a < b : ka.lexicographicallyPrecedes(kb)
            }
            return .list(order.map { value(of: rows[$0]) })
        case .collectCount:
            return .number(Decimal(rows.count))
        case .collectSum, .collectMin, .collectMax:
            var numbers: [Decimal] = []
            for r in rows {
                guard case .number(let n) = r[0] else {
                    errors.append("\(hitPolicy.rawValue) needs number outputs, got \(r[0])")
                    return .null
                }
                numbers.append(n)
            }
            switch hitPolicy {
            case .collectSum: return .number(numbers.reduce(0, +))
            case .collectMin: return .number(numbers.min()!)
            default: return .number(numbers.max()!)
            }
        }
    }

    func defaults(_ scope: EvalScope) throws(FeelError) -> FeelValue {
        guard outputs.contains(where: { $0.defaultValue != nil }) else { return .null }
        var row: [FeelValue] = []
        for o in outputs { row.append(try o.defaultValue?(scope) ?? .null) }
        return value(of: row)
    }
}
