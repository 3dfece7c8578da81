import RadhusCore

/// Check your answers before sending: each answer with a «Endre» link back to its field; the
/// send form carries the draft's token, so sending twice gives one case.
enum CheckAnswers {
    static func view(
        kommune m: Municipality.Snapshot, service s: ServiceDefinition, answers: [String: String], token: String,
        ctx: PageContext
    ) -> Page {
        let t = ctx.t
        let formPath = SiteURL.form(kommune: m.number, service: s.id).path
        // «Endre» goes to the field's page of a multi-step form.
        let step = { (field: FieldDefinition) in
            s.steps == nil ? "" : s.page(of: field.id).map { "?steg=" + $0.id } ?? ""
        }
        return Layout.page(ctx, title: [t.checkTitle, s.title[t.lang]]) {
            el("h1") { t.checkTitle }
            el("dl", .cls("summary-list")) {
                for field in s.fields {
                    if let value = field.displayValue(answers: answers, kommune: m.number, language: t.lang) {
                        Layout.summaryRow {
                            el("dt") { field.label[t.lang] }
                            el("dd") { value }
                            el("dd", .cls("summary-action")) {
                                el(
                                    "a",
                                    .href(
                                        formPath + step(field) + "#"
                                            + FormView.domID(field.type == .address ? field.id + ".gate" : field.id))
                                ) {
                                    t.change
                                    el("span", .cls("visually-hidden")) { " " + field.label[t.lang].lowercasedFirst }
                                }
                            }
                        }
                    }
                }
            }
            el("p") { t.sendDeclaration }
            el("form", .attr("method", "post"), .attr("action", SiteURL.send(kommune: m.number, service: s.id).path)) {
                Layout.csrfField(ctx.csrf)
                void("input", .type("hidden"), .name("token"), .value(token))
                el("button", .type("submit"), .cls("button")) { t.sendApplication }
            }
        }
    }
}
