import Foundation

/// The FEEL built-in functions Radhus supports. An unknown function name evaluates to null.
enum Builtins {
    static func fn(
        _ name: String, _ params: [String], _ body: @escaping @Sendable ([FeelValue]) throws(FeelError) -> FeelValue
    ) -> (String, FeelFunction) {
        (name, FeelFunction(name: name, parameters: params, body: body))
    }

    static func numbers(_ args: [FeelValue]) -> [Decimal]? {
        let items: [FeelValue]
        if args.count == 1, case .list(let l) = args[0] { items = l } else { items = args }
        var out: [Decimal] = []
        for i in items {
            guard case .number(let n) = i else { return nil }
            out.append(n)
        }
        return out
    }

    static func round(_ n: Decimal, _ scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var x = n
        var r = Decimal()
        NSDecimalRound(&r, &x, scale, mode)
        return r
    }

    static func floor(_ n: Decimal) -> Decimal {
        let r = round(n, 0, .plain)
        return r > n ? r - 1 : r
    }

    static func ceiling(_ n: Decimal) -> Decimal {
        let r = round(n, 0, .plain)
        return r < n ? r + 1 : r
    }

    static func string(_ v: FeelValue) -> String? {
        switch v {
        case .null: nil
        case .string(let s): s
        case .number(let n): n.feelString
        case .bool(let b): b ? "true" : "false"
        case .date(let d): d.description
        case .dateTime(let d): d.description
        case .duration(let d): d.description
        default: v.description
        }
    }

