import Foundation
import RadhusCore

extension Automation {
    static func view(_ m: Model, ctx: PageContext) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.automationHeading]) {
            if m.saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.changeSaved } } }
            el("h1") { t.automationIn(m.kommune) }
            el("p") { t.automationIntro }
            for row in m.rows {
                el("form", .attr("method", "post"), .attr("action", SiteURL.automation().path), .cls("card")) {
                    Layout.csrfField(ctx.csrf)
                    void("input", .type("hidden"), .name("tjeneste"), .value(row.service.id))
                    el("fieldset", .id("f-modus-\(row.service.id)")) {
                        el("legend", .cls("label")) { row.service.title[t.lang] }
                        el("div", .cls("radios")) {
                            for mode in AutomationMode.allCases {
                                el("div", .cls("radio")) {
                                    void(
                                        "input", .type("radio"), .name("modus"), .value(mode.rawValue),
                                        .id("f-modus-\(row.service.id)-\(mode.rawValue)"),
                                        .flag("checked", row.mode == mode))
                                    el("label", .for("f-modus-\(row.service.id)-\(mode.rawValue)")) {
                                        t.automationModeChoice(mode)
                                    }
                                }
                            }
                        }
                    }
                    el("p", .cls("muted")) {
                        t.evaluatedAndAutomated(row.evaluations, row.automated) + " "
                        if row.compared > 0 {
                            t.shadowAgreement(
                                row.agreed, row.compared,
                                Int((Double(row.agreed) / Double(row.compared) * 100).rounded()))
                        } else {
                            t.noShadowComparisons
                        }
                    }
                    el("button", .type("submit"), .cls("button button-secondary")) {
                        t.saveFor(row.service.title[t.lang].lowercasedFirst)
                    }
                }
            }
        }
    }
}
