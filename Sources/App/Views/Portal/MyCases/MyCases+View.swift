import RadhusCore

extension MyCases {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [t.myCases]) {
            el("h1") { t.myCases }
            if m.saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.draftSaved } } }
            if !m.drafts.isEmpty {
                el("h2", .id("utkast")) { t.notSent }
                el("ul", .cls("case-list")) {
                    for d in m.drafts {
                        el("li", .cls("card")) {
                            el("h3", .cls("card-title")) {
                                el("a", .href(SiteURL.form(kommune: d.kommuneNumber, service: d.serviceID).path)) {
                                    t.continueDraft(d.serviceTitle?[t.lang] ?? d.serviceID)
                                }
                            }
                            el("p") { el("strong", .cls("tag")) { t.notSent } }
                            el("p", .cls("muted")) {
                                "\(d.kommune) · \(t.lastSaved) \(cal.norwegianDate(d.updatedAt)) · \(t.keptUntil) \(cal.norwegianDate(d.updatedAt.addingTimeInterval(Draft.lifetime)))"
                            }
                            el(
                                "form", .attr("method", "post"),
                                .attr(
                                    "action", SiteURL.deleteDraft(kommune: d.kommuneNumber, service: d.serviceID).path)
                            ) {
                                Layout.csrfField(ctx.csrf)
                                el("button", .type("submit"), .cls("link-button")) {
                                    t.deleteDraft
                                    el("span", .cls("visually-hidden")) {
                                        " " + (d.serviceTitle?[t.lang] ?? d.serviceID)
                                    }
                                }
                            }
                        }
                    }
                }
                if !m.rows.isEmpty { el("h2") { t.sentApplications } }
            }
            if m.rows.isEmpty && m.drafts.isEmpty {
                el("p") { t.noCases }
            } else if !m.rows.isEmpty {
                el("ul", .cls("case-list")) {
                    for c in m.rows {
                        el("li", .cls("card")) {
                            el("h2", .cls("card-title")) {
                                el("a", .href(SiteURL.myCase(c.id).path)) {
                                    (c.serviceTitle?[t.lang] ?? c.serviceID) + " – " + c.saksnummer.description
                                }
                            }
                            el("p") { Layout.statusTag(c.status, t, citizen: true) }
                            switch c.part {
                            case .own: []
                            case .appliedForOther: el("p") { t.appliedForOther }
                            case .appliedByOther: el("p") { t.appliedByOther }
                            }
                            el("p", .cls("muted")) {
                                "\(c.kommune) · \(t.submitted) \(cal.norwegianDate(c.submittedAt)) · \(t.answerBy) \(cal.norwegianDate(c.dueAt))"
                            }
                        }
                    }
                }
            }
        }
    }
}
