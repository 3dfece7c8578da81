import Foundation

/// Turns a parsed `<definitions>` tree into a `DMNModel`, with errors that name the file,
/// decision, rule and column. Unsupported constructs are refused here, not at evaluation.
struct ModelCompiler {
    let root: XMLElement
    let file: String
    /// Models this one may import, by namespace.
    var available: [String: DMNModel] = [:]

    /// Compiles what can be compiled. A decision, business knowledge model or input whose
    /// expression or type cannot be compiled is reported in `problems` (name, expression,
    /// reason) and evaluates to an error; the model's other decisions work. Only a file that
    /// is not a model at all (no decisions) is refused as a whole.
    func compile() throws(DMNError) -> DMNModel {
        var problems: [DMNError] = []
        // Imports (DMN 1.5 § 6.3.3): another model's knowledge models and decision services
        // under the import's name (`myimport.Say Hello(…)`), its types as `myimport.tType`.
        var imported: [String: DMNModel] = [:]
        for imp in root.all("import") {
            let n = imp.attributes["name"] ?? ""
            let ns = imp.attributes["namespace"] ?? ""
            guard let m = available[ns] else {
                problems.append(
                    DMNError(
                        file: file,
                        message: "imports '\(n)' (namespace \(ns)), which is not among the models loaded with it"))
                continue
            }
            imported[n] = m
        }
        let itemDefs = Dictionary(
            root.all("itemDefinition").map { ($0.attributes["name"] ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        var knownNames: [String] = imported.values.flatMap { $0.functions.keys }
        for tag in ["inputData", "decision", "businessKnowledgeModel"] {
            knownNames += root.all(tag).compactMap { $0.attributes["name"] }
        }
        func collectComponents(_ e: XMLElement) {
            for c in e.all("itemComponent") {
                if let n = c.attributes["name"] { knownNames.append(n) }
                collectComponents(c)
            }
        }
        for d in root.all("itemDefinition") { collectComponents(d) }
        for bkm in root.all("businessKnowledgeModel") {
            knownNames +=
                bkm.child("encapsulatedLogic")?.all("formalParameter").compactMap { $0.attributes["name"] } ?? []
        }
        for t in root.children.flatMap({
            $0.all("decisionTable") + ($0.child("encapsulatedLogic")?.all("decisionTable") ?? [])
        }) {
            knownNames += t.all("output").compactMap { $0.attributes["name"] }
        }
        // The names boxed expressions bring into scope (context entries, parameters, columns,
        // iterators, decision services): the lexer must know those with spaces.
        func collectScopedNames(_ e: XMLElement) {
            switch e.name {
            case "variable", "formalParameter", "column", "decisionService", "parameter":
                if let n = e.attributes["name"] { knownNames.append(n) }
            default: break
            }
            if let n = e.attributes["iteratorVariable"] { knownNames.append(n) }
            for c in e.children { collectScopedNames(c) }
        }
        collectScopedNames(root)
        let names = Array(Set(knownNames))

        var typeCache: [String: FeelType] = [:]
        func resolveType(_ typeRef: String?, context: String) throws(DMNError) -> FeelType {
            guard let raw = typeRef?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return .any }
            if let b = FeelType.builtinName(raw) { return b == "Any" ? .any : .builtin(b) }
            let local = raw.contains(":") && !raw.hasPrefix("feel:") ? String(raw.split(separator: ":").last!) : raw
            if let t = typeCache[local] { return t }
            if let dot = local.firstIndex(of: "."), let m = imported[String(local[..<dot])],
                let t = m.itemTypes[String(local[local.index(after: dot)...])]
            {
                return t
            }
            guard let def = itemDefs[local] else {
                throw DMNError(file: file, message: "\(context) has unknown type '\(raw)'")
            }
            let t = try itemType(def, context: "item definition '\(local)'")
            typeCache[local] = t
            return t
        }
        func itemType(_ def: XMLElement, context: String) throws(DMNError) -> FeelType {
            var t: FeelType
            let components = def.all("itemComponent")
            if !components.isEmpty {
                var fields: [(String, FeelType)] = []
                for c in components {
                    fields.append(
                        (
                            c.attributes["name"] ?? "",
                            try itemType(c, context: "\(context).\(c.attributes["name"] ?? "")")
                        ))
                }
                t = .structure(fields)
            } else {
                t = try resolveType(def.child("typeRef")?.textContent ?? def.attributes["typeRef"], context: context)
            }
            if let allowed = def.textOf("allowedValues")?.trimmingCharacters(in: .whitespacesAndNewlines),
                !allowed.isEmpty
            {
                do {
                    t = .constrained(
                        t, FeelCompiler.compileTests(try Parser.unaryTests(allowed, knownNames: names)),
                        allowed: allowed)
                } catch {
                    throw DMNError(file: file, message: "\(context): allowed values «\(allowed)»: \(error.message)")
                }
            }
            if def.attributes["isCollection"] == "true" { t = .collection(t) }
            return t
        }

        var inputTypes: [String: FeelType] = [:]
        var inputTypeRefs: [String: String] = [:]
        for input in root.all("inputData") {
            let n = input.attributes["name"] ?? ""
            let ref = input.child("variable")?.attributes["typeRef"]
            do { inputTypes[n] = try resolveType(ref, context: "input data '\(n)'") } catch {
                // The input is taken as it comes (any type), and the problem reported.
                problems.append(error)
                inputTypes[n] = .any
            }
            inputTypeRefs[n] = ref
        }
        let idToName = Dictionary(
            root.children.compactMap { e -> (String, String)? in
                guard let id = e.attributes["id"], let n = e.attributes["name"] else { return nil }
                return (id, n)
            }, uniquingKeysWith: { a, _ in a })

        // Business knowledge models become FEEL functions, visible to every decision.
        let functionScope = EvalScope()
        var functions: [String: FeelValue] = [:]
        for (n, m) in imported {
            functions[n] = .context(FeelContext(m.functions.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        for bkm in root.all("businessKnowledgeModel") {
            let n = bkm.attributes["name"] ?? ""
            let logic = bkm.child("encapsulatedLogic")
            let params = logic?.all("formalParameter").map { $0.attributes["name"] ?? "" } ?? []
            var paramTypes: [FeelType] = []
            let decision: CompiledDecision
            do throws(DMNError) {
                guard let logic else {
                    throw DMNError(
                        file: file, decision: n, message: "business knowledge model has no encapsulatedLogic")
                }
                for p in logic.all("formalParameter") {
                    paramTypes.append(
                        try resolveType(
                            p.attributes["typeRef"], context: "parameter '\(p.attributes["name"] ?? "")' of '\(n)'"))
                }
                let body = try compileBody(logic, name: n, names: names, resolveType: resolveType)
                let resultType = try resolveType(
                    bkm.child("variable")?.attributes["typeRef"], context: "business knowledge model '\(n)'")
                decision = CompiledDecision(name: n, requiredDecisions: [], type: resultType, body: body)
            } catch {
                problems.append(error)
                paramTypes = params.map { _ in .any }
                decision = CompiledDecision(name: n, requiredDecisions: [], type: .any, body: .broken(error))
            }
            let types = paramTypes
            let fn = FeelFunction(name: n, parameters: params) { args throws(FeelError) in
                let scope = EvalScope([:], parent: functionScope)
                for (i, p) in params.enumerated() {
                    scope.values[p] = i < args.count ? types[i].coerce(args[i]) : .null
                }
                var none: [DecisionTrace]? = nil
                return try decision.evaluate(scope, trace: &none)
            }
            functions[n] = .function(fn)
        }
        functionScope.values = functions

        var decisions: [String: CompiledDecision] = [:]
        var decisionNames: [String] = []
        /// The names the references point to (`href="#id"` or `"namespace#id"`; an id not in
        /// this model stays an id, and a requirement on it is reported when evaluated).
        func named(_ refs: [XMLElement]) -> [String] {
            refs.compactMap { e -> String? in
                guard let href = e.attributes["href"] else { return nil }
                let id = href.split(separator: "#").last.map(String.init) ?? href
                return idToName[id] ?? id
            }
        }
        // What each decision and knowledge model uses (required decisions and knowledge), for
        // `DMNModel.problems(affecting:)`.
        var uses: [String: [String]] = [:]
        for d in root.all("decision") {
            let n = d.attributes["name"] ?? ""
            let required = named(d.all("informationRequirement").compactMap { $0.child("requiredDecision") })
            let knowledge = named(d.all("knowledgeRequirement").compactMap { $0.child("requiredKnowledge") })
            uses[n] = required + knowledge
            do throws(DMNError) {
                let type = try resolveType(d.child("variable")?.attributes["typeRef"], context: "decision '\(n)'")
                decisions[n] = CompiledDecision(
                    name: n, requiredDecisions: required, type: type,
                    body: try compileBody(d, name: n, names: names, resolveType: resolveType))
            } catch {
                problems.append(error)
                decisions[n] = CompiledDecision(name: n, requiredDecisions: required, type: .any, body: .broken(error))
            }
            decisionNames.append(n)
        }
        // A library of knowledge models or types (imported by others) has no decisions of its own.
        guard !decisions.isEmpty || !functions.isEmpty || !itemDefs.isEmpty else {
            throw DMNError(file: file, message: "the model has no decisions")
        }
        // A decision in a cycle is broken (reported), so evaluation always terminates.
        for start in decisionNames {
            var stack = [(start, [start])]
            cycle: while let (cur, path) = stack.popLast() {
                for r in decisions[cur]?.requiredDecisions ?? [] {
                    if r == start {
                        let e = DMNError(
                            file: file, decision: start,
                            message: "requires itself: \((path + [r]).joined(separator: " → "))")
                        problems.append(e)
                        if let d = decisions[start] {
                            decisions[start] = CompiledDecision(
                                name: start, requiredDecisions: [], type: d.type, body: .broken(e))
                        }
                        break cycle
                    }
                    if !path.contains(r) { stack.append((r, path + [r])) }
                }
            }
        }
        for bkm in root.all("businessKnowledgeModel") {
            let n = bkm.attributes["name"] ?? ""
            uses[n] = named(bkm.all("knowledgeRequirement").compactMap { $0.child("requiredKnowledge") })
        }
        // Decision services: functions of their input decisions and input data, giving their
        // output decisions (one: its value; several: a context). They are bound to the model
        // once it exists (the box), and callable from every decision like a knowledge model.
        var services: [String: DMNModel.Service] = [:]
        let box = ModelBox()
        for ds in root.all("decisionService") {
            let n = ds.attributes["name"] ?? ""
            func refs(_ tag: String) -> [String] { named(ds.all(tag)) }
            let service = DMNModel.Service(
                name: n, inputDecisions: refs("inputDecision"), inputData: refs("inputData"),
                outputs: refs("outputDecision"))
            services[n] = service
            uses[n] = service.outputs + refs("encapsulatedDecision")
            functions[n] = .function(
                FeelFunction(name: n, parameters: service.parameters) { args throws(FeelError) in
                    // A call with more arguments than the service takes is no call (null).
                    guard let model = box.model, args.count <= service.parameters.count else { return .null }
                    var given: [String: FeelValue] = [:]
                    for (i, p) in service.parameters.enumerated() { given[p] = i < args.count ? args[i] : .null }
                    do throws(DMNError) { return try model.evaluate(service: n, inputs: given).value } catch {
                        throw FeelError(error.message)
                    }
                })
        }
        functionScope.values = functions
        // Every item definition's type, for models that import this one.
        for n in itemDefs.keys where typeCache[n] == nil { _ = try? resolveType(n, context: "item definition '\(n)'") }
        let model = DMNModel(
            name: root.attributes["name"] ?? file, file: file, decisionNames: decisionNames,
            inputNames: root.all("inputData").compactMap { $0.attributes["name"] },
            decisions: decisions, inputTypes: inputTypes, inputTypeRefs: inputTypeRefs, functions: functions,
            problems: problems, uses: uses, services: services,
            namespace: root.attributes["namespace"] ?? "", itemTypes: typeCache)
        box.model = model
        return model
    }

    func compileBody(
        _ element: XMLElement, name: String, names: [String],
        resolveType: (String?, String) throws(DMNError) -> FeelType
    ) throws(DMNError) -> CompiledDecision.Body {
        if let lit = element.child("literalExpression") {
            let text = lit.child("text")?.text ?? ""
            do { return .literal(FeelCompiler.compile(try Parser.expression(text, knownNames: names))) } catch {
                throw DMNError(file: file, decision: name, message: "literal expression «\(text)»: \(error.message)")
            }
        }
        if let table = element.child("decisionTable") {
            return .table(try compileTable(table, decision: name, names: names))
        }
        if let expr = try boxed(element, name: name, names: names) {
            return .literal(FeelCompiler.compile(expr))
        }
        throw DMNError(
            file: file, decision: name, message: "has no decision logic (no decision table or literal expression)")
    }

    static let expressionTags: Set<String> = [
        "literalExpression", "decisionTable", "context", "invocation", "relation", "list", "functionDefinition",
        "conditional", "filter", "for", "some", "every",
    ]

    /// The boxed expression inside `container` (a decision, a context entry, a binding, …) as
    /// FEEL: context, invocation, list, relation, conditional, filter, iterators, function
    /// definitions, and decision tables and literal expressions inside them. Nil when there is
    /// none.
    func boxed(_ container: XMLElement, name: String, names: [String]) throws(DMNError) -> Expr? {
        guard let e = container.children.first(where: { Self.expressionTags.contains($0.name) }) else { return nil }
        func inner(_ c: XMLElement?, _ what: String) throws(DMNError) -> Expr {
            guard let c, let x = try boxed(c, name: name, names: names) else {
                throw DMNError(file: file, decision: name, message: "the boxed \(e.name) has no \(what)")
            }
            return x
        }
        switch e.name {
        case "literalExpression":
            let text = e.child("text")?.text ?? ""
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return .literal(.null) }
            do { return try Parser.expression(text, knownNames: names) } catch {
                throw DMNError(file: file, decision: name, message: "literal expression «\(text)»: \(error.message)")
            }
        case "decisionTable":
            let table = try compileTable(e, decision: name, names: names)
            return .compiled { scope throws(FeelError) in try table.evaluate(scope, explain: false).0 }
        case "context":
            var entries: [(String, Expr)] = []
            var result: Expr?
            for entry in e.all("contextEntry") {
                let value = try boxed(entry, name: name, names: names) ?? .literal(.null)
                if let n = entry.child("variable")?.attributes["name"] {
                    entries.append((n, value))
                } else {
                    result = value
                }
            }
            return result.map { .boxedContext(entries, result: $0) } ?? .context(entries)
        case "list":
            var items: [Expr] = []
            for c in e.children where Self.expressionTags.contains(c.name) {
                let wrapper = XMLElement(name: "item", attributes: [:], line: c.line)
                items.append(try boxed(wrapper.with(c), name: name, names: names) ?? .literal(.null))
            }
            return .list(items)
        case "relation":
            let columns = e.all("column").map { $0.attributes["name"] ?? "" }
            var rows: [Expr] = []
            for row in e.all("row") {
                var cells: [(String, Expr)] = []
                let values = row.children.filter { Self.expressionTags.contains($0.name) }
                for (i, c) in values.enumerated() where i < columns.count {
                    let wrapper = XMLElement(name: "cell", attributes: [:], line: c.line)
                    cells.append((columns[i], try boxed(wrapper.with(c), name: name, names: names) ?? .literal(.null)))
                }
                rows.append(.context(cells))
            }
            return .list(rows)
        case "conditional":
            return .ifThenElse(
                try inner(e.child("if"), "if"), try inner(e.child("then"), "then"), try inner(e.child("else"), "else"))
        case "filter":
            return .filter(try inner(e.child("in"), "in"), try inner(e.child("match"), "match"))
        case "for":
            let v = e.attributes["iteratorVariable"] ?? "item"
            return .forLoop([(v, try inner(e.child("in"), "in"), nil)], try inner(e.child("return"), "return"))
        case "some", "every":
            let v = e.attributes["iteratorVariable"] ?? "item"
            return .quantified(
                every: e.name == "every", [(v, try inner(e.child("in"), "in"), nil)],
                try inner(e.child("satisfies"), "satisfies"))
        case "functionDefinition":
            let kind = e.attributes["kind"] ?? "FEEL"
            guard kind == "FEEL" else {
                throw DMNError(
                    file: file, decision: name, message: "\(kind) functions are not supported (only FEEL functions)")
            }
            let params = e.all("formalParameter").map { $0.attributes["name"] ?? "" }
            return .function(params, try boxed(e, name: name, names: names + params) ?? .literal(.null))
        case "invocation":
            let callee = try inner(e, "function to call")
            var args: [Expr] = []
            var argNames: [String] = []
            for b in e.all("binding") {
                argNames.append(b.child("parameter")?.attributes["name"] ?? "")
                args.append(try boxed(b, name: name, names: names) ?? .literal(.null))
            }
            return .call(callee, args, names: argNames)
        default:
            return nil
        }
    }

    func compileTable(_ t: XMLElement, decision: String, names: [String]) throws(DMNError) -> CompiledTable {
        guard let hit = HitPolicy.parse(t.attributes["hitPolicy"], aggregation: t.attributes["aggregation"]) else {
            throw DMNError(
                file: file, decision: decision,
                message:
                    "unknown hit policy '\(t.attributes["hitPolicy"] ?? "")' with aggregation '\(t.attributes["aggregation"] ?? "")'"
            )
        }
        var inputs: [CompiledTable.Input] = []
        for (i, input) in t.all("input").enumerated() {
            let label =
                input.attributes["label"] ?? input.child("inputExpression")?.child("text")?.textContent
                ?? "input \(i + 1)"
            let text = input.child("inputExpression")?.child("text")?.text ?? ""
            let expr: Evaluator
            do { expr = FeelCompiler.compile(try Parser.expression(text, knownNames: names)) } catch {
                throw DMNError(
                    file: file, decision: decision, column: label,
                    message: "input expression «\(text)»: \(error.message)")
            }
            var allowed: TestEvaluator?
            if let iv = input.textOf("inputValues")?.trimmingCharacters(in: .whitespacesAndNewlines), !iv.isEmpty {
                do { allowed = FeelCompiler.compileTests(try Parser.unaryTests(iv, knownNames: names)) } catch {
                    throw DMNError(
                        file: file, decision: decision, column: label, message: "input values «\(iv)»: \(error.message)"
                    )
                }
            }
            inputs.append(.init(label: label, expression: expr, allowed: allowed))
        }
        var outputs: [CompiledTable.Output] = []
        for (i, output) in t.all("output").enumerated() {
            let oname = output.attributes["name"] ?? output.attributes["label"] ?? "output \(i + 1)"
            var priority: [FeelValue] = []
            var allowed: TestEvaluator?
            if let ov = output.textOf("outputValues")?.trimmingCharacters(in: .whitespacesAndNewlines), !ov.isEmpty {
                do {
                    let tests = try Parser.unaryTests(ov, knownNames: names)
                    for test in tests { if case .equals(.literal(let v)) = test { priority.append(v) } }
                    allowed = FeelCompiler.compileTests(tests)
                } catch {
                    throw DMNError(
                        file: file, decision: decision, column: oname,
                        message: "output values «\(ov)»: \(error.message)")
                }
            }
            var def: Evaluator?
            if let d = output.textOf("defaultOutputEntry"), !d.trimmingCharacters(in: .whitespaces).isEmpty {
                do { def = FeelCompiler.compile(try Parser.expression(d, knownNames: names)) } catch {
                    throw DMNError(
                        file: file, decision: decision, column: oname,
                        message: "default output «\(d)»: \(error.message)")
                }
            }
            outputs.append(.init(name: oname, priority: priority, defaultValue: def, allowed: allowed))
        }
        guard !outputs.isEmpty else {
            throw DMNError(file: file, decision: decision, message: "the decision table has no output column")
        }
        if [.collectSum, .collectMin, .collectMax, .collectCount].contains(hit) && outputs.count > 1 {
            throw DMNError(
                file: file, decision: decision,
                message: "an aggregating hit policy (\(hit.rawValue)) needs exactly one output column")
        }
        var rules: [CompiledTable.Rule] = []
        var testColumns: [[Int]] = []
        var ranges: [FastRange] = []
        for (ri, rule) in t.all("rule").enumerated() {
            let entries = rule.all("inputEntry")
            let outs = rule.all("outputEntry")
            guard entries.count == inputs.count else {
                throw DMNError(
                    file: file, decision: decision, rule: ri + 1,
                    message: "has \(entries.count) input entries for \(inputs.count) input columns")
            }
            guard outs.count == outputs.count else {
                throw DMNError(
                    file: file, decision: decision, rule: ri + 1,
                    message: "has \(outs.count) output entries for \(outputs.count) output columns")
            }
            var tests: [TestEvaluator] = []
            var cols: [Int] = []
            var rowRanges = [FastRange](repeating: .none, count: inputs.count)
            for (ci, entry) in entries.enumerated() {
                let text = entry.child("text")?.text ?? ""
                do {
                    let parsed = try Parser.unaryTests(text, knownNames: names)
                    if parsed.count == 1, case .any = parsed[0] { continue }
                    tests.append(FeelCompiler.compileTests(parsed))
                    if let r = FeelCompiler.fastRange(parsed) { rowRanges[ci] = r }
                    cols.append(ci)
                } catch {
                    throw DMNError(
                        file: file, decision: decision, rule: ri + 1, column: inputs[ci].label,
                        message: "«\(text)»: \(error.message)")
                }
            }
            var outEvals: [Evaluator] = []
            for (oi, o) in outs.enumerated() {
                let text = o.child("text")?.text ?? ""
                if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    outEvals.append(FeelCompiler.compile(.literal(.null)))
                    continue
                }
                do {
                    outEvals.append(FeelCompiler.compile(try Parser.expression(text, knownNames: names)))
                } catch {
                    throw DMNError(
                        file: file, decision: decision, rule: ri + 1, column: outputs[oi].name,
                        message: "«\(text)»: \(error.message)")
                }
            }
            let annotation =
                rule.child("description")?.textContent
                ?? rule.all("annotationEntry").compactMap { $0.child("text")?.textContent }.filter { !$0.isEmpty }.first
            rules.append(
                .init(
                    id: rule.attributes["id"], annotation: annotation?.isEmpty == true ? nil : annotation, tests: tests,
                    outputs: outEvals))
            testColumns.append(cols)
            ranges += rowRanges
        }
        return CompiledTable(
            hitPolicy: hit, inputs: inputs, outputs: outputs, rules: rules, testColumns: testColumns, ranges: ranges)
    }
}
