import Foundation
import RadhusCore

/// The operator's pages and the invited person's sign-up (issue 18).
enum OperatorPages {
    static func login(username: String, error: String?, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.operatorLogin], status: error == nil ? .ok : .unauthorized) {
            if let error { Layout.errorSummary(t.loginFailed, [("brukernavn", error)]) }
            el("h1") { t.operatorLogin }
            el("p") { t.operatorIntro }
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
            ctx, title: [t.kommunerOnPlatform], status: problems.isEmpty ? .ok : .unprocessableEntity
        ) {
            if let message {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") {
                        message == "lagt-til" ? t.kommuneAdded : t.kommuneAddedNoMail
                    }
                }
            }
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("h1") { t.kommunerOnPlatform }
            Layout.logoutForm(action: SiteURL.operatorLogout.path, label: t.logOut, csrf: ctx.csrf)
            if kommuner.isEmpty {
                el("p") { t.noKommunerYet }
            } else {
                Layout.tableRegion(label: t.kommunerTable) {
                    el("table", .cls("table")) {
                        el("thead") {
                            el("tr") {
                                el("th", .attr("scope", "col")) { t.numberColumn }
                                el("th", .attr("scope", "col")) { t.nameColumn }
                                el("th", .attr("scope", "col")) { t.postmottakColumn }
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
            el("h2") { t.addKommune }
            el("form", .attr("method", "post"), .attr("action", SiteURL.operatorKommuner.path), .attr("novalidate", ""))
            {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "kommunenummer", label: t.kommunenummerLabel,
                    hint: t.kommunenummerHint(
                        Kommuneliste.source, Format.norwegianDate(iso: Kommuneliste.validFrom)),
                    value: input.number, error: problems["kommunenummer"], type: "text",
                    extra: [.cls("input w-5"), .attr("inputmode", "numeric")])
                FormView.textInput(
                    t: t, id: "navn", label: t.nameColumn, hint: t.kommuneNameHint,
                    value: input.name, error: problems["navn"], type: "text")
                FormView.textArea(
                    t: t, id: "enheter", label: t.unitsLabel, hint: t.unitsHint,
                    value: input.units, error: problems["enheter"], rows: 3)
                FormView.textInput(
                    t: t, id: "postmottak", label: t.postmottakLabel, hint: t.postmottakHint,
                    value: input.postmottak, error: problems["postmottak"], type: "email",
                    extra: [.cls("input w-full")])
                FormView.textInput(
                    t: t, id: "kontakt", label: t.contactPersonLabel, hint: t.contactPersonHint,
                    value: input.contact, error: problems["kontakt"], type: "text")
                FormView.textInput(
                    t: t, id: "logotekst", label: t.logoTextLabel, hint: t.logoTextHint,
                    value: input.logoText, error: problems["logotekst"], type: "text")
                FormView.textInput(
                    t: t, id: "admin", label: t.adminEmailLabel, hint: t.invitationHint,
                    value: input.adminEmail, error: problems["admin"], type: "email",
                    extra: [.cls("input w-full")])
                el("button", .type("submit"), .cls("button")) { t.addTheKommune }
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
        return Layout.page(ctx, title: [t.makeYourUser], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("h1") { t.makeYourUser }
            el("p") { t.invitedAs(t.roleLabel(role), kommune) }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.invitation(token).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "navn", label: t.yourName, hint: nil, value: values.name, error: problems["navn"],
                    type: "text", extra: [.cls("input w-full"), .attr("autocomplete", "name")])
                FormView.textInput(
                    t: t, id: "brukernavn", label: t.username, hint: nil, value: values.username,
                    error: problems["brukernavn"], type: "text",
                    extra: [.cls("input w-20"), .attr("autocomplete", "username"), .attr("spellcheck", "false")])
                FormView.textInput(
                    t: t, id: "passord", label: t.password,
                    hint: t.passwordHint(OnboardingService.minimumPasswordLength), value: "",
                    error: problems["passord"], type: "password",
                    extra: [.cls("input w-20"), .attr("autocomplete", "new-password")])
                FormView.textInput(
                    t: t, id: "gjenta", label: t.repeatPassword, hint: nil, value: "", error: problems["gjenta"],
                    type: "password", extra: [.cls("input w-20"), .attr("autocomplete", "new-password")])
                el("button", .type("submit"), .cls("button")) { t.makeTheUser }
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
        return Layout.page(ctx, title: [t.users], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if let message {
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("p") { message == "invitert" ? t.invitationSent : t.changeSaved }
                }
            }
            if let link {
                el("div", .cls("panel-warning"), .attr("role", "status")) {
                    el("p") { t.giveThisLink }
                    el("p") { el("code") { link } }
                }
            }
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("h1") { t.users }
            el("p") { el("a", .href(SiteURL.adminLog.path)) { t.seeAdminLog } }
            Layout.tableRegion(label: t.users) {
                el("table", .cls("table table-stack")) {
                    el("thead") {
                        el("tr") {
                            for h in [t.nameColumn, t.username, t.login, t.roleUnitAccess] {
                                el("th", .attr("scope", "col")) { h }
                            }
                        }
                    }
                    el("tbody") {
                        for u in users {
                            let id = u.id!
                            el("tr") {
                                el("td", .attr("data-label", t.nameColumn)) {
                                    u.displayName + (u.active ? "" : t.deactivatedSuffix)
                                }
                                el("td", .attr("data-label", t.username)) { u.username }
                                el("td", .attr("data-label", t.login)) {
                                    u.externalSubject == nil ? t.byPassword : t.byKommuneLogin
                                }
                                el("td", .attr("data-label", t.change)) {
                                    el(
                                        "form", .attr("method", "post"), .attr("action", SiteURL.staffUser(id).path),
                                        .cls("inline-form")
                                    ) {
                                        Layout.csrfField(ctx.csrf)
                                        el(
                                            "select", .id("rolle-\(id)"), .name("rolle"), .cls("input"),
                                            .attr("aria-label", t.roleFor(u.displayName))
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
                                            .attr("aria-label", t.unitFor(u.displayName))
                                        ) {
                                            el("option", .value(""), .flag("selected", u.unitID == nil)) {
                                                t.noUnit
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
                                            .attr("aria-label", t.accessFor(u.displayName))
                                        ) {
                                            el("option", .value("ja"), .flag("selected", u.active)) { t.active }
                                            el("option", .value("nei"), .flag("selected", !u.active)) { t.deactivated }
                                        }
                                        el("button", .type("submit"), .cls("button button-secondary")) {
                                            el("span") { t.save }
                                            el("span", .cls("visually-hidden")) { t.forName(u.displayName) }
                                        }
                                    }
                                    if id == selfID { el("p", .cls("muted")) { t.thisIsYou } }
                                }
                            }
                        }
                    }
                }
            }
            if !pending.isEmpty {
                el("h2") { t.unusedInvitations }
                el("ul") {
                    for i in pending {
                        el("li") {
                            t.invitationLine(
                                i.email, t.roleLabel(i.role), NorwegianCalendar().norwegianDateTime(i.expiresAt))
                        }
                    }
                }
            }
            el("h2") { t.inviteStaff }
            el("form", .attr("method", "post"), .attr("action", SiteURL.staffInvite.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "epost", label: t.email, hint: t.inviteEmailHint,
                    value: email, error: problems["epost"], type: "email",
                    extra: [.cls("input w-full")])
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("rolle")) { t.role }
                    el("select", .id("rolle"), .name("rolle"), .cls("input")) {
                        for r in StaffRole.allCases { el("option", .value(r.rawValue)) { t.roleLabel(r.rawValue) } }
                    }
                }
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("enhet")) { t.unit }
                    el("select", .id("enhet"), .name("enhet"), .cls("input")) {
                        el("option", .value("")) { t.noUnit }
                        for unit in units { el("option", .value(unit.id!.uuidString)) { unit.name } }
                    }
                }
                el("button", .type("submit"), .cls("button")) { t.sendInvitation }
            }
        }
    }

    static func log(_ entries: [AdminLogEntry], ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.adminLogTitle]) {
            el("h1") { t.adminLogTitle }
            el("p") { t.adminLogIntro }
            Layout.tableRegion(label: t.log) {
                el("table", .cls("table table-stack")) {
                    el("thead") {
                        el("tr") {
                            for h in [t.time, t.who, t.what, t.details] { el("th", .attr("scope", "col")) { h } }
                        }
                    }
                    el("tbody") {
                        for e in entries {
                            el("tr") {
                                el("td", .attr("data-label", t.time), .cls("nowrap")) {
                                    NorwegianCalendar().norwegianDateTime(e.at)
                                }
                                el("td", .attr("data-label", t.who)) { e.actor }
                                el("td", .attr("data-label", t.what)) { e.action }
                                el("td", .attr("data-label", t.details)) { e.detail }
                            }
                        }
                    }
                }
            }
        }
    }
}
