import Foundation
import RadhusCore

/// Registering an application that came on paper: the list of the kommune's services, and the
/// service's own form with the applicant's number first (channel = paper in the reports).
enum Paper {
    static func list(_ services: [ServiceDefinition], ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.registerPaperTitle]) {
            el("h1") { t.registerPaperLink }
            el("ul") {
                for s in services {
                    el("li") { el("a", .href(SiteURL.paperForm(service: s.id).path)) { s.title[t.lang] } }
                }
            }
        }
    }

    static func form(
        kommune: String, service s: ServiceDefinition, values: [String: String], errors: [FieldError],
        applicantError: String?, ctx: PageContext
    ) -> Page {
        let t = ctx.t
        let count = errors.count + (applicantError == nil ? 0 : 1)
        return Layout.page(
            ctx, title: [t.paperApplication, s.title[t.lang]], status: count == 0 ? .ok : .unprocessableEntity
        ) {
            if count > 0 {
                Layout.errorSummary(
                    t.errorSummaryTitle(count),
                    anchors: (applicantError.map { [("soker", $0)] } ?? [])
                        + errors.map { (FormView.domID($0.inputID), t.message($0)) })
            }
            el("h1") { t.paperApplicationFor(s.title[t.lang]) }
            el("p") { t.paperIntro }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.paperForm(service: s.id).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                void("input", .type("hidden"), .name("token"), .value(values["token"] ?? UUID().uuidString))
                FormView.textInput(
                    t: t, id: "soker", label: t.applicantNumber, hint: t.applicantNumberHint,
                    value: values["soker"] ?? "",
                    error: applicantError, type: "text", extra: [.attr("inputmode", "numeric"), .cls("input w-10")])
                FormView.fields(s, kommune: kommune, values: values, errors: errors, t: t)
                el("button", .type("submit"), .cls("button")) { t.registerApplication }
            }
        }
    }
}
