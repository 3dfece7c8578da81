import RadhusCore

/// `/katalog`: the shared service catalogue, open to everyone. Its model is the listings
/// (`CatalogListing.listings`).
enum Catalog {
    static func view(_ listings: [CatalogListing], ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [t.catalogTitle]) {
            el("h1") { t.catalogTitle }
            el("p", .cls("lead")) { t.catalogIntro }
            Layout.tableRegion(label: t.catalogServices) {
                el("table") {
                    el("thead") {
                        el("tr") {
                            for h in [t.service, t.publishedBy, t.latestVersion, t.usedBy] {
                                el("th", .attr("scope", "col")) { h }
                            }
                        }
                    }
                    el("tbody") {
                        for l in listings {
                            el("tr") {
                                el("td") { el("a", .href(SiteURL.catalogService(l.id).path)) { l.title } }
                                el("td") { l.publisher }
                                el("td") { "\(l.latest.version) (\(cal.norwegianDate(l.latest.publishedAt)))" }
                                el("td") {
                                    l.users.isEmpty
                                        ? t.noneYet : l.users.map { "\($0.0) (v\($0.1))" }.joined(separator: ", ")
                                }
                            }
                        }
                    }
                }
            }
            el("p") { t.catalogHowToAdopt }
        }
    }
}
