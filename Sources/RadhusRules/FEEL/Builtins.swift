import Foundation

/// The FEEL built-in functions of DMN 1.5 (chapter 10.3.4), with their parameter names (for
/// named invocation) and their null semantics: a wrong number or kind of argument gives null.
/// A name that is neither a built-in nor in scope is an error at evaluation, never a silent
/// null (`FeelCompiler.compile`).
enum Builtins {
    static func fn(
        _ name: String, _ params: [String], variadic: Bool = false,
        _ body: @escaping @Sendable ([FeelValue]) throws(FeelError) -> FeelValue
    ) -> (String, FeelFunction) {
        (name, FeelFunction(name: name, parameters: params, variadic: variadic, body: body))
    }

    // MARK: Helpers

    /// The items of a list argument, or the arguments themselves (`min(1, 2)` and `min([1, 2])`).
    static func items(_ args: [FeelValue]) -> [FeelValue]? {
        if args.count == 1, case .list(let l) = args[0] { return l }
        return args.isEmpty ? nil : args
    }

    static func numbers(_ args: [FeelValue]) -> [Decimal]? {
        guard let items = items(args) else { return nil }
        var out: [Decimal] = []
        for i in items {
            guard case .number(let n) = i else { return nil }
            out.append(n)
        }
        return out
    }

    static func int(_ v: FeelValue) -> Int? {
        guard case .number(let n) = v, floor(n) == n, abs(n) < 1_000_000_000 else { return nil }
        return NSDecimalNumber(decimal: n).intValue
    }

    static func round(_ n: Decimal, _ scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var x = n
        var r = Decimal()
        NSDecimalRound(&r, &x, scale, mode)
        return r
    }

    static func truncate(_ n: Decimal) -> Int { NSDecimalNumber(decimal: toZero(n, 0)).intValue }

    /// Toward negative infinity at `scale` decimals.
    static func floor(_ n: Decimal, _ scale: Int = 0) -> Decimal {
        let r = round(n, scale, .plain)
        return r > n ? r - pow10(-scale) : r
    }

    static func ceiling(_ n: Decimal, _ scale: Int = 0) -> Decimal {
        let r = round(n, scale, .plain)
        return r < n ? r + pow10(-scale) : r
    }

    static func toZero(_ n: Decimal, _ scale: Int) -> Decimal { n < 0 ? ceiling(n, scale) : floor(n, scale) }
    static func awayFromZero(_ n: Decimal, _ scale: Int) -> Decimal { n < 0 ? floor(n, scale) : ceiling(n, scale) }

    /// Half toward zero: a tie goes toward zero, anything else to the nearest.
    static func halfDown(_ n: Decimal, _ scale: Int) -> Decimal {
        let t = toZero(n, scale)
        let diff = (n - t) * pow10(scale)
        return abs(diff) == Decimal(string: "0.5")! ? t : round(n, scale, .plain)
    }

    static func pow10(_ e: Int) -> Decimal {
        var d = Decimal(1)
        if e >= 0 { for _ in 0..<e { d *= 10 } } else { for _ in 0..<(-e) { d /= 10 } }
        return d
    }

    /// A rounding function `name(n, scale)`.
    static func rounding(_ name: String, _ f: @escaping @Sendable (Decimal, Int) -> Decimal) -> (String, FeelFunction) {
        fn(name, ["n", "scale"]) { a in
            guard a.count == 2, case .number(let n) = a[0], let s = int(a[1]), (-6111...6176).contains(s) else {
                return .null
            }
            return .number(f(n, s))
        }
    }

    static func string(_ v: FeelValue) -> String? {
        switch v {
        case .null: nil
        case .string(let s): s
        case .number(let n): n.feelString
        case .bool(let b): b ? "true" : "false"
        case .date(let d): d.description
        case .dateTime(let d): d.description
        case .time(let t): t.description
        case .duration(let d): d.description
        default: v.description
        }
    }

    static func strings(_ a: [FeelValue], _ count: ClosedRange<Int>) -> [String]? {
        // A last optional argument given as null is as if left out (`matches(x, p, null)`).
        var a = a
        if a.count == count.upperBound, count.lowerBound < count.upperBound, a.last == .null { a.removeLast() }
        guard count.contains(a.count) else { return nil }
        var out: [String] = []
        for v in a {
            guard case .string(let s) = v else { return nil }
            out.append(s)
        }
        return out
    }

    /// ISO weekday, Monday 1 … Sunday 7.
    static func isoWeekday(_ d: FeelDate) -> Int { ((d.epochDay % 7 + 7) % 7 + 3) % 7 + 1 }

