import Foundation

/// A FEEL error: a parse error, a type error, or an unsupported construct. The message
/// says what and where; the DMN loader adds the file, decision, rule and column.
public struct FeelError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "**"
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// The syntax tree of a FEEL expression.
indirect enum Expr: Sendable {
    case literal(FeelValue)
    case name(String)
    case path(Expr, String)
    case call(Expr, [Expr], names: [String]?)
    case filter(Expr, Expr)
    case negate(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case ifThenElse(Expr, Expr, Expr)
    case between(Expr, Expr, Expr)
    case inTests(Expr, [UnaryTest])
    case list([Expr])
    case context([(String, Expr)])
    case instanceOf(Expr, TypeSpec)
    /// A range as a value: `[1..10)`, `(< 5)`; a nil end is unbounded.
    case range(lowClosed: Bool, Expr?, Expr?, highClosed: Bool)
    /// `function(a, b) body`.
    case function([String], Expr)
    /// `for a in x, b in y return e`; an iteration context is a list or `from..to`.
    case forLoop([(String, Expr, Expr?)], Expr)
    /// `some`/`every` `a in x, b in y satisfies e`.
    case quantified(every: Bool, [(String, Expr, Expr?)], Expr)
    /// A boxed context with a result entry: the entries in scope of the result.
    case boxedContext([(String, Expr)], result: Expr)
    /// Something compiled already (a decision table inside a boxed expression).
    case compiled(@Sendable (EvalScope) throws(FeelError) -> FeelValue)
}

/// A FEEL type, as `instance of` and typed parameters write it.
indirect enum TypeSpec: Sendable, CustomStringConvertible {
    case named(String)
    case list(TypeSpec)
    case range(TypeSpec)
    case context([(String, TypeSpec)])
    case function([TypeSpec], TypeSpec)

    var description: String {
        switch self {
        case .named(let n): n
        case .list(let t): "list<\(t)>"
        case .range(let t): "range<\(t)>"
        case .context(let fs): "context<" + fs.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + ">"
        case .function(let ps, let r): "function<" + ps.map(\.description).joined(separator: ", ") + "> -> \(r)"
        }
    }
}

/// One positive unary test of a decision-table input entry (or the right side of `in`).
indirect enum UnaryTest: Sendable {
    case any
    case compare(BinaryOperator, Expr)
    case interval(lowOpen: Bool, Expr, Expr, highOpen: Bool)
    case equals(Expr)
    case not([UnaryTest])
}

struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable { case number, string, name, symbol, end }
    var kind: Kind
    var text: String
    var offset: Int
}

/// Splits FEEL text into tokens. FEEL names may contain spaces ("Monthly Salary"), so
/// the names in scope are matched first, longest first.
struct Lexer {
    static let symbols = [
        "**", "..", "<=", ">=", "!=", "(", ")", "[", "]", "{", "}", ",", ".", ":", "+", "-", "*", "/", "=", "<", ">",
        "?", "@",
    ]

