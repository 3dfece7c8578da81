import Foundation
import RadhusCore

extension Baselines {
    static func view(_ m: Model, form: FormValues?, problems: [String: String], saved: Bool, ctx: PageContext) -> Page {
        let t = ctx.t
        func value(_ field: [String: String]?, _ id: String, _ current: Double?) -> String {
            field?[id] ?? current.map { Gains.number($0, decimals: 2).replacingOccurrences(of: "\u{00A0}", with: "") }
                ?? ""
        }
        return Layout.page(ctx, title: [t.baselinesTitle], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems, t: t) }
            if saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { t.baselinesSaved } } }
            el("h1") { t.baselinesIn(m.kommune) }
            el("p") { t.baselinesIntro }
            el(
                "form", .attr("method", "post"), .attr("action", SiteURL.baselines().path), .attr("novalidate", ""),
                .cls("card")
            ) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(
                    t: t, id: "timer_per_arsverk", label: t.hoursPerFTE, hint: t.hoursPerFTEHint,
                    value: form?.hoursPerFTE
                        ?? Gains.number(m.settings?.hoursPerFTE ?? InsightSettings.defaultHoursPerFTE)
                        .replacingOccurrences(of: "\u{00A0}", with: ""),
                    error: problems["timer_per_arsverk"], type: "text",
                    extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                el("div", .cls("form-group")) {
                    el("div", .cls("checkbox")) {
                        void(
                            "input", .type("checkbox"), .id("vises_med_navn"), .name("vises_med_navn"), .value("ja"),
                            .flag("checked", form.map(\.named) ?? (m.settings?.namedInComparison ?? false)))
                        el("label", .for("vises_med_navn")) { t.showNamed(m.kommune) }
                    }
                }
                for s in m.offered {
                    el("fieldset", .cls("fieldset")) {
                        el("legend", .cls("label")) { s.title[t.lang] }
                        let b = m.existing[s.id]
                        FormView.textInput(
                            t: t, id: "minutter-\(s.id)", name: "minutter[\(s.id)]", label: t.minutesPerCase, hint: nil,
                            value: value(form?.minutes, s.id, b?.minutesPerManualCase),
                            error: problems["minutter-\(s.id)"], type: "text",
                            extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                        FormView.textInput(
                            t: t, id: "dager-\(s.id)", name: "dager[\(s.id)]", label: t.processingDaysBefore, hint: nil,
                            value: value(form?.days, s.id, b?.processingDaysBefore),
                            error: problems["dager-\(s.id)"], type: "text",
                            extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                        FormView.textInput(
                            t: t, id: "kroner_brev-\(s.id)", name: "kroner_brev[\(s.id)]", label: t.kronerPerLetter,
                            hint: nil,
                            value: value(form?.kronerLetter, s.id, b?.kronerPerPrintedLetter),
                            error: problems["kroner_brev-\(s.id)"], type: "text",
                            extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                        FormView.textInput(
                            t: t, id: "kroner_mote-\(s.id)", name: "kroner_mote[\(s.id)]", label: t.kronerPerMeeting,
                            hint: t.kronerPerMeetingHint,
                            value: value(form?.kronerMeeting, s.id, b?.kronerPerMeeting),
                            error: problems["kroner_mote-\(s.id)"], type: "text",
                            extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                        FormView.textInput(
                            t: t, id: "kilde-\(s.id)", name: "kilde[\(s.id)]", label: t.source, hint: t.sourceHint,
                            value: form?.source?[s.id] ?? b?.source ?? "", error: problems["kilde-\(s.id)"],
                            type: "text", extra: [.cls("input w-full")])
                        FormView.textInput(
                            t: t, id: "malt-\(s.id)", name: "malt[\(s.id)]", label: t.measuredOn,
                            hint: t.dateFormatShort,
                            value: form?.measured?[s.id] ?? b?.measuredOn ?? "",
                            error: problems["malt-\(s.id)"], type: "text", extra: [.cls("input w-10")])
                    }
                }
                el("button", .type("submit"), .cls("button")) { t.saveBaselines }
            }
        }
    }
}