    static func dateOf(_ v: FeelValue) -> FeelDate? {
        switch v {
        case .date(let d): d
        case .dateTime(let dt): dt.date
        default: nil
        }
    }

    /// An XML Schema regular expression with XPath flags, as NSRegularExpression (ICU) takes it.
    static func regex(_ pattern: String, _ flags: String) -> NSRegularExpression? {
        var options: NSRegularExpression.Options = []
        for f in flags {
            switch f {
            case "i": options.insert(.caseInsensitive)
            case "s": options.insert(.dotMatchesLineSeparators)
            case "m": options.insert(.anchorsMatchLines)
            case "x": options.insert(.allowCommentsAndWhitespace)
            case "q": options.insert(.ignoreMetacharacters)
            default: return nil
            }
        }
        // XPath forbids back-references to groups not yet closed and some ICU-only syntax;
        // what ICU refuses is refused (null).
        return try? NSRegularExpression(pattern: pattern, options: options)
    }

    static func sqrt(_ n: Decimal) -> Decimal {
        if n == 0 { return 0 }
        var x = Decimal(Foundation.sqrt(NSDecimalNumber(decimal: n).doubleValue))
        for _ in 0..<6 { x = (x + n / x) / 2 }
        return x
    }

    static func stddev(_ ns: [Decimal]) -> Decimal? {
        guard ns.count >= 2 else { return nil }
        let mean = ns.reduce(0, +) / Decimal(ns.count)
        let variance = ns.reduce(Decimal(0)) { $0 + ($1 - mean) * ($1 - mean) } / Decimal(ns.count - 1)
        return sqrt(variance)
    }

    static func comparable(_ items: [FeelValue]) -> Bool {
        guard let first = items.first else { return true }
        return items.allSatisfy { FeelCompiler.compare(first, $0) != nil }
    }

    /// The range of an argument: a range as it is, a point as the range of that point.
    static func asRange(_ v: FeelValue) -> FeelRange? {
        switch v {
        case .null: return nil
        case .range(let r): return r
        case .list, .context, .function: return nil
        default: return FeelRange(low: v, high: v, lowClosed: true, highClosed: true)
        }
    }

    // MARK: The table

    static let table: [String: FeelFunction] = {
        var t = Dictionary(
            uniqueKeysWithValues: conversion + boolean + text + lists + numeric + temporal + ranges + contexts)
        // The other signatures' parameter names.
        let aliases: [(String, [String: Int])] =
            [
                ("date", ["year": 0, "month": 1, "day": 2]), ("date and time", ["date": 0, "time": 1]),
                ("time", ["hour": 0, "minute": 1, "second": 2, "offset": 3]), ("list replace", ["match": 1]),
            ] + ranges.map { ($0.0, ["point": 0, "point1": 0, "point2": 1, "range": 0]) }
        for (name, a) in aliases { t[name] = t[name]?.with(aliases: a) }
        return t
    }()

