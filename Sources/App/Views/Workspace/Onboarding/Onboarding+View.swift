import Foundation
import RadhusCore

/// The operator's pages and the invited person's sign-up (issue 18).
enum OperatorPages {
    static func login(username: String, error: String?, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: ["Innlogging for drift"], status: error == nil ? .ok : .unauthorized) {
            if let error { Layout.errorSummary(t.loginFailed, [("brukernavn", error)]) }
            el("h1") { "Innlogging for drift" }
            el("p") { "For dem som driver Radhus-plattformen og legger til kommuner." }
            el("form", .attr("method", "post"), .attr("action", SiteURL.operatorLogin.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "f-brukernavn", name: "brukernavn", label: t.username, hint: nil, value: username,
                    error: nil, type: "text", extra: [.cls("input w-20"), .attr("autocomplete", "username")])
                FormView.textInput(
                    t: t, id: "f-passord", name: "passord", label: t.password, hint: nil, value: "", error: nil,
                    type: "password", extra: [.cls("input w-20"), .attr("autocomplete", "current-password")])
                el("button", .type("submit"), .cls("button")) { t.logIn }
            }
        }
    }

    static func home(
        kommuner: [(number: String, name: String, postmottak: String)], input: OnboardingService.KommuneInput,
        problems: [String: String], message: String?, ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(
            ctx, title: ["Kommuner på plattformen"], status: problems.isEmpty ? .ok : .unprocessableEntity
        ) {
            if let message {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") {
                        message == "lagt-til"
                            ? "Kommunen er lagt til, og administratoren har fått invitasjon på e-post."
                            : "Kommunen er lagt til. E-posten kunne ikke sendes: be administratoren i kommunen be om en ny invitasjon."
                    }
                }
            }
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("h1") { "Kommuner på plattformen" }
            Layout.logoutForm(action: SiteURL.operatorLogout.path, label: t.logOut, csrf: ctx.csrf)
            if kommuner.isEmpty {
                el("p") { "Ingen kommuner ennå." }
            } else {
                Layout.tableRegion(label: "Kommuner") {
                    el("table", .cls("table")) {
                        el("thead") {
                            el("tr") {
                                el("th", .attr("scope", "col")) { "Nummer" }
                                el("th", .attr("scope", "col")) { "Navn" }
                                el("th", .attr("scope", "col")) { "Postmottak" }
                            }
                        }
                        el("tbody") {
                            for k in kommuner {
                                el("tr") {
                                    el("td") { k.number }
                                    el("td") { k.name }
                                    el("td") { k.postmottak }
                                }
                            }
                        }
                    }
                }
            }
            el("h2") { "Legg til en kommune" }
            el("form", .attr("method", "post"), .attr("action", SiteURL.operatorKommuner.path), .attr("novalidate", ""))
            {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "kommunenummer", label: "Kommunenummer",
                    hint:
                        "Fire siffer. Sjekkes mot \(Kommuneliste.source), gyldig fra \(Format.norwegianDate(iso: Kommuneliste.validFrom)).",
                    value: input.number, error: problems["kommunenummer"], type: "text",
                    extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                FormView.textInput(
                    t: t, id: "navn", label: "Navn", hint: "Tomt: navnet fra lista, med «kommune» etter.",
                    value: input.name, error: problems["navn"], type: "text")
                FormView.textArea(
                    t: t, id: "enheter", label: "Enheter", hint: "Én per linje, for eksempel Oppvekst og utdanning.",
                    value: input.units, error: problems["enheter"], rows: 3)
                FormView.textInput(
                    t: t, id: "postmottak", label: "Postmottak (e-post)", hint: "Brevene sier at klager sendes hit.",
                    value: input.postmottak, error: problems["postmottak"], type: "email",
                    extra: [.cls("input w-full")])
                FormView.textInput(
                    t: t, id: "kontakt", label: "Kontaktperson", hint: "Navn og telefon, for driften.",
                    value: input.contact, error: problems["kontakt"], type: "text")
                FormView.textInput(
                    t: t, id: "logotekst", label: "Tekst i logoen", hint: "Tomt: kommunens navn.",
                    value: input.logoText, error: problems["logotekst"], type: "text")
                FormView.textInput(
                    t: t, id: "admin", label: "Administratorens e-post",
                    hint: "Får en invitasjon som virker én gang, i 7 dager.",
                    value: input.adminEmail, error: problems["admin"], type: "email",
                    extra: [.cls("input w-full")])
                el("button", .type("submit"), .cls("button")) { "Legg til kommunen" }
            }
        }
    }

    struct SignUpValues: Sendable {
        var name: String
        var username: String
    }

    static func signUp(
        kommune: String, role: String, token: String, values: SignUpValues, problems: [String: String],
        ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: ["Lag brukeren din"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("h1") { "Lag brukeren din" }
            el("p") { "Du er invitert til Radhus som \(t.roleLabel(role)) i \(kommune)." }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.invitation(token).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "navn", label: "Navnet ditt", hint: nil, value: values.name, error: problems["navn"],
                    type: "text", extra: [.cls("input w-full"), .attr("autocomplete", "name")])
                FormView.textInput(
                    t: t, id: "brukernavn", label: t.username, hint: nil, value: values.username,
                    error: problems["brukernavn"], type: "text",
                    extra: [.cls("input w-20"), .attr("autocomplete", "username"), .attr("spellcheck", "false")])
                FormView.textInput(
                    t: t, id: "passord", label: t.password,
                    hint: "Minst \(OnboardingService.minimumPasswordLength) tegn. Bruk gjerne flere ord.", value: "",
                    error: problems["passord"], type: "password",
                    extra: [.cls("input w-20"), .attr("autocomplete", "new-password")])
                FormView.textInput(
                    t: t, id: "gjenta", label: "Gjenta passordet", hint: nil, value: "", error: problems["gjenta"],
                    type: "password", extra: [.cls("input w-20"), .attr("autocomplete", "new-password")])
                el("button", .type("submit"), .cls("button")) { "Lag brukeren" }
            }
        }
    }
}

