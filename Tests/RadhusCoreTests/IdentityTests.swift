import Foundation
import Testing

@testable import RadhusCore

/// Every identity here is synthetic (month + 80) or dated in the future (born 2039), so none
/// can belong to a real person.
@Suite struct IdentityTests {
    /// A number valid in production form that no living person can have: born 1 January 2039.
    static let futureReal = Fodselsnummer.generate(day: 1, month: 1, year: 2039, synthetic: false)!
    static let synthetic = Fodselsnummer.synthetic(day: 12, month: 3, year: 1988)!

    @Test func syntheticNumberIsAcceptedInTestModeOnly() throws {
        // setup: a generated Tenor-style number
        let fnr = try Fodselsnummer(Self.synthetic, policy: .synthetic)
        // check
        #expect(fnr.kind == .synthetic)
        #expect(fnr.birthDate == DateComponents(year: 1988, month: 3, day: 12))
        #expect(throws: Fodselsnummer.Problem.notAllowed(.synthetic)) {
            try Fodselsnummer(Self.synthetic, policy: .production)
        }
    }

    @Test func realNumberIsAcceptedInProductionOnly() throws {
        let fnr = try Fodselsnummer(Self.futureReal, policy: .production)
        #expect(fnr.kind == .fodselsnummer)
        #expect(fnr.birthDate.year == 2039)
        #expect(throws: Fodselsnummer.Problem.notAllowed(.fodselsnummer)) {
            try Fodselsnummer(Self.futureReal, policy: .synthetic)
        }
    }

    @Test func dNummerAddsFourToTheFirstDigit() throws {
        let real = try #require(Fodselsnummer.generate(day: 1, month: 1, year: 2039, synthetic: false, dNummer: true))
        #expect(try Fodselsnummer(real, policy: .production).kind == .dNummer)
        // A synthetic D-nummer: day + 40 and month + 80.
        let d = try #require(Fodselsnummer.synthetic(day: 12, month: 3, year: 1988, dNummer: true))
        #expect(try Fodselsnummer(d, policy: .synthetic).kind == .syntheticDNummer)
    }

    @Test func spacesAreIgnored() throws {
        let spaced = String(Self.synthetic.prefix(6)) + " " + String(Self.synthetic.suffix(5))
        #expect(try Fodselsnummer(spaced, policy: .synthetic).value == Self.synthetic)
    }

    @Test(arguments: [
        ("123", Fodselsnummer.Problem.wrongLength),
        ("1234567890a", .notDigits),
        ("", .wrongLength),
    ])
    func malformedNumbersAreRefused(input: String, problem: Fodselsnummer.Problem) {
        #expect(throws: problem) { try Fodselsnummer(input, policy: .synthetic) }
    }

    @Test func everyWrongCheckDigitIsRefused() {
        let base = Self.synthetic
        for pos in [9, 10] {
            for digit in 0...9 {
                var chars = Array(base)
                let replacement = Character(String(digit))
                if chars[pos] == replacement { continue }
                chars[pos] = replacement
                #expect(throws: Fodselsnummer.Problem.checksum) { try Fodselsnummer(String(chars), policy: .synthetic) }
            }
        }
    }

    @Test func impossibleDatesAreRefused() throws {
        // 31 February (synthetic month 82) with valid check digits.
        let n = try #require(Fodselsnummer.synthetic(day: 31, month: 2, year: 1988))
        #expect(throws: Fodselsnummer.Problem.invalidDate) { try Fodselsnummer(n, policy: .synthetic) }
    }

    @Test func maskedNeverShowsThePersonalPart() throws {
        let fnr = try Fodselsnummer(Self.synthetic, policy: .synthetic)
        #expect(fnr.masked == String(Self.synthetic.prefix(6)) + " *****")
        #expect("\(fnr)" == fnr.masked)
        #expect(!"\(fnr)".contains(Self.synthetic.suffix(5)))
    }

    @Test func ageOnADate() throws {
        let fnr = try Fodselsnummer(Fodselsnummer.synthetic(day: 14, month: 2, year: 2025)!, policy: .synthetic)
        #expect(fnr.age(on: DateComponents(year: 2026, month: 2, day: 13)) == 0)
        #expect(fnr.age(on: DateComponents(year: 2026, month: 2, day: 14)) == 1)
    }

    @Test func organisasjonsnummer() throws {
        // Brønnøysundregistrene's own organisation number (a public body, not personal data).
        #expect(try Organisasjonsnummer("974 760 673").value == "974760673")
        #expect(throws: Organisasjonsnummer.Problem.checksum) { try Organisasjonsnummer("974760674") }
        #expect(throws: Organisasjonsnummer.Problem.wrongLength) { try Organisasjonsnummer("97476067") }
        #expect(throws: Organisasjonsnummer.Problem.notDigits) { try Organisasjonsnummer("97476067x") }
    }

    @Test func kommunenummer() throws {
        #expect(try Kommunenummer("5503").county == "55")
        #expect(try Kommunenummer("0301").value == "0301")
        for bad in ["", "550", "55031", "abcd", "0001", "9999"] {
            #expect(throws: Kommunenummer.Problem.invalid) { try Kommunenummer(bad) }
        }
    }
}