    static let conversion: [(String, FeelFunction)] = [
        fn("date", ["from"], variadic: true) { a in
            if a.count == 3 {
                guard let y = int(a[0]), let m = int(a[1]), let d = int(a[2]) else { return .null }
                return FeelDate(year: y, month: m, day: d).map { .date($0) } ?? .null
            }
            guard a.count == 1 else { return .null }
            switch a[0] {
            case .string(let s): return FeelDate(iso: s).map { .date($0) } ?? .null
            case .dateTime(let dt): return .date(dt.date)
            case .date(let d): return .date(d)
            default: return .null
            }
        },
        fn("date and time", ["from"], variadic: true) { a in
            if a.count == 2 {
                guard let d = dateOf(a[0]), case .time(let t) = a[1] else { return .null }
                return .dateTime(FeelDateTime(date: d, time: t))
            }
            guard a.count == 1 else { return .null }
            switch a[0] {
            case .string(let s):
                if let dt = FeelDateTime(iso: s) { return .dateTime(dt) }
                if let d = FeelDate(iso: s) { return .dateTime(FeelDateTime(date: d, time: FeelTime(seconds: 0))) }
                return .null
            case .dateTime(let dt): return .dateTime(dt)
            case .date(let d): return .dateTime(FeelDateTime(date: d, time: FeelTime(seconds: 0)))
            default: return .null
            }
        },
        fn("time", ["from"], variadic: true) { a in
            if a.count == 3 || a.count == 4 {
                guard let h = int(a[0]), let m = int(a[1]), case .number(let s) = a[2], (0...23).contains(h),
                    (0...59).contains(m), s >= 0, s < 60
                else { return .null }
                var offset: Int?
                if a.count == 4, !a[3].isNull {
                    guard case .duration(.daysTime(let o)) = a[3], abs(o) <= 14 * 3600 else { return .null }
                    offset = NSDecimalNumber(decimal: o).intValue
                }
                return .time(FeelTime(seconds: Decimal(h * 3600 + m * 60) + s, offset: offset))
            }
            guard a.count == 1 else { return .null }
            switch a[0] {
            case .string(let s): return FeelTime(iso: s).map { .time($0) } ?? .null
            case .time(let t): return .time(t)
            case .dateTime(let dt): return .time(dt.time)
            case .date: return .time(FeelTime(seconds: 0, offset: 0))
            default: return .null
            }
        },
        fn("number", ["from", "grouping separator", "decimal separator"], variadic: true) { a in
            guard (1...3).contains(a.count), case .string(var s) = a[0] else { return .null }
            let group = a.count > 1 ? a[1] : .null
            let dec = a.count > 2 ? a[2] : .null
            if case .string(let g) = group {
                guard [" ", ",", "."].contains(g) else { return .null }
                s = s.replacingOccurrences(of: g, with: "")
            } else if !group.isNull {
                return .null
            }
            if case .string(let d) = dec {
                guard [",", "."].contains(d), group != dec else { return .null }
                s = s.replacingOccurrences(of: d, with: ".")
            } else if !dec.isNull {
                return .null
            }
            guard
                s.range(of: #"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"#, options: .regularExpression)
                    != nil,
                let d = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
            else { return .null }
            return .number(d)
        },
        fn("string", ["from"]) { a in
            guard a.count == 1, let s = string(a[0]) else { return .null }
            return .string(s)
        },
        fn("duration", ["from"]) { a in
            guard a.count == 1, case .string(let s) = a[0] else { return .null }
            return FeelDuration(iso: s).map { .duration($0) } ?? .null
        },
        fn("years and months duration", ["from", "to"]) { a in
            guard a.count == 2, let from = dateOf(a[0]), let to = dateOf(a[1]) else { return .null }
            var months = (to.year - from.year) * 12 + (to.month - from.month)
            if months > 0 && to.day < from.day { months -= 1 }
            if months < 0 && to.day > from.day { months += 1 }
            return .duration(.yearsMonths(months: months))
        },
        fn("range", ["from"]) { a in
            // Only a range literal: its ends literals (numbers, strings, @-literals), no names or calls.
            guard a.count == 1, case .string(let s) = a[0],
                let parsed = try? Parser.expression(s, knownNames: []),
                case .range(_, let lo, let hi, _) = parsed,
                [lo, hi].allSatisfy({ e in
                    guard let e else { return true }
                    if case .literal = e { return true }
                    return false
                }),
                case .range(let r)? = try? FeelCompiler.compile(parsed)(EvalScope())
            else { return .null }
            // Only literal ends (no names, no calls) are a range literal.
            return [r.low, r.high].allSatisfy { v in
                switch v {
                case .list, .context, .function, .range: false
                default: true
                }
            } ? .range(r) : .null
        },
    ]

    static let boolean: [(String, FeelFunction)] = [
        fn("not", ["negand"]) { a in
            guard a.count == 1, case .bool(let b) = a[0] else { return .null }
            return .bool(!b)
        },
        fn("is", ["value1", "value2"]) { a in
            guard a.count == 2 else { return .null }
            // The same value and the same kind of value (a date is not a date and time).
            guard a[0].typeName == a[1].typeName else { return .bool(false) }
            if case .time(let x) = a[0], case .time(let y) = a[1] { return .bool(x == y) }
            if case .dateTime(let x) = a[0], case .dateTime(let y) = a[1] { return .bool(x == y) }
            return .bool(FeelCompiler.equal(a[0], a[1]) == .bool(true))
        },
    ]

    static let text: [(String, FeelFunction)] = [
        fn("substring", ["string", "start position", "length"], variadic: true) { a in
            guard (2...3).contains(a.count), case .string(let s) = a[0], let st = int(a[1]), st != 0 else {
                return .null
            }
            let chars = Array(s.unicodeScalars)
            let start = st > 0 ? st - 1 : chars.count + st
            guard start >= 0, start < chars.count || (start == chars.count && st > 0) else { return .null }
            var end = chars.count
            if a.count == 3 {
                guard case .number(let l) = a[2], l >= 0 else { return .null }
                end = min(chars.count, start + NSDecimalNumber(decimal: round(l, 0, .plain)).intValue)
            }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: chars[start..<max(start, end)])
            return .string(String(out))
        },
        fn("string length", ["string"]) { a in
            guard a.count == 1, case .string(let s) = a[0] else { return .null }
            return .number(Decimal(s.unicodeScalars.count))
        },
        fn("upper case", ["string"]) { a in
            guard let s = strings(a, 1...1) else { return .null }
            return .string(s[0].uppercased())
        },
        fn("lower case", ["string"]) { a in
            guard let s = strings(a, 1...1) else { return .null }
            return .string(s[0].lowercased())
        },
        fn("substring before", ["string", "match"]) { a in
            guard let s = strings(a, 2...2) else { return .null }
            guard !s[1].isEmpty, let r = s[0].range(of: s[1]) else { return .string("") }
            return .string(String(s[0][..<r.lowerBound]))
        },
        fn("substring after", ["string", "match"]) { a in
            guard let s = strings(a, 2...2) else { return .null }
            if s[1].isEmpty { return .string(s[0]) }
            guard let r = s[0].range(of: s[1]) else { return .string("") }
            return .string(String(s[0][r.upperBound...]))
        },
        fn("replace", ["input", "pattern", "replacement", "flags"], variadic: true) { a in
            guard let s = strings(a, 3...4), let re = regex(s[1], s.count == 4 ? s[3] : "") else { return .null }
            // A pattern that matches the empty string is an error in XPath.
            if re.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil { return .null }
            // XPath's `$1` and `\$` are ICU's too.
            let input = s[0]
            return .string(
                re.stringByReplacingMatches(
                    in: input, range: NSRange(input.startIndex..., in: input), withTemplate: s[2]))
        },
        fn("contains", ["string", "match"]) { a in
            guard let s = strings(a, 2...2) else { return .null }
            return .bool(s[1].isEmpty || s[0].contains(s[1]))
        },
        fn("starts with", ["string", "match"]) { a in
            guard let s = strings(a, 2...2) else { return .null }
            return .bool(s[0].hasPrefix(s[1]))
        },
        fn("ends with", ["string", "match"]) { a in
            guard let s = strings(a, 2...2) else { return .null }
            return .bool(s[0].hasSuffix(s[1]))
        },
        fn("matches", ["input", "pattern", "flags"], variadic: true) { a in
            guard let s = strings(a, 2...3), let re = regex(s[1], s.count == 3 ? s[2] : "") else { return .null }
            return .bool(re.firstMatch(in: s[0], range: NSRange(s[0].startIndex..., in: s[0])) != nil)
        },
        fn("split", ["string", "delimiter"]) { a in
            guard let s = strings(a, 2...2), let re = regex(s[1], "") else { return .null }
            if re.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil { return .null }
            var out: [FeelValue] = []
            var last = s[0].startIndex
            for m in re.matches(in: s[0], range: NSRange(s[0].startIndex..., in: s[0])) {
                guard let r = Range(m.range, in: s[0]) else { continue }
                out.append(.string(String(s[0][last..<r.lowerBound])))
                last = r.upperBound
            }
            out.append(.string(String(s[0][last...])))
            return .list(out)
        },
        fn("string join", ["list", "delimiter"], variadic: true) { a in
            guard (1...2).contains(a.count), case .list(let items) = a[0] else { return .null }
            var delimiter = ""
            if a.count == 2 {
                if case .string(let d) = a[1] { delimiter = d } else if !a[1].isNull { return .null }
            }
            var parts: [String] = []
            for i in items {
                switch i {
                case .null: continue
                case .string(let s): parts.append(s)
                default: return .null
                }
            }
            return .string(parts.joined(separator: delimiter))
        },
    ]

