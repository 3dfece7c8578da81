import Foundation

/// A FEEL value. Numbers are decimals (never binary doubles), as the DMN spec requires.
public enum FeelValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case date(FeelDate)
    case dateTime(FeelDateTime)
    case duration(FeelDuration)
    case list([FeelValue])
    case context(FeelContext)
    case function(FeelFunction)

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.feelString
        case .string(let s):
            "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .date(let d): "date(\"\(d)\")"
        case .dateTime(let d): "date and time(\"\(d)\")"
        case .duration(let d): "duration(\"\(d)\")"
        case .list(let l): "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .context(let c): "{" + c.entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .function(let f): "function(\(f.parameters.joined(separator: ", ")))"
        }
    }

    /// Plain text for people (reasons in letters): strings without quotes, numbers with a decimal comma.
    public var plainText: String {
        switch self {
        case .string(let s): s
        case .number(let n): n.feelString.replacingOccurrences(of: ".", with: ",")
        case .bool(let b): b ? "ja" : "nei"
        case .null: "ingen verdi"
        default: description
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .date: "date"
        case .dateTime: "date and time"
        case .duration(let d): d.isYearsMonths ? "years and months duration" : "days and time duration"
        case .list: "list"
        case .context: "context"
        case .function: "function"
        }
    }
}

/// A context: ordered entries, looked up by name.
public struct FeelContext: Sendable, Equatable {
    public var entries: [(key: String, value: FeelValue)]

    public init(_ entries: [(key: String, value: FeelValue)] = []) { self.entries = entries }

    public subscript(key: String) -> FeelValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let v = newValue { entries[i].value = v } else { entries.remove(at: i) }
            } else if let v = newValue {
                entries.append((key, v))
            }
        }
    }

    public static func == (a: FeelContext, b: FeelContext) -> Bool {
        guard a.entries.count == b.entries.count else { return false }
        for (k, v) in a.entries { guard let w = b[k], w == v else { return false } }
        return true
    }
}

/// A function value (a business knowledge model, or a built-in).
public final class FeelFunction: Sendable {
    public let name: String
    public let parameters: [String]
    let body: @Sendable ([FeelValue]) throws(FeelError) -> FeelValue

    init(name: String, parameters: [String], body: @escaping @Sendable ([FeelValue]) throws(FeelError) -> FeelValue) {
        self.name = name
        self.parameters = parameters
        self.body = body
    }

    public func call(_ args: [FeelValue]) throws(FeelError) -> FeelValue { try body(args) }
}

extension FeelFunction: Equatable {
    public static func == (a: FeelFunction, b: FeelFunction) -> Bool { a === b }
}

public struct FeelDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        guard DateComponents(calendar: c, year: year, month: month, day: day).isValidDate else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public init?(iso: String) {
        let p = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count >= 4, p[1].count == 2, p[2].count == 2,
            let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// Days since 1970-01-01 (proleptic Gregorian).
    public var epochDay: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func fromEpochDay(_ z0: Int) -> FeelDate {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return FeelDate(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }
}

/// A date and time (local, or with a UTC offset in seconds).
public struct FeelDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: FeelDate
    public var seconds: Decimal
    public var offset: Int?

    public init?(iso: String) {
        let parts = iso.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, let d = FeelDate(iso: String(parts[0])) else { return nil }
        var time = String(parts[1])
        var offset: Int?
        if time.hasSuffix("Z") {
            offset = 0
            time.removeLast()
        } else if let r = time.range(of: "[+-][0-9]{2}:[0-9]{2}$", options: .regularExpression) {
            let o = time[r]
            let sign = o.hasPrefix("-") ? -1 : 1
            let hm = o.dropFirst().split(separator: ":").compactMap { Int($0) }
            offset = sign * (hm[0] * 3600 + hm[1] * 60)
            time.removeSubrange(r)
        }
        let t = time.split(separator: ":")
        guard t.count == 3, let h = Int(t[0]), let m = Int(t[1]), let s = Decimal(string: String(t[2])),
            (0...23).contains(h), (0...59).contains(m), s >= 0, s < 60
        else { return nil }
        self.date = d
        self.seconds = Decimal(h * 3600 + m * 60) + s
        self.offset = offset
    }

    /// Seconds since the epoch, for comparison (local times treated as UTC).
    var instant: Decimal { Decimal(date.epochDay) * 86400 + seconds - Decimal(offset ?? 0) }