    static func tokenize(_ text: String, knownNames: [String]) throws(FeelError) -> [Token] {
        let chars = Array(text)
        let names = knownNames.filter { $0.contains(" ") || $0.contains("-") || $0.contains("'") }.sorted {
            $0.count > $1.count
        }.map { Array($0) }
        var tokens: [Token] = []
        var i = 0
        // FEEL's name characters: letters (any script), digits after the first, `_`, `?`, and
        // the symbols of other scripts (an emoji is a name character in FEEL's grammar).
        func isNameStart(_ c: Character) -> Bool {
            c.isLetter || c == "_" || c == "?" || (!c.isASCII && !c.isWhitespace && !c.isPunctuation)
        }
        func isNamePart(_ c: Character) -> Bool { isNameStart(c) || c.isNumber || c == "'" }
        outer: while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
                continue
            }
            if c == "/" && i + 1 < chars.count && chars[i + 1] == "/" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "/" && i + 1 < chars.count && chars[i + 1] == "*" {
                // A block comment, to its end.
                var j = i + 2
                while j + 1 < chars.count && !(chars[j] == "*" && chars[j + 1] == "/") { j += 1 }
                guard j + 1 < chars.count else { throw FeelError("unterminated comment starting at offset \(i)") }
                i = j + 2
                continue
            }
            if c.isNumber
                || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber
                    && !(tokens.last.map { $0.kind == .number || $0.kind == .name || $0.text == ")" } ?? false))
            {
                var j = i
                while j < chars.count && chars[j].isNumber { j += 1 }
                if j < chars.count && chars[j] == "." && j + 1 < chars.count && chars[j + 1].isNumber {
                    j += 1
                    while j < chars.count && chars[j].isNumber { j += 1 }
                }
                // An exponent: 1.23e4, 5E-2.
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    if k < chars.count, chars[k].isNumber {
                        while k < chars.count && chars[k].isNumber { k += 1 }
                        j = k
                    }
                }
                tokens.append(Token(kind: .number, text: String(chars[i..<j]), offset: i))
                i = j
                continue
            }
            if c == "\"" {
                var j = i + 1
                var s = ""
                while j < chars.count && chars[j] != "\"" {
                    if chars[j] == "\\" && j + 1 < chars.count {
                        j += 1
                        switch chars[j] {
                        case "n": s.append("\n")
                        case "t": s.append("\t")
                        case "r": s.append("\r")
                        case "u", "U":
                            // \uXXXX (a surrogate pair as two), or \UXXXXXX.
                            let width = chars[j] == "U" ? 6 : 4
                            let hex = String(chars[(j + 1)..<min(j + 1 + width, chars.count)])
                            guard hex.count == width, var v = UInt32(hex, radix: 16) else {
                                throw FeelError("bad \\u escape at offset \(j)")
                            }
                            j += width
                            if (0xD800...0xDBFF).contains(v), j + 6 < chars.count + 0, chars[j + 1] == "\\",
                                chars[j + 2] == "u",
                                let low = UInt32(String(chars[(j + 3)..<min(j + 7, chars.count)]), radix: 16),
                                (0xDC00...0xDFFF).contains(low)
                            {
                                v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                                j += 6
                            }
                            guard let u = Unicode.Scalar(v) else { throw FeelError("bad \\u escape at offset \(j)") }
                            s.unicodeScalars.append(u)
                        default: s.append(chars[j])
                        }
                    } else {
                        s.append(chars[j])
                    }
                    j += 1
                }
                guard j < chars.count else { throw FeelError("unterminated string starting at offset \(i)") }
                tokens.append(Token(kind: .string, text: s, offset: i))
                i = j + 1
                continue
            }
            if isNameStart(c) {
                for n in names where i + n.count <= chars.count && Array(chars[i..<(i + n.count)]) == n {
                    if i + n.count == chars.count || !isNamePart(chars[i + n.count]) {
                        tokens.append(Token(kind: .name, text: String(n), offset: i))
                        i += n.count
                        continue outer
                    }
                }
                var j = i
                while j < chars.count && isNamePart(chars[j]) { j += 1 }
                tokens.append(Token(kind: .name, text: String(chars[i..<j]), offset: i))
                i = j
                continue
            }
            for s in symbols where i + s.count <= chars.count && String(chars[i..<(i + s.count)]) == s {
                tokens.append(Token(kind: .symbol, text: s, offset: i))
                i += s.count
                continue outer
            }
            throw FeelError("unexpected character '\(c)' at offset \(i)")
        }
        tokens.append(Token(kind: .end, text: "", offset: chars.count))
        return tokens
    }
}

/// A recursive-descent parser for the FEEL the DMN compliance levels 1–2 use, plus lists,
/// contexts, `if`, `in`, `between` and `instance of`.
struct Parser {
    var tokens: [Token]
    var pos = 0
    let source: String
    /// While parsing a range's high end: `[` closes the range (`[1..10[`), it is no filter.
    var inRangeEnd = false

    /// The built-ins whose names have spaces (the lexer must see each as one name).
    static let builtinNames = [
        "date and time", "years and months duration", "string length", "upper case", "lower case",
        "starts with", "ends with", "substring before", "substring after", "list contains",
        "days and time duration", "insert before", "index of", "distinct values", "day of week",
        "month of year", "week of year", "day of year", "round up", "round down", "round half up",
        "round half down", "context put", "context merge", "string join", "list replace", "get value",
        "get entries", "time offset", "met by", "overlaps before", "overlaps after", "finished by", "started by",
        "start included", "end included",
    ]

