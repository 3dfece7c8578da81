import Foundation

/// The variables an evaluation sees. Made for one evaluation and not shared between tasks.
public final class EvalScope: @unchecked Sendable {
    var values: [String: FeelValue]
    let parent: EvalScope?
    /// Where an explained evaluation writes why a value became null (set on the root scope
    /// only when explaining, so an ordinary evaluation pays nothing).
    var notes: NullNotes?

    public init(_ values: [String: FeelValue] = [:], parent: EvalScope? = nil) {
        self.values = values
        self.parent = parent
    }

    /// Records why something is null, when the evaluation is explained.
    func note(_ text: @autoclosure () -> String) {
        var s: EvalScope? = self
        while let c = s {
            if let n = c.notes {
                n.add(text())
                return
            }
            s = c.parent
        }
    }

    func lookup(_ name: String) -> FeelValue? {
        var s: EvalScope? = self
        while let c = s {
            if let v = c.values[name] { return v }
            s = c.parent
        }
        return nil
    }
}

/// The reasons an explained evaluation met for nulls the spec calls for (a function given
/// what it does not take, arithmetic on values that do not go together): `--explain` shows
/// them, so no null is silent.
final class NullNotes: @unchecked Sendable {
    private(set) var items: [String] = []
    func add(_ s: String) { if items.count < 50, !items.contains(s) { items.append(s) } }
}

typealias Evaluator = @Sendable (EvalScope) throws(FeelError) -> FeelValue
typealias TestEvaluator = @Sendable (FeelValue, EvalScope) throws(FeelError) -> Bool

/// A numeric test as an open range (lo, hi) of Doubles: a value clearly inside matches, one
/// clearly outside does not, one within a relative 1e-9 of an end is left to the exact test
/// (which also decides whether the ends themselves are included).
struct FastRange: Sendable {
    var lo: Double
    var hi: Double
    var active = true

    static let none = FastRange(lo: 0, hi: 0, active: false)

    /// true/false when settled; nil when the exact test must decide. Away from both ends,
    /// whether an end is included does not matter: inside is lo < x < hi.
    @inline(__always)
    func settle(_ x: Double) -> Bool? {
        if Self.near(x, lo) || Self.near(x, hi) { return nil }
        return x > lo && x < hi
    }

    @inline(__always)
    static func near(_ x: Double, _ end: Double) -> Bool {
        end.isFinite && Swift.abs(x - end) <= 1e-9 * Swift.max(Swift.abs(x), Swift.abs(end), 1)
    }
}