    static let lists: [(String, FeelFunction)] = [
        fn("list contains", ["list", "element"]) { a in
            guard a.count == 2, case .list(let l) = a[0] else { return .null }
            return .bool(l.contains { FeelCompiler.equal($0, a[1]) == .bool(true) })
        },
        fn("count", ["list"]) { a in
            guard a.count == 1, case .list(let l) = a[0] else { return .null }
            return .number(Decimal(l.count))
        },
        fn("min", ["list"], variadic: true) { a in
            guard let xs = items(a), !xs.isEmpty, comparable(xs) else { return .null }
            return xs.min { (FeelCompiler.compare($0, $1) ?? 0) < 0 } ?? .null
        },
        fn("max", ["list"], variadic: true) { a in
            guard let xs = items(a), !xs.isEmpty, comparable(xs) else { return .null }
            return xs.max { (FeelCompiler.compare($0, $1) ?? 0) < 0 } ?? .null
        },
        fn("sum", ["list"], variadic: true) { a in
            guard let ns = numbers(a), !ns.isEmpty else { return .null }
            return .number(ns.reduce(0, +))
        },
        fn("mean", ["list"], variadic: true) { a in
            guard let ns = numbers(a), !ns.isEmpty else { return .null }
            return .number(ns.reduce(0, +) / Decimal(ns.count))
        },
        fn("median", ["list"], variadic: true) { a in
            guard let ns = numbers(a)?.sorted(), !ns.isEmpty else { return .null }
            return .number(ns.count % 2 == 1 ? ns[ns.count / 2] : (ns[ns.count / 2 - 1] + ns[ns.count / 2]) / 2)
        },
        fn("stddev", ["list"], variadic: true) { a in
            guard let ns = numbers(a), let s = stddev(ns) else { return .null }
            return .number(s)
        },
        fn("mode", ["list"], variadic: true) { a in
            guard let ns = numbers(a) else { return .null }
            var counts: [Decimal: Int] = [:]
            for n in ns { counts[n, default: 0] += 1 }
            let top = counts.values.max() ?? 0
            return .list(counts.filter { $0.value == top }.keys.sorted().map { .number($0) })
        },
        fn("product", ["list"], variadic: true) { a in
            guard let ns = numbers(a), !ns.isEmpty else { return .null }
            return .number(ns.reduce(1, *))
        },
        fn("all", ["list"], variadic: true) { a in
            guard let xs = items(a) ?? (a.count == 1 ? [] : nil) else { return .bool(true) }
            if xs.contains(.bool(false)) { return .bool(false) }
            return xs.allSatisfy { $0 == .bool(true) } ? .bool(true) : .null
        },
        fn("any", ["list"], variadic: true) { a in
            guard let xs = items(a) ?? (a.count == 1 ? [] : nil) else { return .bool(false) }
            if xs.contains(.bool(true)) { return .bool(true) }
            return xs.allSatisfy { $0 == .bool(false) } ? .bool(false) : .null
        },
        fn("sublist", ["list", "start position", "length"], variadic: true) { a in
            guard (2...3).contains(a.count), case .list(let l) = a[0], let st = int(a[1]), st != 0 else { return .null }
            let start = st > 0 ? st - 1 : l.count + st
            guard start >= 0, start < l.count else { return .null }
            var end = l.count
            if a.count == 3 {
                guard let n = int(a[2]), n >= 0, start + n <= l.count else { return .null }
                end = start + n
            }
            return .list(Array(l[start..<end]))
        },
        fn("append", ["list", "item"], variadic: true) { a in
            guard case .list(let l)? = a.first else { return .null }
            return .list(l + a.dropFirst())
        },
        fn("concatenate", ["list"], variadic: true) { a in
            var out: [FeelValue] = []
            for x in a {
                guard case .list(let l) = x else { return .null }
                out += l
            }
            return .list(out)
        },
        fn("insert before", ["list", "position", "newItem"]) { a in
            guard a.count == 3, case .list(var l) = a[0], let p = int(a[1]), p != 0 else { return .null }
            let i = p > 0 ? p - 1 : l.count + p
            guard i >= 0, i <= l.count - (p < 0 ? 1 : 0) || (p > 0 && i <= l.count) else { return .null }
            guard i <= l.count else { return .null }
            l.insert(a[2], at: i)
            return .list(l)
        },
        fn("remove", ["list", "position"]) { a in
            guard a.count == 2, case .list(var l) = a[0], let p = int(a[1]), p != 0 else { return .null }
            let i = p > 0 ? p - 1 : l.count + p
            guard i >= 0, i < l.count else { return .null }
            l.remove(at: i)
            return .list(l)
        },
        fn("reverse", ["list"]) { a in
            guard a.count == 1, case .list(let l) = a[0] else { return .null }
            return .list(l.reversed())
        },
        fn("index of", ["list", "match"]) { a in
            guard a.count == 2, case .list(let l) = a[0] else { return .null }
            return .list(
                l.indices.filter { FeelCompiler.equal(l[$0], a[1]) == .bool(true) }.map { .number(Decimal($0 + 1)) })
        },
        fn("union", ["list"], variadic: true) { a in
            var out: [FeelValue] = []
            for x in a {
                guard case .list(let l) = x else { return .null }
                for v in l where !out.contains(where: { FeelCompiler.equal($0, v) == .bool(true) }) { out.append(v) }
            }
            return .list(out)
        },
        fn("distinct values", ["list"]) { a in
            guard a.count == 1, case .list(let l) = a[0] else { return .null }
            var out: [FeelValue] = []
            for v in l where !out.contains(where: { FeelCompiler.equal($0, v) == .bool(true) }) { out.append(v) }
            return .list(out)
        },
        fn("flatten", ["list"]) { a in
            guard a.count == 1, case .list(let l) = a[0] else { return .null }
            func flat(_ xs: [FeelValue]) -> [FeelValue] {
                xs.flatMap { x -> [FeelValue] in
                    if case .list(let inner) = x { return flat(inner) }
                    return [x]
                }
            }
            return .list(flat(l))
        },
        fn("sort", ["list", "precedes"], variadic: true) { a throws(FeelError) in
            guard (1...2).contains(a.count), case .list(let l) = a[0] else { return .null }
            if a.count == 1 {
                guard comparable(l) else { return .null }
                return .list(l.sorted { (FeelCompiler.compare($0, $1) ?? 0) < 0 })
            }
            guard case .function(let f) = a[1] else { return .null }
            var failure: FeelError?
            var sorted = l
            var bad = false
            sorted.sort { x, y in
                do {
                    let r = try f.call([x, y])
                    guard case .bool(let b) = r else {
                        bad = true
                        return false
                    }
                    return b
                } catch {
                    failure = error as? FeelError
                    return false
                }
            }
            if let failure { throw failure }
            return bad ? .null : .list(sorted)
        },
        fn("list replace", ["list", "position", "newItem"]) { a throws(FeelError) in
            guard a.count == 3, case .list(var l) = a[0] else { return .null }
            if case .function(let f) = a[1] {
                for i in l.indices {
                    guard case .bool(let b) = try f.call([l[i], a[2]]) else { return .null }
                    if b { l[i] = a[2] }
                }
                return .list(l)
            }
            guard let p = int(a[1]), p != 0 else { return .null }
            let i = p > 0 ? p - 1 : l.count + p
            guard i >= 0, i < l.count else { return .null }
            l[i] = a[2]
            return .list(l)
        },
    ]