    init(_ text: String, knownNames: [String]) throws(FeelError) {
        tokens = try Lexer.tokenize(text, knownNames: knownNames + Self.builtinNames)
        source = text
    }

    static func expression(_ text: String, knownNames: [String]) throws(FeelError) -> Expr {
        var p = try Parser(text, knownNames: knownNames)
        let e = try p.parseExpression()
        try p.expectEnd()
        return e
    }

    static func unaryTests(_ text: String, knownNames: [String]) throws(FeelError) -> [UnaryTest] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "-" { return [.any] }
        var p = try Parser(trimmed, knownNames: knownNames)
        let tests: [UnaryTest]
        if p.peek.text == "not" && p.peek.kind == .name && p.tokens[p.pos + 1].text == "(" {
            // not(…) as a whole entry negates the tests inside; not(x) followed by more is an expression.
            let save = p.pos
            p.pos += 2
            if let inner = try? p.parsePositiveUnaryTests(), p.peek.text == ")", p.tokens[p.pos + 1].kind == .end {
                p.pos += 1
                tests = [.not(inner)]
            } else {
                p.pos = save
                tests = try p.parsePositiveUnaryTests()
            }
        } else {
            tests = try p.parsePositiveUnaryTests()
        }
        try p.expectEnd()
        return tests
    }

    var peek: Token { tokens[pos] }

    mutating func advance() -> Token {
        defer { pos += 1 }
        return tokens[pos]
    }

    func error(_ what: String) -> FeelError {
        FeelError("\(what) at offset \(peek.offset) in «\(source)»")
    }

    mutating func expect(_ symbol: String) throws(FeelError) {
        guard peek.text == symbol, peek.kind == .symbol || peek.kind == .name else {
            throw error("expected '\(symbol)'")
        }
        pos += 1
    }

    func expectEnd() throws(FeelError) {
        guard peek.kind == .end else { throw error("unexpected '\(peek.text)'") }
    }

    func isKeyword(_ k: String) -> Bool { peek.kind == .name && peek.text == k }

    mutating func parsePositiveUnaryTests() throws(FeelError) -> [UnaryTest] {
        var tests = [try parsePositiveUnaryTest()]
        while peek.text == "," && peek.kind == .symbol {
            pos += 1
            tests.append(try parsePositiveUnaryTest())
        }
        return tests
    }

    mutating func parsePositiveUnaryTest() throws(FeelError) -> UnaryTest {
        if peek.kind == .symbol, let op = BinaryOperator(rawValue: peek.text),
            [.less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual].contains(op)
        {
            pos += 1
            return .compare(op, try parseAdditive())
        }
        if peek.kind == .symbol, ["[", "(", "]"].contains(peek.text) {
            let save = pos
            let open = advance().text
            if let low = try? parseAdditive(), peek.text == ".." {
                pos += 1
                let high = try parseAdditive()
                guard peek.kind == .symbol, ["]", ")", "["].contains(peek.text) else {
                    throw error("expected the end of an interval")
                }
                let close = advance().text
                return .interval(lowOpen: open != "[", low, high, highOpen: close != "]")
            }
            pos = save
        }
        if peek.kind == .symbol && peek.text == "-" && tokens[pos + 1].kind == .end {
            pos += 1
            return .any
        }
        return .equals(try parseExpression())
    }

    mutating func parseExpression() throws(FeelError) -> Expr {
        if isKeyword("if") {
            pos += 1
            let c = try parseExpression()
            guard isKeyword("then") else { throw error("expected 'then'") }
            pos += 1
            let a = try parseExpression()
            guard isKeyword("else") else { throw error("expected 'else'") }
            pos += 1
            return .ifThenElse(c, a, try parseExpression())
        }
        if isKeyword("for") && !isSymbol(at: pos + 1, "(") {
            pos += 1
            let contexts = try parseIterationContexts()
            guard isKeyword("return") else { throw error("expected 'return'") }
            pos += 1
            return .forLoop(contexts, try parseExpression())
        }
        if (isKeyword("some") || isKeyword("every")) && !isSymbol(at: pos + 1, "(") {
            let every = advance().text == "every"
            let contexts = try parseIterationContexts()
            guard isKeyword("satisfies") else { throw error("expected 'satisfies'") }
            pos += 1
            return .quantified(every: every, contexts, try parseExpression())
        }
        if isKeyword("function") && isSymbol(at: pos + 1, "(") {
            pos += 2
            var params: [String] = []
            if !isSymbol(at: pos, ")") {
                repeat {
                    if !params.isEmpty { pos += 1 }
                    guard peek.kind == .name else { throw error("expected a parameter name") }
                    params.append(advance().text)
                    // A typed parameter: `a: number` (the type is not enforced here).
                    if isSymbol(at: pos, ":") {
                        pos += 1
                        _ = try parseType()
                    }
                } while isSymbol(at: pos, ",")
            }
            try expect(")")
            if isKeyword("external") { throw error("external functions are not supported") }
            return .function(params, try parseExpression())
        }
        return try parseDisjunction()
    }

    func isSymbol(at i: Int, _ s: String) -> Bool {
        i < tokens.count && tokens[i].kind == .symbol && tokens[i].text == s
    }

    /// `a in x, b in 1..3`: names and their lists (or numeric ranges `from..to`).
    mutating func parseIterationContexts() throws(FeelError) -> [(String, Expr, Expr?)] {
        var out: [(String, Expr, Expr?)] = []
        repeat {
            if !out.isEmpty { pos += 1 }
            guard peek.kind == .name else { throw error("expected a name to iterate with") }
            let name = advance().text
            guard isKeyword("in") else { throw error("expected 'in'") }
            pos += 1
            let from = try parseDisjunction()
            var to: Expr?
            if isSymbol(at: pos, "..") {
                pos += 1
                to = try parseDisjunction()
            }
            out.append((name, from, to))
        } while isSymbol(at: pos, ",")
        return out
    }

    /// A type: a name (`number`, `date and time`, an item definition), `list<T>`,
    /// `range<T>`, `context<a: T, …>`, `function<T, …> -> T`.
    mutating func parseType() throws(FeelError) -> TypeSpec {
        guard peek.kind == .name else { throw error("expected a type") }
        let first = advance().text
        switch first {
        case "list",
            "range" where isSymbol(at: pos, "<"):
            pos += 1
            let inner = try parseType()
            try expectClosingAngle()
            return first == "list" ? .list(inner) : .range(inner)
        case "context" where isSymbol(at: pos, "<"):
            pos += 1
            var fields: [(String, TypeSpec)] = []
            if !isSymbol(at: pos, ">") {
                repeat {
                    if !fields.isEmpty { pos += 1 }
                    guard peek.kind == .name || peek.kind == .string else { throw error("expected a field name") }
                    let n = advance().text
                    try expect(":")
                    fields.append((n, try parseType()))
                } while isSymbol(at: pos, ",")
            }
            try expectClosingAngle()
            return .context(fields)
        case "function" where isSymbol(at: pos, "<"):
            pos += 1
            var params: [TypeSpec] = []
            if !isSymbol(at: pos, ">") {
                repeat {
                    if !params.isEmpty { pos += 1 }
                    params.append(try parseType())
                } while isSymbol(at: pos, ",")
            }
            try expectClosingAngle()
            guard isSymbol(at: pos, "-"), isSymbol(at: pos + 1, ">") else { throw error("expected '->'") }
            pos += 2
            return .function(params, try parseType())
        default:
            // Multi-word names (`date and time`) come as one token (they are built-in names);
            // a qualified name (`import.tType`) as parts.
            var name = first
            while isSymbol(at: pos, "."), pos + 1 < tokens.count, tokens[pos + 1].kind == .name {
                pos += 1
                name += "." + advance().text
            }
            return .named(name)
        }
    }

    /// The `>` closing a type's parameters (`>=` when followed by `=`, is not one).
    mutating func expectClosingAngle() throws(FeelError) {
        guard isSymbol(at: pos, ">") else { throw error("expected '>'") }
        pos += 1
    }

    mutating func parseDisjunction() throws(FeelError) -> Expr {
        var e = try parseConjunction()
        while isKeyword("or") {
            pos += 1
            e = .or(e, try parseConjunction())
        }
        return e
    }

    mutating func parseConjunction() throws(FeelError) -> Expr {
        var e = try parseComparison()
        while isKeyword("and") {
            pos += 1
            e = .and(e, try parseComparison())
        }
        return e
    }

    mutating func parseComparison() throws(FeelError) -> Expr {
        let left = try parseAdditive()
        if peek.kind == .symbol, let op = BinaryOperator(rawValue: peek.text),
            [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op)
        {
            pos += 1
            return .binary(op, left, try parseAdditive())
        }
        if isKeyword("between") {
            pos += 1
            let low = try parseAdditive()
            guard isKeyword("and") else { throw error("expected 'and' in between") }
            pos += 1
            return .between(left, low, try parseAdditive())
        }
        if isKeyword("in") {
            pos += 1
            if peek.text == "(" && peek.kind == .symbol {
                // `x in (1, 2, 3)` or `x in (1..5)`: a parenthesised list of tests
                let save = pos
                pos += 1
                if let tests = try? parsePositiveUnaryTests(), peek.text == ")" {
                    pos += 1
                    return .inTests(left, tests)
                }
                pos = save
            }
            return .inTests(left, [try parsePositiveUnaryTest()])
        }
        if isKeyword("instance") {
            pos += 1
            guard isKeyword("of") else { throw error("expected 'of'") }
            pos += 1
            return .instanceOf(left, try parseType())
        }
        return left
    }

    mutating func parseAdditive() throws(FeelError) -> Expr {
        var e = try parseMultiplicative()
        while peek.kind == .symbol && (peek.text == "+" || peek.text == "-") {
            let op = advance().text
            e = .binary(op == "+" ? .add : .subtract, e, try parseMultiplicative())
        }
        return e
    }

    mutating func parseMultiplicative() throws(FeelError) -> Expr {
        var e = try parsePower()
        while peek.kind == .symbol && (peek.text == "*" || peek.text == "/") {
            let op = advance().text
            e = .binary(op == "*" ? .multiply : .divide, e, try parsePower())
        }
        return e
    }

    mutating func parsePower() throws(FeelError) -> Expr {
        var e = try parseUnary()
        while peek.kind == .symbol && peek.text == "**" {
            pos += 1
            e = .binary(.power, e, try parseUnary())
        }
        return e
    }

    mutating func parseUnary() throws(FeelError) -> Expr {
        if peek.kind == .symbol && peek.text == "-" {
            pos += 1
            let inner = try parseUnary()
            if case .literal(.number(let n)) = inner { return .literal(.number(-n)) }
            return .negate(inner)
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(FeelError) -> Expr {
        var e = try parsePrimary()
        while true {
            if peek.kind == .symbol && peek.text == "." {
                pos += 1
                guard peek.kind == .name else { throw error("expected a name after '.'") }
                e = .path(e, advance().text)
            } else if peek.kind == .symbol && peek.text == "(" {
                pos += 1
                var args: [Expr] = []
                var names: [String] = []
                if !(peek.kind == .symbol && peek.text == ")") {
                    repeat {
                        if args.count > 0 || !names.isEmpty { pos += 1 }
                        if peek.kind == .name && tokens[pos + 1].text == ":" && tokens[pos + 1].kind == .symbol {
                            names.append(advance().text)
                            pos += 1
                        }
                        args.append(try parseExpression())
                    } while peek.kind == .symbol && peek.text == ","
                }
                try expect(")")
                guard names.isEmpty || names.count == args.count else {
                    throw error("mix of named and positional arguments")
                }
                e = .call(e, args, names: names.isEmpty ? nil : names)
            } else if peek.kind == .symbol && peek.text == "[" && !inRangeEnd {
                pos += 1
                let outer = inRangeEnd
                inRangeEnd = false
                defer { inRangeEnd = outer }
                let f = try parseExpression()
                try expect("]")
                e = .filter(e, f)
            } else {
                return e
            }
        }
    }

    /// After `[low` or `(low`: `..high` and the closing `]`, `)` or `[`.
    mutating func finishRange(lowClosed: Bool, _ low: Expr) throws(FeelError) -> Expr {
        try expect("..")
        let outer = inRangeEnd
        inRangeEnd = true
        let high = try parseExpression()
        inRangeEnd = outer
        guard peek.kind == .symbol, ["]", ")", "["].contains(peek.text) else {
            throw error("expected the end of a range")
        }
        let close = advance().text
        func bound(_ e: Expr) -> Expr? { if case .literal(.null) = e { nil } else { e } }
        return .range(lowClosed: lowClosed, bound(low), bound(high), highClosed: close == "]")
    }

    mutating func parsePrimary() throws(FeelError) -> Expr {
        let t = peek
        // Inside brackets of its own, an expression may use filters again.
        let outer = inRangeEnd
        if t.kind == .symbol, ["(", "[", "{"].contains(t.text) { inRangeEnd = false }
        defer { inRangeEnd = outer }
        switch t.kind {
        case .number:
            pos += 1
            guard
                let d = Decimal(
                    string: t.text.hasPrefix(".") ? "0" + t.text : t.text, locale: Locale(identifier: "en_US_POSIX"))
            else {
                throw error("bad number '\(t.text)'")
            }
            return .literal(.number(d))
        case .string:
            pos += 1
            return .literal(.string(t.text))
        case .name:
            switch t.text {
            case "true":
                pos += 1
                return .literal(.bool(true))
            case "false":
                pos += 1
                return .literal(.bool(false))
            case "null":
                pos += 1
                return .literal(.null)
            case "and", "or", "then", "else", "in", "between": throw error("unexpected '\(t.text)'")
            default:
                pos += 1
                return .name(t.text)
            }
        case .symbol:
            switch t.text {
            case "(":
                pos += 1
                // `(< 10)`, `(>= 5)`: a unary comparison as a range value.
                if peek.kind == .symbol, ["<", "<=", ">", ">=", "="].contains(peek.text) {
                    let op = advance().text
                    let end = try parseAdditive()
                    try expect(")")
                    switch op {
                    case "<": return .range(lowClosed: false, nil, end, highClosed: false)
                    case "<=": return .range(lowClosed: false, nil, end, highClosed: true)
                    case ">": return .range(lowClosed: false, end, nil, highClosed: false)
                    case ">=": return .range(lowClosed: true, end, nil, highClosed: false)
                    default: return .range(lowClosed: true, end, end, highClosed: true)
                    }
                }
                let e = try parseExpression()
                if isSymbol(at: pos, "..") { return try finishRange(lowClosed: false, e) }
                try expect(")")
                return e
            case "]":
                // `]1..10]`: an open low end, the other way of writing `(`.
                pos += 1
                return try finishRange(lowClosed: false, try parseExpression())
            case "[":
                pos += 1
                var items: [Expr] = []
                if !(peek.kind == .symbol && peek.text == "]") {
                    let first = try parseExpression()
                    if isSymbol(at: pos, "..") { return try finishRange(lowClosed: true, first) }
                    items.append(first)
                    while peek.kind == .symbol && peek.text == "," {
                        pos += 1
                        items.append(try parseExpression())
                    }
                }
                try expect("]")
                return .list(items)
            case "{":
                pos += 1
                var entries: [(String, Expr)] = []
                if !(peek.kind == .symbol && peek.text == "}") {
                    repeat {
                        if !entries.isEmpty { pos += 1 }
                        guard peek.kind == .name || peek.kind == .string else { throw error("expected a context key") }
                        let key = advance().text
                        try expect(":")
                        entries.append((key, try parseExpression()))
                    } while peek.kind == .symbol && peek.text == ","
                }
                try expect("}")
                return .context(entries)
            case "@":
                pos += 1
                guard peek.kind == .string else { throw error("expected a string after '@'") }
                let s = advance().text
                if let d = FeelDate(iso: s) { return .literal(.date(d)) }
                if let dt = FeelDateTime(iso: s) { return .literal(.dateTime(dt)) }
                if let t = FeelTime(iso: s) { return .literal(.time(t)) }
                if let du = FeelDuration(iso: s) { return .literal(.duration(du)) }
                // An @-literal that is no date, time or duration is null (DMN 1.5 § 10.3.2.3.7).
                return .literal(.null)
            default:
                throw error("unexpected '\(t.text)'")
            }
        case .end:
            throw error("unexpected end of expression")
        }
    }
}