/// Compiles syntax trees into closures once, so evaluating a model never parses text.
enum FeelCompiler {
    static func compile(_ e: Expr) -> Evaluator {
        switch e {
        case .literal(let v):
            return { _ in v }
        case .name(let n):
            return { scope in scope.lookup(n) ?? (Builtins.table[n].map { .function($0) } ?? .null) }
        case .path(let base, let key):
            let b = compile(base)
            return { scope throws(FeelError) in path(try b(scope), key) }
        case .call(let callee, let args, let names):
            let compiledArgs = args.map(compile)
            if case .name(let n) = callee, Builtins.table[n] != nil {
                let builtin = Builtins.table[n]!
                return { scope throws(FeelError) in
                    if let shadow = scope.lookup(n), case .function(let f) = shadow {
                        return try invoke(f, try compiledArgs.map { a throws(FeelError) in try a(scope) }, names: names)
                    }
                    let args = try compiledArgs.map { a throws(FeelError) in try a(scope) }
                    let r = try invoke(builtin, args, names: names)
                    if r.isNull && !args.isEmpty { scope.note(nullReason(builtin, args, names: names)) }
                    return r
                }
            }
            let c = compile(callee)
            let calledName: String? = if case .name(let n) = callee { n } else { nil }
            return { scope throws(FeelError) in
                let value = try c(scope)
                guard case .function(let f) = value else {
                    // No silent null: a name that is no function anywhere is an error that says so.
                    if let n = calledName, scope.lookup(n) == nil {
                        throw FeelError("unknown function '\(n)'")
                    }
                    return .null
                }
                return try invoke(f, try compiledArgs.map { a throws(FeelError) in try a(scope) }, names: names)
            }
        case .filter(let list, let cond):
            let l = compile(list)
            let c = compile(cond)
            return { scope throws(FeelError) in
                let base = try l(scope)
                let items: [FeelValue]
                if case .list(let xs) = base { items = xs } else { items = [base] }
                var out: [FeelValue] = []
                for item in items {
                    var vars: [String: FeelValue] = ["item": item]
                    if case .context(let ctx) = item { for (k, v) in ctx.entries { vars[k] = v } }
                    let r = try c(EvalScope(vars, parent: scope))
                    if case .number(let n) = r, items.count > 0 {
                        let i = NSDecimalNumber(decimal: n).intValue
                        let idx = i > 0 ? i - 1 : items.count + i
                        return idx >= 0 && idx < items.count ? items[idx] : .null
                    }
                    if r == .bool(true) { out.append(item) }
                }
                return .list(out)
            }
        case .negate(let inner):
            let i = compile(inner)
            return { scope throws(FeelError) in
                switch try i(scope) {
                case .number(let n): return .number(-n)
                case .duration(.daysTime(let s)): return .duration(.daysTime(seconds: -s))
                case .duration(.yearsMonths(let m)): return .duration(.yearsMonths(months: -m))
                default: return .null
                }
            }
        case .binary(let op, let l, let r):
            let a = compile(l)
            let b = compile(r)
            @Sendable func noted(_ x: FeelValue, _ y: FeelValue, _ scope: EvalScope) -> FeelValue {
                let v = binary(op, x, y)
                if v.isNull && !x.isNull && !y.isNull {
                    scope.note(
                        "\(x.typeName) \(op.rawValue) \(y.typeName) is null: FEEL defines no «\(op.rawValue)» for these"
                    )
                }
                return v
            }
            if case .literal(let rv) = r {
                return { scope throws(FeelError) in noted(try a(scope), rv, scope) }
            }
            return { scope throws(FeelError) in noted(try a(scope), try b(scope), scope) }
        case .and(let l, let r):
            let a = compile(l)
            let b = compile(r)
            return { scope throws(FeelError) in
                let x = try a(scope)
                if x == .bool(false) { return .bool(false) }
                let y = try b(scope)
                if y == .bool(false) { return .bool(false) }
                if x == .bool(true) && y == .bool(true) { return .bool(true) }
                return .null
            }
        case .or(let l, let r):
            let a = compile(l)
            let b = compile(r)
            return { scope throws(FeelError) in
                let x = try a(scope)
                if x == .bool(true) { return .bool(true) }
                let y = try b(scope)
                if y == .bool(true) { return .bool(true) }
                if x == .bool(false) && y == .bool(false) { return .bool(false) }
                return .null
            }
        case .ifThenElse(let c, let t, let f):
            let cc = compile(c)
            let tt = compile(t)
            let ff = compile(f)
            return { scope throws(FeelError) in try cc(scope) == .bool(true) ? try tt(scope) : try ff(scope) }
        case .between(let x, let lo, let hi):
            let xx = compile(x)
            let l = compile(lo)
            let h = compile(hi)
            return { scope throws(FeelError) in
                let v = try xx(scope)
                return and3(binary(.greaterOrEqual, v, try l(scope)), binary(.lessOrEqual, v, try h(scope)))
            }
        case .inTests(let x, let tests):
            let xx = compile(x)
            let t = compileTests(tests)
            return { scope throws(FeelError) in .bool(try t(try xx(scope), scope)) }
        case .list(let items):
            let cs = items.map(compile)
            return { scope throws(FeelError) in .list(try cs.map { c throws(FeelError) in try c(scope) }) }
        case .context(let entries):
            let cs = entries.map { ($0.0, compile($0.1)) }
            return { scope throws(FeelError) in
                let inner = EvalScope([:], parent: scope)
                var ctx = FeelContext()
                for (k, c) in cs {
                    let v = try c(inner)
                    ctx[k] = v
                    inner.values[k] = v
                }
                return .context(ctx)
            }
        case .instanceOf(let x, let type):
            let xx = compile(x)
            return { scope throws(FeelError) in .bool(conforms(try xx(scope), to: type)) }
        case .compiled(let evaluator):
            return evaluator
        case .boxedContext(let entries, let result):
            let cs = entries.map { ($0.0, compile($0.1)) }
            let r = compile(result)
            return { scope throws(FeelError) in
                let inner = EvalScope([:], parent: scope)
                for (k, c) in cs { inner.values[k] = try c(inner) }
                return try r(inner)
            }
        case .range(let lowClosed, let lo, let hi, let highClosed):
            let l = lo.map(compile)
            let h = hi.map(compile)
            return { scope throws(FeelError) in
                let low = try l?(scope) ?? .null
                let high = try h?(scope) ?? .null
                // Both ends of one kind, and in order: otherwise no range (null).
                if !low.isNull, !high.isNull {
                    guard let c = compare(low, high), c <= 0 else { return .null }
                }
                if low.isNull && high.isNull { return .null }
                return .range(
                    FeelRange(
                        low: low, high: high, lowClosed: lo == nil ? false : lowClosed,
                        highClosed: hi == nil ? false : highClosed))
            }
        case .function(let params, let body):
            let b = compile(body)
            return { scope in
                .function(
                    FeelFunction(name: "function", parameters: params) { args throws(FeelError) in
                        let inner = EvalScope([:], parent: scope)
                        for (i, p) in params.enumerated() { inner.values[p] = i < args.count ? args[i] : .null }
                        return try b(inner)
                    })
            }
        case .forLoop(let contexts, let body):
            let cs = contexts.map { ($0.0, compile($0.1), $0.2.map(compile)) }
            let b = compile(body)
            return { scope throws(FeelError) in
                var results: [FeelValue] = []
                let complete = try iterate(cs, scope) { s throws(FeelError) in
                    s.values["partial"] = .list(results)
                    results.append(try b(s))
                }
                return complete ? .list(results) : .null
            }
        case .quantified(let every, let contexts, let body):
            let cs = contexts.map { ($0.0, compile($0.1), $0.2.map(compile)) }
            let b = compile(body)
            return { scope throws(FeelError) in
                var outcomes: [FeelValue] = []
                guard try iterate(cs, scope, { s throws(FeelError) in outcomes.append(try b(s)) }) else {
                    return .null
                }
                if every {
                    if outcomes.contains(.bool(false)) { return .bool(false) }
                    return outcomes.allSatisfy { $0 == .bool(true) } ? .bool(true) : .null
                }
                if outcomes.contains(.bool(true)) { return .bool(true) }
                return outcomes.allSatisfy { $0 == .bool(false) } ? .bool(false) : .null
            }
        }
    }

