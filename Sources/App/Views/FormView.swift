import Foundation
import RadhusCore

/// Renders a service's form from its definition: labels always visible, hints under them,
/// the error at the field, everything the person typed kept.
enum FormView {
    /// Field ids may contain dots (`adresse.gate`); ids in the page use dashes.
    static func domID(_ inputID: String) -> String { "f-" + inputID.replacingOccurrences(of: ".", with: "-") }

    static func fields(
        _ service: ServiceDefinition, kommune: String, values: [String: String],
        errors: [FieldError], t: Strings, files: [Attachment] = [], only: [String]? = nil,
        conditionLabel: ((FieldDefinition.Condition) -> String?)? = nil
    ) -> [Node] {
        var out: [Node] = []
        for field in service.fields where only?.contains(field.id) ?? true {
            var condition: String?
            if let c = field.showWhen, let label = conditionLabel {
                condition = label(c)
            } else if let c = field.showWhen {
                condition = describe(c, in: service, kommune: kommune, t: t)
            }
            if field.type == .group {
                out.append(
                    repeatingGroup(
                        field, kommune: kommune, values: values,
                        errors: errors.filter { $0.inputID == field.id || $0.inputID.hasPrefix(field.id + ".") },
                        condition: condition, t: t))
                continue
            }
            if field.type == .attachment {
                out.append(
                    attachmentGroup(
                        field, values: values, errors: errors.filter { $0.field.id == field.id },
                        files: files.filter { $0.fieldID == field.id }, condition: condition, t: t))
                continue
            }
            out.append(
                fieldGroup(
                    field, kommune: kommune, values: values, errors: errors.filter { $0.field.id == field.id },
                    condition: condition, t: t))
        }
        return out
    }

    /// When a conditional question is asked, in words: the simple case as before («Svar bare
    /// hvis du svarte «Ja» på «…»»), the rest put together from its parts.
    static func describe(
        _ c: FieldDefinition.Condition, in service: ServiceDefinition, kommune: String, t: Strings
    ) -> String? {
        if let name = c.field, let target = service.field(name), let equals = c.equals, c.in == nil,
            c.atLeast == nil, c.atMost == nil
        {
            return t.onlyIf(target.label[t.lang], answerLabel(equals, of: target, kommune: kommune, t: t))
        }
        return part(c, in: service, kommune: kommune, t: t).map(t.answerOnlyIf)
    }

    private static func part(
        _ c: FieldDefinition.Condition, in service: ServiceDefinition, kommune: String, t: Strings
    ) -> String? {
        if let list = c.all ?? c.any {
            let parts = list.compactMap { part($0, in: service, kommune: kommune, t: t) }
            return parts.joined(separator: c.all != nil ? t.andWord : t.orWord)
        }
        if let inner = c.not?.first { return part(inner, in: service, kommune: kommune, t: t).map(t.notThis) }
        guard let name = c.field, let target = service.field(name) else { return nil }
        let label = target.label[t.lang]
        var parts: [String] = []
        if let e = c.equals { parts.append(t.answered(label, answerLabel(e, of: target, kommune: kommune, t: t))) }
        if let set = c.in {
            parts.append(
                t.answered(
                    label, set.map { answerLabel($0, of: target, kommune: kommune, t: t) }.joined(separator: t.orWord)))
        }
        let number = { (n: Decimal) in "\(n)".replacingOccurrences(of: ".", with: t.lang == .en ? "." : ",") }
        if let lo = c.atLeast { parts.append(t.atLeast(label, number(lo))) }
        if let hi = c.atMost { parts.append(t.atMost(label, number(hi))) }
        return parts.joined(separator: t.andWord)
    }

    static func answerLabel(_ value: String, of target: FieldDefinition, kommune: String, t: Strings) -> String {
        if target.type == .yesno { return value == "ja" ? t.yes : t.no }
        return target.options(for: kommune).first { $0.value == value }?.label[t.lang] ?? value
    }

