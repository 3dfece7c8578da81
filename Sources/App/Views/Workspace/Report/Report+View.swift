import Foundation
import RadhusCore

extension Report {
    static func view(_ r: Model, today: Int, ctx: PageContext) -> Page {
        let t = ctx.t
        let period = r.period
        let k = r.total
        let months = r.trend.map { String($0.period.label(t.lang).prefix(3)) }
        func days(_ seconds: Int?) -> String { Format.days(seconds, t: t) }
        func percent(_ v: Double?) -> String { Format.percent(v) }
        return Layout.page(ctx, title: [t.gainsReport(period.label(t.lang))]) {
            el("h1") { t.digitalisationIn(r.kommune, period.label(t.lang)) }
            el("p", .cls("lead")) { t.reportIntro }
            el("form", .attr("method", "get"), .attr("action", SiteURL.report().path), .cls("filters no-print")) {
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("periode")) { t.period }
                    el("select", .id("periode"), .name("periode"), .cls("input")) {
                        for (key, label) in choices(today: today, t: t) {
                            el("option", .value(key), .flag("selected", key == period.key)) { label }
                        }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("fra")) { t.orFrom }
                    void(
                        "input", .type("text"), .id("fra"), .name("fra"),
                        .value(period.kind == .custom ? iso(period.from) : ""), .cls("input w-10"),
                        .attr("placeholder", t.dateFormatShort))
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("til")) { t.to }
                    void(
                        "input", .type("text"), .id("til"), .name("til"),
                        .value(period.kind == .custom ? iso(period.to) : ""), .cls("input w-10"),
                        .attr("placeholder", t.dateFormatShort))
                }
                el("button", .type("submit"), .cls("button button-secondary")) { t.show }
                el(
                    "a",
                    .href(
                        SiteURL.reportCSV(
                            query: [("periode", period.kind == .custom ? "" : period.key)]
                                + (period.kind == .custom ? [("fra", iso(period.from)), ("til", iso(period.to))] : [])
                        ).path)
                ) { t.downloadCSV }
            }
            el("h2") { t.keyFigures }
            el("ul", .cls("figures")) {
                figure(t.applicationsReceived, String(k.received), t.casesSentInPeriod)
                figure(t.sentDigitally, percent(k.digitalShare), t.digitalOf(k.receivedDigitally, k.received))
                figure(t.decidedAutomaticallyLabel, percent(k.automationRate), t.automatedOf(k.automated, k.decided))
                figure(t.processingMedianLabel, days(k.processingMedian), t.processingExplained(days(k.processingP90)))
                figure(t.decidedLate, String(k.decidedLate), t.openOverdueAtEnd(k.openOverdue))
                figure(
                    t.lettersDeliveredDigitally, t.of(k.lettersDigital, k.letters),
                    t.printedAndRead(k.printed, percent(k.readRate)))
            }
            el("h2") { t.gains }
            if let g = r.gains {
                el("ul", .cls("figures")) {
                    gain(
                        t.workingTimeSaved, t.hours(Gains.number(g.hoursSaved)),
                        t.fteOf(Gains.number(g.fte, decimals: 2), Gains.number(r.hoursPerFTE)),
                        g.hoursExplained[t.lang], t: t)
                    gain(
                        t.costsAvoided, Gains.number(g.kronerAvoided, decimals: 0) + " kr", t.postagePrintingHandling,
                        g.kronerExplained[t.lang], t: t)
                    gain(
                        t.shorterWaiting, t.days(Gains.number(g.waitingDaysSaved)), t.againstBefore,
                        g.waitingExplained[t.lang],
                        t: t)
                }
            } else {
                el("p") {
                    t.noBaselinesYet + " "
                    el("a", .href(SiteURL.baselines().path)) { t.registerBaselines }
                    " " + t.registerBaselinesAfter
                }
            }
            meetings(r.meetings, t: t)
            if !r.admission.isEmpty { admission(r.admission, t: t) }
            if !r.statutory.isEmpty { statutory(r.statutory, t: t) }
            el("h2") { t.last12Months }
            el("div", .cls("chart-pair")) {
                Chart.bars(
                    id: "soknader", title: t.applicationsPerMonthChart, categories: months,
                    series: [
                        .init(label: t.digitallyLabel, values: r.trend.map { Double($0.digital) }, cssClass: "bar-1"),
                        .init(
                            label: t.paperLabel, values: r.trend.map { Double($0.received - $0.digital) },
                            cssClass: "bar-2"),
                    ])
                trendTable(
                    t.applicationsPerMonth, [t.month, t.digitallyLabel, t.paperLabel],
                    r.trend.map { [$0.period.label(t.lang), String($0.digital), String($0.received - $0.digital)] })
            }
            el("div", .cls("chart-pair")) {
                Chart.bars(
                    id: "vedtak", title: t.decisionsPerMonthChart, categories: months,
                    series: [
                        .init(label: t.automatically, values: r.trend.map { Double($0.automated) }, cssClass: "bar-1"),
                        .init(
                            label: t.manually, values: r.trend.map { Double($0.decided - $0.automated) },
                            cssClass: "bar-2"),
                    ])
                trendTable(
                    t.decisionsPerMonth, [t.month, t.automatically, t.manually, t.automationRate],
                    r.trend.map {
                        [
                            $0.period.label(t.lang), String($0.automated), String($0.decided - $0.automated),
                            percent($0.decided == 0 ? nil : Double($0.automated) / Double($0.decided)),
                        ]
                    })
            }
            el("div", .cls("chart-pair")) {
                Chart.bars(
                    id: "brev", title: t.lettersPerMonthChart, categories: months,
                    series: [
                        .init(
                            label: t.digitallyLabel, values: r.trend.map { Double($0.letters - $0.printed) },
                            cssClass: "bar-1"),
                        .init(label: t.printedLabel, values: r.trend.map { Double($0.printed) }, cssClass: "bar-2"),
                    ])
                trendTable(
                    t.lettersPerMonth, [t.month, t.digitallyLabel, t.printedLabel],
                    r.trend.map { [$0.period.label(t.lang), String($0.letters - $0.printed), String($0.printed)] })
            }
            el("h2") { t.perService }
            for s in r.services {
                el("section", .cls("card"), .attr("aria-labelledby", "tj-\(s.id)")) {
                    el("h3", .id("tj-\(s.id)")) { s.title[t.lang] }
                    el("dl", .cls("summary-list")) {
                        Layout.summaryRow {
                            el("dt") { t.applications }
                            el("dd") { t.receivedDigitalShare(s.kpis.received, percent(s.kpis.digitalShare)) }
                        }
                        Layout.summaryRow {
                            el("dt") { t.decision }
                            el("dd") { t.decidedAutomaticShare(s.kpis.decided, percent(s.kpis.automationRate)) }
                        }
                        Layout.summaryRow {
                            el("dt") { t.processingTime }
                            el("dd") { t.medianAndP90(days(s.kpis.processingMedian), days(s.kpis.processingP90)) }
                        }
                        Layout.summaryRow {
                            el("dt") { t.deadlineBreaches }
                            el("dd") { t.lateAndOpenOverdue(s.kpis.decidedLate, s.kpis.openOverdue) }
                        }
                        Layout.summaryRow {
                            el("dt") { t.letters }
                            el("dd") {
                                t.lettersSummary(s.kpis.lettersDigital, s.kpis.printed, percent(s.kpis.readRate))
                            }
                        }
                        if !s.decisions.outcomes.isEmpty {
                            Layout.summaryRow {
                                el("dt") { t.outcomesLabel }
                                el("dd") { outcomes(s, t: t) }
                            }
                        }
                        for (id, amount) in s.decisions.amounts.sorted(by: { $0.key < $1.key }) {
                            Layout.summaryRow {
                                el("dt") { s.definition?.decisionValues?.first { $0.id == id }?.label[t.lang] ?? id }
                                el("dd") {
                                    t.amountSummary(
                                        FieldDefinition.kroner(amount.total, language: t.lang),
                                        FieldDefinition.kroner(amount.total / Decimal(amount.count), language: t.lang),
                                        amount.count)
                                }
                            }
                        }
                        if let g = s.gains {
                            Layout.summaryRow {
                                el("dt") { t.gain }
                                el("dd") {
                                    t.gainSummary(
                                        Gains.number(g.hoursSaved), Gains.number(g.kronerAvoided, decimals: 0),
                                        Gains.number(g.waitingDaysSaved))
                                }
                            }
                        }
                        if let b = s.baseline {
                            Layout.summaryRow {
                                el("dt") { t.baseline }
                                el("dd") { t.sourceMeasured(b.source, b.measuredOn) }
                            }
                        }
                    }
                    if let note = s.note {
                        el("p", .cls("note")) {
                            el("strong") { t.comment + ": " }
                            note
                        }
                    }
                    el("form", .attr("method", "post"), .attr("action", SiteURL.reportNote.path), .cls("no-print")) {
                        Layout.csrfField(ctx.csrf)
                        void("input", .type("hidden"), .name("tjeneste"), .value(s.id))
                        void("input", .type("hidden"), .name("periode"), .value(period.key))
                        FormView.textArea(
                            t: t, id: "kommentar-\(s.id)", name: "tekst",
                            label: t.commentOn(s.title[t.lang].lowercasedFirst, period.label(t.lang)),
                            hint: nil, value: s.note ?? "", error: nil, rows: 2)
                        el("button", .type("submit"), .cls("button button-secondary")) { t.saveComment }
                    }
                }
            }
            el("p", .cls("no-print")) {
                el("a", .href(SiteURL.comparison(period: period.key).path)) { t.compareWithOthers }
            }
        }
    }

    static func choices(today: Int, t: Strings) -> [(String, String)] {
        let y = today / 10_000
        var out: [(String, String)] = ReportPeriod.trailingMonths(endingAt: today, count: 12).reversed()
            .map { ($0.key, $0.label(t.lang).prefix(1).uppercased() + $0.label(t.lang).dropFirst()) }
        for year in [y, y - 1] {
            for q in (1...4).reversed() where ReportPeriod.quarter(year, q).from <= today {
                let p = ReportPeriod.quarter(year, q)
                out.append((p.key, p.label(t.lang)))
            }
        }
        out += [(String(y), t.theYear(y)), (String(y - 1), t.theYear(y - 1))]
        return out
    }

    static func iso(_ day: Int) -> String { String(format: "%04d-%02d-%02d", day / 10_000, day / 100 % 100, day % 100) }

    static func figure(_ label: String, _ value: String, _ detail: String) -> Node {
        el("li", .cls("figure")) {
            el("span", .cls("figure-label")) { label }
            el("span", .cls("figure-value")) { value }
            el("span", .cls("figure-detail")) { detail }
        }
    }

    /// The admission rounds run in the period (issue 23).
    static func admission(_ rounds: [AdmissionFigures], t: Strings) -> Node {
        Node.group([
            el("h2") { t.admissionHeading },
            Layout.tableRegion(label: t.admissionHeading) {
                el("table", .cls("compact")) {
                    el("caption") { t.admissionRounds }
                    el("thead") {
                        el("tr") {
                            for h in [t.admissionRoundColumn, t.childrenColumn, t.firstWishColumn, t.unmetRights] {
                                el("th", .attr("scope", "col")) { h }
                            }
                        }
                    }
                    el("tbody") {
                        for r in rounds {
                            el("tr") {
                                el("th", .attr("scope", "row")) { r.title }
                                el("td", .cls("num")) { String(r.children) }
                                el("td", .cls("num")) {
                                    Format.percent(r.children == 0 ? nil : Double(r.firstWish) / Double(r.children))
                                }
                                el("td", .cls("num")) { String(r.unmetRights) }
                            }
                        }
                    }
                }
            },
        ])
    }

    /// The services with statutory deadlines (issue 24): decided within the deadline by its
    /// weeks, the median days, the fees taken off, the neighbours' objections.
    static func statutory(_ services: [StatutoryFigures], t: Strings) -> Node {
        let lang = t.lang
        return Node.group([
            el("h2") { BuildingTexts.statutoryHeading[lang] },
            Layout.tableRegion(label: BuildingTexts.statutoryHeading[lang]) {
                el("table", .cls("compact")) {
                    el("caption") { BuildingTexts.statutoryCaption[lang] }
                    el("thead") {
                        el("tr") {
                            for h in [
                                t.service, BuildingTexts.deadlineColumn[lang], BuildingTexts.decidedColumn[lang],
                                BuildingTexts.inTimeColumn[lang], BuildingTexts.medianColumn[lang],
                            ] {
                                el("th", .attr("scope", "col")) { h }
                            }
                        }
                    }
                    el("tbody") {
                        for s in services {
                            for w in s.byWeeks {
                                el("tr") {
                                    el("th", .attr("scope", "row")) { s.title[lang] }
                                    el("td", .cls("num")) { BuildingTexts.weeksShort(w.weeks, lang) }
                                    el("td", .cls("num")) { String(w.decided) }
                                    el("td", .cls("num")) {
                                        String(w.inTime) + " ("
                                            + Format.percent(
                                                w.decided == 0 ? nil : Double(w.inTime) / Double(w.decided))
                                            + ")"
                                    }
                                    el("td", .cls("num")) { w.medianDays.map(String.init) ?? "–" }
                                }
                            }
                        }
                    }
                }
            },
            el("ul") {
                for s in services {
                    el("li") {
                        BuildingTexts.reductionsLine(
                            s.title[lang], FieldDefinition.kroner(Decimal(s.reductions), language: lang),
                            s.reducedCases,
                            s.objections, lang)
                    }
                }
            },
        ])
    }

    /// Meetings by kind, and the travel video meetings saved, with the computation (issue 22).
    static func meetings(_ f: MeetingFigures, t: Strings) -> Node {
        let s = f.settings
        let tr = f.travel
        return Node.group([
            el("h2", .id("moter")) { t.meetingsHeading },
            f.total == 0
                ? el("p") { t.noMeetingsInPeriod }
                : Layout.tableRegion(label: t.meetingsHeading) {
                    el("table", .cls("compact")) {
                        el("caption") { t.meetingsByKind }
                        el("thead") {
                            el("tr") {
                                for h in [t.meetingKindColumn, t.meetingsBooked, t.meetingsHeld] {
                                    el("th", .attr("scope", "col")) { h }
                                }
                            }
                        }
                        el("tbody") {
                            for row in f.byKind {
                                el("tr") {
                                    el("th", .attr("scope", "row")) { t.meetingKindLabel(row.kind) }
                                    el("td", .cls("num")) { String(row.booked) }
                                    el("td", .cls("num")) { String(row.held) }
                                }
                            }
                        }
                    }
                },
            el("ul", .cls("figures")) {
                gain(
                    t.travelAvoided, Gains.number(tr.cost, decimals: 0) + " kr",
                    t.travelDetail(
                        tr.meetings, Gains.number(tr.km, decimals: 0), Gains.number(tr.hours),
                        Gains.number(tr.co2Kg)),
                    t.travelExplained(
                        meetings: tr.meetings, byDistance: tr.byDistance, km: Gains.number(s.averageKm),
                        minutes: s.averageMinutes, perKm: Gains.number(s.costPerKm, decimals: 2),
                        perHour: Gains.number(s.costPerHour, decimals: 0),
                        grams: Gains.number(s.co2GramsPerKm, decimals: 0),
                        totalKm: Gains.number(tr.km, decimals: 0), totalHours: Gains.number(tr.hours)),
                    t: t)
            },
        ])
    }

    static func gain(_ label: String, _ value: String, _ detail: String, _ explained: String, t: Strings) -> Node {
        el("li", .cls("figure")) {
            el("span", .cls("figure-label")) { label }
            el("span", .cls("figure-value")) { value }
            el("span", .cls("figure-detail")) { detail }
            el("details") {
                el("summary") { t.howComputed }
                el("p") { explained }
            }
        }
    }

    static func trendTable(_ caption: String, _ headers: [String], _ rows: [[String]]) -> Node {
        Layout.tableRegion(label: caption) {
            el("table", .cls("compact")) {
                el("caption") { caption }
                el("thead") { el("tr") { for h in headers { el("th", .attr("scope", "col")) { h } } } }
                el("tbody") {
                    for row in rows {
                        el("tr") {
                            for (i, c) in row.enumerated() {
                                if i == 0 { el("th", .attr("scope", "row")) { c } } else { el("td", .cls("num")) { c } }
                            }
                        }
                    }
                }
            }
        }
    }

    /// «Innvilget 12 · Avslått 3», in the service's order of outcomes.
    static func outcomes(_ s: ServiceReport, t: Strings) -> String {
        let order = s.definition?.outcomes.map(\.id) ?? []
        return s.decisions.outcomes.sorted {
            (order.firstIndex(of: $0.key) ?? Int.max, $0.key) < (order.firstIndex(of: $1.key) ?? Int.max, $1.key)
        }.map { id, n in "\(s.definition?.outcome(id)?.label[t.lang] ?? id) \(n)" }.joined(separator: " · ")
    }
}
