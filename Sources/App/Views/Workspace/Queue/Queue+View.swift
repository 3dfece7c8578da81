import Foundation
import RadhusCore

extension Queue {
    static func view(_ m: Model, search: Search? = nil, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let filter = m.filter
        func pageLink(_ p: Int) -> String {
            let base = SiteURL.queue(service: filter.service, status: filter.status, assigned: filter.assigned).path
            return base + (base.contains("?") ? "&" : "?") + "side=\(p)"
        }
        return Layout.page(
            ctx, title: (search == nil ? [] : [t.errorPrefix]) + [t.casesTitle],
            status: search == nil ? .ok : .unprocessableEntity
        ) {
            if let search { Layout.errorSummary(fieldProblems: ["f-saksnummer": search.error], t: t) }
            el("h1") { t.casesIn(m.kommune) }
            el(
                "form", .attr("method", "get"), .attr("action", SiteURL.queue(service: nil, status: nil).path),
                .cls("filters"), .attr("role", "search")
            ) {
                FormView.textInput(
                    t: t, id: "f-saksnummer", name: "saksnummer", label: t.findCase, hint: t.findCaseHint,
                    value: search?.typed ?? "", error: search?.error, type: "text",
                    extra: [.cls("input w-10"), .attr("autocomplete", "off"), .attr("inputmode", "numeric")])
                el("button", .type("submit"), .cls("button button-secondary")) { t.find }
            }
            if m.mayRegisterPaper { el("p") { el("a", .href(SiteURL.paper.path)) { t.registerPaperLink } } }
            el(
                "form", .attr("method", "get"), .attr("action", SiteURL.queue(service: nil, status: nil).path),
                .cls("filters")
            ) {
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("f-tjeneste")) { t.service }
                    el("select", .id("f-tjeneste"), .name("tjeneste"), .cls("input")) {
                        el("option", .value(""), .flag("selected", filter.service == nil || filter.service == "")) {
                            t.allServices
                        }
                        for s in m.services {
                            el("option", .value(s.id), .flag("selected", filter.service == s.id)) { s.title[t.lang] }
                        }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("f-status")) { t.status }
                    el("select", .id("f-status"), .name("status"), .cls("input")) {
                        el("option", .value(""), .flag("selected", filter.status == nil || filter.status == "")) {
                            t.allOpen
                        }
                        for st in CaseStatus.allCases {
                            el("option", .value(st.rawValue), .flag("selected", filter.status == st.rawValue)) {
                                t.statusLabel(st)
                            }
                        }
                        el("option", .value("alle"), .flag("selected", filter.status == "alle")) { t.all }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("f-tildelt")) { t.assignedFilter }
                    el("select", .id("f-tildelt"), .name("tildelt"), .cls("input")) {
                        el("option", .value(""), .flag("selected", filter.assigned == nil)) { t.assignedAnyone }
                        el("option", .value("meg"), .flag("selected", filter.assigned == "meg")) { t.assignedToMe }
                        el("option", .value("ingen"), .flag("selected", filter.assigned == "ingen")) { t.unassigned }
                    }
                }
                el("button", .type("submit"), .cls("button button-secondary")) { t.filter }
            }
            el("p", .attr("role", "status")) { t.casesCount(m.total) }
            if m.rows.isEmpty {
                el("p") { t.noCasesMatch }
            } else {
                Layout.tableRegion(label: t.caseList) {
                    // On a phone the rows become stacked cards (`table-stack`), each cell labelled:
                    // the five columns scrolled sideways there (issue 17).
                    el("table", .cls("table table-stack")) {
                        el("caption", .cls("visually-hidden")) { t.caseListCaption }
                        el("thead") {
                            el("tr") {
                                for h in [t.caseNumber, t.service, t.status, t.caseworker, t.received, t.deadline] {
                                    el("th", .attr("scope", "col")) { h }
                                }
                            }
                        }
                        el("tbody") {
                            for c in m.rows {
                                el("tr", .cls(c.overdue ? "overdue" : "")) {
                                    el("td", .attr("data-label", t.caseNumber)) {
                                        el("a", .href(SiteURL.staffCase(c.id).path)) { c.saksnummer.description }
                                    }
                                    el("td", .attr("data-label", t.service)) { c.serviceTitle[t.lang] }
                                    el("td", .attr("data-label", t.status)) {
                                        Layout.statusTag(c.status, t)
                                        if let a = c.attention {
                                            " "
                                            el("span", .cls("tag tag-attention")) { t.attentionLabel(a) }
                                        }
                                    }
                                    el("td", .attr("data-label", t.caseworker)) { c.assignee ?? "–" }
                                    el("td", .cls("nowrap"), .attr("data-label", t.received)) {
                                        cal.norwegianDate(c.submittedAt)
                                    }
                                    el("td", .attr("data-label", t.deadline)) {
                                        cal.norwegianDate(c.dueAt)
                                        if c.overdue {
                                            " "
                                            el("span", .cls("tag tag-overdue")) { t.overdue }
                                        }
                                        if let at = c.preliminarySoon {
                                            " "
                                            el("span", .cls("tag tag-attention")) {
                                                t.preliminarySoon(cal.norwegianDate(at))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if m.pages > 1 {
                    el("nav", .attr("aria-label", t.pagesLabel), .cls("pagination")) {
                        if filter.page > 1 { el("a", .href(pageLink(filter.page - 1))) { t.previousPage } }
                        el("span") { " \(t.pageOf(filter.page, m.pages)) " }
                        if filter.page < m.pages { el("a", .href(pageLink(filter.page + 1))) { t.nextPage } }
                    }
                }
            }
        }
    }
}
