import RadhusCore

/// The application form: every question of the service, errors field by field with what the
/// person typed kept.
enum ApplicationForm {
    static func view(
        kommune m: Municipality.Snapshot, service s: ServiceDefinition, values: [String: String],
        errors: [FieldError], files: [Attachment] = [], ctx: PageContext
    ) -> Page {
        let t = ctx.t
        let title = (errors.isEmpty ? [] : [t.errorPrefix]) + [s.title[t.lang]]
        return Layout.page(ctx, title: title, status: errors.isEmpty ? .ok : .unprocessableEntity) {
            if !errors.isEmpty {
                Layout.errorSummary(t.errorSummaryTitle(errors.count), errors.map { ($0.inputID, t.message($0)) })
            }
            el("h1") { s.title[t.lang] }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.form(kommune: m.number, service: s.id).path),
                .attr("novalidate", ""),
                // Files travel with the rest of the form (FormView.attachmentGroup).
                .attr("enctype", s.fields.contains { $0.type == .attachment } ? "multipart/form-data" : nil)
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.fields(s, kommune: m.number, values: values, errors: errors, t: t, files: files)
                el("button", .type("submit"), .cls("button")) { t.continueButton }
            }
        }
    }
}