/// Who has which role in the kommune, invitations, and the admin log.
enum StaffUsersPage {
    static func view(
        users: [StaffUser], units: [MunicipalUnit], pending: [Invitation], selfID: UUID, email: String,
        problems: [String: String], link: String?, message: String?, ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: ["Brukere"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if let message {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") { message == "invitert" ? "Invitasjonen er sendt på e-post." : t.changeSaved }
                }
            }
            if let link {
                el("div", .cls("panel-warning"), .attr("role", "status")) {
                    el("p") {
                        "E-posten kunne ikke sendes. Gi denne lenken til personen (den virker én gang, i 7 dager):"
                    }
                    el("p") { el("code") { link } }
                }
            }
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("h1") { "Brukere" }
            el("p") { el("a", .href(SiteURL.adminLog.path)) { "Se loggen over endringer" } }
            Layout.tableRegion(label: "Brukere") {
                el("table", .cls("table table-stack")) {
                    el("thead") {
                        el("tr") {
                            for h in ["Navn", "Brukernavn", "Innlogging", "Rolle, enhet og tilgang"] {
                                el("th", .attr("scope", "col")) { h }
                            }
                        }
                    }
                    el("tbody") {
                        for u in users {
                            let id = u.id!
                            el("tr") {
                                el("td", .attr("data-label", "Navn")) {
                                    u.displayName + (u.active ? "" : " (deaktivert)")
                                }
                                el("td", .attr("data-label", "Brukernavn")) { u.username }
                                el("td", .attr("data-label", "Innlogging")) {
                                    u.externalSubject == nil ? "passord" : "kommunens pålogging"
                                }
                                el("td", .attr("data-label", "Endre")) {
                                    el(
                                        "form", .attr("method", "post"), .attr("action", SiteURL.staffUser(id).path),
                                        .cls("inline-form")
                                    ) {
                                        Layout.csrfField(ctx.csrf)
                                        el(
                                            "select", .id("rolle-\(id)"), .name("rolle"), .cls("input"),
                                            .attr("aria-label", "Rolle for \(u.displayName)")
                                        ) {
                                            for r in StaffRole.allCases {
                                                el(
                                                    "option", .value(r.rawValue),
                                                    .flag("selected", u.role == r.rawValue)
                                                ) {
                                                    t.roleLabel(r.rawValue)
                                                }
                                            }
                                        }
                                        el(
                                            "select", .id("enhet-\(id)"), .name("enhet"), .cls("input"),
                                            .attr("aria-label", "Enhet for \(u.displayName)")
                                        ) {
                                            el("option", .value(""), .flag("selected", u.unitID == nil)) {
                                                "Ingen enhet"
                                            }
                                            for unit in units {
                                                el(
                                                    "option", .value(unit.id!.uuidString),
                                                    .flag("selected", u.unitID == unit.id)
                                                ) {
                                                    unit.name
                                                }
                                            }
                                        }
                                        el(
                                            "select", .id("aktiv-\(id)"), .name("aktiv"), .cls("input"),
                                            .attr("aria-label", "Tilgang for \(u.displayName)")
                                        ) {
                                            el("option", .value("ja"), .flag("selected", u.active)) { "Aktiv" }
                                            el("option", .value("nei"), .flag("selected", !u.active)) { "Deaktivert" }
                                        }
                                        el("button", .type("submit"), .cls("button button-secondary")) {
                                            el("span") { "Lagre" }
                                            el("span", .cls("visually-hidden")) { " for \(u.displayName)" }
                                        }
                                    }
                                    if id == selfID { el("p", .cls("muted")) { "Dette er deg." } }
                                }
                            }
                        }
                    }
                }
            }
            if !pending.isEmpty {
                el("h2") { "Invitasjoner som ikke er brukt" }
                el("ul") {
                    for i in pending {
                        el("li") {
                            "\(i.email) som \(t.roleLabel(i.role)), til \(NorwegianCalendar().norwegianDateTime(i.expiresAt))"
                        }
                    }
                }
            }
            el("h2") { "Inviter en ansatt" }
            el("form", .attr("method", "post"), .attr("action", SiteURL.staffInvite.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "epost", label: "E-post", hint: "Personen får en lenke som virker én gang, i 7 dager.",
                    value: email, error: problems["epost"], type: "email",
                    extra: [.cls("input w-full")])
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("rolle")) { "Rolle" }
                    el("select", .id("rolle"), .name("rolle"), .cls("input")) {
                        for r in StaffRole.allCases { el("option", .value(r.rawValue)) { t.roleLabel(r.rawValue) } }
                    }
                }
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("enhet")) { "Enhet" }
                    el("select", .id("enhet"), .name("enhet"), .cls("input")) {
                        el("option", .value("")) { "Ingen enhet" }
                        for unit in units { el("option", .value(unit.id!.uuidString)) { unit.name } }
                    }
                }
                el("button", .type("submit"), .cls("button")) { "Send invitasjon" }
            }
        }
    }

    static func log(_ entries: [AdminLogEntry], ctx: PageContext) -> Page {
        Layout.page(ctx, title: ["Logg over administrasjon"]) {
            el("h1") { "Logg over administrasjon" }
            el("p") { "Hver endring av brukere, invitasjoner og innlogging, nyeste først." }
            Layout.tableRegion(label: "Logg") {
                el("table", .cls("table table-stack")) {
                    el("thead") {
                        el("tr") {
                            for h in ["Tid", "Hvem", "Hva", "Detaljer"] { el("th", .attr("scope", "col")) { h } }
                        }
                    }
                    el("tbody") {
                        for e in entries {
                            el("tr") {
                                el("td", .attr("data-label", "Tid"), .cls("nowrap")) {
                                    NorwegianCalendar().norwegianDateTime(e.at)
                                }
                                el("td", .attr("data-label", "Hvem")) { e.actor }
                                el("td", .attr("data-label", "Hva")) { e.action }
                                el("td", .attr("data-label", "Detaljer")) { e.detail }
                            }
                        }
                    }
                }
            }
        }
    }
}
