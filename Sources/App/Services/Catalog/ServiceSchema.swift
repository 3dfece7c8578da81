import Foundation
import RadhusCore
import Yams

/// What a `service.yaml` may say, checked before it is decoded (issue 19, «strict
/// definitions»): a key the format does not have (`requried: false`), a value that is not one
/// of the choices (`type: integer`), a letter placeholder that names nothing, and a letter
/// that uses an answer which may not be there are errors at start and at publish, each naming
/// the file's line, the path in the definition and the fix. Swift's decoder would skip the
/// unknown key and print the unknown placeholder literally in a citizen's letter.
///
/// The key lists mirror the `Codable` types of `ServiceDefinition`; `ServiceSchemaTests`
/// encodes every shipped definition and checks each key it writes is listed here, so the two
/// cannot drift apart.
enum ServiceSchema {
    /// A shape: the keys a mapping may have (and each value's shape), a list of one shape, a
    /// scalar from a set of values, or anything (free text, a number).
    indirect enum Shape: Sendable {
        case mapping([String: Shape])
        case list(Shape)
        /// A mapping whose keys are free (DMN values, field ids) and whose values have one shape.
        case dictionary(Shape)
        case oneOf([String], hint: String?)
        case text
        /// Localized text: a mapping of language codes.
        case localized
        /// A `showWhen` (`FieldDefinition.Condition`): a comparison, or all/any/not of conditions.
        case condition
        /// A group's questions: a list of fields (the field shape holds itself through this).
        case fields
    }

    static let conditionKeys: [String: Shape] = [
        "field": .text, "equals": .text, "in": .list(.text), "atLeast": .text, "atMost": .text,
        "all": .list(.condition), "any": .list(.condition), "not": .condition,
    ]

    static let localizedKeys = ["nb", "nn", "en"]

    static let option: Shape = .mapping(["value": .text, "label": .localized, "kommuner": .list(.text)])

    static let field: Shape = .mapping([
        "id": .text,
        "type": .oneOf(
            FieldType.allCases.map(\.rawValue),
            hint: "et heltall er `type: number` med `decimals: 0`; et ja/nei-spørsmål er `yesno`"),
        "label": .localized, "hint": .localized, "required": .oneOf(["true", "false"], hint: nil),
        "pattern": .text, "patternMessage": .localized, "maxLength": .text, "min": .text, "max": .text,
        "decimals": .text, "minDaysFromToday": .text, "maxDaysFromToday": .text, "options": .list(option),
        "showWhen": .condition, "autocomplete": .text,
        "accept": .list(
            .oneOf(
                AttachmentKind.allCases.map(\.rawValue),
                hint: "HEIC-bilder avvises med en melding; de kan ikke arkiveres")),
        "maxFileMB": .text, "maxFiles": .text,
        "prefill": .oneOf(FieldDefinition.Prefill.allCases.map(\.rawValue), hint: nil),
        "fields": .fields, "itemLabel": .localized,
    ])

    /// How a DMN decision's inputs are fed (`RulesBinding.Input`).
    static let ruleInputs: Shape = .list(
        .mapping([
            "name": .text, "field": .text, "type": .oneOf(["number", "boolean", "string", "date"], hint: nil),
            "ageOf": .text, "onMonthDay": .text, "yearOfField": .text, "sumOf": .text, "filesOf": .text,
            "fact": .oneOf(CaseFact.allCases.map(\.rawValue), hint: nil),
        ]))

