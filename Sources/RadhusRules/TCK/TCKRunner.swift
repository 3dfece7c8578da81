import Foundation

/// Runs folders in the DMN TCK format: a model (`*.dmn`) and test files (`*-test-*.xml`)
/// with input values and expected results.
public struct TCKRunner: Sendable {
    public struct CaseResult: Sendable {
        public var folder: String
        public var testFile: String
        public var id: String
        public var passed: Bool
        public var detail: String
        /// Result nodes checked and passed (the TCK's reports count both: test cases, and
        /// the result nodes inside them).
        public var nodes = 0
        public var nodesPassed = 0
    }

    /// One folder's (or the whole run's) counts, as the TCK's reports give them.
    public struct Tally: Sendable, Equatable {
        public var name: String
        public var cases = 0
        public var casesPassed = 0
        public var nodes = 0
        public var nodesPassed = 0

        public var line: String {
            "\(casesPassed)/\(cases) test cases, \(nodesPassed)/\(nodes) results"
        }
    }

    /// Per folder, in order, and the total last.
    public static func tally(_ results: [CaseResult]) -> (folders: [Tally], total: Tally) {
        var folders: [Tally] = []
        var total = Tally(name: "total")
        for r in results {
            if folders.last?.name != r.folder { folders.append(Tally(name: r.folder)) }
            let i = folders.count - 1
            folders[i].cases += 1
            folders[i].casesPassed += r.passed ? 1 : 0
            folders[i].nodes += r.nodes
            folders[i].nodesPassed += r.nodesPassed
            total.cases += 1
            total.casesPassed += r.passed ? 1 : 0
            total.nodes += r.nodes
            total.nodesPassed += r.nodesPassed
        }
        return (folders, total)
    }

    public init() {}

    /// Every test case under `directory` (a TCK folder, or a folder of them).
    public func run(directory: URL) -> [CaseResult] {
        let fm = FileManager.default
        var folders: [URL] = []
        if (try? fm.contentsOfDirectory(atPath: directory.path))?.contains(where: { $0.hasSuffix(".dmn") }) == true {
            folders = [directory]
        } else {
            folders = ((try? fm.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        return folders.flatMap(runFolder)
    }

    func runFolder(_ folder: URL) -> [CaseResult] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        // Models load after those they import (by namespace); a cycle or a missing import loads
        // without it (the importing decisions report it).
        var models: [String: Result<DMNModel, DMNError>] = [:]
        var pending: [(file: String, data: Data, namespace: String, imports: [String])] = []
        for f in files where f.hasSuffix(".dmn") {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(f)) else {
                models[f] = .failure(DMNError(file: f, message: "cannot be read"))
                continue
            }
            let ns = DMNModel.namespaces(of: data)
            pending.append((f, data, ns?.namespace ?? "", ns?.imports ?? []))
        }
        var byNamespace: [String: DMNModel] = [:]
        while !pending.isEmpty {
            let ready = pending.filter { p in p.imports.allSatisfy { byNamespace[$0] != nil } }
            for p in ready.isEmpty ? [pending[0]] : ready {
                do {
                    let m = try DMNModel.load(p.data, file: p.file, imports: byNamespace)
                    models[p.file] = .success(m)
                    byNamespace[p.namespace] = m
                } catch {
                    models[p.file] = .failure(error)
                }
                pending.removeAll { $0.file == p.file }
            }
        }
        var results: [CaseResult] = []
        for f in files where f.hasSuffix(".xml") && f.contains("-test-") {
            let name = folder.lastPathComponent
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(f)),
                let root = try? XMLElement.parse(data)
            else {
                results.append(
                    CaseResult(folder: name, testFile: f, id: "*", passed: false, detail: "test file cannot be read"))
                continue
            }
            let modelName = root.child("modelName")?.textContent ?? files.first { $0.hasSuffix(".dmn") } ?? ""
            for tc in root.all("testCase") {
                let id = tc.attributes["id"] ?? "?"
                guard let loaded = models[modelName] else {
                    results.append(
                        CaseResult(
                            folder: name, testFile: f, id: id, passed: false, detail: "model \(modelName) not found",
                            nodes: tc.all("resultNode").count))
                    continue
                }
                let model: DMNModel
                switch loaded {
                case .success(let m): model = m
                case .failure(let e):
                    results.append(
                        CaseResult(
                            folder: name, testFile: f, id: id, passed: false, detail: e.description,
                            nodes: tc.all("resultNode").count))
                    continue
                }
                var inputs: [String: FeelValue] = [:]
                for node in tc.all("inputNode") { inputs[node.attributes["name"] ?? ""] = Self.value(node) }
                var failures: [String] = []
                let nodes = tc.all("resultNode")
                // A decision service's test invokes the service; its result nodes are its outputs.
                let service = tc.attributes["type"] == "decisionService" ? tc.attributes["invocableName"] : nil
                var serviceResult: Result<FeelValue, DMNError>?
                if let service {
                    do { serviceResult = .success(try model.evaluate(service: service, inputs: inputs).value) } catch {
                        serviceResult = .failure(error)
                    }
                }
                for rn in nodes {
                    let decision = rn.attributes["name"] ?? ""
                    let expected = rn.child("expected").map(Self.value) ?? .null
                    do {
                        let got: FeelValue
                        switch serviceResult {
                        case .success(.context(let c))? where nodes.count > 1 || c[decision] != nil:
                            got = c[decision] ?? .null
                        case .success(let v)?: got = v
                        case .failure(let e)?: throw e
                        case nil: got = try model.evaluate(decision: decision, inputs: inputs).value
                        }
                        if !Self.matches(got, expected) {
                            failures.append("\(decision): expected \(expected), got \(got)")
                        }
                    } catch {
                        failures.append("\(decision): \(error)")
                    }
                }
                results.append(
                    CaseResult(
                        folder: name, testFile: f, id: id, passed: failures.isEmpty,
                        detail: failures.joined(separator: "; "), nodes: nodes.count,
                        nodesPassed: nodes.count - failures.count))
            }
        }
        return results
    }

