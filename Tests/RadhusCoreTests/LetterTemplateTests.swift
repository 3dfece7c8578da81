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
            ("{{#if navn}}uten slutt", "has no {{/if}}"),
            ("{{/if}}", "without an {{#if}}"),
            ("{{else}}", "without an {{#if}}"),
            ("{{#for barn}}", "not part of the template language"),
            ("{{#each barn}}", "has no {{/each}}"),
            ("{{dato + tre år}}", "date sum"),
            ("{{#if rolle == sjafor}}", "quoted value"),
            ("{{navn", "has no «}}»"),
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
}
