import RadhusCore

extension PublicJournal {
    static func view(_ model: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let f = model.filter
        let m = model.kommune
        let rows = model.rows
        let total = model.total
        let pages = model.pages
        let cal = NorwegianCalendar()
        func link(_ p: Int) -> String {
            var q = [("fra", f.fromRaw), ("til", f.toRaw), ("side", String(p))]
            if let s = f.service { q.append(("tjeneste", s)) }
            if !f.search.isEmpty { q.append(("sok", f.search)) }
            return SiteURL.publicJournal(m.number, query: q).path
        }
        return Layout.page(ctx, title: [t.publicJournal], status: f.errors.isEmpty ? .ok : .badRequest) {
            if !f.errors.isEmpty {
                Layout.errorSummary(
                    t.errorSummaryTitle(f.errors.count), f.errors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
            el("h1") { t.publicJournalOf(m.name) }
            el("p", .cls("lead")) { t.publicJournalIntro }
            el("form", .attr("method", "get"), .attr("action", SiteURL.publicJournal(m.number).path), .cls("filters")) {
                for (id, label, value) in [("fra", t.fromDate, f.fromRaw), ("til", t.toDate, f.toRaw)] {
                    el("div", .cls("form-group inline" + (f.errors[id] == nil ? "" : " form-group-error"))) {
                        el("label", .cls("label"), .for(id)) { label }
                        el("div", .cls("hint"), .id("\(id)-hint")) { t.dateHint }
                        if let e = f.errors[id] {
                            el("p", .cls("field-error"), .id("\(id)-error")) {
                                el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                                e
                            }
                        }
                        void(
                            "input", .type("text"), .id(id), .name(id), .value(value), .cls("input w-10"),
                            .attr("inputmode", "numeric"),
                            .attr("aria-describedby", f.errors[id] == nil ? "\(id)-hint" : "\(id)-hint \(id)-error"),
                            .attr("aria-invalid", f.errors[id] == nil ? nil : "true"))
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("tjeneste")) { t.services }
                    el("select", .id("tjeneste"), .name("tjeneste"), .cls("input")) {
                        el("option", .value(""), .flag("selected", f.service == nil)) { t.allServices }
                        for s in model.services {
                            el("option", .value(s.id), .flag("selected", f.service == s.id)) { s.title[t.lang] }
                        }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("sok")) { t.searchTitle }
                    void("input", .type("search"), .id("sok"), .name("sok"), .value(f.search), .cls("input w-20"))
                }
                el("button", .type("submit"), .cls("button button-secondary")) { t.show }
            }
            el("p", .attr("role", "status")) { t.entriesFound(total) }
            if rows.isEmpty {
                el("p") { t.noEntries }
            } else {
                Layout.tableRegion(label: t.publicJournal) {
                    el("table", .cls("table")) {
                        el("thead") {
                            el("tr") {
                                for h in [
                                    t.date, t.journalNumber, t.caseNumber, t.documentType, t.documentTitle,
                                    t.screenedBy, "",
                                ] {
                                    el("th", .attr("scope", "col")) {
                                        h.isEmpty ? el("span", .cls("visually-hidden")) { t.requestAccess } : .text(h)
                                    }
                                }
                            }
                        }
                        el("tbody") {
                            for e in rows {
                                el("tr") {
                                    // A date never breaks over lines (it did, in three, on a phone).
                                    el("td", .cls("nowrap")) {
                                        cal.parseDate(e.journalDate).map(cal.norwegianDate) ?? e.journalDate
                                    }
                                    el("td") { "\(e.journalYear)/\(e.journalSeq)" }
                                    el("td") { "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)" }
                                    el("td") { e.journalpostType == .inbound ? t.inbound : t.outbound }
                                    el("td") { e.publicTitle }
                                    el("td") { e.screeningBasis ?? "" }
                                    el("td") {
                                        el("a", .href(SiteURL.accessRequest(m.number, e.id!).path)) {
                                            t.requestAccess
                                            el("span", .cls("visually-hidden")) { " \(e.journalYear)/\(e.journalSeq)" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if pages > 1 {
                    el("nav", .attr("aria-label", t.pagesLabel), .cls("pagination")) {
                        if f.page > 1 { el("a", .href(link(f.page - 1))) { "‹ \(f.page - 1)" } }
                        el("span") { " \(f.page) / \(pages) " }
                        if f.page < pages { el("a", .href(link(f.page + 1))) { "\(f.page + 1) ›" } }
                    }
                }
            }
        }
    }

}
