import Foundation

/// A model error: what is wrong, and where (file, decision, rule, column).
public struct DMNError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var decision: String?
    public var rule: Int?
    public var column: String?
    public var message: String

    public init(file: String, decision: String? = nil, rule: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.decision = decision
        self.rule = rule
        self.column = column
        self.message = message
    }

    /// The rule, column and message, without the file and decision.
    public var detail: String {
        var parts: [String] = []
        if let rule { parts.append("rule \(rule)") }
        if let column { parts.append("column '\(column)'") }
        return (parts.isEmpty ? "" : parts.joined(separator: ", ") + ": ") + message
    }

    public var description: String {
        var parts = [file]
        if let decision { parts.append("decision '\(decision)'") }
        if let rule { parts.append("rule \(rule)") }
        if let column { parts.append("column '\(column)'") }
        return parts.joined(separator: ", ") + ": " + message
    }
}

public enum HitPolicy: String, Sendable, Codable {
    case unique = "U"
    case any = "A"
    case priority = "P"
    case first = "F"
    case ruleOrder = "R"
    case outputOrder = "O"
    case collect = "C"
    case collectSum = "C+"
    case collectMin = "C<"
    case collectMax = "C>"
    case collectCount = "C#"

    static func parse(_ policy: String?, aggregation: String?) -> HitPolicy? {
        let p = (policy ?? "UNIQUE").uppercased()
        let base: HitPolicy? =
            switch p {
            case "UNIQUE", "U": .unique
            case "ANY", "A": .any
            case "PRIORITY", "P": .priority
            case "FIRST", "F": .first
            case "RULE ORDER", "R": .ruleOrder
            case "OUTPUT ORDER", "O": .outputOrder
            case "COLLECT", "C": .collect
            case "C+": .collectSum
            case "C<": .collectMin
            case "C>": .collectMax
            case "C#": .collectCount
            default: nil
            }
        guard base == .collect, let agg = aggregation?.uppercased() else { return base }
        switch agg {
        case "SUM": return .collectSum
        case "MIN": return .collectMin
        case "MAX": return .collectMax
        case "COUNT": return .collectCount
        default: return nil
        }
    }
}

/// A type from an item definition or a built-in type name.
indirect enum FeelType: Sendable {
    case any
    case builtin(String)
    case constrained(FeelType, TestEvaluator?, allowed: String)
    case structure([(String, FeelType)])
    case collection(FeelType)

    /// The value if it conforms, else null (a type error makes a value null in DMN).
    func coerce(_ v: FeelValue) -> FeelValue {
        if v.isNull { return .null }
        switch self {
        case .any: return v
        case .builtin(let name):
            switch (name, v) {
            case ("string", .string), ("number", .number), ("boolean", .bool), ("date", .date),
                ("date and time", .dateTime), ("context", .context), ("list", .list), ("function", .function),
                ("time", .time), ("range", .range):
                return v
            case ("date and time", .date(let d)):
                return FeelDateTime(iso: "\(d)T00:00:00").map { .dateTime($0) } ?? .null
            case ("days and time duration", .duration(.daysTime)),
                ("years and months duration", .duration(.yearsMonths)):
                return v
            default: return .null
            }
        case .constrained(let base, let test, _):
            let b = base.coerce(v)
            guard !b.isNull, let test else { return b }
            return ((try? test(b, EvalScope())) ?? false) ? b : .null
        case .structure(let fields):
            guard case .context(let c) = v else { return .null }
            var out = FeelContext()
            for (k, t) in fields { out[k] = t.coerce(c[k] ?? .null) }
            for (k, value) in c.entries where out[k] == nil { out[k] = value }
            return .context(out)
        case .collection(let item):
            guard case .list(let items) = v else { return .null }
            return .list(items.map(item.coerce))
        }
    }

    static func builtinName(_ raw: String) -> String? {
        let t = raw.hasPrefix("feel:") ? String(raw.dropFirst(5)) : raw
        switch t.lowercased() {
        case "string": return "string"
        case "number", "integer", "long", "double", "decimal", "int": return "number"
        case "boolean": return "boolean"
        case "date": return "date"
        case "time": return "time"
        case "range": return "range"
        case "date and time", "datetime": return "date and time"
        case "days and time duration", "daytimeduration", "dayTimeDuration".lowercased():
            return "days and time duration"
        case "years and months duration", "yearmonthduration": return "years and months duration"
        case "any": return "Any"
        case "context": return "context"
        case "list": return "list"
        default: return nil
        }
    }
}