    static let table: [String: FeelFunction] = Dictionary(uniqueKeysWithValues: [
        fn("not", ["negand"]) { a in
            guard a.count == 1, case .bool(let b) = a[0] else { return .null }
            return .bool(!b)
        },
        fn("abs", ["n"]) { a in
            guard a.count == 1, case .number(let n) = a[0] else { return .null }
            return .number(n < 0 ? -n : n)
        },
        fn("floor", ["n"]) { a in
            guard case .number(let n)? = a.first else { return .null }
            return .number(floor(n))
        },
        fn("ceiling", ["n"]) { a in
            guard case .number(let n)? = a.first else { return .null }
            return .number(ceiling(n))
        },
        fn("decimal", ["n", "scale"]) { a in
            guard a.count == 2, case .number(let n) = a[0], case .number(let s) = a[1] else { return .null }
            return .number(round(n, NSDecimalNumber(decimal: s).intValue, .bankers))
        },
        fn("round half up", ["n", "scale"]) { a in
            guard a.count == 2, case .number(let n) = a[0], case .number(let s) = a[1] else { return .null }
            return .number(round(n, NSDecimalNumber(decimal: s).intValue, .plain))
        },
        fn("modulo", ["dividend", "divisor"]) { a in
            guard a.count == 2, case .number(let x) = a[0], case .number(let y) = a[1], y != 0 else { return .null }
            return .number(x - y * floor(x / y))
        },
        fn("sqrt", ["number"]) { a in
            guard case .number(let n)? = a.first, n >= 0 else { return .null }
            return .number(Decimal(Foundation.sqrt(NSDecimalNumber(decimal: n).doubleValue)))
        },
        fn("odd", ["number"]) { a in
            guard case .number(let n)? = a.first, floor(n) == n else { return .null }
            return .bool(NSDecimalNumber(decimal: n).intValue % 2 != 0)
        },
        fn("even", ["number"]) { a in
            guard case .number(let n)? = a.first, floor(n) == n else { return .null }
            return .bool(NSDecimalNumber(decimal: n).intValue % 2 == 0)
        },
        fn("min", ["list"]) { a in
            guard let ns = numbers(a), let m = ns.min() else { return .null }
            return .number(m)
        },
        fn("max", ["list"]) { a in
            guard let ns = numbers(a), let m = ns.max() else { return .null }
            return .number(m)
        },
        fn("sum", ["list"]) { a in
            guard let ns = numbers(a), !ns.isEmpty else { return .null }
            return .number(ns.reduce(0, +))
        },
        fn("mean", ["list"]) { a in
            guard let ns = numbers(a), !ns.isEmpty else { return .null }
            return .number(ns.reduce(0, +) / Decimal(ns.count))
        },
        fn("count", ["list"]) { a in
            guard case .list(let l)? = a.first else { return .null }
            return .number(Decimal(l.count))
        },
        fn("all", ["list"]) { a in
            let items: [FeelValue]
            if a.count == 1, case .list(let l) = a[0] { items = l } else { items = a }
            if items.contains(.bool(false)) { return .bool(false) }
            return items.allSatisfy { $0 == .bool(true) } ? .bool(true) : .null
        },
        fn("any", ["list"]) { a in
            let items: [FeelValue]
            if a.count == 1, case .list(let l) = a[0] { items = l } else { items = a }
            if items.contains(.bool(true)) { return .bool(true) }
            return items.allSatisfy { $0 == .bool(false) } ? .bool(false) : .null
        },
        fn("list contains", ["list", "element"]) { a in
            guard a.count == 2, case .list(let l) = a[0] else { return .null }
            return .bool(l.contains(a[1]))
        },
        fn("append", ["list", "item"]) { a in
            guard case .list(let l)? = a.first else { return .null }
            return .list(l + a.dropFirst())
        },
        fn("concatenate", ["lists"]) { a in
            var out: [FeelValue] = []
            for x in a {
                guard case .list(let l) = x else { return .null }
                out += l
            }
            return .list(out)
        },
        fn("string", ["from"]) { a in
            guard let v = a.first, let s = string(v) else { return .null }
            return .string(s)
        },
        fn("number", ["from"]) { a in
            guard case .string(let s)? = a.first, let d = Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
            else { return .null }
            return .number(d)
        },
        fn("string length", ["string"]) { a in
            guard case .string(let s)? = a.first else { return .null }
            return .number(Decimal(s.count))
        },
        fn("upper case", ["string"]) { a in
            guard case .string(let s)? = a.first else { return .null }
            return .string(s.uppercased())
        },
        fn("lower case", ["string"]) { a in
            guard case .string(let s)? = a.first else { return .null }
            return .string(s.lowercased())
        },
        fn("contains", ["string", "match"]) { a in
            guard a.count == 2, case .string(let s) = a[0], case .string(let m) = a[1] else { return .null }
            return .bool(s.contains(m))
        },
        fn("starts with", ["string", "match"]) { a in
            guard a.count == 2, case .string(let s) = a[0], case .string(let m) = a[1] else { return .null }
            return .bool(s.hasPrefix(m))
        },
        fn("ends with", ["string", "match"]) { a in
            guard a.count == 2, case .string(let s) = a[0], case .string(let m) = a[1] else { return .null }
            return .bool(s.hasSuffix(m))
        },
        fn("substring", ["string", "start position", "length"]) { a in
            guard a.count >= 2, case .string(let s) = a[0], case .number(let st) = a[1] else { return .null }
            let chars = Array(s)
            var start = NSDecimalNumber(decimal: st).intValue
            start = start > 0 ? start - 1 : chars.count + start
            guard start >= 0, start <= chars.count else { return .null }
            var end = chars.count
            if a.count == 3, case .number(let l) = a[2] {
                end = min(chars.count, start + NSDecimalNumber(decimal: l).intValue)
            }
            return .string(String(chars[start..<max(start, end)]))
        },
        fn("date", ["from"]) { a in
            if a.count == 3, case .number(let y) = a[0], case .number(let m) = a[1], case .number(let d) = a[2] {
                return FeelDate(
                    year: NSDecimalNumber(decimal: y).intValue, month: NSDecimalNumber(decimal: m).intValue,
                    day: NSDecimalNumber(decimal: d).intValue
                ).map { .date($0) } ?? .null
            }
            switch a.first {
            case .string(let s)?: return FeelDate(iso: s).map { .date($0) } ?? .null
            case .dateTime(let dt)?: return .date(dt.date)
            case .date(let d)?: return .date(d)
            default: return .null
            }
        },
        fn("date and time", ["from"]) { a in
            guard case .string(let s)? = a.first else { return .null }
            if let dt = FeelDateTime(iso: s) { return .dateTime(dt) }
            if let d = FeelDate(iso: s) { return .dateTime(FeelDateTime(iso: "\(d)T00:00:00")!) }
            return .null
        },
        fn("duration", ["from"]) { a in
            guard case .string(let s)? = a.first else { return .null }
            return FeelDuration(iso: s).map { .duration($0) } ?? .null
        },
        fn("years and months duration", ["from", "to"]) { a in
            func date(_ v: FeelValue) -> FeelDate? {
                switch v {
                case .date(let d): d
                case .dateTime(let dt): dt.date
                default: nil
                }
            }
            guard a.count == 2, let from = date(a[0]), let to = date(a[1]) else { return .null }
            var months = (to.year - from.year) * 12 + (to.month - from.month)
            if months > 0 && to.day < from.day { months -= 1 }
            if months < 0 && to.day > from.day { months += 1 }
            return .duration(.yearsMonths(months: months))
        },
    ])
}