    static let numeric: [(String, FeelFunction)] = [
        fn("decimal", ["n", "scale"]) { a in
            guard a.count == 2, case .number(let n) = a[0], let s = int(a[1]), (-6111...6176).contains(s) else {
                return .null
            }
            return .number(round(n, s, .bankers))
        },
        fn("floor", ["n", "scale"], variadic: true) { a in
            guard (1...2).contains(a.count), case .number(let n) = a[0] else { return .null }
            let s = a.count == 2 ? int(a[1]) : 0
            guard let s, (-6111...6176).contains(s) else { return .null }
            return .number(floor(n, s))
        },
        fn("ceiling", ["n", "scale"], variadic: true) { a in
            guard (1...2).contains(a.count), case .number(let n) = a[0] else { return .null }
            let s = a.count == 2 ? int(a[1]) : 0
            guard let s, (-6111...6176).contains(s) else { return .null }
            return .number(ceiling(n, s))
        },
        rounding("round up") { awayFromZero($0, $1) },
        rounding("round down") { toZero($0, $1) },
        rounding("round half up") { round($0, $1, .plain) },
        rounding("round half down") { halfDown($0, $1) },
        fn("abs", ["n"]) { a in
            guard a.count == 1 else { return .null }
            switch a[0] {
            case .number(let n): return .number(n < 0 ? -n : n)
            case .duration(.daysTime(let s)): return .duration(.daysTime(seconds: s < 0 ? -s : s))
            case .duration(.yearsMonths(let m)): return .duration(.yearsMonths(months: Swift.abs(m)))
            default: return .null
            }
        },
        fn("modulo", ["dividend", "divisor"]) { a in
            guard a.count == 2, case .number(let x) = a[0], case .number(let y) = a[1], y != 0 else { return .null }
            return .number(x - y * floor(x / y))
        },
        fn("sqrt", ["number"]) { a in
            guard a.count == 1, case .number(let n) = a[0], n >= 0 else { return .null }
            return .number(sqrt(n))
        },
        fn("log", ["number"]) { a in
            guard a.count == 1, case .number(let n) = a[0], n > 0 else { return .null }
            return .number(Decimal(Foundation.log(NSDecimalNumber(decimal: n).doubleValue)))
        },
        fn("exp", ["number"]) { a in
            guard a.count == 1, case .number(let n) = a[0] else { return .null }
            let r = Foundation.exp(NSDecimalNumber(decimal: n).doubleValue)
            return r.isFinite ? .number(Decimal(r)) : .null
        },
        fn("odd", ["number"]) { a in
            guard a.count == 1, case .number(let n) = a[0], floor(n) == n else { return .null }
            return .bool(NSDecimalNumber(decimal: n).int64Value % 2 != 0)
        },
        fn("even", ["number"]) { a in
            guard a.count == 1, case .number(let n) = a[0], floor(n) == n else { return .null }
            return .bool(NSDecimalNumber(decimal: n).int64Value % 2 == 0)
        },
    ]

