import Foundation
import RadhusCore

/// The admin's page for how the kommune's staff log in: the identity provider (Entra ID or
/// another OpenID Connect provider), which groups give which role, and whether the password
/// login stays on (issue 18).
enum LoginSettings {
    struct Values: Sendable {
        var issuer = ""
        var clientID = ""
        var groups = ""
        var passwordLogin = true
        var hasSecret = false
    }

    static func view(
        _ v: Values, errors: [String: String], saved: Bool, redirectURI: String, ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.staffLoginSettingsTitle], status: errors.isEmpty ? .ok : .unprocessableEntity)
        {
            if saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.changeSaved } } }
            if !errors.isEmpty { Layout.errorSummary(fieldProblems: errors, t: t) }
            el("h1") { t.staffLoginSettingsTitle }
            el("p") { t.staffLoginIntro }
            el("p") {
                t.registerRedirect
                el("code") { redirectURI }
            }
            el("form", .attr("method", "post"), .attr("action", SiteURL.loginSettings().path), .attr("novalidate", ""))
            {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "utsteder", label: t.issuerLabel, hint: t.issuerHint,
                    value: v.issuer, error: errors["utsteder"], type: "url")
                FormView.textInput(
                    t: t, id: "klient", label: t.clientIDLabel, hint: nil, value: v.clientID,
                    error: errors["klient"], type: "text")
                FormView.textInput(
                    t: t, id: "hemmelighet", label: t.clientSecretLabel, hint: v.hasSecret ? t.secretStored : nil,
                    value: "", error: errors["hemmelighet"], type: "password",
                    extra: [.cls("input w-full"), .attr("autocomplete", "new-password")])
                FormView.textArea(
                    t: t, id: "grupper", label: t.groupsAndRoles,
                    hint: t.groupsHint(StaffRole.allCases.map(\.rawValue).joined(separator: ", ")),
                    value: v.groups, error: errors["grupper"], rows: 6)
                el("div", .cls("form-group" + (errors["passord"] == nil ? "" : " form-group-error"))) {
                    if let e = errors["passord"] { el("p", .cls("field-error"), .id("passord-error")) { e } }
                    el("div", .cls("checkbox")) {
                        void(
                            "input", .type("checkbox"), .id("passord"), .name("passord"), .value("pa"),
                            .flag("checked", v.passwordLogin))
                        el("label", .for("passord")) { t.allowPasswordLogin }
                    }
                }
                el("button", .type("submit"), .cls("button")) { t.save }
            }
        }
    }
}
