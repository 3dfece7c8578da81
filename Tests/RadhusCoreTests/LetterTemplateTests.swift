import Foundation
import Testing

@testable import RadhusCore

/// Issue 19: letter templates that compute — conditions, date sums, values as people read
/// them — and refuse what they cannot do.
@Suite struct LetterTemplateTests {
    let values = LetterTemplate.Values(
        display: ["navn": "Ida Testesen", "rolle": "Som sjåfør", "fra": "15.08.2027", "dato": "05.12.2026"],
        raw: ["navn": "Ida Testesen", "rolle": "sjafor", "fra": "2027-08-15", "dato": "2026-12-05", "hjelp": "nei"])

    @Test func valuesShowAsPeopleReadThem() throws {
        #expect(LetterTemplate.fill("Til {{navn}}: {{rolle}}", with: values) == "Til Ida Testesen: Som sjåfør")
    }

    @Test func datesAddPeriods() throws {
        #expect(LetterTemplate.fill("{{dato + 3 år}}", with: values) == "05.12.2029")
        #expect(LetterTemplate.fill("{{fra + 14 dager}}", with: values) == "29.08.2027")
        #expect(LetterTemplate.fill("{{fra + 6 måneder}}", with: values) == "15.02.2028")
        #expect(LetterTemplate.fill("{{fra - 1 uke}}", with: values) == "08.08.2027")
    }

    @Test func conditionsChooseText() throws {
        let t = #"{{#if rolle == "sjafor"}}sjåfør{{else}}passasjer{{/if}}"#
        #expect(LetterTemplate.fill(t, with: values) == "sjåfør")
        #expect(LetterTemplate.fill(#"{{#if rolle != "sjafor"}}x{{else}}y{{/if}}"#, with: values) == "y")
        // «nei» and nothing are not answered; nesting works.
        #expect(LetterTemplate.fill("{{#if hjelp}}a{{else}}b{{/if}}{{#if not telefon}}c{{/if}}", with: values) == "bc")
        #expect(
            LetterTemplate.fill("{{#if navn}}{{#if fra}}begge{{/if}}{{/if}}", with: values) == "begge")
    }

    @Test func malformedTemplatesAreRefusedWithWhatIsWrong() throws {
        for (template, says) in [
            ("{{#if navn}}uten slutt", "mangler {{/if}}"),
            ("{{/if}}", "uten {{#if}}"),
            ("{{else}}", "uten {{#if}}"),
            ("{{#for barn}}", "finnes ikke i malspråket"),
            ("{{#each barn}}", "mangler {{/each}}"),
            ("{{dato + tre år}}", "datoregning"),
            ("{{#if rolle == sjafor}}", "anførselstegn"),
            ("{{navn", "mangler «}}»"),
            ("{{sum}}", "skriv hva som skal summeres"),
        ] {
            #expect(throws: LetterTemplate.SyntaxError.self, "\(template)") { try LetterTemplate.parse(template) }
            do { _ = try LetterTemplate.parse(template) } catch {
                #expect("\(error)".contains(says), "\(template): \(error)")
            }
        }
    }

    @Test func usesSayWhatIsGuarded() throws {
        let nodes = try LetterTemplate.parse("{{#if telefon}}{{telefon}}{{/if}} {{epost}} {{dato + 1 år}}")
        let uses = LetterTemplate.uses(nodes)
        #expect(uses.first { $0.name == "telefon" && !$0.inCondition }?.guarded == true)
        #expect(uses.first { $0.name == "epost" }?.guarded == false)
        #expect(uses.first { $0.name == "dato" }?.asDate == true)
    }

    @Test func eachRepeatsForTheEntriesOfAGroup() throws {
        let v = LetterTemplate.Values(
            display: ["barn": "2", "barn.0.navn": "Emma", "barn.1.navn": "Noah", "barn.1.fodt": "03.09.2017"],
            raw: ["barn": "2", "barn.0.navn": "Emma", "barn.1.navn": "Noah", "barn.1.fodt": "2017-09-03"])
        let t = #"{{#each barn}}{{#if nr != "1"}}, {{/if}}{{nr}}. {{navn}}{{#if fodt}} (født {{fodt}}){{/if}}{{/each}}"#
        #expect(LetterTemplate.fill(t, with: v) == "1. Emma, 2. Noah (født 03.09.2017)")
        #expect(LetterTemplate.fill("{{#each ingen}}x{{/each}}", with: v) == "")
        #expect(throws: LetterTemplate.SyntaxError.self) { try LetterTemplate.parse("{{#each barn}}") }
        #expect(throws: LetterTemplate.SyntaxError.self) { try LetterTemplate.parse("{{#if a}}{{/each}}") }
    }

    @Test func sumsAddNumbersAndAmountsAlsoOverAGroup() throws {
        var v = LetterTemplate.Values(
            display: [:],
            raw: [
                "husleie": "8500", "strom": "1250.5", "barn": "3", "barn.0.belop": "1000", "barn.1.belop": "",
                "barn.2.belop": "250", "antall": "2",
            ])
        v.money = ["husleie", "strom", "barn.belop"]
        // Amounts read as kroner; an unanswered entry counts as nothing.
        #expect(LetterTemplate.fill("{{sum husleie strom}}", with: v) == "9\u{A0}750,50 kr")
        #expect(LetterTemplate.fill("{{sum barn.belop}}", with: v) == "1\u{A0}250 kr")
        // With a term that is not an amount, a number.
        #expect(LetterTemplate.fill("{{sum antall barn.belop}}", with: v) == "1\u{A0}252")
        v.language = .en
        #expect(LetterTemplate.fill("{{sum husleie strom}}", with: v) == "NOK 9,750.50")
        let uses = LetterTemplate.uses(try LetterTemplate.parse("{{sum husleie barn.belop}}"))
        #expect(uses.map(\.name) == ["husleie", "barn.belop"] && uses.allSatisfy { $0.asNumber && $0.guarded })
    }
}