    static let definition: Shape = .mapping([
        "id": .text, "version": .text, "title": .localized, "summary": .localized, "whoCanApply": .localized,
        "youNeed": .localized, "minutesToFill": .text,
        "deadline": .mapping([
            "days": .text, "kind": .oneOf(["calendar", "working"], hint: nil),
            "pauseWhileWaiting": .oneOf(["true", "false"], hint: nil), "pauseBasis": .text,
            "statutory": .mapping([
                "weeks": .text, "basis": .text,
                "rule": .mapping(["file": .text, "decision": .text, "inputs": ruleInputs]),
            ]),
        ]),
        "legalBasis": .text, "loginLevel": .oneOf(["substantial", "high"], hint: nil),
        "appealBody": .oneOf(["statsforvalteren", "klagenemnd"], hint: nil),
        "fields": .list(field),
        "steps": .list(.mapping(["id": .text, "title": .localized, "fields": .list(.text)])),
        "decisionValues": .list(field),
        "outcomes": .list(
            .mapping([
                "id": .text, "label": .localized, "granted": .oneOf(["true", "false"], hint: nil),
                "letter": .mapping(["title": .localized, "body": .localized]),
            ])),
        "rules": .mapping([
            "file": .text, "decision": .text, "outcomeOutput": .text, "outcomes": .dictionary(.text),
            "inputs": ruleInputs,
            "defaultMode": .oneOf(AutomationMode.allCases.map(\.rawValue), hint: nil),
        ]),
        "completeness": .mapping(["file": .text, "decision": .text, "inputs": ruleInputs, "answerDays": .text]),
        "fee": .mapping([
            "file": .text, "decision": .text, "inputs": ruleInputs,
            "lateReduction": .mapping(["percentPerStartedWeek": .text, "basis": .text]),
        ]),
        "followUps": .list(
            .mapping([
                "id": .text, "title": .localized, "summary": .localized, "after": .text, "when": .condition,
                "requires": .text, "weeks": .text, "basis": .text, "documents": .list(field),
                "outcomes": .list(
                    .mapping([
                        "id": .text, "label": .localized, "granted": .oneOf(["true", "false"], hint: nil),
                        "letter": .mapping(["title": .localized, "body": .localized]),
                    ])),
            ])),
        "thirdParties": .mapping([
            "field": .text, "personField": .text, "nameField": .text, "addressField": .text, "commentDays": .text,
            "letter": .mapping(["title": .localized, "body": .localized]), "basis": .text,
            "commentLabel": .localized,
        ]),
        "archive": .mapping([
            "classID": .text, "classTitle": .text, "unit": .text,
            "screening": .mapping(["basis": .text, "fields": .list(.text)]),
        ]),
        "postalAddress": .mapping(["field": .text, "recipient": .localized]),
        "local": .mapping([
            "contact": .text, "signature": .text, "criteria": .text, "options": .dictionary(.list(option)),
        ]),
    ])

    /// A definition from its YAML, parsed once: the strict checks on the node tree (each
    /// problem as `line N: path: what — fix`), then decoding, then the checks of the whole
    /// (`ServiceDefinition.problems`, the letters). Start-up and publishing both read through here.
    /// `stored`: a package already in the catalogue (a version published before nynorsk was
    /// required, issue 19): read as it was accepted then, without the newer nynorsk requirement,
    /// so cases of old versions still open after an upgrade.
    static func read(_ yaml: String, stored: Bool = false) -> (definition: ServiceDefinition?, problems: [String]) {
        let node: Yams.Node
        do {
            guard let n = try Yams.compose(yaml: yaml) else { return (nil, ["fila er tom"]) }
            node = n
        } catch {
            return (nil, ["\(error)"])
        }
        var strict: [String] = []
        check(node, against: definition, path: "", into: &strict)
        guard strict.isEmpty else { return (nil, strict) }
        let def: ServiceDefinition
        do { def = try YAMLDecoder().decode(ServiceDefinition.self, from: node) } catch {
            return (nil, [ShippedServices.describe(error)])
        }
        // A follow-up's letters are checked as the letters of the service it is decided with.
        let followUpLetters = (def.followUps ?? []).flatMap { f in
            letterProblems(def.forFollowUp(f)).map { "followUps (\(f.id)): \($0)" }
        }
        return (def, def.problems() + letterProblems(def) + followUpLetters + (stored ? [] : nynorskProblems(def)))
    }

    private static func check(_ node: Yams.Node, against shape: Shape, path: String, into out: inout [String]) {
        let at = node.mark.map { "linje \($0.line): " } ?? ""
        switch shape {
        case .text:
            return
        case .condition:
            check(node, against: .mapping(conditionKeys), path: path, into: &out)
        case .fields:
            check(node, against: .list(field), path: path, into: &out)
        case .localized:
            guard case .mapping(let m) = node else { return }  // the decoder says what it wants
            for (key, _) in m {
                let k = key.string ?? ""
                if !localizedKeys.contains(k) {
                    out.append(
                        "\(key.mark.map { "linje \($0.line): " } ?? at)\(path): ukjent språk «\(k)» — bruk nb, nn eller en"
                    )
                }
            }
        case .oneOf(let values, let hint):
            guard let v = node.string, !values.contains(v) else { return }
            out.append(
                "\(at)\(path): «\(v)» er ikke en av \(values.joined(separator: ", "))"
                    + (hint.map { " (\($0))" } ?? suggestion(v, among: values).map { " — mente du «\($0)»?" } ?? "")
            )
        case .list(let item):
            guard case .sequence(let s) = node else { return }
            for (i, element) in s.enumerated() {
                check(element, against: item, path: path + "[\(i)]" + label(element), into: &out)
            }
        case .dictionary(let value):
            guard case .mapping(let m) = node else { return }
            for (key, v) in m { check(v, against: value, path: path + "." + (key.string ?? "?"), into: &out) }
        case .mapping(let keys):
            guard case .mapping(let m) = node else { return }
            for (key, value) in m {
                let k = key.string ?? ""
                let here = path.isEmpty ? k : path + "." + k
                guard let inner = keys[k] else {
                    let where_ = key.mark.map { "linje \($0.line): " } ?? at
                    let fix = suggestion(k, among: Array(keys.keys)).map { "mente du «\($0)»?" } ?? "ta den bort"
                    out.append("\(where_)\(path.isEmpty ? "øverste nivå" : path): ukjent nøkkel «\(k)» — \(fix)")
                    continue
                }
                check(value, against: inner, path: here, into: &out)
            }
        }
    }

