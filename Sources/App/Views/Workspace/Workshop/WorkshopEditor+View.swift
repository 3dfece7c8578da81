import Foundation
import RadhusCore

/// The service workshop's editor: the package's files (service.yaml with the form, steps,
/// conditions and letters; the rule files), the catalogue's check of them with an outline of
/// the form in words, links to the preview, a DMN upload, and publishing.
enum WorkshopEditor {
    struct Model {
        var id: UUID
        /// The id service.yaml had at the last save, for the heading when it does not compile.
        var serviceID: String
        var files: [String: String]
        var changes: String
        var check: WorkshopController.Check
        var kommune: Municipality.Snapshot
        /// Whether the kommune already uses the service (a new version is then an upgrade).
        var adopted: Bool
    }

    /// A file's textarea id: `fil-service-yaml`.
    static func inputID(_ name: String) -> String {
        "fil-" + name.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    static func view(
        _ m: Model, problems: [String: String], publishProblems: [String], message: String?, ctx: PageContext
    ) -> Page {
        let t = ctx.t
        let s = m.check.service
        let names = m.files.keys.sorted { a, b in a == "service.yaml" || (b != "service.yaml" && a < b) }
        let failed = !problems.isEmpty || !publishProblems.isEmpty
        let name = m.serviceID.isEmpty ? t.workshopUnnamed : m.serviceID
        return Layout.page(
            ctx, title: (failed ? [t.errorPrefix] : []) + [s?.id ?? name, t.workshop],
            status: failed ? .unprocessableEntity : .ok
        ) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            if !publishProblems.isEmpty {
                Layout.errorSummary(
                    t.workshopCannotPublish, anchors: publishProblems.map { (inputID("service.yaml"), $0) },
                    itemsLanguage: t.lang == .nb ? nil : "nb")
            }
            if let message, !failed {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") { message == "lastet-opp" ? t.workshopUploaded : t.workshopSaved }
                }
            }
            el("p") { el("a", .href(SiteURL.workshop.path)) { t.workshopBack } }
            el("span", .cls("caption")) { t.workshop }
            el("h1") { s.map { "\($0.title.nb) (\($0.id), \(t.versionWord) \($0.version))" } ?? name }

            el("section", .id("kontroll"), .attr("aria-labelledby", "kontroll-heading")) {
                el("h2", .id("kontroll-heading")) { t.workshopCheckHeading }
                if m.check.problems.isEmpty {
                    el("div", .cls("panel-success")) { el("p") { t.workshopAllGood } }
                } else {
                    el("div", .cls("panel-warning")) {
                        el("p") { t.workshopProblemsIntro(m.check.problems.count) }
                        // The catalogue's checks are written in bokmål (they name the format's keys).
                        el("ul", .attr("lang", t.lang == .nb ? nil : "nb")) {
                            for p in m.check.problems { el("li") { p } }
                        }
                    }
                }
                if let twin = m.check.sameTitleAs {
                    el("div", .cls("panel-warning")) { el("p") { t.workshopSameTitle(twin) } }
                }
                // Decisions in the rule file the service does not use, and that cannot be
                // compiled (issue 21): not in the way, but the kommune should know.
                if let unused = m.check.rules?.unusedProblems, !unused.isEmpty {
                    el("div", .cls("panel-warning")) {
                        el("p") { t.workshopUnusedDecisionProblems(unused.count) }
                        el("ul", .attr("lang", "en")) { for p in unused { el("li") { p.description } } }
                    }
                }
                if let s {
                    outline(s, kommune: m.kommune.number, t: t)
                    el("p") { t.workshopPreviewLinks }
                    el("ul", .cls("inline-list")) {
                        for lang in Language.allCases {
                            el("li") {
                                el(
                                    "a", .href(SiteURL.workshopPreview(m.id, step: s.pages[0].id, language: lang).path)
                                ) { t.workshopPreviewIn(lang.name) }
                            }
                        }
                    }
                }
            }

            el("h2", .id("filer-heading")) { t.workshopFilesHeading }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.workshopDraft(m.id).path),
                .attr("novalidate", ""), .attr("aria-labelledby", "filer-heading")
            ) {
                Layout.csrfField(ctx.csrf)
                // Enter in the one-line inputs saves and checks: the first button.
                for name in names {
                    FormView.textArea(
                        t: t, id: inputID(name), name: WorkshopController.filePrefix + name, label: name,
                        hint: name == "service.yaml" ? t.workshopYamlHint : t.rulesFileHint,
                        value: m.files[name] ?? "", error: problems[inputID(name)],
                        rows: name == "service.yaml" ? 28 : 12,
                        extra: [.cls("input w-full code"), .attr("spellcheck", "false")])
                    if name != "service.yaml" {
                        el(
                            "button", .type("submit"), .name("handling"), .value("fjern:" + name),
                            .cls("button button-secondary")
                        ) { t.workshopRemoveFile(name) }
                    }
                }
                FormView.textArea(
                    t: t, id: "endringer", label: t.whatChanged, hint: t.whatChangedHint, value: m.changes,
                    error: problems["endringer"], rows: 3)
                if !m.adopted {
                    el("div", .cls("form-group")) {
                        el("div", .cls("checkbox")) {
                            void(
                                "input", .type("checkbox"), .id("ta-i-bruk"), .name("ta-i-bruk"), .value("ja"),
                                .flag("checked", true))
                            el("label", .for("ta-i-bruk")) { t.workshopAdoptNow(m.kommune.name) }
                        }
                    }
                }
                el("div", .cls("button-group")) {
                    el("button", .type("submit"), .name("handling"), .value("lagre"), .cls("button")) {
                        t.workshopSave
                    }
                    el(
                        "button", .type("submit"), .name("handling"), .value("forhandsvis"),
                        .cls("button button-secondary")
                    ) { t.workshopSavePreview }
                    el(
                        "button", .type("submit"), .name("handling"), .value("publiser"),
                        .cls("button button-secondary")
                    ) { t.workshopPublish }
                }
            }

            el("h2", .id("regelfil-heading")) { t.workshopUploadHeading }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.workshopRuleFile(m.id).path),
                .attr("enctype", "multipart/form-data"), .attr("novalidate", ""),
                .attr("aria-labelledby", "regelfil-heading")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.labelled(
                    t: t, id: "regelfil", label: t.workshopUploadLabel, hint: t.workshopUploadHint,
                    error: problems["regelfil"]
                ) { describedBy in
                    void(
                        "input", .type("file"), .id("regelfil"), .name("regelfil"), .cls("file-input"),
                        .attr("accept", ".dmn,application/xml,text/xml"), .attr("aria-describedby", describedBy),
                        .attr("aria-invalid", problems["regelfil"] == nil ? nil : "true"))
                }
                el("button", .type("submit"), .cls("button button-secondary")) { t.workshopUploadButton }
            }

            el("h2") { t.workshopDeleteHeading }
            el("form", .attr("method", "post"), .attr("action", SiteURL.workshopDelete(m.id).path)) {
                Layout.csrfField(ctx.csrf)
                el("button", .type("submit"), .cls("button button-secondary")) { t.workshopDelete }
            }
        }
    }

    /// The form and the outcomes in words: each page with its questions (type, required or
    /// not, when asked), each outcome with its letter's title, and the rules.
    static func outline(_ s: ServiceDefinition, kommune: String, t: Strings) -> Node {
        el("div", .cls("outline")) {
            el("h3") { t.workshopFormHeading }
            el("ol") {
                for page in s.pages {
                    el("li") {
                        if s.steps != nil { el("strong") { page.title.nb } }
                        el("ul") {
                            for id in page.fields {
                                if let f = s.field(id) { el("li") { fieldLine(f, in: s, kommune: kommune, t: t) } }
                            }
                        }
                    }
                }
            }
            el("h3") { t.workshopOutcomesHeading }
            el("ul") {
                for o in s.outcomes {
                    el("li") { t.workshopOutcomeLine(o.label.nb, o.granted, o.letter.title.nb) }
                }
            }
            if let values = s.decisionValues, !values.isEmpty {
                el("p") { t.workshopDecisionValues(values.map { "\($0.label.nb) (\($0.id))" }) }
            }
            el("p") { s.rules.map { t.workshopRulesUsed($0.file, $0.decision) } ?? t.workshopRulesNone }
        }
    }

    static func fieldLine(_ f: FieldDefinition, in s: ServiceDefinition, kommune: String, t: Strings) -> Node {
        let condition = f.showWhen.flatMap { FormView.describe($0, in: s, kommune: kommune, t: t) }
        var line = "\(f.label.nb) — \(f.id), \(f.type.rawValue), \(f.required ? t.workshopRequired : t.optional)"
        if let condition { line += ". " + condition }
        return .group([
            .text(line),
            f.type == .group
                ? el("ul") {
                    for sub in f.fields ?? [] { el("li") { fieldLine(sub, in: s, kommune: kommune, t: t) } }
                } : .group([]),
        ])
    }
}
