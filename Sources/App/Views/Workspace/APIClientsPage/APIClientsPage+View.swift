import Foundation
import RadhusCore

extension APIClientsPage {
    static func view(
        _ m: Model, form: FormValues = FormValues(), problems: [String: String] = [:], shown: Shown? = nil,
        message: String? = nil, ctx: PageContext
    ) -> Page {
        let t = ctx.t
        let cal = NorwegianCalendar()
        let chosen = form.scopes
        return Layout.page(ctx, title: [t.apiClientsTitle]) {
            if !problems.isEmpty {
                Layout.errorSummary(fieldProblems: problems, t: t)
            }
            switch shown {
            case .client(let created):
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("h2") { t.clientCreated(created.client.name) }
                    el("p") { t.copySecretNow }
                    el("dl", .cls("summary-list")) {
                        Layout.summaryRow {
                            el("dt") { t.clientID }
                            el("dd") { el("code") { created.client.clientID } }
                        }
                        Layout.summaryRow {
                            el("dt") { t.secret }
                            el("dd") { el("code", .id("klienthemmelighet")) { created.secret } }
                        }
                    }
                }
            case .subscription(let url, let secret):
                el("div", .cls("panel-success"), .attr("role", "status")) {
                    el("h2") { t.eventsNowSentTo(url) }
                    el("p") { t.webhookSecretExplanation }
                    el("p") { el("code", .id("webhookhemmelighet")) { secret } }
                }
            case nil:
                if let message {
                    el("div", .cls("panel-success"), .attr("role", "status")) {
                        el("p") { message == "trukket" ? t.clientRevoked : t.subscriptionStopped }
                    }
                }
            }
            el("h1") { t.apiClientsIn(m.kommune) }
            el("p") {
                t.apiClientsIntro(m.kommune) + " "
                el("a", .href(SiteURL.developers.path)) { t.readAPIDocs }
                "."
            }
            if m.clients.isEmpty {
                el("p") { t.noClientsYet }
            } else {
                Layout.tableRegion(label: t.apiClientsTitle) {
                    el("table") {
                        el("thead") {
                            el("tr") {
                                for h in [t.name, t.clientID, t.scopes, t.created, t.status, ""] {
                                    el("th", .attr("scope", "col")) { h }
                                }
                            }
                        }
                        el("tbody") {
                            for c in m.clients {
                                el("tr") {
                                    el("td") { c.name }
                                    el("td") { el("code") { c.clientID } }
                                    el("td") { c.scopes.replacingOccurrences(of: " ", with: ", ") }
                                    el("td") { cal.norwegianDateTime(c.createdAt) }
                                    el("td") { c.revokedAt.map { t.revokedAt(cal.norwegianDateTime($0)) } ?? t.active }
                                    el("td") {
                                        if c.revokedAt == nil {
                                            el(
                                                "form", .attr("method", "post"),
                                                .attr("action", SiteURL.apiClientRevoke(c.id!).path),
                                                .cls("inline-form")
                                            ) {
                                                Layout.csrfField(ctx.csrf)
                                                el("button", .type("submit"), .cls("button button-secondary")) {
                                                    el("span") { t.revoke }
                                                    el("span", .cls("visually-hidden")) { " " + t.theClient(c.name) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            el("h2") { t.newClient }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.apiClients().path), .attr("novalidate", ""),
                .cls("card")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "navn", label: t.systemName, hint: t.systemNameHint,
                    value: form.name, error: problems["navn"], type: "text")
                el("div", .cls("form-group" + (problems["omfang"] == nil ? "" : " form-group-error"))) {
                    el(
                        "fieldset", .id("omfang"),
                        .attr("aria-describedby", problems["omfang"] == nil ? nil : "omfang-error")
                    ) {
                        el("legend", .cls("label")) { t.whatClientMayDo }
                        if let e = problems["omfang"] {
                            el("p", .cls("field-error"), .id("omfang-error")) {
                                el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                                e
                            }
                        }
                        for scope in APIScope.allCases {
                            el("div", .cls("checkbox")) {
                                void(
                                    "input", .type("checkbox"), .id("omfang-\(scope.rawValue)"), .name("omfang[]"),
                                    .value(scope.rawValue),
                                    .flag("checked", chosen.contains(scope.rawValue)))
                                el("label", .for("omfang-\(scope.rawValue)")) {
                                    "\(t.scopeLabel(scope)) (\(scope.rawValue))"
                                }
                            }
                        }
                    }
                }
                el("button", .type("submit"), .cls("button")) { t.createClient }
            }
            el("h2") { t.webhooksHeading }
            el("p") { t.webhooksIntro }
            if !m.hooks.isEmpty {
                Layout.tableRegion(label: t.webhookSubscriptions) {
                    el("table") {
                        el("thead") {
                            el("tr") {
                                for h in [t.address, t.delivered, t.lastError, t.nextAttempt, ""] {
                                    el("th", .attr("scope", "col")) { h }
                                }
                            }
                        }
                        el("tbody") {
                            for h in m.hooks {
                                el("tr") {
                                    el("td") { h.url }
                                    el("td") { h.active ? t.deliveredOf(h.deliveredPosition, m.head) : t.stopped }
                                    el("td") { h.lastError ?? "" }
                                    el("td") {
                                        h.active
                                            ? (h.nextAttemptAt.map { cal.norwegianDateTime($0) } ?? t.immediately) : ""
                                    }
                                    el("td") {
                                        if h.active {
                                            el(
                                                "form", .attr("method", "post"),
                                                .attr("action", SiteURL.webhookStop(h.id!).path), .cls("inline-form")
                                            ) {
                                                Layout.csrfField(ctx.csrf)
                                                el("button", .type("submit"), .cls("button button-secondary")) {
                                                    el("span") { t.stop }
                                                    el("span", .cls("visually-hidden")) { " " + t.sendingTo(h.url) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.webhooks.path), .attr("novalidate", ""),
                .cls("card")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "url", label: t.eventsAddressLabel, hint: t.eventsAddressHint,
                    value: form.url, error: problems["url"], type: "url")
                el("button", .type("submit"), .cls("button")) { t.startSending }
            }
        }
    }
}