    static let temporal: [(String, FeelFunction)] = [
        fn("day of year", ["date"]) { a in
            guard a.count == 1, let d = dateOf(a[0]), let jan1 = FeelDate(year: d.year, month: 1, day: 1) else {
                return .null
            }
            return .number(Decimal(d.epochDay - jan1.epochDay + 1))
        },
        fn("day of week", ["date"]) { a in
            guard a.count == 1, let d = dateOf(a[0]) else { return .null }
            let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
            return .string(names[isoWeekday(d) - 1])
        },
        fn("month of year", ["date"]) { a in
            guard a.count == 1, let d = dateOf(a[0]) else { return .null }
            let names = [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December",
            ]
            return .string(names[d.month - 1])
        },
        fn("week of year", ["date"]) { a in
            guard a.count == 1, let d = dateOf(a[0]) else { return .null }
            // ISO 8601: the week with the year's first Thursday is week 1.
            let thursday = FeelDate.fromEpochDay(d.epochDay - isoWeekday(d) + 4)
            guard let jan1 = FeelDate(year: thursday.year, month: 1, day: 1) else { return .null }
            return .number(Decimal((thursday.epochDay - jan1.epochDay) / 7 + 1))
        },
        fn("now", []) { a in
            guard a.isEmpty else { return .null }
            let s = Date().timeIntervalSince1970
            let days = Int((s / 86400).rounded(.down))
            return .dateTime(
                FeelDateTime(
                    date: .fromEpochDay(days),
                    time: FeelTime(seconds: Decimal(Int(s) - days * 86400), offset: 0)))
        },
        fn("today", []) { a in
            guard a.isEmpty else { return .null }
            return .date(.fromEpochDay(Int((Date().timeIntervalSince1970 / 86400).rounded(.down))))
        },
    ]

