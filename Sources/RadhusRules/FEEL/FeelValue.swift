import Foundation

/// A FEEL value. Numbers are decimals (never binary doubles), as the DMN spec requires.
public enum FeelValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Decimal)
    case string(String)
    case date(FeelDate)
    // Boxed: their payloads (a date, seconds, an offset, a zone) would make every value larger.
    indirect case dateTime(FeelDateTime)
    case duration(FeelDuration)
    case list([FeelValue])
    case context(FeelContext)
    case function(FeelFunction)
    indirect case time(FeelTime)
    indirect case range(FeelRange)

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
        case .time(let t): "time(\"\(t)\")"
        case .range(let r): r.description
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
        case .time: "time"
        case .range: "range"
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
    /// Takes any number of arguments (`min(1, 2, 3)`, `concatenate(…)`).
    public let variadic: Bool
    /// Other names a parameter position answers to, for built-ins with several signatures
    /// (`date(year:, month:, day:)` beside `date(from:)`).
    public let aliases: [String: Int]
    let body: @Sendable ([FeelValue]) throws(FeelError) -> FeelValue

    init(
        name: String, parameters: [String], variadic: Bool = false, aliases: [String: Int] = [:],
        body: @escaping @Sendable ([FeelValue]) throws(FeelError) -> FeelValue
    ) {
        self.name = name
        self.parameters = parameters
        self.variadic = variadic
        self.aliases = aliases
        self.body = body
    }

    /// The same function answering to other parameter names too.
    func with(aliases: [String: Int]) -> FeelFunction {
        FeelFunction(name: name, parameters: parameters, variadic: variadic, aliases: aliases, body: body)
    }

    public func call(_ args: [FeelValue]) throws(FeelError) -> FeelValue { try body(args) }
}

extension FeelFunction: Equatable {
    public static func == (a: FeelFunction, b: FeelFunction) -> Bool { a === b }
}

public struct FeelDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        // The proleptic Gregorian calendar, for any year (Foundation's calendar switches to
        // Julian before 1582 and has no year 0).
        guard (1...12).contains(month), day >= 1, abs(year) <= 999_999_999 else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `yyyy-mm-dd`, with a `-` for years before year 0 and more digits after 9999 (never a
    /// leading zero beyond four digits: `01211-12-31` is no date).
    public init?(iso: String) {
        var text = Substring(iso)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count >= 4, p[0].count <= 9, p[0].count == 4 || !p[0].hasPrefix("0"),
            p[1].count == 2, p[2].count == 2,
            p.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2])
        else { return nil }
        self.init(year: negative ? -y : y, month: m, day: d)
    }

    public var description: String {
        (year < 0 ? "-" : "") + String(format: "%04d-%02d-%02d", abs(year), month, day)
    }
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

/// A time of day: seconds since midnight, and either a UTC offset (seconds), an IANA zone,
/// or neither (local time).
public struct FeelTime: Sendable, Hashable, CustomStringConvertible {
    public var seconds: Decimal
    public var offset: Int?
    public var zone: String?

    public init(seconds: Decimal, offset: Int? = nil, zone: String? = nil) {
        self.seconds = seconds
        self.offset = offset
        self.zone = zone
    }

    /// `hh:mm:ss(.s+)?` then `Z`, `±hh:mm(:ss)?` or `@Zone/Name`.
    public init?(iso: String) {
        var time = iso
        var offset: Int?
        var zone: String?
        if let at = time.firstIndex(of: "@") {
            let z = String(time[time.index(after: at)...])
            guard TimeZone(identifier: z) != nil else { return nil }
            zone = z
            time = String(time[..<at])
        } else if time.hasSuffix("Z") {
            offset = 0
            time.removeLast()
        } else if let r = time.range(of: "[+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?$", options: .regularExpression) {
            let o = time[r]
            let sign = o.hasPrefix("-") ? -1 : 1
            let hm = o.dropFirst().split(separator: ":").compactMap { Int($0) }
            guard hm[0] <= 14, hm[1] < 60 else { return nil }
            offset = sign * (hm[0] * 3600 + hm[1] * 60 + (hm.count > 2 ? hm[2] : 0))
            time.removeSubrange(r)
        }
        guard time.range(of: #"^[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?$"#, options: .regularExpression) != nil else {
            return nil
        }
        let t = time.split(separator: ":")
        guard let h = Int(t[0]), let m = Int(t[1]), let s = Decimal(string: String(t[2])),
            (0...23).contains(h), (0...59).contains(m), s >= 0, s < 60
        else { return nil }
        self.seconds = Decimal(h * 3600 + m * 60) + s
        self.offset = offset
        self.zone = zone
    }

