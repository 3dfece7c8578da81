extension KommunePage {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.services]) {
            el("h1") { t.servicesIn(m.kommune.name) }
            el("ul", .cls("card-list")) {
                for s in m.services {
                    el("li", .cls("card")) {
                        el("h2", .cls("card-title")) {
                            el(
                                "a", .href(SiteURL.service(kommune: m.kommune.number, service: s.id).path),
                                .cls("card-link")
                            ) { s.title[t.lang] }
                        }
                        el("p") { s.summary[t.lang] }
                    }
                }
            }
            el("p") {
                el("a", .href(SiteURL.publicJournal(m.kommune.number).path)) { t.publicJournalOf(m.kommune.name) }
            }
        }
    }
}
