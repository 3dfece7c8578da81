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
        return Layout.page(ctx, title: ["Innlogging for ansatte"], status: errors.isEmpty ? .ok : .unprocessableEntity)
        {
            if saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.changeSaved } } }
            if !errors.isEmpty { Layout.errorSummary(fieldProblems: errors, t: t) }
            el("h1") { "Innlogging for ansatte" }
            el("p") {
                "Ansatte logger inn med kommunens egen pålogging (Microsoft Entra ID eller en annen OpenID Connect-tjeneste). "
                    + "Gruppene de er med i, bestemmer rolle og enhet hver gang de logger inn. Brukere lages ved første innlogging, "
                    + "og den som ikke lenger er med i en gruppe som gir rolle, blir deaktivert."
            }
            el("p") {
                "Registrer Radhus som app i Entra ID med denne adressen for svar (redirect URI): "
                el("code") { redirectURI }
            }
            el("form", .attr("method", "post"), .attr("action", SiteURL.loginSettings().path), .attr("novalidate", ""))
            {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "utsteder", label: "Utsteder (issuer)",
                    hint: "For Entra ID: https://login.microsoftonline.com/<tenant-id>/v2.0",
                    value: v.issuer, error: errors["utsteder"], type: "url")
                FormView.textInput(
                    t: t, id: "klient", label: "Klient-ID (application id)", hint: nil, value: v.clientID,
                    error: errors["klient"], type: "text")
                FormView.textInput(
                    t: t, id: "hemmelighet", label: "Klienthemmelighet",
                    hint: v.hasSecret ? "Lagret. La feltet stå tomt for å beholde den." : nil,
                    value: "", error: errors["hemmelighet"], type: "password",
                    extra: [.cls("input w-full"), .attr("autocomplete", "new-password")])
                FormView.textArea(
                    t: t, id: "grupper", label: "Grupper og roller",
                    hint: "Én linje per gruppe: gruppe = rolle, eventuelt med enhet etter komma. Rollene er "
                        + StaffRole.allCases.map(\.rawValue).joined(separator: ", ")
                        + ". Første linje som passer, gjelder.",
                    value: v.groups, error: errors["grupper"], rows: 6)
                el("div", .cls("form-group" + (errors["passord"] == nil ? "" : " form-group-error"))) {
                    if let e = errors["passord"] { el("p", .cls("field-error"), .id("passord-error")) { e } }
                    el("div", .cls("checkbox")) {
                        void(
                            "input", .type("checkbox"), .id("passord"), .name("passord"), .value("pa"),
                            .flag("checked", v.passwordLogin))
                        el("label", .for("passord")) { "Tillat innlogging med brukernavn og passord (reserve)" }
                    }
                }
                el("button", .type("submit"), .cls("button")) { t.save }
            }
        }
    }
}
