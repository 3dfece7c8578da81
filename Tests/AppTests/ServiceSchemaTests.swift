import Foundation
import RadhusCore
import Testing

@testable import App

/// Issue 19, «strict definitions»: each kind of mistake in a service definition is refused at
/// start and at publish, with a message naming the file's line, the path and the fix.
@Suite struct ServiceSchemaTests {
    /// The shipped skoleskyss, as text.
    static let skoleskyss: String = {
        let file = RadhusConfig.defaultServicesDirectory() + "/skoleskyss/service.yaml"
        return (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
    }()

    /// Compiles skoleskyss with one change made to its text; returns the problems.
    func problems(_ change: (String) -> String) throws -> [String] {
        let changed = change(Self.skoleskyss)
        #expect(changed != Self.skoleskyss, "the change applies")
        let dmn = try String(
            contentsOfFile: RadhusConfig.defaultServicesDirectory() + "/skoleskyss/skoleskyss.dmn", encoding: .utf8)
        do {
            _ = try ServicePackage.compile(files: ["service.yaml": changed, "skoleskyss.dmn": dmn])
            return []
        } catch {
            return error.messages
        }
    }

    @Test func theShippedServicesAreStrictlyValid() throws {
        #expect(try problems { $0 + "\n" }.isEmpty)
    }

    /// Issue 21: the rule file loads per decision. A decision the service does not use may be
    /// broken (named, the service publishes); the service's own decision, or one it requires,
    /// may not (refused with the decision, the expression and the reason).
    @Test func aBrokenDecisionRefusesOnlyTheServiceThatUsesIt() throws {
        let dmn = try String(
            contentsOfFile: RadhusConfig.defaultServicesDirectory() + "/skoleskyss/skoleskyss.dmn", encoding: .utf8)
        let extra = """
            <decision id="Ubrukt" name="Ubrukt"><literalExpression><text>Avstand +* 2</text></literalExpression></decision>
            </definitions>
            """
        let withUnused = dmn.replacingOccurrences(of: "</definitions>", with: extra)
        let (_, rules) = try ServicePackage.compile(files: [
            "service.yaml": Self.skoleskyss, "skoleskyss.dmn": withUnused,
        ])
        #expect(rules?.unusedProblems.map(\.decision) == ["Ubrukt"])
        // the service's own decision broken: refused, naming it and the expression
        let broken = dmn.replacingOccurrences(
            of: "<decision id=\"Skoleskyss\" name=\"Skoleskyss\">",
            with:
                "<decision id=\"Skoleskyss\" name=\"Skoleskyss\"><literalExpression><text>1 +* 2</text></literalExpression></decision><decision id=\"Gammel\" name=\"Gammel\">"
        )
        #expect(broken != dmn)
        do {
            _ = try ServicePackage.compile(files: ["service.yaml": Self.skoleskyss, "skoleskyss.dmn": broken])
            Issue.record("a service bound to a broken decision was accepted")
        } catch {
            let message = error.messages.joined(separator: "\n")
            #expect(message.contains("decision 'Skoleskyss'") && message.contains("«1 +* 2»"), "\(message)")
            #expect(message.contains("kan ikke kompileres"))
        }
    }

    @Test func eachKindOfMistakeIsNamedWithWhereAndTheFix() throws {
        let cases: [(String, (String) -> String, [String])] = [
            (
                "a misspelt key",
                {
                    $0.replacingOccurrences(
                        of: "    type: number\n    min: 1", with: "    type: number\n    requried: false\n    min: 1")
                },
                ["linje ", "fields[", "(trinn)", "ukjent nøkkel «requried»", "mente du «required»?"]
            ),
            (
                "an unknown top-level key",
                { $0 + "\nstep: 2\n" },
                ["øverste nivå: ukjent nøkkel «step»", "mente du «steps»"]
            ),
            (
                "a type that does not exist",
                { $0.replacingOccurrences(of: "    type: number\n    min: 1", with: "    type: integer\n    min: 1") },
                ["(trinn).type: «integer» er ikke en av", "`type: number` med `decimals: 0`"]
            ),
            (
                "an unknown language",
                {
                    $0.replacingOccurrences(
                        of: "label: { nb: \"Trinn\", nn: \"Trinn\", en: \"Grade\" }",
                        with: "label: { nb: \"Trinn\", nn: \"Trinn\", de: \"Klasse\" }")
                },
                ["(trinn).label: ukjent språk «de»", "bruk nb, nn eller en"]
            ),
            (
                "a text without nynorsk",
                {
                    $0.replacingOccurrences(
                        of: "label: { nb: \"Trinn\", nn: \"Trinn\", en: \"Grade\" }",
                        with: "label: { nb: \"Trinn\", en: \"Grade\" }")
                },
                ["fields[4] (trinn).label: mangler nynorsk", "legg til `nn:` ved siden av `nb:`"]
            ),
            (
                "a placeholder that names nothing",
                {
                    $0.replacingOccurrences(
                        of: "skoleskyss for {{elevens_navn}}. {{elevens_navn}} får",
                        with: "skoleskyss for {{elevens_nav}}. {{elevens_navn}} får")
                },
                [
                    "outcomes (innvilget).letter.body.nb: {{elevens_nav}} viser ikke til noe",
                    "mente du {{elevens_navn}}?",
                ]
            ),
            (
                "a letter using an answer that may be missing",
                {
                    $0.replacingOccurrences(
                        of: "Skolen deler ut skysskort.", with: "Skolen deler ut skysskort. {{farlig_beskrivelse}}")
                },
                ["{{farlig_beskrivelse}} kan være ubesvart", "sett det inni {{#if farlig_beskrivelse}}"]
            ),
            (
                "an {{#if}} without its {{/if}}",
                {
                    $0.replacingOccurrences(
                        of: "Skolen deler ut skysskort.", with: "{{#if helsebehov}}Skolen deler ut skysskort.")
                },
                ["outcomes (innvilget).letter.body.nb: en {{#if}} mangler {{/if}}"]
            ),
            (
                "a date sum on something that is not a date",
                {
                    $0.replacingOccurrences(
                        of: "Skolen deler ut skysskort.", with: "Skolen deler ut skysskort til {{trinn + 1 år}}.")
                },
                ["{{trinn + …}} legger en periode til noe som ikke er en dato"]
            ),
            (
                "a condition on a field that does not exist",
                {
                    $0.replacingOccurrences(
                        of: "showWhen: { field: farlig_skolevei", with: "showWhen: { field: farlig_skolevej")
                },
                ["avhenger av det ukjente feltet «farlig_skolevej»"]
            ),
            (
                "a sum of something that is not a number",
                {
                    $0.replacingOccurrences(
                        of: "Skolen deler ut skysskort.", with: "Skolen deler ut skysskort. {{sum trinn elevens_navn}}")
                },
                ["{{sum elevens_navn}}: «elevens_navn» er ikke et tall eller beløp"]
            ),
        ]
        for (name, change, expected) in cases {
            let found = try problems(change).joined(separator: "\n")
            for part in expected { #expect(found.contains(part), "\(name): says «\(part)» in: \(found)") }
        }
    }

    /// The schema's key lists cannot drift from the types: every key a shipped definition
    /// encodes to is one the schema allows.
    @Test func theSchemaKnowsEveryKeyTheTypesWrite() throws {
        let shipped = try ShippedServices.load(from: RadhusConfig.defaultServicesDirectory())
        for def in shipped.services {
            var copy = def
            copy.local = .init(
                contact: "x", signature: "y", criteria: "z",
                options: ["skole": [.init(value: "a", label: .init(nb: "A"))]])
            copy.loginLevel = .high
            let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(copy))
            var unknown: [String] = []
            walk(json, ServiceSchema.definition, path: def.id, into: &unknown)
            #expect(unknown.isEmpty, "keys the schema does not know: \(unknown)")
        }
    }

    func walk(_ value: Any, _ shape: ServiceSchema.Shape, path: String, into unknown: inout [String]) {
        switch shape {
        case .mapping(let keys):
            guard let d = value as? [String: Any] else { return }
            for (k, v) in d {
                guard let inner = keys[k] else {
                    unknown.append(path + "." + k)
                    continue
                }
                walk(v, inner, path: path + "." + k, into: &unknown)
            }
        case .list(let item):
            for v in value as? [Any] ?? [] { walk(v, item, path: path + "[]", into: &unknown) }
        case .dictionary(let inner):
            for (k, v) in value as? [String: Any] ?? [:] { walk(v, inner, path: path + "." + k, into: &unknown) }
        case .localized:
            for k in (value as? [String: Any] ?? [:]).keys where !ServiceSchema.localizedKeys.contains(k) {
                unknown.append(path + "." + k)
            }
        case .condition:
            walk(value, .mapping(ServiceSchema.conditionKeys), path: path, into: &unknown)
        case .fields:
            walk(value, .list(ServiceSchema.field), path: path, into: &unknown)
        case .oneOf, .text:
            return
        }
    }
}

extension AppTests {
    /// Issue 19: e-mail, phone and money questions on a real form: the right keyboards, the
    /// messages, what the check page shows and what the case stores.
    @Suite struct RicherQuestionPageTests {
        @Test func aFormWithEmailPhoneAndMoneyQuestions() async throws {
            // arrange: skoleskyss with three more questions, as a kommune's service would have
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "radhus-services-\(UUID().uuidString)")
            try FileManager.default.copyItem(atPath: RadhusConfig.defaultServicesDirectory(), toPath: dir.path)
            defer { try? FileManager.default.removeItem(at: dir) }
            let yaml = dir.appendingPathComponent("skoleskyss/service.yaml")
            let extra = """
                fields:
                  - id: epost
                    type: email
                    label: { nb: "E-post", nn: "E-post", en: "E-mail" }
                  - id: telefon
                    type: phone
                    label: { nb: "Telefon", nn: "Telefon", en: "Phone" }
                  - id: egenandel
                    type: money
                    max: 100000
                    label: { nb: "Egenandel", nn: "Eigendel", en: "Own contribution" }

                """
            let text = try String(contentsOf: yaml, encoding: .utf8)
            try text.replacingOccurrences(of: "fields:\n", with: extra).write(
                to: yaml, atomically: true, encoding: .utf8)
            try await withRadhus { config in
                config.servicesDirectory = dir.path
            } _: { app in
                let web = WebClient(app)
                try await web.loginCitizen(People.ola)
                let form = try await web.get("/k/5503/skoleskyss/soknad")
                for input in [
                    #"name="epost""#, #"inputmode="email""#, #"inputmode="tel""#, #"inputmode="decimal""#,
                    "Beløp i kroner",
                ] {
                    #expect(form.body.contains(input), "\(input)")
                }
                // a conditional question is not called optional: it is required when asked
                #expect(
                    !form.body.contains("vanskelig (valgfritt)")
                        && form.body.contains("Beskriv hva som gjør skoleveien farlig eller vanskelig"))
                var answers = [
                    "elevens_fnr": People.child, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Storgata 1",
                    "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole",
                    "trinn": "3",
                    "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "ja",
                    "epost": "ola@example", "telefon": "123", "egenandel": "12,555",
                ]
                let bad = try await web.post("/k/5503/skoleskyss/soknad", answers)
                #expect(bad.status == .unprocessableEntity)
                for message in [
                    "må være en e-postadresse", "telefonnummer med 8 siffer", "beløp i kroner", #"value="12,555""#,
                ] {
                    #expect(bad.body.contains(message), "\(message)")
                }
                answers["epost"] = "ola@example.no"
                answers["telefon"] = "912 34 567"
                answers["egenandel"] = "kr 1 500,50"
                #expect(try await web.post("/k/5503/skoleskyss/soknad", answers).status == .seeOther)
                let check = try await web.get("/k/5503/skoleskyss/sjekk")
                let shown = check.body.replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(
                    of: "\u{202F}", with: " ")
                #expect(shown.contains("+47 91 23 45 67") && shown.contains("1 500,50 kr"))
                let token = try #require(WebClient.firstMatch(#"name="token" value="([^"]+)""#, in: check.body))
                let receipt = try #require(try await web.post("/k/5503/skoleskyss/send", ["token": token]).location)
                let id = try #require(receipt.split(separator: "/").dropLast().last.map(String.init))
                let record = try #require(try await CaseRecord.find(UUID(uuidString: id), on: app.db))
                #expect(
                    record.answers.values["telefon"] == "+4791234567" && record.answers.values["egenandel"] == "1500.5")
            }
        }
    }

    /// A repeating group feeds the rules: its id is its number of entries, and `sumOf` adds up
    /// one of its questions; a `sumOf` that names no number in a group is refused.
    @Test func aRepeatingGroupFeedsTheRules() throws {
        let binding = try JSONDecoder().decode(
            RulesBinding.self,
            from: Data(
                #"""
                {"file": "r.dmn", "decision": "D", "outcomes": {}, "defaultMode": "off", "inputs": [
                  {"name": "Antall", "field": "husstand", "type": "number"},
                  {"name": "Inntekt", "sumOf": "husstand.inntekt"}]}
                """#.utf8))
        let inputs = RulesService.inputs(
            binding,
            answers: [
                "husstand": "3", "husstand.0.inntekt": "250000", "husstand.1.inntekt": "",
                "husstand.2.inntekt": "120000.5",
            ], submitted: Date(), policy: .production)
        #expect(inputs.map(\.name) == ["Antall", "Inntekt"])
        #expect(inputs[0].value == .number(3) && inputs[1].value == .number(Decimal(string: "370000.5")!))
        var group = FieldDefinition(id: "husstand", type: .group, label: .init(nb: "Husstand"))
        group.fields = [
            FieldDefinition(id: "inntekt", type: .money, label: .init(nb: "Inntekt")),
            FieldDefinition(id: "navn", type: .text, label: .init(nb: "Navn")),
        ]
        #expect(binding.problems(fields: [group]).isEmpty)
        var wrong = binding
        wrong.inputs[1].sumOf = "husstand.navn"
        #expect(
            binding.problems(fields: []).count == 2
                && wrong.problems(fields: [group]).first?.contains("sumOf «husstand.navn»") == true)
    }
}