    /// A TCK value element: `<value xsi:type=…>`, `<component>`s, `<list><item>…`, or nil.
    static func value(_ e: XMLElement) -> FeelValue {
        let components = e.all("component")
        if !components.isEmpty {
            return .context(FeelContext(components.map { ($0.attributes["name"] ?? "", value($0)) }))
        }
        if let list = e.child("list") {
            return .list(list.all("item").map(value))
        }
        if let v = e.child("value") { return scalar(v) }
        return .null
    }

    static func scalar(_ v: XMLElement) -> FeelValue {
        if v.attributes["nil"] == "true" { return .null }
        if !v.all("component").isEmpty || v.child("list") != nil { return value(v) }
        let text = v.text
        let type = (v.attributes["type"] ?? "").split(separator: ":").last.map(String.init) ?? ""
        switch type {
        case "decimal", "double", "integer", "int", "long", "float":
            return Decimal(string: text.trimmingCharacters(in: .whitespaces), locale: Locale(identifier: "en_US_POSIX"))
                .map { .number($0) } ?? .null
        case "boolean": return .bool(text.trimmingCharacters(in: .whitespaces) == "true")
        case "date": return FeelDate(iso: text.trimmingCharacters(in: .whitespaces)).map { .date($0) } ?? .null
        case "time": return FeelTime(iso: text.trimmingCharacters(in: .whitespaces)).map { .time($0) } ?? .null
        case "dateTime":
            return FeelDateTime(iso: text.trimmingCharacters(in: .whitespaces)).map { .dateTime($0) } ?? .null
        case "duration":
            return FeelDuration(iso: text.trimmingCharacters(in: .whitespaces)).map { .duration($0) } ?? .null
        default: return .string(text)
        }
    }

    /// Equality, with numbers equal to 12 significant digits relative (the TCK writes
    /// expected decimals rounded to 15 significant digits).
    static func matches(_ a: FeelValue, _ b: FeelValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            if x == y { return true }
            let diff = abs(x - y)
            let scale = max(abs(y), 1)
            return diff / scale < Decimal(string: "1e-12")!
        case (.list(let x), .list(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { matches($0, $1) }
        case (.context(let x), .context(let y)):
            return x.entries.count == y.entries.count
                && x.entries.allSatisfy { e in y[e.key].map { matches(e.value, $0) } ?? false }
        default:
            return a == b
        }
    }
}
