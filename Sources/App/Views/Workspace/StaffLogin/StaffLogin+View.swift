/// Staff sign in through their kommune's single sign-on, or with username and password.
enum StaffLogin {
    static func view(
        username: String, error: String?, loginFailure: String? = nil,
        singleSignOn: [(number: String, name: String)] = [], ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.staffLoginTitle], status: error == nil ? .ok : .unauthorized) {
            if let error { Layout.errorSummary(t.loginFailed, [("brukernavn", error)]) }
            el("h1") { t.staffLoginTitle }
            if let loginFailure { Layout.loginRefused(loginFailure, t) }
            if !singleSignOn.isEmpty {
                el("h2") { t.ssoHeading }
                // Links, not forms: the browser goes on to the kommune's identity provider.
                el("ul", .cls("plain-list")) {
                    for k in singleSignOn {
                        el("li") { el("a", .href(SiteURL.staffSSO(kommune: k.number).path)) { t.ssoLink(k.name) } }
                    }
                }
                el("h2") { t.passwordLoginHeading }
            }
            el("form", .attr("method", "post"), .attr("action", SiteURL.staffLogin.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("f-brukernavn")) { t.username }
                    void(
                        "input", .type("text"), .id("f-brukernavn"), .name("brukernavn"), .value(username),
                        .cls("input w-20"),
                        .attr("autocomplete", "username"), .attr("spellcheck", "false"))
                }
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("f-passord")) { t.password }
                    void(
                        "input", .type("password"), .id("f-passord"), .name("passord"), .cls("input w-20"),
                        .attr("autocomplete", "current-password"))
                }
                el("button", .type("submit"), .cls("button")) { t.logIn }
            }
            if ctx.demo {
                el("p", .cls("muted")) { t.demoStaffHint(DemoData.password) }
            }
        }
    }
}
