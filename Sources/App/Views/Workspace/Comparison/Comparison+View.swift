import Foundation
import RadhusCore

extension Comparison {
    static func view(_ m: Model, today: Int, ctx: PageContext) -> Page {
        let t = ctx.t
        let period = m.period
        func days(_ seconds: Int?) -> String { Format.days(seconds, t: t) }
        func percent(_ v: Double?) -> String { Format.percent(v) }
        let rows: [(String, (KPIs) -> String)] = [
            (t.applications, { String($0.received) }), (t.sentDigitally, { percent($0.digitalShare) }),
            (t.decidedAutomaticallyLabel, { percent($0.automationRate) }),
            (t.processingMedianShort, { days($0.processingMedian) }),
            (t.processingP90Short, { days($0.processingP90) }), (t.decidedLate, { String($0.decidedLate) }),
            (t.lettersPrinted, { t.of($0.printed, $0.letters) }), (t.readDigitally, { percent($0.readRate) }),
        ]
        return Layout.page(ctx, title: [t.comparison]) {
            el("h1") { t.comparisonHeading }
            el("p") { t.comparisonIntro(period.label(t.lang)) }
            el("form", .attr("method", "get"), .attr("action", SiteURL.comparison(period: nil).path), .cls("filters")) {
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("tjeneste")) { t.service }
                    el("select", .id("tjeneste"), .name("tjeneste"), .cls("input")) {
                        for s in m.offered {
                            el("option", .value(s.id), .flag("selected", s.id == m.serviceID)) { s.title[t.lang] }
                        }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("periode")) { t.period }
                    el("select", .id("periode"), .name("periode"), .cls("input")) {
                        for (key, label) in Report.choices(today: today, t: t) {
                            el("option", .value(key), .flag("selected", key == period.key)) { label }
                        }
                    }
                }
                el("button", .type("submit"), .cls("button button-secondary")) { t.show }
            }
            if m.columns.isEmpty {
                el("p") { t.noServicesYet }
            } else {
                Layout.tableRegion(label: t.comparison) {
                    el("table") {
                        el("thead") {
                            el("tr") {
                                el("th", .attr("scope", "col")) { t.keyFigure }
                                for (column, _) in m.columns {
                                    el("th", .attr("scope", "col")) { t.comparisonColumn(column) }
                                }
                            }
                        }
                        el("tbody") {
                            for (label, f) in rows {
                                el("tr") {
                                    el("th", .attr("scope", "row")) { label }
                                    for (_, k) in m.columns { el("td", .cls("num")) { f(k) } }
                                }
                            }
                            // A service with a statutory deadline (issue 24): within it, the fees
                            // taken off, the neighbours' objections.
                            if !m.statutory.isEmpty {
                                let extra: [(String, (Report.StatutoryFigures?) -> String)] = [
                                    (BuildingTexts.inTimeColumn[t.lang], { percent($0?.inTimeShare) }),
                                    (
                                        BuildingTexts.reductionsColumn[t.lang],
                                        { FieldDefinition.kroner(Decimal($0?.reductions ?? 0), language: t.lang) }
                                    ),
                                    (BuildingTexts.objectionsColumn[t.lang], { String($0?.objections ?? 0) }),
                                ]
                                for (label, f) in extra {
                                    el("tr") {
                                        el("th", .attr("scope", "row")) { label }
                                        for s in m.statutory { el("td", .cls("num")) { f(s) } }
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
