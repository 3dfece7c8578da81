import RadhusCore

/// The demo's test login for citizens: a synthetic fødselsnummer typed in. Not in production.
enum CitizenLogin {
    /// The login page: ID-porten when it is set up, and the typed test login outside
    /// production. `loginFailure`: why the last login through ID-porten was refused.
    static func view(
        value: String, error: String?, next: String?, idporten: Bool, loginFailure: String? = nil, ctx: PageContext
    ) -> Page {
        let t = ctx.t
        guard ctx.demo || idporten else {
            return Layout.message(ctx, title: t.loginTitle, text: t.loginNotAvailable, status: .notFound)
        }
        return Layout.page(
            ctx, title: [idporten ? t.loginTitle : t.testLoginTitle], status: error == nil ? .ok : .unprocessableEntity
        ) {
            if let error { Layout.errorSummary(t.errorSummaryTitle(1), [("fodselsnummer", error)]) }
            el("h1") { idporten ? t.loginTitle : t.testLoginTitle }
            if let loginFailure { Layout.loginRefused(loginFailure, t) }
            if idporten {
                el("p") { t.idportenIntro }
                // A link, not a form: the browser goes on to ID-porten (CSP's form-action
                // would have to allow it), and starting a login changes nothing here.
                el("p") {
                    el("a", .cls("button"), .href(SiteURL.idporten(next: next).path)) { t.idportenButton }
                }
            }
            if ctx.demo { testLogin(value: value, error: error, next: next, idporten: idporten, ctx: ctx) }
        }
    }

    @NodeBuilder
    static func testLogin(value: String, error: String?, next: String?, idporten: Bool, ctx: PageContext) -> [Node] {
        let t = ctx.t
        if idporten { el("h2") { t.testLoginTitle } }
        el("div", .cls("warning-panel")) { el("p") { t.testLoginWarning } }
        el("form", .attr("method", "post"), .attr("action", SiteURL.login(next: nil).path), .attr("novalidate", "")) {
            Layout.csrfField(ctx.csrf)
            if let next, SiteURL.isLocalPath(next) { void("input", .type("hidden"), .name("neste"), .value(next)) }
            el("div", .cls("form-group" + (error == nil ? "" : " form-group-error"))) {
                el("label", .cls("label"), .for("f-fodselsnummer")) { t.fnrLabel }
                el("div", .cls("hint"), .id("f-fodselsnummer-hint")) { t.fnrHint }
                if let error { el("p", .cls("field-error"), .id("f-fodselsnummer-error")) { error } }
                void(
                    "input", .type("text"), .id("f-fodselsnummer"), .name("fodselsnummer"), .value(value),
                    .cls("input w-11"), .attr("inputmode", "numeric"), .attr("autocomplete", "off"),
                    .attr("spellcheck", "false"),
                    .attr(
                        "aria-describedby",
                        error == nil ? "f-fodselsnummer-hint" : "f-fodselsnummer-hint f-fodselsnummer-error"),
                    .attr("aria-invalid", error == nil ? nil : "true"))
            }
            el("button", .type("submit"), .cls("button")) { t.logIn }
        }
        // The adults to log in as, and the children to apply for (kindergarten, school
        // transport): one logs in as a parent and types the child's number (issue 17).
        for (heading, people) in [(t.demoPeople, DemoData.citizens), (t.demoChildren, DemoData.children)] {
            el("h2") { heading }
            el("ul", .cls("plain-list")) {
                for c in people {
                    el("li") {
                        el("code") { c.fnr }
                        " – " + c.name
                    }
                }
            }
        }
    }
}