    /// The range functions (Allen's interval relations), on points and ranges.
    static func relation(
        _ name: String, _ params: [String], _ test: @escaping @Sendable (FeelRange, FeelRange) -> Bool?
    ) -> (String, FeelFunction) {
        fn(name, params) { a in
            guard a.count == 2, let x = asRange(a[0]), let y = asRange(a[1]) else { return .null }
            return test(x, y).map { .bool($0) } ?? .null
        }
    }

    /// Compares two ends; nil when they cannot be compared (or an end is unbounded: `inf`).
    static func cmp(_ a: FeelValue, _ b: FeelValue) -> Int? { FeelCompiler.compare(a, b) }

    static let ranges: [(String, FeelFunction)] = [
        relation("before", ["range1", "range2"]) { x, y in
            guard let c = cmp(x.high, y.low) else { return x.high.isNull || y.low.isNull ? false : nil }
            return c < 0 || (c == 0 && (!x.highClosed || !y.lowClosed))
        },
        relation("after", ["range1", "range2"]) { x, y in
            guard let c = cmp(x.low, y.high) else { return x.low.isNull || y.high.isNull ? false : nil }
            return c > 0 || (c == 0 && (!x.lowClosed || !y.highClosed))
        },
        relation("meets", ["range1", "range2"]) { x, y in
            guard let c = cmp(x.high, y.low) else { return nil }
            return x.highClosed && y.lowClosed && c == 0
        },
        relation("met by", ["range1", "range2"]) { x, y in
            guard let c = cmp(x.low, y.high) else { return nil }
            return x.lowClosed && y.highClosed && c == 0
        },
        relation("overlaps", ["range1", "range2"]) { x, y in
            // Neither wholly before the other.
            func beforeOf(_ p: FeelRange, _ q: FeelRange) -> Bool? {
                if p.high.isNull || q.low.isNull { return false }
                guard let c = cmp(p.high, q.low) else { return nil }
                return c < 0 || (c == 0 && (!p.highClosed || !q.lowClosed))
            }
            guard let a = beforeOf(x, y), let b = beforeOf(y, x) else { return nil }
            return !a && !b
        },
        relation("overlaps before", ["range1", "range2"]) { x, y in
            guard let ll = cmp(x.low, y.low), let hl = cmp(x.high, y.low), let hh = cmp(x.high, y.high) else {
                return nil
            }
            return (ll < 0 || (ll == 0 && x.lowClosed && !y.lowClosed))
                && (hl > 0 || (hl == 0 && x.highClosed && y.lowClosed))
                && (hh < 0 || (hh == 0 && (!x.highClosed || y.highClosed)))
        },
        relation("overlaps after", ["range1", "range2"]) { x, y in
            guard let ll = cmp(y.low, x.low), let hl = cmp(y.high, x.low), let hh = cmp(y.high, x.high) else {
                return nil
            }
            return (ll < 0 || (ll == 0 && y.lowClosed && !x.lowClosed))
                && (hl > 0 || (hl == 0 && y.highClosed && x.lowClosed))
                && (hh < 0 || (hh == 0 && (!y.highClosed || x.highClosed)))
        },
        relation("finishes", ["range1", "range2"]) { x, y in
            guard let hh = cmp(x.high, y.high), let ll = cmp(x.low, y.low) else { return nil }
            return x.highClosed == y.highClosed && hh == 0 && (ll > 0 || (ll == 0 && (!x.lowClosed || y.lowClosed)))
        },
        relation("finished by", ["range1", "range2"]) { x, y in
            guard let hh = cmp(x.high, y.high), let ll = cmp(x.low, y.low) else { return nil }
            return x.highClosed == y.highClosed && hh == 0 && (ll < 0 || (ll == 0 && (x.lowClosed || !y.lowClosed)))
        },
        relation("includes", ["range1", "range2"]) { x, y in
            guard let ll = cmp(x.low, y.low), let hh = cmp(x.high, y.high) else { return nil }
            return (ll < 0 || (ll == 0 && (x.lowClosed || !y.lowClosed)))
                && (hh > 0 || (hh == 0 && (x.highClosed || !y.highClosed)))
        },
        relation("during", ["range1", "range2"]) { x, y in
            guard let ll = cmp(y.low, x.low), let hh = cmp(y.high, x.high) else { return nil }
            return (ll < 0 || (ll == 0 && (y.lowClosed || !x.lowClosed)))
                && (hh > 0 || (hh == 0 && (y.highClosed || !x.highClosed)))
        },
        relation("starts", ["range1", "range2"]) { x, y in
            guard let ll = cmp(x.low, y.low), let hh = cmp(x.high, y.high) else { return nil }
            return x.lowClosed == y.lowClosed && ll == 0 && (hh < 0 || (hh == 0 && (!x.highClosed || y.highClosed)))
        },
        relation("started by", ["range1", "range2"]) { x, y in
            guard let ll = cmp(x.low, y.low), let hh = cmp(x.high, y.high) else { return nil }
            return x.lowClosed == y.lowClosed && ll == 0 && (hh > 0 || (hh == 0 && (x.highClosed || !y.highClosed)))
        },
        relation("coincides", ["range1", "range2"]) { x, y in
            guard let ll = cmp(x.low, y.low), let hh = cmp(x.high, y.high) else { return nil }
            return ll == 0 && hh == 0 && x.lowClosed == y.lowClosed && x.highClosed == y.highClosed
        },
    ]

