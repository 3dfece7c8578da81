import RadhusCore

extension AccessLog {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [t.accessLogTitle]) {
            el("h1") { t.accessLogOf(m.kommune) }
            el("p") { t.accessLogIntro }
            el("p", .attr("role", "status")) { t.lookups(m.total) }
            Layout.tableRegion(label: t.accessLogTitle) {
                el("table", .cls("table")) {
                    el("thead") {
                        el("tr") {
                            for h in [t.time, t.staffMember, t.role, t.caseWord, t.what] {
                                el("th", .attr("scope", "col")) { h }
                            }
                        }
                    }
                    el("tbody") {
                        for r in m.rows {
                            el("tr") {
                                el("td") { cal.norwegianDateTime(r.at) }
                                el("td") { r.staffName ?? t.unknown }
                                el("td") { t.roleLabel(r.role) }
                                el("td") {
                                    if m.mayReadCases, let nr = r.saksnummer {
                                        el("a", .href(SiteURL.staffCase(r.caseID).path)) { nr }
                                    } else {
                                        r.saksnummer ?? "–"
                                    }
                                }
                                el("td") { t.accessAction(r.action) }
                            }
                        }
                    }
                }
            }
            if m.pages > 1 {
                el("nav", .attr("aria-label", t.pagesLabel), .cls("pagination")) {
                    if m.page > 1 { el("a", .href(SiteURL.accessLog(page: m.page - 1).path)) { "‹ \(m.page - 1)" } }
                    el("span") { " \(m.page) / \(m.pages) " }
                    if m.page < m.pages {
                        el("a", .href(SiteURL.accessLog(page: m.page + 1).path)) { "\(m.page + 1) ›" }
                    }
                }
            }
        }
    }
}