    /// Runs `body` once for every combination of the iteration contexts' items (the first
    /// context outermost), each in a scope with the names bound; false when a context is no
    /// list or range (the whole expression is then null).
    static func iterate(
        _ contexts: [(String, Evaluator, Evaluator?)], _ scope: EvalScope,
        _ body: (EvalScope) throws(FeelError) -> Void
    ) throws(FeelError) -> Bool {
        func loop(_ i: Int, _ s: EvalScope) throws(FeelError) -> Bool {
            if i == contexts.count {
                try body(s)
                return true
            }
            guard let items = try iteration(contexts[i].1, contexts[i].2, s) else { return false }
            for item in items where !(try loop(i + 1, EvalScope([contexts[i].0: item], parent: s))) { return false }
            return true
        }
        return try loop(0, scope)
    }

    /// An iteration context's items: a list (a single value is a list of one), or the whole
    /// numbers from one end to the other, either way up or down; nil when it is neither.
    static func iteration(_ from: Evaluator, _ to: Evaluator?, _ scope: EvalScope) throws(FeelError) -> [FeelValue]? {
        let a = try from(scope)
        guard let to else {
            if case .list(let xs) = a { return xs }
            if case .range(let r) = a, case .number(var lo) = r.low, case .number(var hi) = r.high {
                if !r.lowClosed { lo += 1 }
                if !r.highClosed { hi -= 1 }
                return stride(lo, hi)
            }
            return a.isNull ? nil : [a]
        }
        let b = try to(scope)
        switch (a, b) {
        case (.number(let x), .number(let y)):
            guard Builtins.floor(x) == x, Builtins.floor(y) == y else { return nil }
            return stride(x, y)
        case (.date(let x), .date(let y)):
            let step = x.epochDay <= y.epochDay ? 1 : -1
            return Swift.stride(from: x.epochDay, through: y.epochDay, by: step).map { .date(.fromEpochDay($0)) }
        default: return nil
        }
    }

