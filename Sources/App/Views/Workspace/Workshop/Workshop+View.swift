import Foundation
import RadhusCore

/// The service workshop's front page: the kommune's drafts, and the two ways to start one —
/// from scratch, or as a copy of a service in the catalogue.
enum Workshop {
    /// The start forms as typed.
    struct FormValues: Sendable {
        var start: String
        var id: String
        var title: String
        var source: String
    }

    static func view(
        drafts: [ServiceWorkshopDraft], sources: [CatalogListing], form: FormValues, problems: [String: String],
        ctx: PageContext
    ) -> Page {
        let t = ctx.t
        let copying = form.start == "kopi"
        return Layout.page(
            ctx, title: (problems.isEmpty ? [] : [t.errorPrefix]) + [t.workshop],
            status: problems.isEmpty ? .ok : .unprocessableEntity
        ) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("p") { el("a", .href(SiteURL.services.path)) { t.backToServices } }
            el("h1") { t.workshop }
            el("p") { t.workshopIntro }
            el("h2") { t.workshopDrafts }
            if drafts.isEmpty {
                el("p") { t.workshopNoDrafts }
            } else {
                el("ul", .cls("card-list")) {
                    for d in drafts {
                        el("li", .cls("card")) {
                            el("h3", .cls("card-title")) {
                                el("a", .href(SiteURL.workshopDraft(d.id!).path)) {
                                    d.serviceID.isEmpty ? t.workshopUnnamed : d.serviceID
                                }
                            }
                            el("p") { t.workshopChangedBy(NorwegianCalendar().norwegianDate(d.changedAt), d.changedBy) }
                        }
                    }
                }
            }
            el("h2", .id("ny-heading")) { t.workshopNew }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.workshop.path), .attr("novalidate", ""),
                .cls("card"), .attr("aria-labelledby", "ny-heading")
            ) {
                Layout.csrfField(ctx.csrf)
                void("input", .type("hidden"), .name("start"), .value("ny"))
                FormView.textInput(
                    t: t, id: "id", label: t.workshopIDLabel, hint: t.workshopIDHint, value: copying ? "" : form.id,
                    error: problems["id"], type: "text",
                    extra: [.cls("input w-20"), .attr("autocomplete", "off"), .attr("spellcheck", "false")])
                FormView.textInput(
                    t: t, id: "tittel", label: t.workshopTitle, hint: t.workshopTitleHint,
                    value: copying ? "" : form.title, error: problems["tittel"], type: "text",
                    extra: [.cls("input w-full"), .attr("maxlength", "120")])
                el("button", .type("submit"), .cls("button")) { t.workshopStartBlank }
            }
            el("h2", .id("kopi-heading")) { t.workshopCopy }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.workshop.path), .attr("novalidate", ""),
                .cls("card"), .attr("aria-labelledby", "kopi-heading")
            ) {
                Layout.csrfField(ctx.csrf)
                void("input", .type("hidden"), .name("start"), .value("kopi"))
                FormView.labelled(
                    t: t, id: "kilde", label: t.workshopSource, hint: t.workshopSourceHint, error: problems["kilde"]
                ) { describedBy in
                    el("select", .id("kilde"), .name("kilde"), .cls("input"), .attr("aria-describedby", describedBy)) {
                        for l in sources {
                            el("option", .value(l.id), .flag("selected", copying && form.source == l.id)) {
                                t.workshopSourceOption(l.title, l.id, l.latest.version, l.publisher)
                            }
                        }
                    }
                }
                FormView.textInput(
                    t: t, id: "kopi-id", name: "id", label: t.workshopIDLabel, hint: t.workshopCopyIDHint,
                    value: copying ? form.id : "", error: problems["kopi-id"], type: "text",
                    extra: [.cls("input w-20"), .attr("autocomplete", "off"), .attr("spellcheck", "false")])
                el("button", .type("submit"), .cls("button")) { t.workshopStartCopy }
            }
        }
    }
}