    /// One text input outside a service form (settings, profile, access request): label, optional
    /// hint, the error where it applies, and what was typed, with the ARIA links between them.
    static func textInput(
        t: Strings, id: String, name: String? = nil, label: String, hint: String?, value: String, error: String?,
        type: String,
        extra: [Attr] = [.cls("input w-full")]
    ) -> Node {
        labelled(t: t, id: id, label: label, hint: hint, error: error) { describedBy in
            void(
                "input",
                attrs: [
                    .type(type), .name(name ?? id), .id(id), .value(value), .attr("aria-describedby", describedBy),
                    .attr("aria-invalid", error == nil ? nil : "true"),
                ] + extra)
        }
    }

    /// A labelled textarea with hint and error, like `textInput`.
    static func textArea(
        t: Strings, id: String, name: String? = nil, label: String, hint: String?, value: String, error: String?,
        rows: Int = 4, extra: [Attr] = []
    ) -> Node {
        labelled(t: t, id: id, label: label, hint: hint, error: error) { describedBy in
            el(
                "textarea",
                attrs: [
                    .id(id), .name(name ?? id), .attr("rows", String(rows)), .cls("input w-full"),
                    .attr("aria-describedby", describedBy), .attr("aria-invalid", error == nil ? nil : "true"),
                ] + extra
            ) { value }
        }
    }

    /// A form group: the label, the hint and the error (with their ids), then the control, which
    /// gets the ids it is described by.
    static func labelled(
        t: Strings, id: String, label: String, hint: String?, error: String?, control: (String?) -> Node
    ) -> Node {
        let describedBy = [hint == nil ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }
            .joined(separator: " ")
        return el("div", .cls("form-group" + (error == nil ? "" : " form-group-error"))) {
            el("label", .cls("label"), .for(id)) { label }
            if let hint { el("div", .cls("hint"), .id("\(id)-hint")) { el("p") { hint } } }
            if let error {
                el("p", .cls("field-error"), .id("\(id)-error")) {
                    el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                    error
                }
            }
            control(describedBy.isEmpty ? nil : describedBy)
        }
    }

    /// A repeating group: one fieldset per entry («Barn 1», «Barn 2»), each with its questions
    /// and a button that removes it, then a button that adds one more. The entries' count
    /// travels in a hidden input; adding and removing save the draft and come back here.
    static func repeatingGroup(
        _ field: FieldDefinition, kommune: String, values: [String: String], errors: [FieldError],
        condition: String?, t: Strings
    ) -> Node {
        let id = domID(field.id)
        let limits = field.groupLimits
        let count = values[field.id].flatMap(Int.init) ?? limits.min
        let item = field.itemLabel?[t.lang] ?? field.label[t.lang]
        let own = errors.filter { $0.inputID == field.id }
        return el("div", .cls("form-group repeating-group" + (own.isEmpty ? "" : " form-group-error"))) {
            el("fieldset", .id(id)) {
                el("legend", .cls("label")) { field.label[t.lang] }
                el("div", .cls("hint"), .id(id + "-hint")) {
                    if let condition { el("p", .cls("condition")) { condition } }
                    if let h = field.hint { el("p") { h[t.lang] } }
                    el("p") { t.groupLimits(limits.min, limits.max) }
                }
                if !own.isEmpty {
                    el("p", .cls("field-error"), .id(id + "-error")) {
                        for e in own {
                            el("span") {
                                el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                                t.message(e)
                            }
                        }
                    }
                }
                void("input", .type("hidden"), .name(field.id), .value(String(count)))
                for i in 0..<count {
                    let entry = "\(item) \(i + 1)"
                    el("fieldset", .cls("group-entry"), .id("\(id)-\(i)")) {
                        el("legend", .cls("label")) { entry }
                        for sub in field.fields ?? [] {
                            let f = field.entryField(sub, at: i)
                            fieldGroup(
                                f, kommune: kommune, values: values,
                                errors: errors.filter { $0.inputID == f.id || $0.inputID.hasPrefix(f.id + ".") },
                                condition: nil, t: t)
                        }
                        if count > limits.min {
                            el(
                                "button", .type("submit"), .name("handling"), .value("fjern.\(field.id).\(i)"),
                                .cls("link-button"), .attr("formnovalidate", "")
                            ) { t.removeEntry(entry) }
                        }
                    }
                }
                if count < limits.max {
                    el(
                        "button", .type("submit"), .name("handling"), .value("legg-til.\(field.id)"),
                        .cls("button button-secondary"), .attr("formnovalidate", "")
                    ) { t.addEntry(item) }
                }
            }
        }
    }