    public var description: String {
        let whole = NSDecimalNumber(decimal: seconds).intValue
        let frac = seconds - Decimal(whole)
        let s =
            String(format: "%02d:%02d:%02d", whole / 3600, whole % 3600 / 60, whole % 60)
            + (frac == 0 ? "" : String(frac.feelString.dropFirst(1)))
        if let zone { return s + "@" + zone }
        return s + (offset.map(FeelTime.offsetText) ?? "")
    }

    static func offsetText(_ o: Int) -> String {
        o == 0
            ? "Z"
            : String(format: "%@%02d:%02d", o < 0 ? "-" : "+", abs(o) / 3600, abs(o) % 3600 / 60)
                + (abs(o) % 60 == 0 ? "" : String(format: ":%02d", abs(o) % 60))
    }

    /// Seconds since midnight UTC when the time has an offset or zone (a zone's offset is
    /// that of 1970-01-01, a time having no date), else as given.
    var utcSeconds: Decimal {
        if let zone, let tz = TimeZone(identifier: zone) {
            return seconds - Decimal(tz.secondsFromGMT(for: Date(timeIntervalSince1970: 0)))
        }
        return seconds - Decimal(offset ?? 0)
    }
}

/// A date and time (local, or with a UTC offset in seconds, or with an IANA zone).
public struct FeelDateTime: Sendable, Hashable, CustomStringConvertible {
    public var date: FeelDate
    public var seconds: Decimal
    public var offset: Int?
    public var zone: String?

    public init(date: FeelDate, time: FeelTime) {
        self.date = date
        self.seconds = time.seconds
        self.offset = time.offset
        self.zone = time.zone
    }

    public init?(iso: String) {
        let parts = iso.split(separator: "T", maxSplits: 1)
        guard parts.count == 2, let d = FeelDate(iso: String(parts[0])), let t = FeelTime(iso: String(parts[1]))
        else { return nil }
        self.init(date: d, time: t)
    }

    var time: FeelTime { FeelTime(seconds: seconds, offset: offset, zone: zone) }

    /// The offset in force: the given one, or the zone's at that moment.
    var effectiveOffset: Int? {
        if let offset { return offset }
        guard let zone, let tz = TimeZone(identifier: zone) else { return nil }
        let local = Decimal(date.epochDay) * 86400 + seconds
        let guess = Date(timeIntervalSince1970: NSDecimalNumber(decimal: local).doubleValue)
        let o = tz.secondsFromGMT(for: guess)
        return tz.secondsFromGMT(for: guess.addingTimeInterval(-Double(o)))
    }

    /// Seconds since the epoch, for comparison (local times treated as UTC).
    var instant: Decimal { Decimal(date.epochDay) * 86400 + seconds - Decimal(effectiveOffset ?? 0) }

    public var description: String { "\(date)T\(time)" }
}

/// A range: its ends (null when unbounded) and whether each is included.
public struct FeelRange: Sendable, Equatable, CustomStringConvertible {
    public var low: FeelValue
    public var high: FeelValue
    public var lowClosed: Bool
    public var highClosed: Bool

    public var description: String {
        if low.isNull { return "(\(highClosed ? "<=" : "<") \(high))" }
        if high.isNull { return "(\(lowClosed ? ">=" : ">") \(low))" }
        return (lowClosed ? "[" : "(") + "\(low)..\(high)" + (highClosed ? "]" : ")")
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
