import RadhusCore

/// One service in the catalogue: who publishes and uses it, and every version with its package.
enum CatalogEntry {
    static func view(_ l: CatalogListing, ctx: PageContext) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [l.title, t.catalogTitle]) {
            el("p") { el("a", .href(SiteURL.catalog.path)) { t.catalogTitle } }
            el("h1") { l.title }
            el("p") { t.publishedAndUsed(l.publisher, l.users) }
            el("h2") { t.versions }
            el("ul") {
                for v in l.versions {
                    el("li") {
                        el("strong") { t.versionNumber(v.version) }
                        " – \(cal.norwegianDate(v.publishedAt)): \(v.changes) "
                        el("a", .href(SiteURL.catalogPackage(service: l.id, version: v.version).path)) {
                            el("span") { t.downloadPackage }
                            el("span", .cls("visually-hidden")) { " " + t.forVersion(v.version) }
                        }
                    }
                }
            }
        }
    }
}
