import Foundation

/// Which kinds of personal identity number a running Radhus accepts.
///
/// Production accepts real fødselsnummer and D-nummer only. Demo and test mode accept
/// **only** synthetic numbers (Skatteetaten's Tenor test data: month + 80), so a demo or
/// test installation can never be filled with a real person's number by mistake.
public enum IdentityPolicy: String, Sendable, Codable {
    case production
    case synthetic
}

/// A Norwegian personal identity number (fødselsnummer, D-nummer or a synthetic test number).
///
/// The 11 digits are `DDMMYYIIIKK`: birth date, individual number, two check digits.
/// D-nummer add 4 to the first digit; Tenor's synthetic numbers add 80 to the month.
public struct Fodselsnummer: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case fodselsnummer, dNummer, synthetic, syntheticDNummer }

    public enum Problem: Error, Equatable, Sendable {
        /// Not 11 digits after removing spaces.
        case wrongLength
        case notDigits
        case checksum
        case invalidDate
        /// A valid number of a kind the policy refuses (a synthetic number in production,
        /// a real one in demo/test mode).
        case notAllowed(Kind)
    }

    /// The 11 digits.
    public let value: String
    public let kind: Kind
    public let birthDate: DateComponents

    /// Parses and validates. Spaces are ignored (people often type `010180 12345`).
    public init(_ raw: String, policy: IdentityPolicy) throws(Problem) {
        let digits = raw.filter { !$0.isWhitespace }
        guard digits.count == 11 else { throw .wrongLength }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        let d = digits.map { Int($0.asciiValue! - 48) }
        guard Self.checkDigitsValid(d) else { throw .checksum }

        var day = d[0] * 10 + d[1]
        var month = d[2] * 10 + d[3]
        var isD = false
        var isSynthetic = false
        if day > 40 {
            day -= 40
            isD = true
        }
        if month > 80 {
            month -= 80
            isSynthetic = true
        }
        let yy = d[4] * 10 + d[5]
        let individual = d[6] * 100 + d[7] * 10 + d[8]
        guard let year = Self.century(individual: individual, yy: yy).map({ $0 + yy }) else { throw .invalidDate }
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else {
            throw .invalidDate
        }
        let kind: Kind =
            switch (isD, isSynthetic) {
            case (false, false): .fodselsnummer
            case (true, false): .dNummer
            case (false, true): .synthetic
            case (true, true): .syntheticDNummer
            }
        switch policy {
        case .production where isSynthetic: throw .notAllowed(kind)
        case .synthetic where !isSynthetic: throw .notAllowed(kind)
        default: break
        }
        self.value = digits
        self.kind = kind
        self.birthDate = DateComponents(year: year, month: month, day: day)
    }

    public var isSynthetic: Bool { kind == .synthetic || kind == .syntheticDNummer }

    /// Shown to staff until they reveal the whole number on purpose: the birth-date part
    /// only, the personal part hidden.
    public var masked: String { String(value.prefix(6)) + " *****" }

    /// Never print the number by accident (string interpolation into a log line).
    public var description: String { masked }

    /// Age in whole years on a given date (for rules such as "turns 1 by 30 November").
    public func age(on date: DateComponents) -> Int? {
        guard let by = birthDate.year, let bm = birthDate.month, let bd = birthDate.day,
            let y = date.year, let m = date.month, let dd = date.day
        else { return nil }
        var age = y - by
        if (m, dd) < (bm, bd) { age -= 1 }
        return age
    }

    // MARK: - Rules

    static let weights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    static let weights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]

    /// `K = 11 − (Σ wᵢ·dᵢ mod 11)`, where 11 means 0 and 10 means no valid number exists.
    static func checkDigit(_ digits: ArraySlice<Int>, weights: [Int]) -> Int? {
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let k = 11 - sum % 11
        if k == 11 { return 0 }
        if k == 10 { return nil }
        return k
    }

    static func checkDigitsValid(_ d: [Int]) -> Bool {
        guard let k1 = checkDigit(d[0..<9], weights: weights1), k1 == d[9],
            let k2 = checkDigit(d[0..<10], weights: weights2), k2 == d[10]
        else { return false }
        return true
    }

    /// The century from the individual number and two-digit year (Skatteetaten's table).
    static func century(individual: Int, yy: Int) -> Int? {
        switch individual {
        case 0...499: return 1900
        case 500...749 where yy >= 54: return 1800
        case 500...999 where yy <= 39: return 2000
        case 900...999 where yy >= 40: return 1900
        default: return nil
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Builds a valid number from its first nine digits by computing the check digits,
    /// or nil when no check digit exists for them. Used to generate synthetic demo and
    /// test identities (never real ones: pass a month + 80).
    public static func completing(_ nineDigits: String) -> String? {
        guard nineDigits.count == 9, nineDigits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var d = nineDigits.map { Int($0.asciiValue! - 48) }
        guard let k1 = checkDigit(d[0..<9], weights: weights1) else { return nil }
        d.append(k1)
        guard let k2 = checkDigit(d[0..<10], weights: weights2) else { return nil }
        return nineDigits + "\(k1)\(k2)"
    }

    /// A synthetic (Tenor-style) number for a birth date: day, month + 80, and the first
    /// individual number from `startingAt` that yields valid check digits.
    public static func synthetic(day: Int, month: Int, year: Int, dNummer: Bool = false, startingAt individual: Int = 0)
        -> String?
    {
        generate(day: day, month: month, year: year, synthetic: true, dNummer: dNummer, startingAt: individual)
    }

    /// The first valid number for a birth date. Used by tests and demo data only, with
    /// `synthetic: true` or with a birth date in the future, so it never names a real person.
    public static func generate(
        day: Int, month: Int, year: Int, synthetic: Bool, dNummer: Bool = false, startingAt individual: Int = 0
    ) -> String? {
        let yy = year % 100
        let range: ClosedRange<Int>
        switch year {
        case 1900...1999: range = 0...499
        case 2000...2039: range = 500...999
        default: return nil
        }
        for i in range where i >= individual {
            let nine = String(format: "%02d%02d%02d%03d", day + (dNummer ? 40 : 0), month + (synthetic ? 80 : 0), yy, i)
            if let full = completing(nine) { return full }
        }
        return nil
    }
}
