import Foundation
import RadhusCore

extension ServiceSettings {
    static func view(_ m: Model, form: FormValues?, problems: [String: String], message: String?, ctx: PageContext)
        -> Page
    {
        let t = ctx.t
        let id = m.id
        let current = m.current
        let listing = m.listing
        let local = current.local ?? .init()
        let newer = listing.versions.filter { $0.version > m.adoptedVersion }
        let usedFiles = listing.versions.first { $0.version == m.adoptedVersion }?.files ?? [:]
        let choiceFields = current.fields.filter { $0.type == .choice }
        let cal = NorwegianCalendar()
        return Layout.page(
            ctx, title: [current.title[t.lang], t.services], status: problems.isEmpty ? .ok : .unprocessableEntity
        ) {
            if !problems.isEmpty {
                Layout.errorSummary(fieldProblems: problems, t: t)
            }
            if let message {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") {
                        switch message {
                        case "tatt-i-bruk": t.adoptedLong
                        case "oppgradert": t.upgraded
                        default: t.saved
                        }
                    }
                }
            }
            el("p") { el("a", .href(SiteURL.services.path)) { t.allServices } }
            el("h1") { current.title[t.lang] }
            el("p") {
                t.versionPublishedBy(m.adoptedVersion, listing.publisher) + " " + t.applicationPage + ": "
                el("a", .href(SiteURL.service(kommune: m.kommuneNumber, service: id).path)) {
                    SiteURL.service(kommune: m.kommuneNumber, service: id).path
                }
            }
            for v in newer.reversed() {
                el("section", .cls("card"), .attr("aria-labelledby", "ny-\(v.version)")) {
                    el("h2", .id("ny-\(v.version)")) { t.newVersionFrom(v.version, v.publisherName) }
                    el("p") { t.publishedOn(cal.norwegianDate(v.publishedAt), v.changes) }
                    for name in Set(usedFiles.keys).union(v.files.keys).sorted() {
                        let hunks = LineDiff.hunks(usedFiles[name] ?? "", v.files[name] ?? "")
                        if !hunks.isEmpty {
                            el("h3") { t.changesIn(name) }
                            for h in hunks { diffTable(h, file: name, t: t) }
                        }
                    }
                    el(
                        "form", .attr("method", "post"), .attr("action", SiteURL.serviceUpgrade(service: id).path),
                        .cls("inline-form")
                    ) {
                        Layout.csrfField(ctx.csrf)
                        void("input", .type("hidden"), .name("versjon"), .value(String(v.version)))
                        el("button", .type("submit"), .cls("button")) { t.upgradeTo(v.version) }
                    }
                }
            }
            el("h2") { t.kommunesOwnParts }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.serviceLocal(service: id).path),
                .attr("novalidate", ""), .cls("card")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "kontakt", label: t.serviceContact, hint: t.serviceContactHint,
                    value: form?.contact ?? local.contact ?? "", error: problems["kontakt"], type: "text")
                FormView.textInput(
                    t: t, id: "signatur", label: t.letterSignature, hint: t.letterSignatureHint,
                    value: form?.signature ?? local.signature ?? "", error: problems["signatur"], type: "text")
                FormView.textInput(
                    t: t, id: "motelenke", label: t.meetingLinkLabel, hint: t.meetingLinkHint,
                    value: form?.meetingLink ?? local.meetingLink ?? "", error: problems["motelenke"], type: "text",
                    extra: [.cls("input w-full"), .attr("spellcheck", "false"), .attr("autocomplete", "off")])
                FormView.textArea(
                    t: t, id: "retningslinjer", label: t.localGuidelinesLabel,
                    hint: t.localGuidelinesHint,
                    value: form?.criteria ?? local.criteria ?? "", error: problems["retningslinjer"])
                for f in choiceFields {
                    FormView.textArea(
                        t: t, id: "valg-\(f.id)", name: "valg[\(f.id)]", label: t.kommunesChoicesFor(f.label[t.lang]),
                        hint: t.kommunesChoicesHint,
                        value: form?.choices?[f.id]
                            ?? (local.options?[f.id] ?? []).map(\.label.nb).joined(separator: "\n"),
                        error: problems["valg-\(f.id)"], rows: 5)
                }
                // The kommune's own fee table (issue 24): the publisher's DMN until the kommune sets its own.
                if let fee = current.fee {
                    FormView.textArea(
                        t: t, id: "gebyr", label: BuildingTexts.feeTable[t.lang],
                        hint: BuildingTexts.feeTableHint(fee.file, fee.decision, t.lang),
                        value: form?.feeRules ?? local.feeRules ?? usedFiles[fee.file] ?? "",
                        error: problems["gebyr"], rows: 14,
                        extra: [.cls("input w-full code"), .attr("spellcheck", "false")])
                }
                // The two-person check (issue 20): decisions are proposals until a second caseworker approves.
                el("div", .cls("form-group")) {
                    el("div", .cls("checkbox")) {
                        void(
                            "input", .type("checkbox"), .name("totrinn"), .value("ja"), .id("totrinn"),
                            .attr("aria-describedby", "totrinn-hint"),
                            .flag("checked", form?.twoPersonCheck ?? local.twoPersonCheck ?? false))
                        el("label", .for("totrinn")) { t.twoPersonCheckLabel }
                    }
                    el("p", .cls("hint"), .id("totrinn-hint")) { t.twoPersonCheckHint }
                }
                el("button", .type("submit"), .cls("button")) { t.saveOwnParts }
            }
            if m.publishes {
                el("h2") { t.publishNewVersion }
                el("p") {
                    el("a", .href(SiteURL.servicePublish(service: id).path)) {
                        t.publishVersionOf(listing.latest.version + 1, current.title[t.lang])
                    }
                }
            }
        }
    }

    static func diffTable(_ h: LineDiff.Hunk, file: String, t: Strings) -> Node {
        Layout.tableRegion(label: t.changesFromLine(file, h.oldStart)) {
            el("table", .cls("diff")) {
                el("thead") {
                    el("tr") {
                        el("th", .attr("scope", "col")) { t.change }
                        el("th", .attr("scope", "col")) { t.line }
                    }
                }
                el("tbody") {
                    for line in h.lines {
                        switch line {
                        case .same(let text):
                            el("tr") {
                                el("td") { "" }
                                el("td") { el("code") { text } }
                            }
                        case .removed(let text):
                            el("tr", .cls("diff-removed")) {
                                el("td") { t.removed }
                                el("td") { el("del") { el("code") { text } } }
                            }
                        case .added(let text):
                            el("tr", .cls("diff-added")) {
                                el("td") { t.added }
                                el("td") { el("ins") { el("code") { text } } }
                            }
                        }
                    }
                }
            }
        }
    }
}
