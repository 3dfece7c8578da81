extension Services {
    static func view(_ m: Model, message: String?, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.services]) {
            if let message {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") {
                        message == "tatt-i-bruk"
                            ? t.adoptedShort : message == "publisert" ? t.publishedShort : t.changeSaved
                    }
                }
            }
            el("h1") { t.servicesIn(m.kommune) }
            el("p") {
                t.servicesIntroBefore
                el("a", .href(SiteURL.catalog.path)) { t.theCatalog }
                t.servicesIntroAfter
            }
            el("p") { el("a", .href(SiteURL.workshop.path)) { t.workshopLink } }
            el("h2") { t.inUse }
            el("ul", .cls("card-list")) {
                for l in m.listings {
                    if let a = m.adoptedVersions[l.id] {
                        el("li", .cls("card")) {
                            el("h3", .cls("card-title")) { el("a", .href(SiteURL.staffService(l.id).path)) { l.title } }
                            el("p") { t.versionPublishedBy(a, l.publisher) }
                            if l.latest.version > a {
                                el("p") {
                                    el("strong", .cls("tag")) { t.newVersion(l.latest.version) }
                                    " " + t.seeChangesAndUpgrade
                                }
                            }
                        }
                    }
                }
            }
            el("h2") { t.availableInCatalog }
            el("ul", .cls("card-list")) {
                for l in m.listings where m.adoptedVersions[l.id] == nil {
                    el("li", .cls("card")) {
                        el("h3", .cls("card-title")) { l.title }
                        el("p") {
                            t.versionPublishedBy(l.latest.version, l.publisher) + " " + t.usedByKommuner(l.users.count)
                        }
                        el(
                            "form", .attr("method", "post"), .attr("action", SiteURL.adopt(service: l.id).path),
                            .cls("inline-form")
                        ) {
                            Layout.csrfField(ctx.csrf)
                            el("button", .type("submit"), .cls("button")) {
                                el("span") { t.adopt }
                                el("span", .cls("visually-hidden")) { " \(l.title)" }
                            }
                        }
                    }
                }
            }
        }
    }
}