    /// An attachment question: a file input, a description and a button that uploads the file
    /// and comes back here, then the files taken so far, each with a button to remove it. (Enter
    /// in a text field presses the page's hidden default «Gå videre», `ApplicationForm`.)
    /// Pressing «Gå videre» with a file chosen uploads it too. No JavaScript: the whole form
    /// is sent as multipart/form-data, so nothing typed elsewhere on the page is lost.
    static func attachmentGroup(
        _ field: FieldDefinition, values: [String: String], errors: [FieldError], files: [Attachment],
        condition: String?, t: Strings
    ) -> Node {
        let id = domID(field.id)
        let rules = field.attachmentRules
        let fileErrors = errors.filter { $0.inputID == field.id }
        let descID = field.id + ".beskrivelse"
        let descErrors = errors.filter { $0.inputID == descID }
        let label = field.label[t.lang] + (field.required ? "" : " " + t.optional)
        let describedBy = [id + "-hint", fileErrors.isEmpty ? nil : id + "-error"].compactMap { $0 }.joined(
            separator: " ")
        return el(
            "div",
            .cls(
                "form-group" + (errors.isEmpty ? "" : " form-group-error")
                    + (field.showWhen != nil ? " conditional" : ""))
        ) {
            el("fieldset", .id(id + "-fieldset")) {
                el("legend", .cls("label")) { label }
                el("div", .cls("hint"), .id(id + "-hint")) {
                    if let condition { el("p", .cls("condition")) { condition } }
                    if let h = field.hint { el("p") { h[t.lang] } }
                    el("p") { t.attachmentRules(rules) }
                }
                el("div", .cls("form-group" + (fileErrors.isEmpty ? "" : " form-group-error"))) {
                    el("label", .cls("label"), .for(id)) { t.chooseFile }
                    if !fileErrors.isEmpty {
                        el("p", .cls("field-error"), .id(id + "-error")) {
                            for e in fileErrors {
                                el("span") {
                                    el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                                    t.message(e)
                                }
                            }
                        }
                    }
                    void(
                        "input", .type("file"), .id(id), .name(field.id), .cls("file-input"),
                        .attr(
                            "accept",
                            rules.kinds.map { "." + $0.fileExtension + "," + $0.mediaType }.joined(separator: ",")),
                        .attr("aria-describedby", describedBy),
                        .attr("aria-invalid", fileErrors.isEmpty ? nil : "true"))
                }
                textInput(
                    t: t, id: domID(descID), name: descID, label: t.fileDescription, hint: t.fileDescriptionHint,
                    value: values[descID] ?? "", error: descErrors.first.map { t.message($0) }, type: "text",
                    extra: [.cls("input w-full"), .attr("maxlength", "200"), .attr("autocomplete", "off")])
                el(
                    "button", .type("submit"), .name("handling"), .value("last-opp"), .cls("button button-secondary"),
                    .attr("formnovalidate", "")
                ) { t.uploadButton }
                el("p", .cls("label file-list-title")) { t.uploadedFiles }
                if files.isEmpty {
                    el("p", .cls("file-list-empty")) { t.noFilesYet }
                } else {
                    el("ul", .cls("file-list")) {
                        for f in files {
                            el("li") {
                                el("span", .cls("file-name")) { f.fileName }
                                " (\(f.sizeText))"
                                if !f.description.isEmpty {
                                    el("span", .cls("file-description")) { " — " + f.description }
                                }
                                " "
                                el(
                                    "button", .type("submit"), .name("fjern"), .value(f.id.uuidString.lowercased()),
                                    .cls("link-button"), .attr("formnovalidate", "")
                                ) {
                                    t.removeFile
                                    el("span", .cls("visually-hidden")) { " " + f.fileName }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// An attachment question's row in a case's answers (the citizen's and the caseworker's
    /// case pages): its label and its files as download links; nothing when none was sent.
    static func fileRow(
        _ field: FieldDefinition, files: [Attachment], t: Strings, url: (Attachment) -> String
    ) -> Node {
        let mine = files.filter { $0.fieldID == field.id }
        guard !mine.isEmpty else { return .group([]) }
        return Layout.summaryRow {
            el("dt") { field.label[t.lang] }
            el("dd") { fileLinks(mine, t: t, url: url) }
        }
    }

    /// The files of an answer, each a download link with its size and description.
    static func fileLinks(_ files: [Attachment], t: Strings, url: (Attachment) -> String) -> Node {
        el("ul", .cls("file-list")) {
            for f in files {
                el("li") {
                    el("a", .href(url(f)), .attr("download", "")) {
                        f.fileName
                        el("span", .cls("visually-hidden")) { " (" + t.download + ")" }
                    }
                    " (\(t.fileKind(f.mediaType)), \(f.sizeText))"
                    if !f.description.isEmpty { el("span", .cls("file-description")) { " — " + f.description } }
                }
            }
        }
    }

    static func fieldGroup(
        _ field: FieldDefinition, kommune: String, values: [String: String], errors: [FieldError],
        condition: String?, t: Strings
    ) -> Node {
        let id = domID(field.id)
        let hasError = !errors.isEmpty
        // A conditional question is required when it is asked (its hint says when): «(valgfritt)»
        // only on questions one may really leave empty (issue 19).
        let label = field.label[t.lang] + (field.required ? "" : " " + t.optional)
        let hintID = id + "-hint"
        let errorID = id + "-error"
        // A date is a text field that takes dd.mm.åååå, and says so: `type=date` shows the
        // browser's own format, which in a browser not set to Norwegian swapped day and month
        // of the «15.08.2027» the hint suggests (issue 17).
        let formatHint =
            switch field.type {
            case .date: t.dateFormatHint
            case .money: t.moneyFormatHint
            default: nil as String?
            }
        var describedBy: [String] = []
        if field.hint != nil || condition != nil || formatHint != nil { describedBy.append(hintID) }
        // An address shows its errors at each part, so the group has no error element of its own.
        if hasError && field.type != .address { describedBy.append(errorID) }
        let described = describedBy.isEmpty ? nil : describedBy.joined(separator: " ")
        let hint = el("div", .cls("hint"), .id(hintID)) {
            if let condition { el("p", .cls("condition")) { condition } }
            if let h = field.hint { el("p") { h[t.lang] } }
            if let formatHint { el("p") { formatHint } }
        }
        let errorNode = el("p", .cls("field-error"), .id(errorID)) {
            for e in errors {
                el("span") {
                    el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                    t.message(e)
                }
            }
        }
        let groupClass =
            "form-group" + (hasError ? " form-group-error" : "") + (field.showWhen != nil ? " conditional" : "")
        var value = values[field.id] ?? ""
        // A date already read (the check page's way back) is shown the way the person writes it.
        if field.type == .date, value.count == 10, value.dropFirst(4).first == "-" {
            value = Format.norwegianDate(iso: value)
        }

        switch field.type {
        case .choice, .yesno:
            let options: [(String, String)] =
                field.type == .yesno
                ? [("ja", t.yes), ("nei", t.no)]
                : field.options(for: kommune).map { ($0.value, $0.label[t.lang]) }
            return el("div", .cls(groupClass)) {
                el("fieldset", .id(id), .attr("aria-describedby", described)) {
                    el("legend", .cls("label")) { label }
                    if field.hint != nil || condition != nil { hint }
                    if hasError { errorNode }
                    el("div", .cls("radios")) {
                        for (i, (v, l)) in options.enumerated() {
                            el("div", .cls("radio")) {
                                void(
                                    "input", .type("radio"), .name(field.id), .value(v),
                                    .id(i == 0 ? id + "-0" : "\(id)-\(i)"),
                                    .flag("checked", value == v))
                                el("label", .for("\(id)-\(i)")) { l }
                            }
                        }
                    }
                }
            }
        case .choices:
            // Checkboxes, sent as `id[]` (one value each); what was chosen is kept.
            let chosen = Set(value.split(separator: ",").map(String.init))
            return el("div", .cls(groupClass)) {
                el("fieldset", .id(id), .attr("aria-describedby", described)) {
                    el("legend", .cls("label")) { label }
                    if field.hint != nil || condition != nil { hint }
                    if hasError { errorNode }
                    el("div", .cls("checkboxes")) {
                        for (i, o) in field.options(for: kommune).enumerated() {
                            el("div", .cls("checkbox")) {
                                void(
                                    "input", .type("checkbox"), .name(field.id + "[]"), .value(o.value),
                                    .id("\(id)-\(i)"), .flag("checked", chosen.contains(o.value)))
                                el("label", .for("\(id)-\(i)")) { o.label[t.lang] }
                            }
                        }
                    }
                }
            }
        case .address:
            return el("div", .cls(groupClass)) {
                el("fieldset", .id(id), .attr("aria-describedby", described)) {
                    el("legend", .cls("label")) { label }
                    if field.hint != nil || condition != nil { hint }
                    for (part, partLabel, auto, width) in [
                        ("gate", t.street, "address-line1", "w-full"),
                        ("postnummer", t.postcode, "postal-code", "w-5"),
                        ("poststed", t.city, "address-level2", "w-20"),
                    ] {
                        let inputID = "\(field.id).\(part)"
                        let partErrors = errors.filter { $0.inputID == inputID }
                        el("div", .cls("address-part" + (partErrors.isEmpty ? "" : " form-group-error"))) {
                            el("label", .for(domID(inputID))) { partLabel }
                            if !partErrors.isEmpty {
                                el("p", .cls("field-error"), .id(domID(inputID) + "-error")) {
                                    for e in partErrors {
                                        el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                                        t.message(e)
                                    }
                                }
                            }
                            void(
                                "input", .type("text"), .id(domID(inputID)), .name(inputID),
                                .value(values[inputID] ?? ""),
                                .cls("input \(width)"), .attr("autocomplete", auto),
                                .attr("inputmode", part == "postnummer" ? "numeric" : nil),
                                .attr("aria-invalid", partErrors.isEmpty ? nil : "true"),
                                .attr("aria-describedby", partErrors.isEmpty ? nil : domID(inputID) + "-error"))
                        }
                    }
                }
            }
        case .longtext:
            return el("div", .cls(groupClass)) {
                el("label", .cls("label"), .for(id)) { label }
                if field.hint != nil || condition != nil { hint }
                if hasError { errorNode }
                el(
                    "textarea", .id(id), .name(field.id), .attr("rows", "5"), .cls("input w-full"),
                    .attr("aria-describedby", described), .attr("aria-invalid", hasError ? "true" : nil)
                ) { value }
            }
        case .attachment:
            return attachmentGroup(field, values: values, errors: errors, files: [], condition: condition, t: t)
        case .group:
            return repeatingGroup(field, kommune: kommune, values: values, errors: errors, condition: condition, t: t)
        case .text, .number, .date, .person, .email, .phone, .money:
            // No type=email/tel/number: the browser's own checks would speak its language, not
            // the page's, and refuse «12 500»; inputmode still brings the right keyboard.
            let (type, inputmode, auto, width): (String, String?, String?, String) =
                switch field.type {
                case .number: ("text", field.decimals == 0 ? "numeric" : "decimal", nil, "w-10")
                case .money: ("text", "decimal", nil, "w-10")
                case .email: ("text", "email", field.autocomplete ?? "email", "w-full")
                case .phone: ("text", "tel", field.autocomplete ?? "tel", "w-10")
                case .date: ("text", nil, field.autocomplete ?? "off", "w-10")
                case .person: ("text", "numeric", "off", "w-11")
                default: ("text", nil, field.autocomplete, "w-full")
                }
            return el("div", .cls(groupClass)) {
                el("label", .cls("label"), .for(id)) { label }
                if field.hint != nil || condition != nil || formatHint != nil { hint }
                if hasError { errorNode }
                void(
                    "input", .type(type), .id(id), .name(field.id), .value(value), .cls("input \(width)"),
                    .attr("inputmode", inputmode), .attr("autocomplete", auto ?? (field.type == .text ? "off" : nil)),
                    .attr("spellcheck", [.person, .email, .phone, .money].contains(field.type) ? "false" : nil),
                    .attr("aria-describedby", described), .attr("aria-invalid", hasError ? "true" : nil))
            }
        }
    }

}
