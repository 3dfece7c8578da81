import Foundation
import RadhusCore

extension DispatchOverview {
    static func view(
        _ o: Model, kommune: String, form: SettingsForm?, problems: [String: String], message: String?, ctx: PageContext
    ) -> Page {
        let cal = NorwegianCalendar()
        let t = ctx.t
        let days =
            form?.days ?? String(o.settings?.printAfterWorkingDays ?? DispatchSettings.defaultPrintAfterWorkingDays)
        let webhook = form?.webhook ?? o.settings?.webhookURL ?? ""
        return Layout.page(ctx, title: [t.dispatchTitle], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty {
                Layout.errorSummary(fieldProblems: problems, t: t)
            }
            if let m = message.flatMap(t.dispatchMessage) {
                el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { m } }
            }
            el("h1") { t.dispatchIn(kommune) }
            el("p") { t.dispatchIntro }
            el("h2") { t.shipmentsByStatus }
            Layout.tableRegion(label: t.shipmentsByStatus) {
                el("table", .cls("table")) {
                    el("thead") {
                        el("tr") {
                            el("th", .attr("scope", "col")) { t.status }
                            el("th", .attr("scope", "col"), .cls("num")) { t.count }
                        }
                    }
                    el("tbody") {
                        for s in ShipmentStatus.allCases {
                            el("tr") {
                                el("td") { t.shipmentStatus(s) }
                                el("td", .cls("num")) { String(o.counts[s] ?? 0) }
                            }
                        }
                    }
                }
            }
            el("h2") { t.needsFollowUp }
            if o.attention.isEmpty {
                el("p") { t.nothingStuck }
            } else {
                Layout.tableRegion(label: t.shipmentsNeedingFollowUp) {
                    el("table", .cls("table")) {
                        el("thead") {
                            el("tr") {
                                for h in [
                                    t.caseWord, t.channel, t.status, t.attempts, t.lastError, t.nextAttempt, t.action,
                                ] {
                                    el("th", .attr("scope", "col")) { h }
                                }
                            }
                        }
                        el("tbody") {
                            for s in o.attention {
                                let sak = o.saksnummer[s.caseID] ?? "–"
                                el("tr") {
                                    el("td") { sak }
                                    el("td") { t.channelLabel(s.shipmentChannel) }
                                    el("td") { DispatchView.statusTag(s.shipmentStatus, t) }
                                    el("td", .cls("num")) { String(s.attempts) }
                                    el("td") { s.lastError ?? "" }
                                    el("td") { s.nextAttemptAt.map { cal.norwegianDateTime($0) } ?? t.waitingForPerson }
                                    el("td") {
                                        el(
                                            "form", .attr("method", "post"),
                                            .attr(
                                                "action", SiteURL.dispatchAction(shipment: s.id!, action: "retry").path),
                                            .cls("inline-form")
                                        ) {
                                            Layout.csrfField(ctx.csrf)
                                            el("button", .type("submit"), .cls("button button-secondary")) {
                                                el("span") { t.tryAgain }
                                                el("span", .cls("visually-hidden")) { " " + t.forCase(sak) }
                                            }
                                        }
                                        if s.shipmentStatus.canBeStopped {
                                            el(
                                                "form", .attr("method", "post"),
                                                .attr(
                                                    "action",
                                                    SiteURL.dispatchAction(shipment: s.id!, action: "stop").path),
                                                .cls("inline-form")
                                            ) {
                                                Layout.csrfField(ctx.csrf)
                                                el("button", .type("submit"), .cls("button button-secondary")) {
                                                    el("span") { t.stop }
                                                    el("span", .cls("visually-hidden")) { " " + t.shipmentInCase(sak) }
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
            el("h2") { t.settings }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.dispatchSettings.path),
                .attr("novalidate", ""), .cls("card")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "dager", label: t.printAfterDaysLabel, hint: t.printAfterDaysHint,
                    value: days, error: problems["dager"], type: "text",
                    extra: [.attr("inputmode", "numeric"), .cls("input w-5")])
                FormView.textInput(
                    t: t, id: "webhook", label: t.webhookLabel,
                    hint: t.webhookHint,
                    value: webhook, error: problems["webhook"], type: "url", extra: [.cls("input w-full")])
                FormView.textInput(
                    t: t, id: "hemmelighet", label: t.secretLabel,
                    hint: o.settings?.webhookSecret?.isEmpty == false ? t.secretIsSet : t.secretMinimum,
                    value: "", error: problems["hemmelighet"], type: "password",
                    extra: [.cls("input w-full"), .attr("autocomplete", "new-password")])
                el("h3") { t.appealBodiesHeading }
                el("p", .cls("hint")) { t.appealBodiesHint }
                FormView.textInput(
                    t: t, id: "statsforvalteren", label: t.statsforvalterenAddress, hint: nil,
                    value: form?.statsforvalteren ?? o.settings?.statsforvalterenEmail ?? "",
                    error: problems["statsforvalteren"], type: "email",
                    extra: [.cls("input w-full")])
                FormView.textInput(
                    t: t, id: "klagenemnd", label: t.klagenemndAddress, hint: nil,
                    value: form?.klagenemnd ?? o.settings?.klagenemndEmail ?? "",
                    error: problems["klagenemnd"], type: "email",
                    extra: [.cls("input w-full")])
                el("button", .type("submit"), .cls("button")) { t.saveSettings }
            }
        }
    }
}
