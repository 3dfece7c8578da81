import Foundation
import RadhusCore

extension MaturityMap {
    static func view(
        _ m: Model, form: MeasureValues = MeasureValues(), process: [String: String] = [:],
        problems: [String: String] = [:], ctx: PageContext
    ) -> Page {
        let t = ctx.t
        return Layout.page(ctx, title: [t.digitalMaturity], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            el("h1") { t.digitalMaturityIn(m.kommune) }
            el("h2") { t.competence + " " + m.round }
            el("p") {
                t.competenceIntroBefore
                el("a", .href(SiteURL.survey.path)) { t.answerHere }
                t.competenceIntroAfter(Maturity.minimumGroup)
            }
            Layout.tableRegion(label: t.competencePerUnit) {
                el("table") {
                    el("thead") {
                        el("tr") {
                            for h in [t.unit, t.answers, t.notMatureYet] { el("th", .attr("scope", "col")) { h } }
                        }
                    }
                    el("tbody") {
                        for u in m.units {
                            let r = Maturity.result(m.answers.filter { $0.unitID == u.id }.map(\.scores))
                            el("tr") {
                                el("th", .attr("scope", "row")) { u.name }
                                el("td", .cls("num")) { String(r.respondents) }
                                el("td") {
                                    r.notMatureShare.map { Format.percent($0) }
                                        ?? t.tooFewAnswers(Maturity.minimumGroup)
                                }
                            }
                        }
                    }
                }
            }
            el("h2") { t.processMap }
            Layout.tableRegion(label: t.processMap) {
                el("table") {
                    el("thead") {
                        el("tr") {
                            for h in [
                                t.process, t.digital, t.ruleGoverned, t.volumePerYear, t.automationCandidate, t.note,
                            ] { el("th", .attr("scope", "col")) { h } }
                        }
                    }
                    el("tbody") {
                        for p in m.items {
                            el("tr") {
                                el("th", .attr("scope", "row")) { p.name }
                                el("td") { p.digital ? t.yes : t.no }
                                el("td") { p.ruleGoverned ? t.yes : t.no }
                                el("td", .cls("num")) { String(p.yearlyVolume) }
                                el("td") { p.automationCandidate ? t.yes : t.no }
                                el("td") { p.note }
                            }
                        }
                    }
                }
            }
            if m.mayEdit {
                el("h3") { t.addProcessHeading }
                el(
                    "form", .attr("method", "post"), .attr("action", SiteURL.maturityProcess.path),
                    .attr("novalidate", ""), .cls("card")
                ) {
                    Layout.csrfField(ctx.csrf)
                    FormView.textInput(
                        t: t, id: "prosess", label: t.process, hint: t.processHint, value: process["prosess"] ?? "",
                        error: problems["prosess"],
                        type: "text")
                    for (id, label) in [
                        ("digital", t.isItDigital), ("regelstyrt", t.isItRuleGoverned), ("kandidat", t.isItCandidate),
                    ] {
                        select(
                            id: id, label: label, options: [("nei", t.no), ("ja", t.yes)], selected: process[id],
                            error: nil,
                            t: t)
                    }
                    FormView.textInput(
                        t: t, id: "volum", label: t.casesPerYear, hint: nil, value: process["volum"] ?? "",
                        error: problems["volum"],
                        type: "text",
                        extra: [.attr("inputmode", "numeric"), .cls("input w-5")])
                    FormView.textInput(
                        t: t, id: "merknad", label: t.noteOptional, hint: nil, value: process["merknad"] ?? "",
                        error: problems["merknad"], type: "text")
                    el("button", .type("submit"), .cls("button button-secondary")) { t.addProcess }
                }
            }
            el("h2") { t.actionPlan }
            for area in Maturity.focusAreas {
                let inArea = m.measures.filter { $0.focusArea == area.id }
                el("h3") { area.label[t.lang] }
                if inArea.isEmpty {
                    el("p", .cls("muted")) { t.noMeasuresYet }
                } else {
                    el("ul", .cls("card-list")) {
                        for measure in inArea {
                            let kpi = Maturity.TargetKPI(rawValue: measure.kpi)
                            let p = m.progress[measure.id!]!
                            el("li", .cls("card")) {
                                el("h4", .cls("card-title")) { measure.title }
                                el("p") {
                                    t.ownerAndDeadline(measure.owner, Format.norwegianDate(iso: measure.deadline))
                                }
                                el("p") {
                                    t.measureTarget(
                                        kpi?.label[t.lang] ?? measure.kpi,
                                        service: measure.serviceID.map {
                                            m.serviceTitles[$0]?[t.lang].lowercasedFirst ?? $0
                                        },
                                        atMost: kpi?.higherIsBetter == false, target: Gains.number(measure.target))
                                        + " "
                                    t.measureNow(p.value.map { Gains.number($0) }) + " "
                                    el("strong", .cls("tag")) { p.reached ? t.reached : t.notReachedYet }
                                }
                            }
                        }
                    }
                }
            }
            if m.mayEdit {
                el("h3") { t.newMeasure }
                el(
                    "form", .attr("method", "post"), .attr("action", SiteURL.maturityMeasure.path),
                    .attr("novalidate", ""), .cls("card")
                ) {
                    Layout.csrfField(ctx.csrf)
                    select(
                        id: "fokus", label: t.focusArea, options: Maturity.focusAreas.map { ($0.id, $0.label[t.lang]) },
                        selected: form.focus, error: problems["fokus"], t: t)
                    FormView.textInput(
                        t: t, id: "tittel", label: t.measure, hint: t.measureHint, value: form.title,
                        error: problems["tittel"], type: "text")
                    FormView.textInput(
                        t: t, id: "ansvarlig", label: t.owner, hint: nil, value: form.owner,
                        error: problems["ansvarlig"],
                        type: "text")
                    FormView.textInput(
                        t: t, id: "frist", label: t.deadline, hint: t.dateFormatShort, value: form.deadline,
                        error: problems["frist"], type: "text", extra: [.cls("input w-10")])
                    select(
                        id: "nokkeltall", label: t.measuredBy,
                        options: Maturity.TargetKPI.allCases.map { ($0.rawValue, $0.label[t.lang]) },
                        selected: form.kpi,
                        error: problems["nokkeltall"], t: t)
                    select(
                        id: "tjeneste", label: t.forService,
                        options: [("", t.allServices)] + m.offered.map { ($0.id, $0.title[t.lang]) },
                        selected: form.service,
                        error: nil, t: t)
                    FormView.textInput(
                        t: t, id: "mal", label: t.targetValue, hint: t.targetValueHint, value: form.target,
                        error: problems["mal"], type: "text",
                        extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                    el("button", .type("submit"), .cls("button")) { t.addMeasure }
                }
            }
        }
    }

    static func select(
        id: String, label: String, options: [(String, String)], selected: String?, error: String?, t: Strings
    ) -> Node {
        el("div", .cls("form-group" + (error == nil ? "" : " form-group-error"))) {
            el("label", .cls("label"), .for(id)) { label }
            if let error {
                el("p", .cls("field-error"), .id("\(id)-error")) {
                    el("span", .cls("visually-hidden")) { t.errorPrefix + ": " }
                    error
                }
            }
            el(
                "select", .id(id), .name(id), .cls("input"),
                .attr("aria-describedby", error == nil ? nil : "\(id)-error")
            ) {
                for (value, text) in options {
                    el("option", .value(value), .flag("selected", value == selected)) { text }
                }
            }
        }
    }
}