    static func stride(_ x: Decimal, _ y: Decimal) -> [FeelValue] {
        let a = NSDecimalNumber(decimal: x).intValue
        let b = NSDecimalNumber(decimal: y).intValue
        return Swift.stride(from: a, through: b, by: a <= b ? 1 : -1).map { .number(Decimal($0)) }
    }

    /// `instance of`: the value's type is the named type or one of its subtypes (null is an
    /// instance of nothing; every other value of Any).
    static func conforms(_ v: FeelValue, to type: TypeSpec) -> Bool {
        if v.isNull { return false }
        switch type {
        case .named(let n):
            switch n {
            case "Any": return true
            case "years and months duration", "days and time duration", "string", "number", "boolean", "date",
                "time", "date and time", "context", "function", "list", "range":
                return v.typeName == n
            default: return false
            }
        case .list(let item):
            guard case .list(let items) = v else { return false }
            return items.allSatisfy { $0.isNull || conforms($0, to: item) }
        case .range(let t):
            guard case .range(let r) = v else { return false }
            return [r.low, r.high].allSatisfy { $0.isNull || conforms($0, to: t) }
        case .context(let fields):
            guard case .context(let c) = v else { return false }
            return fields.allSatisfy { f in c[f.0].map { $0.isNull || conforms($0, to: f.1) } ?? false }
        case .function(let params, _):
            guard case .function(let f) = v else { return false }
            return f.parameters.count == params.count || f.variadic
        }
    }

    /// A list of positive unary tests: true when any of them matches.
    static func compileTests(_ tests: [UnaryTest]) -> TestEvaluator {
        let compiled = tests.map(compileTest)
        if compiled.count == 1 { return compiled[0] }
        return { v, scope throws(FeelError) in
            for t in compiled where try t(v, scope) { return true }
            return false
        }
    }

    static func compileTest(_ test: UnaryTest) -> TestEvaluator {
        switch test {
        case .any:
            return { _, _ in true }
        case .not(let inner):
            let t = compileTests(inner)
            return { v, scope throws(FeelError) in !(try t(v, scope)) }
        case .compare(let op, let e):
            if case .literal(let endpoint) = e {
                // The common case, folded: a constant endpoint, compared without a lookup.
                if case .number(let limit) = endpoint {
                    switch op {
                    case .less:
                        return { v, _ in
                            if case .number(let n) = v { return n < limit }
                            return false
                        }
                    case .lessOrEqual:
                        return { v, _ in
                            if case .number(let n) = v { return n <= limit }
                            return false
                        }
                    case .greater:
                        return { v, _ in
                            if case .number(let n) = v { return n > limit }
                            return false
                        }
                    case .greaterOrEqual:
                        return { v, _ in
                            if case .number(let n) = v { return n >= limit }
                            return false
                        }
                    default: break
                    }
                }
                return { v, _ in binary(op, v, endpoint) == .bool(true) }
            }
            let c = compile(e)
            return { v, scope throws(FeelError) in binary(op, v, try c(scope)) == .bool(true) }
        case .interval(let lowOpen, let lo, let hi, let highOpen):
            if case .literal(.number(let l)) = lo, case .literal(.number(let h)) = hi {
                return { v, _ in
                    guard case .number(let n) = v else { return false }
                    return (lowOpen ? n > l : n >= l) && (highOpen ? n < h : n <= h)
                }
            }
            let l = compile(lo)
            let h = compile(hi)
            return { v, scope throws(FeelError) in
                let a = binary(lowOpen ? .greater : .greaterOrEqual, v, try l(scope))
                let b = binary(highOpen ? .less : .lessOrEqual, v, try h(scope))
                return a == .bool(true) && b == .bool(true)
            }
        case .equals(let e):
            if case .literal(let constant) = e {
                return { v, _ in v == constant || (constant.isNull && v.isNull) }
            }
            let usesInput = mentionsQuestionMark(e)
            let c = compile(e)
            return { v, scope throws(FeelError) in
                let r = try c(usesInput ? EvalScope(["?": v], parent: scope) : scope)
                if usesInput, case .bool(let b) = r { return b }
                if case .range(let range) = r { return contains(range, v) == true }
                if case .list(let items) = r, !isList(v) || items.contains(where: isList) {
                    return items.contains { item in
                        if case .range(let range) = item { return contains(range, v) == true }
                        return equal(v, item) == .bool(true)
                    }
                }
                return binary(.equal, v, r) == .bool(true)
            }
        }
    }