    static let contexts: [(String, FeelFunction)] = [
        fn("get value", ["m", "key"]) { a in
            guard a.count == 2, case .context(let c) = a[0], case .string(let k) = a[1] else { return .null }
            return c[k] ?? .null
        },
        fn("get entries", ["m"]) { a in
            guard a.count == 1, case .context(let c) = a[0] else { return .null }
            return .list(c.entries.map { .context(FeelContext([("key", .string($0.key)), ("value", $0.value)])) })
        },
        fn("context", ["entries"]) { a in
            guard a.count == 1 else { return .null }
            let list: [FeelValue]
            if case .list(let l) = a[0] { list = l } else { list = [a[0]] }
            var out = FeelContext()
            for e in list {
                guard case .context(let entry) = e, case .string(let k)? = entry["key"], let v = entry["value"],
                    out[k] == nil
                else { return .null }
                out[k] = v
            }
            return .context(out)
        },
        fn("context put", ["context", "key", "value"]) { a in
            guard a.count == 3, case .context(let c) = a[0] else { return .null }
            func put(_ c: FeelContext, _ keys: [String], _ v: FeelValue) -> FeelContext? {
                guard let first = keys.first else { return nil }
                var out = c
                if keys.count == 1 {
                    out[first] = v
                    return out
                }
                guard case .context(let inner)? = c[first], let changed = put(inner, Array(keys.dropFirst()), v) else {
                    return nil
                }
                out[first] = .context(changed)
                return out
            }
            switch a[1] {
            case .string(let k): return put(c, [k], a[2]).map { .context($0) } ?? .null
            case .list(let ks):
                var keys: [String] = []
                for k in ks {
                    guard case .string(let s) = k else { return .null }
                    keys.append(s)
                }
                return put(c, keys, a[2]).map { .context($0) } ?? .null
            default: return .null
            }
        },
        fn("context merge", ["contexts"]) { a in
            guard a.count == 1, case .list(let l) = a[0] else { return .null }
            var out = FeelContext()
            for x in l {
                guard case .context(let c) = x else { return .null }
                for (k, v) in c.entries { out[k] = v }
            }
            return .context(out)
        },
    ]
}
