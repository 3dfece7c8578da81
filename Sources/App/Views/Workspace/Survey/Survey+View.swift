import RadhusCore

/// The anonymous staff survey of digital competence: five statements, 1–5, once per round (year).
enum Survey {
    static func view(
        round: String, answered: Bool, values: [String: String], problems: [String: String], ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.digitalCompetence], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("h1") { t.digitalCompetence + " " + round }
            if answered {
                el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.surveyThanks } }
            } else {
                el("p") { t.surveyIntro(Maturity.minimumGroup) }
                el(
                    "form", .attr("method", "post"), .attr("action", SiteURL.survey.path), .attr("novalidate", ""),
                    .cls("card")
                ) {
                    Layout.csrfField(ctx.csrf)
                    for s in Maturity.statements {
                        el("div", .cls("form-group" + (problems["svar-\(s.id)"] == nil ? "" : " form-group-error"))) {
                            el(
                                "fieldset", .id("svar-\(s.id)"),
                                .attr("aria-describedby", problems["svar-\(s.id)"] == nil ? nil : "svar-\(s.id)-error")
                            ) {
                                el("legend", .cls("label")) { s.text[t.lang] }
                                if let e = problems["svar-\(s.id)"] {
                                    el("p", .cls("field-error"), .id("svar-\(s.id)-error")) {
                                        el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                                        e
                                    }
                                }
                                el("div", .cls("radios radios-inline")) {
                                    for v in 1...5 {
                                        el("div", .cls("radio")) {
                                            void(
                                                "input", .type("radio"), .name("svar[\(s.id)]"), .value(String(v)),
                                                .id("svar-\(s.id)-\(v)"),
                                                .flag("checked", values[s.id] == String(v)))
                                            el("label", .for("svar-\(s.id)-\(v)")) { t.agreementScale(v) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    el("button", .type("submit"), .cls("button")) { t.sendAnswers }
                }
            }
        }
    }
}
