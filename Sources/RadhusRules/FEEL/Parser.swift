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
    case instanceOf(Expr, String)
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
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" || c == "?" }
        func isNamePart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "?" || c == "'" }
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
                        case "u":
                            let hex = String(chars[(j + 1)..<min(j + 5, chars.count)])
                            guard hex.count == 4, let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) else {
                                throw FeelError("bad \\u escape at offset \(j)")
                            }
                            s.unicodeScalars.append(u)
                            j += 4
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

    static let builtinNames = [
        "date and time", "years and months duration", "string length", "upper case", "lower case",
        "starts with", "ends with", "substring before", "substring after", "list contains",
        "days and time duration", "insert before", "index of", "distinct values", "day of week",
        "month of year", "week of year", "day of year",
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
        for k in ["for", "some", "every", "function"] where isKeyword(k) {
            throw FeelError("unsupported FEEL construct '\(k)' at offset \(peek.offset) in «\(source)»")
        }
        return try parseDisjunction()
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
            var type = advance().text
            while peek.kind == .name && !["and", "or", "then", "else"].contains(peek.text) {
                type += " " + advance().text
            }
            return .instanceOf(left, type)
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
            } else if peek.kind == .symbol && peek.text == "[" {
                pos += 1
                let f = try parseExpression()
                try expect("]")
                e = .filter(e, f)
            } else {
                return e
            }
        }
    }

    mutating func parsePrimary() throws(FeelError) -> Expr {
        let t = peek
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
                let e = try parseExpression()
                try expect(")")
                return e
            case "[":
                pos += 1
                var items: [Expr] = []
                if !(peek.kind == .symbol && peek.text == "]") {
                    items.append(try parseExpression())
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
                if let du = FeelDuration(iso: s) { return .literal(.duration(du)) }
                throw error("'@\"\(s)\"' is not a date, date and time or duration")
            default:
                throw error("unexpected '\(t.text)'")
            }
        case .end:
            throw error("unexpected end of expression")
        }
    }
}
