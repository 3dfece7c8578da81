import RadhusCore

extension MyCases {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [t.myCases]) {
            el("h1") { t.myCases }
            if m.rows.isEmpty {
                el("p") { t.noCases }
            } else {
                el("ul", .cls("case-list")) {
                    for c in m.rows {
                        el("li", .cls("card")) {
                            el("h2", .cls("card-title")) {
                                el("a", .href(SiteURL.myCase(c.id).path)) {
                                    (c.serviceTitle?[t.lang] ?? c.serviceID) + " – " + c.saksnummer.description
                                }
                            }
                            el("p") { Layout.statusTag(c.status, t) }
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