    /// The fast path for a number compared with constant endpoints, as plain data for the
    /// decision-table scan (no closure call, no reference counting per rule). Decimal
    /// comparison is exact but slow (Foundation's Decimal); rounding a decimal to a Double is
    /// monotonic, so a Double clearly away from the ends decides the test exactly.
    static func fastRange(_ tests: [UnaryTest]) -> FastRange? {
        guard tests.count == 1 else { return nil }
        func d(_ e: Decimal) -> Double? {
            let v = NSDecimalNumber(decimal: e).doubleValue
            return v.isFinite ? v : nil
        }
        switch tests[0] {
        case .compare(let op, .literal(.number(let e))):
            guard let v = d(e) else { return nil }
            switch op {
            case .less, .lessOrEqual: return FastRange(lo: -.infinity, hi: v)
            case .greater, .greaterOrEqual: return FastRange(lo: v, hi: .infinity)
            default: return nil
            }
        case .interval(_, .literal(.number(let lo)), .literal(.number(let hi)), _):
            guard let l = d(lo), let h = d(hi) else { return nil }
            return FastRange(lo: l, hi: h)
        default:
            return nil
        }
    }

    static func isList(_ v: FeelValue) -> Bool { if case .list = v { true } else { false } }

    static func mentionsQuestionMark(_ e: Expr) -> Bool {
        switch e {
        case .name(let n): return n == "?"
        case .literal: return false
        case .path(let b, _), .negate(let b), .instanceOf(let b, _), .function(_, let b):
            return mentionsQuestionMark(b)
        case .range(_, let a, let b, _):
            return (a.map(mentionsQuestionMark) ?? false) || (b.map(mentionsQuestionMark) ?? false)
        case .forLoop(let cs, let b), .quantified(_, let cs, let b):
            return mentionsQuestionMark(b) || cs.contains { mentionsQuestionMark($0.1) }
        case .boxedContext(let es, let r): return mentionsQuestionMark(r) || es.contains { mentionsQuestionMark($0.1) }
        case .compiled: return false
        case .call(let c, let args, _): return mentionsQuestionMark(c) || args.contains(where: mentionsQuestionMark)
        case .filter(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            return mentionsQuestionMark(a) || mentionsQuestionMark(b)
        case .ifThenElse(let a, let b, let c), .between(let a, let b, let c):
            return mentionsQuestionMark(a) || mentionsQuestionMark(b) || mentionsQuestionMark(c)
        case .inTests(let a, _): return mentionsQuestionMark(a)
        case .list(let xs): return xs.contains(where: mentionsQuestionMark)
        case .context(let es): return es.contains { mentionsQuestionMark($0.1) }
        }
    }

    /// Why a built-in gave null: the number of arguments, or what they were.
    static func nullReason(_ f: FeelFunction, _ args: [FeelValue], names: [String]?) -> String {
        let signature = "\(f.name)(\(f.parameters.joined(separator: ", ")))"
        if let names, let bad = names.first(where: { !f.parameters.contains($0) && f.aliases[$0] == nil }) {
            return "\(f.name) is null: it has no parameter '\(bad)' (\(signature))"
        }
        if !f.variadic && args.count != f.parameters.count {
            return
                "\(f.name) is null: it takes \(f.parameters.count) argument\(f.parameters.count == 1 ? "" : "s"), \(signature), and was given \(args.count)"
        }
        return
            "\(f.name) is null for (\(args.map(\.description).joined(separator: ", "))): \(signature) gives no value for these"
    }

    /// Calls a function; named arguments are put in the order of its parameters (a name it
    /// does not have gives null, as the spec says for a bad invocation). Trailing parameters
    /// not named are left out, so optional ones stay optional.
    static func invoke(_ f: FeelFunction, _ args: [FeelValue], names: [String]?) throws(FeelError) -> FeelValue {
        guard let names else { return try f.call(args) }
        var ordered = [FeelValue?](repeating: nil, count: max(f.parameters.count, (f.aliases.values.max() ?? -1) + 1))
        for (n, v) in zip(names, args) {
            guard let i = f.parameters.firstIndex(of: n) ?? f.aliases[n], ordered[i] == nil else { return .null }
            ordered[i] = v
        }
        while let last = ordered.last, last == nil { ordered.removeLast() }
        return try f.call(ordered.map { $0 ?? .null })
    }

    static func path(_ base: FeelValue, _ key: String) -> FeelValue {
        func n(_ i: Int) -> FeelValue { .number(Decimal(i)) }
        func timeProperty(_ t: FeelTime) -> FeelValue {
            let whole = NSDecimalNumber(decimal: t.seconds).intValue
            switch key {
            case "hour": return n(whole / 3600)
            case "minute": return n(whole % 3600 / 60)
            case "second": return .number(t.seconds - Decimal(whole - whole % 60))
            case "time offset": return t.offset.map { .duration(.daysTime(seconds: Decimal($0))) } ?? .null
            case "timezone": return t.zone.map { .string($0) } ?? .null
            default: return .null
            }
        }
        switch base {
        case .context(let c): return c[key] ?? .null
        case .list(let items): return .list(items.map { path($0, key) })
        case .date(let d):
            switch key {
            case "year": return n(d.year)
            case "month": return n(d.month)
            case "day": return n(d.day)
            case "weekday": return n(Builtins.isoWeekday(d))
            default: return .null
            }
        case .dateTime(let dt):
            switch key {
            case "year", "month", "day", "weekday": return path(.date(dt.date), key)
            case "time offset":
                return dt.offset.map { .duration(.daysTime(seconds: Decimal($0))) } ?? .null
            default: return timeProperty(dt.time)
            }
        case .time(let t): return timeProperty(t)
        case .duration(.yearsMonths(let m)):
            switch key {
            case "years": return n(m / 12)
            case "months": return n(m % 12)
            default: return .null
            }
        case .duration(.daysTime(let s)):
            let whole = NSDecimalNumber(decimal: s).intValue
            switch key {
            case "days": return n(whole / 86400)
            case "hours": return n(whole % 86400 / 3600)
            case "minutes": return n(whole % 3600 / 60)
            case "seconds": return n(whole % 60)
            default: return .null
            }
        case .range(let r):
            switch key {
            case "start": return r.low
            case "end": return r.high
            case "start included": return .bool(r.lowClosed)
            case "end included": return .bool(r.highClosed)
            default: return .null
            }
        default: return .null
        }
    }

    static func and3(_ a: FeelValue, _ b: FeelValue) -> FeelValue {
        if a == .bool(false) || b == .bool(false) { return .bool(false) }
        if a == .bool(true) && b == .bool(true) { return .bool(true) }
        return .null
    }

    /// Arithmetic and comparison with FEEL's rules: null in, null out; mismatched types give null.
    static func binary(_ op: BinaryOperator, _ a: FeelValue, _ b: FeelValue) -> FeelValue {
        switch op {
        case .equal: return equal(a, b)
        case .notEqual:
            let e = equal(a, b)
            if case .bool(let x) = e { return .bool(!x) }
            return .null
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let c = compare(a, b) else { return .null }
            switch op {
            case .less: return .bool(c < 0)
            case .lessOrEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .add, .subtract, .multiply, .divide, .power:
            return arithmetic(op, a, b)
        }
    }

    static func equal(_ a: FeelValue, _ b: FeelValue) -> FeelValue {
        switch (a, b) {
        case (.null, .null): return .bool(true)
        case (.null, _), (_, .null): return .bool(false)
        case (.number(let x), .number(let y)): return .bool(x == y)
        case (.string(let x), .string(let y)): return .bool(x == y)
        case (.bool(let x), .bool(let y)): return .bool(x == y)
        case (.date(let x), .date(let y)): return .bool(x == y)
        case (.dateTime(let x), .dateTime(let y)): return .bool(x.instant == y.instant)
        case (.duration, .duration): return compare(a, b).map { .bool($0 == 0) } ?? .null
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return .bool(false) }
            for (p, q) in zip(x, y) where equal(p, q) != .bool(true) { return .bool(false) }
            return .bool(true)
        case (.context(let x), .context(let y)):
            guard x.entries.count == y.entries.count else { return .bool(false) }
            for (k, v) in x.entries {
                guard let w = y[k], equal(v, w) == .bool(true) else { return .bool(false) }
            }
            return .bool(true)
        case (.time(let x), .time(let y)):
            // A time with an offset and one without are never equal.
            guard (x.offset == nil && x.zone == nil) == (y.offset == nil && y.zone == nil) else { return .bool(false) }
            return .bool(x.utcSeconds == y.utcSeconds)
        case (.range(let x), .range(let y)):
            return .bool(
                x.lowClosed == y.lowClosed && x.highClosed == y.highClosed
                    && equal(x.low, y.low) == .bool(true) && equal(x.high, y.high) == .bool(true))
        case (.function(let x), .function(let y)): return .bool(x === y)
        default: return .null
        }
    }

    /// Whether a range holds a value (nil when they cannot be compared).
    static func contains(_ r: FeelRange, _ v: FeelValue) -> Bool? {
        if !r.low.isNull {
            guard let c = compare(v, r.low) else { return nil }
            if c < 0 || (c == 0 && !r.lowClosed) { return false }
        }
        if !r.high.isNull {
            guard let c = compare(v, r.high) else { return nil }
            if c > 0 || (c == 0 && !r.highClosed) { return false }
        }
        return true
    }

    static func compare(_ a: FeelValue, _ b: FeelValue) -> Int? {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (a, b) {
        case (.number(let x), .number(let y)): return cmp(x, y)
        case (.string(let x), .string(let y)): return cmp(x, y)
        case (.date(let x), .date(let y)): return cmp(x, y)
        case (.dateTime(let x), .dateTime(let y)): return cmp(x.instant, y.instant)
        case (.time(let x), .time(let y)):
            guard (x.offset == nil && x.zone == nil) == (y.offset == nil && y.zone == nil) else { return nil }
            return cmp(x.utcSeconds, y.utcSeconds)
        case (.duration(.daysTime(let x)), .duration(.daysTime(let y))): return cmp(x, y)
        case (.duration(.yearsMonths(let x)), .duration(.yearsMonths(let y))): return cmp(x, y)
        default: return nil
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ a: FeelValue, _ b: FeelValue) -> FeelValue {
        switch (op, a, b) {
        case (_, .null, _), (_, _, .null): return .null
        case (.add, .number(let x), .number(let y)): return .number(x + y)
        case (.subtract, .number(let x), .number(let y)): return .number(x - y)
        case (.multiply, .number(let x), .number(let y)): return .number(x * y)
        case (.divide, .number(let x), .number(let y)):
            guard y != 0 else { return .null }
            return .number(x / y)
        case (.power, .number(let x), .number(let y)): return power(x, y)
        case (.add, .string(let x), .string(let y)): return .string(x + y)
        case (.add, .date(let d), .duration(let du)), (.add, .duration(let du), .date(let d)):
            return .date(shift(d, du, 1))
        case (.subtract, .date(let d), .duration(let du)): return .date(shift(d, du, -1))
        case (.subtract, .date(let x), .date(let y)):
            return .duration(.daysTime(seconds: Decimal((x.epochDay - y.epochDay) * 86400)))
        case (.subtract, .dateTime(let x), .dateTime(let y)):
            return .duration(.daysTime(seconds: x.instant - y.instant))
        case (.add, .duration(.daysTime(let x)), .duration(.daysTime(let y))):
            return .duration(.daysTime(seconds: x + y))
        case (.subtract, .duration(.daysTime(let x)), .duration(.daysTime(let y))):
            return .duration(.daysTime(seconds: x - y))
        case (.add, .duration(.yearsMonths(let x)), .duration(.yearsMonths(let y))):
            return .duration(.yearsMonths(months: x + y))
        case (.subtract, .duration(.yearsMonths(let x)), .duration(.yearsMonths(let y))):
            return .duration(.yearsMonths(months: x - y))
        case (.multiply, .duration(.daysTime(let s)), .number(let n)),
            (.multiply, .number(let n), .duration(.daysTime(let s))):
            return .duration(.daysTime(seconds: s * n))
        case (.divide, .duration(.daysTime(let s)), .number(let n)):
            return n == 0 ? .null : .duration(.daysTime(seconds: s / n))
        case (.multiply, .duration(.yearsMonths(let m)), .number(let n)),
            (.multiply, .number(let n), .duration(.yearsMonths(let m))):
            return .duration(.yearsMonths(months: Builtins.truncate(Decimal(m) * n)))
        case (.divide, .duration(.yearsMonths(let m)), .number(let n)):
            return n == 0 ? .null : .duration(.yearsMonths(months: Builtins.truncate(Decimal(m) / n)))
        case (.divide, .duration(.daysTime(let x)), .duration(.daysTime(let y))):
            return y == 0 ? .null : .number(x / y)
        case (.divide, .duration(.yearsMonths(let x)), .duration(.yearsMonths(let y))):
            return y == 0 ? .null : .number(Decimal(x) / Decimal(y))
        // Times: plus or minus a days-and-time duration wraps around the day; two times give
        // the duration between them.
        case (.add, .time(let t), .duration(.daysTime(let s))), (.add, .duration(.daysTime(let s)), .time(let t)):
            return .time(wrap(t, s))
        case (.subtract, .time(let t), .duration(.daysTime(let s))): return .time(wrap(t, -s))
        case (.subtract, .time(let x), .time(let y)):
            guard (x.offset == nil && x.zone == nil) == (y.offset == nil && y.zone == nil) else { return .null }
            return .duration(.daysTime(seconds: x.utcSeconds - y.utcSeconds))
        // Dates and times with durations.
        case (.add, .dateTime(let t), .duration(let d)), (.add, .duration(let d), .dateTime(let t)):
            return .dateTime(shift(t, d, 1))
        case (.subtract, .dateTime(let t), .duration(let d)): return .dateTime(shift(t, d, -1))
        case (.subtract, .date(let x), .dateTime(let y)):
            return arithmetic(.subtract, .dateTime(midnight(x, like: y)), .dateTime(y))
        case (.subtract, .dateTime(let x), .date(let y)):
            return arithmetic(.subtract, .dateTime(x), .dateTime(midnight(y, like: x)))
        default: return .null
        }
    }

    /// A date at midnight UTC, the other operand's way (FEEL: a date is midnight UTC, except
    /// beside a local date and time, where it is local too).
    static func midnight(_ d: FeelDate, like other: FeelDateTime) -> FeelDateTime {
        FeelDateTime(date: d, time: FeelTime(seconds: 0, offset: other.offset == nil && other.zone == nil ? nil : 0))
    }

    static func wrap(_ t: FeelTime, _ s: Decimal) -> FeelTime {
        var x = (t.seconds + s)
        let day = Decimal(86400)
        let n = Builtins.floor(x / day)
        x -= n * day
        return FeelTime(seconds: x, offset: t.offset, zone: t.zone)
    }

    static func shift(_ t: FeelDateTime, _ du: FeelDuration, _ sign: Int) -> FeelDateTime {
        switch du {
        case .yearsMonths:
            return FeelDateTime(date: shift(t.date, du, sign), time: t.time)
        case .daysTime(let s):
            let total = Decimal(t.date.epochDay) * 86400 + t.seconds + (sign < 0 ? -s : s)
            let days = Builtins.floor(total / 86400)
            return FeelDateTime(
                date: .fromEpochDay(NSDecimalNumber(decimal: days).intValue),
                time: FeelTime(seconds: total - days * 86400, offset: t.offset, zone: t.zone))
        }
    }

    static func shift(_ d: FeelDate, _ du: FeelDuration, _ sign: Int) -> FeelDate {
        switch du {
        case .daysTime(let s):
            let days = Builtins.floor((sign < 0 ? -s : s) / 86400)
            return .fromEpochDay(d.epochDay + NSDecimalNumber(decimal: days).intValue)
        case .yearsMonths(let m):
            let total = d.year * 12 + (d.month - 1) + sign * m
            let y = total >= 0 ? total / 12 : (total - 11) / 12
            let mo = total - y * 12 + 1
            var day = d.day
            while FeelDate(year: y, month: mo, day: day) == nil { day -= 1 }
            return FeelDate(year: y, month: mo, day: day)!
        }
    }

    /// `x ** y`: exact for integer exponents (negative ones via the reciprocal), through
    /// Double otherwise.
    static func power(_ x: Decimal, _ y: Decimal) -> FeelValue {
        var yy = y
        var rounded = Decimal()
        NSDecimalRound(&rounded, &yy, 0, .plain)
        if rounded == y, abs(y) <= 10_000 {
            let n = NSDecimalNumber(decimal: y).intValue
            if n >= 0 { return .number(pow(x, n)) }
            let p = pow(x, -n)
            return p == 0 ? .null : .number(1 / p)
        }
        let r = Foundation.pow(NSDecimalNumber(decimal: x).doubleValue, NSDecimalNumber(decimal: y).doubleValue)
        return r.isFinite ? .number(Decimal(r)) : .null
    }
}
