import RadhusCore

/// The application form: every question of the service, errors field by field with what the
/// person typed kept.
enum ApplicationForm {
    /// The service workshop's preview (issue 19): the same page, posted to the workshop, under
    /// a notice that nothing is sent.
    struct Preview {
        var action: String
        var notice: Node
    }

    static func view(
        kommune m: Municipality.Snapshot, service s: ServiceDefinition, page: ServiceDefinition.Step,
        values: [String: String], errors: [FieldError], files: [Attachment] = [], ctx: PageContext,
        preview: Preview? = nil
    ) -> Page {
        let t = ctx.t
        let pages = s.pages
        let index = pages.firstIndex(of: page) ?? 0
        let stepped = s.steps != nil
        let title =
            (errors.isEmpty ? [] : [t.errorPrefix])
            + (stepped ? [page.title[t.lang], t.stepOf(index + 1, pages.count)] : [])
            + [s.title[t.lang]]
        return Layout.page(ctx, title: title, status: errors.isEmpty ? .ok : .unprocessableEntity) {
            if !errors.isEmpty {
                Layout.errorSummary(t.errorSummaryTitle(errors.count), errors.map { ($0.inputID, t.message($0)) })
            }
            if let preview { preview.notice }
            if stepped {
                // The steps as a list a screen reader counts, the current one marked.
                el("p", .cls("step-progress")) { t.stepOf(index + 1, pages.count) }
                el("span", .cls("caption")) { s.title[t.lang] }
                el("h1") { page.title[t.lang] }
                el("nav", .attr("aria-label", t.stepsLabel)) {
                    el("ol", .cls("steps")) {
                        for (i, p) in pages.enumerated() {
                            el("li", .cls(i == index ? "step step-current" : i < index ? "step step-done" : "step")) {
                                el("span", .attr("aria-current", i == index ? "step" : nil)) { p.title[t.lang] }
                            }
                        }
                    }
                }
            } else {
                el("h1") { s.title[t.lang] }
            }
            el(
                "form", .attr("method", "post"),
                .attr("action", preview?.action ?? SiteURL.form(kommune: m.number, service: s.id).path),
                .attr("novalidate", ""),
                // Files travel with the rest of the form (FormView.attachmentGroup); a preview
                // takes none.
                .attr("enctype", s.takesFiles && preview == nil ? "multipart/form-data" : nil)
            ) {
                Layout.csrfField(ctx.csrf)
                // Enter in a text field presses a form's first submit button. On a page with
                // «Last opp», «Legg til» or «Fjern» buttons, the first is this one, «Gå videre»,
                // out of sight and out of the tab order (the visible one is at the end).
                if page.fields.contains(where: { s.field($0).map { [.attachment, .group].contains($0.type) } ?? false })
                {
                    el(
                        "button", .type("submit"), .cls("default-submit"), .attr("tabindex", "-1"),
                        .attr("aria-hidden", "true")
                    ) { t.continueButton }
                }
                if stepped { void("input", .type("hidden"), .name("steg"), .value(page.id)) }
                FormView.fields(
                    s, kommune: m.number, values: values, errors: errors, t: t, files: files, only: page.fields)
                el("div", .cls("button-group")) {
                    el("button", .type("submit"), .cls("button")) { t.continueButton }
                    if index > 0 {
                        el(
                            "button", .type("submit"), .name("handling"), .value("tilbake"),
                            .cls("button button-secondary"), .attr("formnovalidate", "")
                        ) { t.back }
                    }
                    el(
                        "button", .type("submit"), .name("handling"), .value("lagre"), .cls("button button-secondary"),
                        .attr("formnovalidate", "")
                    ) { t.saveForLater }
                }
            }
        }
    }
}
