import Foundation
import RadhusCore

extension Queue {
    static func view(_ m: Model, search: Search? = nil, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let filter = m.filter
        let here = SiteRoute.queue.rawValue + SiteURL.query(filter.query)
        func pageLink(_ p: Int) -> String {
            here + (filter.query.isEmpty ? "?" : "&") + "side=\(p)"
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
                    el("label", .cls("label"), .for("f-navn")) { t.applicantNameSearch }
                    void(
                        "input", .type("text"), .id("f-navn"), .name("navn"), .value(filter.name ?? ""),
                        .cls("input w-10"), .attr("autocomplete", "off"))
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
            if !m.savedFilters.isEmpty {
                el("nav", .attr("aria-label", t.savedFilters), .cls("saved-filters")) {
                    el("h2", .cls("label")) { t.savedFilters }
                    el("ul", .cls("inline-list")) {
                        for f in m.savedFilters {
                            el("li") {
                                el("a", .href(SiteRoute.queue.rawValue + "?" + f.query)) { f.name }
                                " "
                                el(
                                    "form", .attr("method", "post"),
                                    .attr("action", SiteURL.deleteSavedFilter(f.id).path),
                                    .cls("inline-form")
                                ) {
                                    Layout.csrfField(ctx.csrf)
                                    el("button", .type("submit"), .cls("link-button")) {
                                        el("span", .attr("aria-hidden", "true")) { "×" }
                                        el("span", .cls("visually-hidden")) { t.deleteFilter(f.name) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !filter.query.isEmpty {
                el("details") {
                    el("summary") { t.saveThisFilter }
                    el("form", .attr("method", "post"), .attr("action", SiteURL.savedFilters.path), .cls("filters")) {
                        Layout.csrfField(ctx.csrf)
                        for (name, value) in [
                            ("tjeneste", filter.service), ("status", filter.status), ("tildelt", filter.assigned),
                            ("navn_sok", filter.name),
                        ] {
                            if let value { void("input", .type("hidden"), .name(name), .value(value)) }
                        }
                        el("div", .cls("form-group inline")) {
                            el("label", .cls("label"), .for("f-filternavn")) { t.filterName }
                            void(
                                "input", .type("text"), .id("f-filternavn"), .name("navn"), .cls("input w-10"),
                                .attr("autocomplete", "off"))
                        }
                        el("button", .type("submit"), .cls("button button-secondary")) { t.saveFilter }
                    }
                }
            }
            el("p", .attr("role", "status")) {
                t.casesCount(m.total)
                if let name = filter.name, name.count >= 2 { " " + t.nameSearchLogged }
            }
            if m.rows.isEmpty {
                el("p") { t.noCasesMatch }
            } else {
                // The rows can be chosen and given to a caseworker at once (`bulkAssign`).
                el("form", .attr("method", "post"), .attr("action", SiteURL.bulkAssign.path), .id("tildel-valgte")) {
                    Layout.csrfField(ctx.csrf)
                    void("input", .type("hidden"), .name("tilbake"), .value(here))
                }
                Layout.tableRegion(label: t.caseList) {
                    // On a phone the rows become stacked cards (`table-stack`), each cell labelled:
                    // the five columns scrolled sideways there (issue 17).
                    el("table", .cls("table table-stack")) {
                        el("caption", .cls("visually-hidden")) { t.caseListCaption }
                        el("thead") {
                            el("tr") {
                                if m.mayAssign {
                                    el("th", .attr("scope", "col")) { el("span", .cls("visually-hidden")) { t.choose } }
                                }
                                for h in [t.caseNumber, t.service, t.status, t.caseworker, t.received, t.deadline] {
                                    el("th", .attr("scope", "col")) { h }
                                }
                            }
                        }
                        el("tbody") {
                            for c in m.rows {
                                el("tr", .cls(c.overdue ? "overdue" : "")) {
                                    if m.mayAssign {
                                        el("td", .attr("data-label", t.choose)) {
                                            void(
                                                "input", .type("checkbox"), .name("sak[]"),
                                                .value(c.id.uuidString.lowercased()),
                                                .id("velg-\(c.id.uuidString.lowercased())"),
                                                .attr("form", "tildel-valgte"),
                                                .attr("aria-label", t.chooseCase(c.saksnummer.description)))
                                        }
                                    }
                                    el("td", .attr("data-label", t.caseNumber)) {
                                        el("a", .href(SiteURL.staffCase(c.id).path)) { c.saksnummer.description }
                                    }
                                    el("td", .attr("data-label", t.service)) {
                                        if c.isAppeal { el("span", .cls("tag tag-appeal")) { t.appealTag } }
                                        if c.isAppeal { " " }
                                        c.serviceTitle[t.lang]
                                    }
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
                                        if c.clockPending {
                                            BuildingTexts.clockNotStarted[t.lang]
                                        } else {
                                            cal.norwegianDate(c.dueAt)
                                        }
                                        if let w = c.statutoryWeeks {
                                            " "
                                            el("span", .cls("muted")) { BuildingTexts.weeksShort(w, t.lang) }
                                        }
                                        if c.deadlineSoon {
                                            " "
                                            el("span", .cls("tag tag-attention")) { BuildingTexts.withinAWeek[t.lang] }
                                        }
                                        if c.overdue && !c.clockPending {
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
                if m.mayAssign {
                    el("div", .cls("filters")) {
                        el("div", .cls("form-group inline")) {
                            el("label", .cls("label"), .for("f-tildel-valgte")) { t.assignChosenTo }
                            el(
                                "select", .id("f-tildel-valgte"), .name("saksbehandler"), .cls("input"),
                                .attr("form", "tildel-valgte")
                            ) {
                                el("option", .value("meg")) { t.toMe }
                                for c in m.caseworkers { el("option", .value(c.id.uuidString.lowercased())) { c.name } }
                                el("option", .value("")) { t.unassigned }
                            }
                        }
                        el("button", .type("submit"), .cls("button button-secondary"), .attr("form", "tildel-valgte")) {
                            t.assignChosen
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
