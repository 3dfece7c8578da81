/// A new version of a service the kommune publishes: its files as text, what changed, and
/// the catalogue's checks when it is refused.
enum PublishVersion {
    /// The form as typed.
    struct FormValues: Sendable {
        var service: String
        var ruleFile: String?
        var rules: String
        var changes: String
    }

    static func view(id: String, next: Int, form: FormValues, problems: [String], ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(
            ctx, title: [t.newVersionTitle, t.services], status: problems.isEmpty ? .ok : .unprocessableEntity
        ) {
            if !problems.isEmpty {
                el("div", .cls("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1"), .id("feil")) {
                    el("h2", .cls("error-summary-title")) { t.cannotPublishYet }
                    el("ul", .attr("lang", t.lang == .nb ? nil : "nb")) {
                        for p in problems { el("li") { el("a", .href("#tjeneste")) { p } } }
                    }
                }
            }
            el("p") { el("a", .href(SiteURL.staffService(id).path)) { t.backToService } }
            el("h1") { t.publishVersionOf(next, id) }
            el("p") { t.publishIntro }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.servicePublish(service: id).path),
                .attr("novalidate", ""), .cls("card")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textArea(
                    t: t, id: "tjeneste", label: "service.yaml", hint: t.serviceYamlHint(next),
                    value: form.service, error: nil, rows: 20, extra: [.attr("spellcheck", "false")])
                if let rule = form.ruleFile {
                    void("input", .type("hidden"), .name("regelfil"), .value(rule))
                    FormView.textArea(
                        t: t, id: "regler", label: rule, hint: t.rulesFileHint, value: form.rules, error: nil, rows: 12,
                        extra: [.attr("spellcheck", "false")])
                }
                FormView.textArea(
                    t: t, id: "endringer", label: t.whatChanged, hint: t.whatChangedHint,
                    value: form.changes, error: nil, rows: 3)
                el("button", .type("submit"), .cls("button")) { t.publishVersion(next) }
            }
        }
    }
}
