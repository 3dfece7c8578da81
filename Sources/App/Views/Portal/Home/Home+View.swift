extension Home {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.homeTitle]) {
            el("h1") { t.homeTitle }
            el("p", .cls("lead")) { t.homeIntro }
            el("h2") { t.chooseKommune }
            el("ul", .cls("card-list")) {
                for k in m.kommuner {
                    el("li", .cls("card")) {
                        el("a", .href(SiteURL.kommune(k.number).path), .cls("card-link")) { k.name }
                        el("p", .cls("muted")) { t.kommunenummer(k.number) }
                    }
                }
            }
            el("p") { el("a", .href(SiteURL.staffLogin.path)) { t.staffEntrance } }
        }
    }
}
