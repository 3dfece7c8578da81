import Foundation

/// A Norwegian organisation number (9 digits, Enhetsregisteret), weights 3 2 7 6 5 4 3 2.
public struct Organisasjonsnummer: Hashable, Sendable, CustomStringConvertible {
    public enum Problem: Error, Equatable, Sendable { case wrongLength, notDigits, checksum }

    public let value: String

    public init(_ raw: String) throws(Problem) {
        let digits = raw.filter { !$0.isWhitespace }
        guard digits.count == 9 else { throw .wrongLength }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        let d = digits.map { Int($0.asciiValue! - 48) }
        let weights = [3, 2, 7, 6, 5, 4, 3, 2]
        let sum = zip(d, weights).reduce(0) { $0 + $1.0 * $1.1 }
        var k = 11 - sum % 11
        if k == 11 { k = 0 }
        guard k != 10, k == d[8] else { throw .checksum }
        value = digits
    }

    public var description: String { value }
}

/// A kommunenummer: four digits, the first two the county (fylke).
public struct Kommunenummer: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public enum Problem: Error, Equatable, Sendable { case invalid }

    public let value: String

    public init(_ raw: String) throws(Problem) {
        let t = raw.trimmingCharacters(in: .whitespaces)
        // Counties are numbered 03 (Oslo) to 56 (Finnmark); 00 and 99xx do not exist.
        guard t.count == 4, t.allSatisfy({ $0.isASCII && $0.isNumber }),
            let county = Int(t.prefix(2)), (3...56).contains(county)
        else { throw .invalid }
        value = t
    }

    public var county: String { String(value.prefix(2)) }
    public var description: String { value }
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(s) } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(s)' is not a kommunenummer"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}