    /// ` (id)` after a list element's index, when it has an id: `fields[3] (sjafor_navn)`.
    private static func label(_ node: Yams.Node) -> String {
        guard case .mapping(let m) = node, let id = m["id"]?.string else { return "" }
        return " (\(id))"
    }

    /// The known word closest to a typo, if it is close (at most a third of it changed).
    static func suggestion(_ word: String, among known: [String]) -> String? {
        let best = known.map { ($0, distance(word.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(1, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a)
        let y = Array(b)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }

    // MARK: Letters

    /// Placeholders that name nothing, and answers a letter uses that may not be there.
    /// Every text a citizen reads must be there in nynorsk too (issue 19): public bodies answer
    /// in the written form the person uses, and many kommuner have nynorsk as their own.
    static func nynorskProblems(_ def: ServiceDefinition) -> [String] {
        var texts: [(String, LocalizedText)] = [
            ("title", def.title), ("summary", def.summary), ("whoCanApply", def.whoCanApply),
        ]
        if let y = def.youNeed { texts.append(("youNeed", y)) }
        if let r = def.postalAddress?.recipient { texts.append(("postalAddress.recipient", r)) }
        for (list, fields) in [("fields", def.fields), ("decisionValues", def.decisionValues ?? [])] {
            for (i, f) in fields.enumerated() {
                let at = "\(list)[\(i)] (\(f.id))"
                texts.append((at + ".label", f.label))
                if let h = f.hint { texts.append((at + ".hint", h)) }
                if let m = f.patternMessage { texts.append((at + ".patternMessage", m)) }
                for (j, o) in (f.options ?? []).enumerated() { texts.append((at + ".options[\(j)].label", o.label)) }
                if let item = f.itemLabel { texts.append((at + ".itemLabel", item)) }
                for (j, sub) in (f.fields ?? []).enumerated() {
                    texts.append((at + ".fields[\(j)] (\(sub.id)).label", sub.label))
                    if let h = sub.hint { texts.append((at + ".fields[\(j)] (\(sub.id)).hint", h)) }
                    for (k, o) in (sub.options ?? []).enumerated() {
                        texts.append((at + ".fields[\(j)] (\(sub.id)).options[\(k)].label", o.label))
                    }
                }
            }
        }
        for (i, step) in (def.steps ?? []).enumerated() { texts.append(("steps[\(i)] (\(step.id)).title", step.title)) }
        for o in def.outcomes {
            texts += [
                ("outcomes (\(o.id)).label", o.label), ("outcomes (\(o.id)).letter.title", o.letter.title),
                ("outcomes (\(o.id)).letter.body", o.letter.body),
            ]
        }
        return texts.filter { !$0.1.has(.nn) }.map {
            "\($0.0): mangler nynorsk — legg til `nn:` ved siden av `nb:` (alt innbyggerne leser, skal finnes på begge målformer)"
        }
    }

    static func letterProblems(_ def: ServiceDefinition) -> [String] {
        var known = Set(DecisionLetter.templateValues)
        var dates: Set<String> = ["dato"]
        for f in def.fields + (def.decisionValues ?? []) {
            known.insert(f.id)
            if f.type == .date { dates.insert(f.id) }
            if f.type == .address {
                for part in ["gate", "postnummer", "poststed"] { known.insert("\(f.id).\(part)") }
            }
        }
        // A service with a fee (issue 24): the decision sets the fee and what comes off it.
        if def.fee != nil { known.formUnion(ServiceDefinition.Fee.letterValues) }
        var out: [String] = []
        for outcome in def.outcomes {
            for (part, text) in [("title", outcome.letter.title), ("body", outcome.letter.body)] {
                for language in Language.allCases {
                    guard text.has(language) else { continue }
                    let path = "outcomes (\(outcome.id)).letter.\(part).\(language.rawValue)"
                    let nodes: [LetterTemplate.Node]
                    do { nodes = try LetterTemplate.parse(text[language]) } catch {
                        out.append("\(path): \(error)")
                        continue
                    }
                    var reported = Set<String>()
                    for use in LetterTemplate.uses(nodes)
                    where reported.insert("\(use.group ?? "")/\(use.name)/\(use.asNumber)").inserted || use.asDate {
                        if use.asNumber {
                            // A term of {{sum}}: a number or an amount, or a group's (`barn.belop`).
                            let parts = use.name.split(separator: ".", maxSplits: 1).map(String.init)
                            let inGroup = { (g: String, q: String) in
                                def.field(g).flatMap { $0.type == .group ? $0.fields?.first { $0.id == q } : nil }
                            }
                            let target =
                                parts.count == 2
                                ? inGroup(parts[0], parts[1])
                                : use.group.flatMap { inGroup($0, use.name) } ?? def.field(use.name)
                                    ?? def.decisionValues?.first { $0.id == use.name }
                            if let type = target?.type, type == .number || type == .money { continue }
                            out.append(
                                "\(path): {{sum \(use.name)}}: «\(use.name)» er ikke et tall eller beløp — summer felt med type: number eller money, eller en gruppes spørsmål som gruppe.spørsmål"
                            )
                            continue
                        }
                        if use.isGroup {
                            if def.field(use.name)?.type != .group {
                                out.append(
                                    "\(path): {{#each \(use.name)}} viser ikke til en gruppe — bruk et felt med type: group"
                                )
                            }
                            continue
                        }
                        // Inside {{#each g}}: g's questions by their own ids, and {{nr}}.
                        if let g = use.group, let group = def.field(g), group.type == .group,
                            use.name == "nr"
                                || group.fields?.contains(where: {
                                    $0.id == use.name.split(separator: ".").first.map(String.init)
                                }) == true
                        {
                            let sub = group.fields?.first {
                                $0.id == use.name.split(separator: ".").first.map(String.init)
                            }
                            if use.asDate, sub?.type != .date {
                                out.append("\(path): {{\(use.name) + …}} legger en periode til noe som ikke er en dato")
                            } else if !use.guarded, !use.inCondition, let sub, !sub.required {
                                out.append(
                                    "\(path): {{\(use.name)}} kan være ubesvart (valgfritt i gruppen \(g)) — sett det inni {{#if \(use.name)}}…{{/if}}, eller gjør feltet påkrevd"
                                )
                            }
                            continue
                        }
                        let field = def.field(String(use.name.split(separator: ".").first ?? ""))
                        if !known.contains(use.name) {
                            let fix =
                                suggestion(use.name, among: Array(known)).map { "mente du {{\($0)}}?" }
                                ?? "bruk id-en til et felt eller en av \(DecisionLetter.templateValues.joined(separator: ", "))"
                            out.append("\(path): {{\(use.name)}} viser ikke til noe — \(fix)")
                        } else if use.asDate, !dates.contains(use.name) {
                            out.append(
                                "\(path): {{\(use.name) + …}} legger en periode til noe som ikke er en dato — bruk et datofelt eller dato"
                            )
                        } else if def.decisionValues?.contains(where: { $0.id == use.name }) == true {
                            // A decision value: set when the outcome is decided if required and asked for it.
                            if !use.guarded, !use.inCondition, !def.decisionValueIsSet(use.name, for: outcome.id) {
                                out.append(
                                    "\(path): {{\(use.name)}} er en vedtaksverdi som ikke alltid er satt ved «\(outcome.id)» — gjør den påkrevd for dette utfallet, eller sett den inni {{#if \(use.name)}}…{{/if}}"
                                )
                            }
                        } else if !use.guarded, !use.inCondition, let field, field.showWhen != nil || !field.required {
                            out.append(
                                "\(path): {{\(use.name)}} kan være ubesvart (feltet \(field.showWhen != nil ? "spørres bare om noen ganger" : "er valgfritt")), og brevet ville skrevet det ut som det står — gjør feltet påkrevd, sett det inni {{#if \(use.name)}}…{{/if}}, eller ta det ut av brevet"
                            )
                        }
                    }
                }
            }
        }
        return out
    }
}