    public var description: String {
        let whole = NSDecimalNumber(decimal: seconds).intValue
        let frac = seconds - Decimal(whole)
        let s =
            String(format: "%02d:%02d:%02d", whole / 3600, whole % 3600 / 60, whole % 60)
            + (frac == 0 ? "" : String(frac.feelString.dropFirst(1)))
        let o =
            offset.map {
                $0 == 0 ? "Z" : String(format: "%@%02d:%02d", $0 < 0 ? "-" : "+", abs($0) / 3600, abs($0) % 3600 / 60)
            } ?? ""
        return "\(date)T\(s)\(o)"
    }
}

/// A duration: days-and-time (in seconds) or years-and-months (in months).
public enum FeelDuration: Sendable, Hashable, CustomStringConvertible {
    case daysTime(seconds: Decimal)
    case yearsMonths(months: Int)

    public var isYearsMonths: Bool { if case .yearsMonths = self { true } else { false } }

    public init?(iso: String) {
        var s = Substring(iso)
        var sign: Decimal = 1
        if s.hasPrefix("-") {
            sign = -1
            s = s.dropFirst()
        }
        guard s.hasPrefix("P") else { return nil }
        s = s.dropFirst()
        let pattern = #"^(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"#
        guard let re = try? NSRegularExpression(pattern: pattern),
            let m = re.firstMatch(in: String(s), range: NSRange(s.startIndex..., in: s)), !s.isEmpty
        else { return nil }
        let str = String(s)
        func group(_ i: Int) -> String? {
            guard let r = Range(m.range(at: i), in: str) else { return nil }
            return String(str[r])
        }
        let y = group(1).flatMap { Int($0) }
        let mo = group(2).flatMap { Int($0) }
        let d = group(3).flatMap { Int($0) }
        let h = group(4).flatMap { Int($0) }
        let mi = group(5).flatMap { Int($0) }
        let sec = group(6).flatMap { Decimal(string: $0) }
        if y != nil || mo != nil {
            guard d == nil, h == nil, mi == nil, sec == nil else { return nil }
            self = .yearsMonths(months: Int(truncating: NSDecimalNumber(decimal: sign)) * ((y ?? 0) * 12 + (mo ?? 0)))
        } else {
            guard d != nil || h != nil || mi != nil || sec != nil else { return nil }
            let total = Decimal((d ?? 0) * 86400 + (h ?? 0) * 3600 + (mi ?? 0) * 60) + (sec ?? 0)
            self = .daysTime(seconds: sign * total)
        }
    }

    public var description: String {
        switch self {
        case .yearsMonths(let m):
            let a = abs(m)
            return (m < 0 ? "-" : "") + "P" + (a / 12 > 0 ? "\(a / 12)Y" : "")
                + (a % 12 > 0 || a == 0 ? "\(a % 12)M" : "")
        case .daysTime(let s):
            let neg = s < 0
            let a = neg ? -s : s
            let whole = NSDecimalNumber(decimal: a).intValue
            let frac = a - Decimal(whole)
            var out = (neg ? "-" : "") + "P"
            if whole / 86400 > 0 { out += "\(whole / 86400)D" }
            let rest = whole % 86400
            if rest > 0 || frac > 0 || whole == 0 {
                out += "T"
                if rest / 3600 > 0 { out += "\(rest / 3600)H" }
                if rest % 3600 / 60 > 0 { out += "\(rest % 3600 / 60)M" }
                if rest % 60 > 0 || frac > 0 || whole == 0 {
                    out += (rest % 60 + 0).description + (frac > 0 ? String(frac.feelString.dropFirst(1)) : "") + "S"
                }
            }
            return out
        }
    }
}

extension Decimal {
    /// Plain decimal notation, no exponent, no trailing zeros.
    var feelString: String {
        var d = self
        var r = Decimal()
        NSDecimalRound(&r, &d, 20, .plain)
        return NSDecimalNumber(decimal: r).stringValue
    }
}

/// Reads back a value written by `FeelValue.description` (stored rule inputs and results).
public enum FeelLiteral {
    public static func parse(_ text: String) throws(FeelError) -> FeelValue {
        try FeelCompiler.compile(Parser.expression(text, knownNames: []))(EvalScope())
    }
}
