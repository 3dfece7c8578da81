import Fluent
import Foundation
import RadhusCore
import Vapor

/// The report for politicians (`/ansatt/rapport`), its CSV, the baselines (`/ansatt/rapport/grunnlag`)
/// and the comparison across kommuner (`/ansatt/sammenligning`). Every figure is computed from
/// the case facts; every gain can be unfolded to show its sum.
enum ReportController {
    static func requireReader(_ req: Request) throws -> StaffContext {
        try req.requireStaff(\.mayReadInsights, otherwise: "Bare leder eller administrator ser rapportene.")
    }

    // MARK: Period

    /// `periode=2026-03` (month), `2026-Q2` (quarter), `2026` (year), or `fra=2026-03-01&til=2026-03-15`.
    static func period(_ req: Request) throws -> ReportPeriod {
        let cal = NorwegianCalendar()
        if let from = req.query[String.self, at: "fra"], let to = req.query[String.self, at: "til"], !from.isEmpty || !to.isEmpty {
            guard let f = cal.parseDate(from), let t = cal.parseDate(to) else {
                throw RadhusError.badRequest("Skriv datoene som åååå-mm-dd, for eksempel 2026-03-01.")
            }
            let (a, b) = (ReportPeriod.day(f, calendar: cal), ReportPeriod.day(t, calendar: cal))
            guard a <= b else { throw RadhusError.badRequest("Fra-datoen må være før til-datoen.") }
            guard t.timeIntervalSince(f) <= 5 * 366 * 86_400 else { throw RadhusError.badRequest("En periode kan være høyst fem år.") }
            return ReportPeriod(kind: .custom, from: a, to: b)
        }
        let today = ReportPeriod.day(req.application.clock.now(), calendar: cal)
        guard let raw = req.query[String.self, at: "periode"], !raw.isEmpty else {
            return .month(today / 10_000, today / 100 % 100)
        }
        let parts = raw.split(separator: "-").map(String.init)
        if parts.count == 1, let y = Int(parts[0]), (2000...2100).contains(y) { return .year(y) }
        if parts.count == 2, let y = Int(parts[0]), (2000...2100).contains(y) {
            if parts[1].hasPrefix("Q"), let q = Int(parts[1].dropFirst()), (1...4).contains(q) { return .quarter(y, q) }
            if let m = Int(parts[1]), (1...12).contains(m) { return .month(y, m) }
        }
        throw RadhusError.badRequest("Ukjent periode «\(raw.prefix(20))». Velg en måned, et kvartal eller et år.")
    }

    static func choices(today: Int) -> [(String, String)] {
        let y = today / 10_000
        var out: [(String, String)] = ReportPeriod.trailingMonths(endingAt: today, count: 12).reversed()
            .map { ($0.key, $0.label.prefix(1).uppercased() + $0.label.dropFirst()) }
        for year in [y, y - 1] {
            for q in (1...4).reversed() where ReportPeriod.quarter(year, q).from <= today {
                let p = ReportPeriod.quarter(year, q)
                out.append((p.key, p.label))
            }
        }
        out += [(String(y), "Året \(y)"), (String(y - 1), "Året \(y - 1)")]
        return out
    }

    // MARK: Figures

    static func percent(_ v: Double?) -> String { v.map { Gains.number($0 * 100) + " %" } ?? "–" }
    static func days(_ seconds: Int?) -> String {
        guard let s = seconds else { return "–" }
        if s < 86_400 { return s < 3600 ? "under 1 time" : Gains.number(Double(s) / 3600) + " timer" }
        return Gains.number(Double(s) / 86_400) + " dager"
    }

    struct ServiceReport {
        var id: String
        var title: String
        var kpis: KPIs
        var baseline: Baseline?
        var gains: Gains?
        var note: String?
    }

    struct Report {
        var period: ReportPeriod
        var total: KPIs
        var services: [ServiceReport]
        var hoursPerFTE: Double
        var gains: Gains?
        var trend: [InsightsService.MonthRow]
    }

    static func report(_ req: Request, staff: StaffContext, period: ReportPeriod, withTrend: Bool = true) async throws -> Report {
        let insights = InsightsService(db: req.db, writer: req.writer)
        let kpis = try await insights.kpis(municipalityID: staff.municipality.id, period: period)
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let baselines = Dictionary(try await staff.scope.query(BenefitBaseline.self, on: req.db).all().map { ($0.serviceID, $0.baseline) },
                                   uniquingKeysWith: { a, _ in a })
        let notes = Dictionary(try await staff.scope.query(ReportNote.self, on: req.db).filter(\.$periodKey == period.key).all()
            .map { ($0.serviceID, $0.text) }, uniquingKeysWith: { a, _ in a })
        let hours = try await staff.scope.query(InsightSettings.self, on: req.db).first()?.hoursPerFTE ?? InsightSettings.defaultHoursPerFTE
        var ids = offered.map(\.id)
        for id in kpis.keys.compactMap({ $0 }) where !ids.contains(id) { ids.append(id) }
        let services = ids.map { id in
            let k = kpis[id] ?? KPIs()
            return ServiceReport(id: id, title: req.services.title(of: id)?.nb ?? id, kpis: k, baseline: baselines[id],
                                 gains: baselines[id].map { Gains.compute(k, baseline: $0, hoursPerFTE: hours) }, note: notes[id])
        }
        let withGains = services.compactMap(\.gains)
        let total: Gains? = withGains.isEmpty ? nil : Gains(
            hoursSaved: withGains.map(\.hoursSaved).reduce(0, +), fte: withGains.map(\.fte).reduce(0, +),
            kronerAvoided: withGains.map(\.kronerAvoided).reduce(0, +), waitingDaysSaved: withGains.map(\.waitingDaysSaved).reduce(0, +),
            hoursExplained: explain(services, \.hoursExplained), kronerExplained: explain(services, \.kronerExplained),
            waitingExplained: explain(services, \.waitingExplained))
        let trend = withTrend ? try await insights.trend(municipalityID: staff.municipality.id, months: ReportPeriod.trailingMonths(endingAt: period.to)) : []
        return Report(period: period, total: kpis[nil] ?? KPIs(), services: services, hoursPerFTE: hours, gains: total, trend: trend)
    }

    /// The sum over the services with a baseline, each with its own computation.
    static func explain(_ services: [ServiceReport], _ part: KeyPath<Gains, String>) -> String {
        services.compactMap { s in s.gains.map { "\(s.title): \($0[keyPath: part])." } }.joined(separator: " ")
            + (services.filter { $0.gains != nil }.count > 1 ? " Summen av disse." : "")
    }

    // MARK: Page

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireReader(req)
        let period = try period(req)
        let r = try await report(req, staff: staff, period: period)
        let ctx = req.pageContext(area: .staff)
        let today = ReportPeriod.day(req.application.clock.now())
        let k = r.total
        let months = r.trend.map { String($0.period.label.prefix(3)) }
        return Layout.page(ctx, title: ["Gevinstrapport \(period.label)"]) {
            el("h1") { "Digitalisering i \(staff.municipality.name): \(period.label)" }
            el("p", .cls("lead")) { "Tallene er regnet ut fra sakenes hendelser i Radhus, ikke tastet inn. Gevinstene måles mot grunnlaget kommunen har registrert." }
            el("form", .attr("method", "get"), .attr("action", SiteURL.report().path), .cls("filters no-print")) {
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("periode")) { "Periode" }
                    el("select", .id("periode"), .name("periode"), .cls("input")) {
                        for (key, label) in choices(today: today) { el("option", .value(key), .flag("selected", key == period.key)) { label } }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("fra")) { "eller fra" }
                    void("input", .type("text"), .id("fra"), .name("fra"), .value(period.kind == .custom ? iso(period.from) : ""), .cls("input w-10"),
                         .attr("placeholder", "åååå-mm-dd"))
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("til")) { "til" }
                    void("input", .type("text"), .id("til"), .name("til"), .value(period.kind == .custom ? iso(period.to) : ""), .cls("input w-10"),
                         .attr("placeholder", "åååå-mm-dd"))
                }
                el("button", .type("submit"), .cls("button button-secondary")) { "Vis" }
                el("a", .href(SiteURL.reportCSV(query: [("periode", period.kind == .custom ? "" : period.key)] + (period.kind == .custom ? [("fra", iso(period.from)), ("til", iso(period.to))] : [])).path)) { "Last ned som CSV (Excel)" }
            }
            el("h2") { "Hovedtall" }
            el("ul", .cls("figures")) {
                figure("Søknader mottatt", String(k.received), "Saker sendt inn i perioden.")
                figure("Sendt digitalt", percent(k.digitalShare), "\(k.receivedDigitally) av \(k.received) søknader kom digitalt; resten er registrert fra papir.")
                figure("Avgjort automatisk", percent(k.automationRate), "\(k.automated) av \(k.decided) vedtak i perioden ble fattet av regler.")
                figure("Behandlingstid (median)", days(k.processingMedian), "Fra innsendt til vedtak, for sakene avgjort i perioden. 90 % var avgjort innen \(days(k.processingP90)).")
                figure("Avgjort etter fristen", String(k.decidedLate), "\(k.openOverdue) saker var fortsatt åpne etter fristen da perioden sluttet.")
                figure("Brev levert digitalt", "\(k.lettersDigital) av \(k.letters)", "\(k.printed) ble skrevet ut og sendt i posten. Lest digitalt: \(percent(k.readRate)).")
            }
            el("h2") { "Gevinster" }
            if let g = r.gains {
                el("ul", .cls("figures")) {
                    gain("Spart arbeidstid", Gains.number(g.hoursSaved) + " timer", "\(Gains.number(g.fte, decimals: 2)) årsverk à \(Gains.number(r.hoursPerFTE)) timer", g.hoursExplained)
                    gain("Unngåtte kostnader", Gains.number(g.kronerAvoided, decimals: 0) + " kr", "porto, utskrift og håndtering", g.kronerExplained)
                    gain("Kortere ventetid for innbyggerne", Gains.number(g.waitingDaysSaved) + " dager", "til sammen, mot behandlingstiden før", g.waitingExplained)
                }
            } else {
                el("p") { "Ingen tjeneste har grunnlag ennå. "; el("a", .href(SiteURL.baselines().path)) { "Registrer grunnlaget" }; " (tid per sak og behandlingstid før, kostnad per brev) for å se gevinstene." }
            }
            el("h2") { "Utvikling siste 12 måneder" }
            el("div", .cls("chart-pair")) {
                Chart.bars(id: "soknader", title: "Søknader per måned, digitalt og på papir", categories: months,
                           series: [.init(label: "Digitalt", values: r.trend.map { Double($0.digital) }, cssClass: "bar-1"),
                                    .init(label: "Papir", values: r.trend.map { Double($0.received - $0.digital) }, cssClass: "bar-2")])
                trendTable("Søknader per måned", ["Måned", "Digitalt", "Papir"], r.trend.map { [$0.period.label, String($0.digital), String($0.received - $0.digital)] })
            }
            el("div", .cls("chart-pair")) {
                Chart.bars(id: "vedtak", title: "Vedtak per måned, automatisk og manuelt", categories: months,
                           series: [.init(label: "Automatisk", values: r.trend.map { Double($0.automated) }, cssClass: "bar-1"),
                                    .init(label: "Manuelt", values: r.trend.map { Double($0.decided - $0.automated) }, cssClass: "bar-2")])
                trendTable("Vedtak per måned", ["Måned", "Automatisk", "Manuelt", "Automatiseringsgrad"],
                           r.trend.map { [$0.period.label, String($0.automated), String($0.decided - $0.automated),
                                          percent($0.decided == 0 ? nil : Double($0.automated) / Double($0.decided))] })
            }
            el("div", .cls("chart-pair")) {
                Chart.bars(id: "brev", title: "Brev per måned, digitalt og skrevet ut", categories: months,
                           series: [.init(label: "Digitalt", values: r.trend.map { Double($0.letters - $0.printed) }, cssClass: "bar-1"),
                                    .init(label: "Skrevet ut", values: r.trend.map { Double($0.printed) }, cssClass: "bar-2")])
                trendTable("Brev per måned", ["Måned", "Digitalt", "Skrevet ut"], r.trend.map { [$0.period.label, String($0.letters - $0.printed), String($0.printed)] })
            }
            el("h2") { "Per tjeneste" }
            for s in r.services {
                el("section", .cls("card"), .attr("aria-labelledby", "tj-\(s.id)")) {
                    el("h3", .id("tj-\(s.id)")) { s.title }
                    el("dl", .cls("summary-list")) {
                        Layout.summaryRow { el("dt") { "Søknader" }; el("dd") { "\(s.kpis.received) (digitalt \(percent(s.kpis.digitalShare)))" } }
                        Layout.summaryRow { el("dt") { "Vedtak" }; el("dd") { "\(s.kpis.decided), automatisk \(percent(s.kpis.automationRate))" } }
                        Layout.summaryRow { el("dt") { "Behandlingstid" }; el("dd") { "median \(days(s.kpis.processingMedian)), 90 % innen \(days(s.kpis.processingP90))" } }
                        Layout.summaryRow { el("dt") { "Fristbrudd" }; el("dd") { "\(s.kpis.decidedLate) avgjort etter fristen, \(s.kpis.openOverdue) åpne over fristen" } }
                        Layout.summaryRow { el("dt") { "Brev" }; el("dd") { "\(s.kpis.lettersDigital) digitalt, \(s.kpis.printed) skrevet ut, lest \(percent(s.kpis.readRate))" } }
                        if let g = s.gains {
                            Layout.summaryRow { el("dt") { "Gevinst" }; el("dd") { "\(Gains.number(g.hoursSaved)) timer, \(Gains.number(g.kronerAvoided, decimals: 0)) kr, \(Gains.number(g.waitingDaysSaved)) ventedager" } }
                        }
                        if let b = s.baseline {
                            Layout.summaryRow { el("dt") { "Grunnlag" }; el("dd") { "\(b.source), målt \(b.measuredOn)" } }
                        }
                    }
                    if let note = s.note { el("p", .cls("note")) { el("strong") { "Kommentar: " }; note } }
                    el("form", .attr("method", "post"), .attr("action", SiteURL.reportNote.path), .cls("no-print")) {
                        Layout.csrfField(ctx.csrf)
                        void("input", .type("hidden"), .name("tjeneste"), .value(s.id))
                        void("input", .type("hidden"), .name("periode"), .value(period.key))
                        FormView.textArea(id: "kommentar-\(s.id)", name: "tekst", label: "Kommentar til \(s.title.lowercasedFirst) for \(period.label)",
                                          hint: nil, value: s.note ?? "", error: nil, rows: 2)
                        el("button", .type("submit"), .cls("button button-secondary")) { "Lagre kommentaren" }
                    }
                }
            }
            el("p", .cls("no-print")) { el("a", .href(SiteURL.comparison(period: period.key).path)) { "Sammenlign med andre kommuner" } }
        }
    }

    static func iso(_ day: Int) -> String { String(format: "%04d-%02d-%02d", day / 10_000, day / 100 % 100, day % 100) }

    static func figure(_ label: String, _ value: String, _ detail: String) -> Node {
        el("li", .cls("figure")) { el("span", .cls("figure-label")) { label }; el("span", .cls("figure-value")) { value }; el("span", .cls("figure-detail")) { detail } }
    }

    static func gain(_ label: String, _ value: String, _ detail: String, _ explained: String) -> Node {
        el("li", .cls("figure")) {
            el("span", .cls("figure-label")) { label }
            el("span", .cls("figure-value")) { value }
            el("span", .cls("figure-detail")) { detail }
            el("details") { el("summary") { "Slik er tallet regnet ut" }; el("p") { explained } }
        }
    }

    static func trendTable(_ caption: String, _ headers: [String], _ rows: [[String]]) -> Node {
        el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", caption)) {
            el("table", .cls("compact")) {
                el("caption") { caption }
                el("thead") { el("tr") { for h in headers { el("th", .attr("scope", "col")) { h } } } }
                el("tbody") { for row in rows { el("tr") { for (i, c) in row.enumerated() { if i == 0 { el("th", .attr("scope", "row")) { c } } else { el("td", .cls("num")) { c } } } } } }
            }
        }
    }

    // MARK: CSV

    /// The report as CSV for Norwegian Excel: UTF-8 with BOM, semicolons, decimal comma, CRLF.
    @Sendable static func csv(req: Request) async throws -> Response {
        let staff = try requireReader(req)
        let r = try await report(req, staff: staff, period: try period(req), withTrend: false)
        func dec(_ v: Double?) -> String { v.map { String(format: "%.2f", $0).replacingOccurrences(of: ".", with: ",") } ?? "" }
        func field(_ s: String) -> String { s.contains(";") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        var lines = [["Kommune", "Periode", "Tjeneste", "Søknader", "Digitalt", "Digital andel (%)", "Vedtak", "Automatisk", "Automatiseringsgrad (%)",
                      "Behandlingstid median (dager)", "Behandlingstid p90 (dager)", "Avgjort etter frist", "Åpne over frist", "Brev", "Brev digitalt",
                      "Brev skrevet ut", "Lest", "Lesegrad (%)", "Timer spart", "Årsverk", "Kroner unngått", "Ventedager spart", "Kommentar"].joined(separator: ";")]
        let rows = r.services.map { ($0.title, $0.kpis, $0.gains, $0.note) } + [("Alle tjenester", r.total, r.gains, nil)]
        for (title, k, g, note) in rows {
            lines.append([field(staff.municipality.name), field(r.period.label), field(title), String(k.received), String(k.receivedDigitally),
                          dec(k.digitalShare.map { $0 * 100 }), String(k.decided), String(k.automated), dec(k.automationRate.map { $0 * 100 }),
                          dec(k.processingMedian.map { Double($0) / 86_400 }), dec(k.processingP90.map { Double($0) / 86_400 }),
                          String(k.decidedLate), String(k.openOverdue), String(k.letters), String(k.lettersDigital), String(k.printed), String(k.read),
                          dec(k.readRate.map { $0 * 100 }), dec(g?.hoursSaved), dec(g?.fte), dec(g?.kronerAvoided), dec(g?.waitingDaysSaved),
                          field(note ?? "")].joined(separator: ";"))
        }
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data((lines.joined(separator: "\r\n") + "\r\n").utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="radhus-\#(staff.municipality.number)-\#(r.period.key).csv""#)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    // MARK: Notes

    struct NoteForm: Content { var tjeneste: String?; var periode: String?; var tekst: String? }

    @Sendable static func saveNote(req: Request) async throws -> Response {
        let staff = try requireReader(req)
        let form = (try? req.content.decode(NoteForm.self)) ?? NoteForm()
        guard let service = form.tjeneste, !service.isEmpty, service.count <= 60, let key = form.periode, !key.isEmpty, key.count <= 40 else {
            throw RadhusError.badRequest("Velg tjeneste og periode.")
        }
        let text = (form.tekst ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 2000 else { throw RadhusError.badRequest("En kommentar kan ha høyst 2000 tegn.") }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let note = try await staff.scope.query(ReportNote.self, on: tx).filter(\.$serviceID == service).filter(\.$periodKey == key).first()
            if text.isEmpty { try await note?.delete(on: tx); return }
            let n = note ?? ReportNote()
            n.municipalityID = staff.municipality.id; n.serviceID = service; n.periodKey = key; n.text = text
            n.changedBy = staff.signature; n.changedAt = now
            try await n.save(on: tx)
        }
        return req.redirect(to: SiteURL.report(query: [("periode", key)]).path, redirectType: .normal)
    }

    // MARK: Baselines

    struct BaselineForm: Content {
        var timer_per_arsverk: String?
        var vises_med_navn: String?
        var minutter: [String: String]?
        var dager: [String: String]?
        var kroner_brev: [String: String]?
        var kroner_mote: [String: String]?
        var kilde: [String: String]?
        var malt: [String: String]?
    }

    @Sendable static func baselinePage(req: Request) async throws -> Page {
        let staff = try req.requireStaff(\.mayEditBaselines, otherwise: "Bare administrator registrerer grunnlaget.")
        return try await renderBaselines(req, staff: staff, form: nil, problems: [:], saved: req.query[String.self, at: "lagret"] != nil)
    }

    static func renderBaselines(_ req: Request, staff: StaffContext, form: BaselineForm?, problems: [String: String], saved: Bool) async throws -> Page {
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let existing = Dictionary(try await staff.scope.query(BenefitBaseline.self, on: req.db).all().map { ($0.serviceID, $0) }, uniquingKeysWith: { a, _ in a })
        let settings = try await staff.scope.query(InsightSettings.self, on: req.db).first()
        let ctx = req.pageContext(area: .staff)
        func value(_ field: [String: String]?, _ id: String, _ current: Double?) -> String {
            field?[id] ?? current.map { Gains.number($0, decimals: 2).replacingOccurrences(of: "\u{00A0}", with: "") } ?? ""
        }
        return Layout.page(ctx, title: ["Grunnlag for gevinster"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems) }
            if saved { el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { "Grunnlaget er lagret." } } }
            el("h1") { "Grunnlag for gevinster i \(staff.municipality.name)" }
            el("p") { "Gevinstene måles mot hvordan det var før (KS' metode for gevinstrealisering). Oppgi kilden og datoen for hvert tall, så politikerne ser hva de bygger på." }
            el("form", .attr("method", "post"), .attr("action", SiteURL.baselines().path), .attr("novalidate", ""), .cls("card")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(id: "timer_per_arsverk", label: "Timer per årsverk", hint: "For å regne spart tid om til årsverk, for eksempel 1700.",
                                   value: form?.timer_per_arsverk ?? Gains.number(settings?.hoursPerFTE ?? InsightSettings.defaultHoursPerFTE).replacingOccurrences(of: "\u{00A0}", with: ""),
                                   error: problems["timer_per_arsverk"], type: "text", extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                el("div", .cls("form-group")) {
                    el("div", .cls("checkbox")) {
                        void("input", .type("checkbox"), .id("vises_med_navn"), .name("vises_med_navn"), .value("ja"),
                             .flag("checked", form.map { $0.vises_med_navn == "ja" } ?? (settings?.namedInComparison ?? false)))
                        el("label", .for("vises_med_navn")) { "Vis \(staff.municipality.name) med navn når andre kommuner sammenligner seg (ellers anonymt)" }
                    }
                }
                for s in offered {
                    el("fieldset", .cls("fieldset")) {
                        el("legend", .cls("label")) { s.title.nb }
                        let b = existing[s.id]
                        FormView.textInput(id: "minutter-\(s.id)", name: "minutter[\(s.id)]", label: "Minutter per manuell sak", hint: nil, value: value(form?.minutter, s.id, b?.minutesPerManualCase),
                                           error: problems["minutter-\(s.id)"], type: "text", extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                        FormView.textInput(id: "dager-\(s.id)", name: "dager[\(s.id)]", label: "Behandlingstid før, i dager", hint: nil, value: value(form?.dager, s.id, b?.processingDaysBefore),
                                           error: problems["dager-\(s.id)"], type: "text", extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                        FormView.textInput(id: "kroner_brev-\(s.id)", name: "kroner_brev[\(s.id)]", label: "Kroner per utskrevet brev (porto, utskrift, håndtering)", hint: nil,
                                           value: value(form?.kroner_brev, s.id, b?.kronerPerPrintedLetter), error: problems["kroner_brev-\(s.id)"], type: "text",
                                           extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                        FormView.textInput(id: "kroner_mote-\(s.id)", name: "kroner_mote[\(s.id)]", label: "Kroner per fysisk møte (reise)", hint: "Videomøter kommer senere; til da er ingen møter spart.",
                                           value: value(form?.kroner_mote, s.id, b?.kronerPerMeeting), error: problems["kroner_mote-\(s.id)"], type: "text",
                                           extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                        FormView.textInput(id: "kilde-\(s.id)", name: "kilde[\(s.id)]", label: "Kilde", hint: "For eksempel «Tidsstudie i Oppvekst, høsten 2025».",
                                           value: form?.kilde?[s.id] ?? b?.source ?? "", error: problems["kilde-\(s.id)"], type: "text", extra: [.cls("input w-full")])
                        FormView.textInput(id: "malt-\(s.id)", name: "malt[\(s.id)]", label: "Målt dato", hint: "åååå-mm-dd", value: form?.malt?[s.id] ?? b?.measuredOn ?? "",
                                           error: problems["malt-\(s.id)"], type: "text", extra: [.cls("input w-10")])
                    }
                }
                el("button", .type("submit"), .cls("button")) { "Lagre grunnlaget" }
            }
        }
    }

    static func decimal(_ raw: String?) -> Double? {
        let t = (raw ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: ",", with: ".")
        guard !t.isEmpty, let v = Double(t), v.isFinite else { return nil }
        return v
    }

    @Sendable static func saveBaselines(req: Request) async throws -> Response {
        let staff = try req.requireStaff(\.mayEditBaselines, otherwise: "Bare administrator registrerer grunnlaget.")
        let form = (try? req.content.decode(BaselineForm.self)) ?? BaselineForm()
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        var problems: [String: String] = [:]
        let hours = decimal(form.timer_per_arsverk)
        if hours == nil || !(100...3000).contains(hours!) { problems["timer_per_arsverk"] = "Skriv et tall mellom 100 og 3000, for eksempel 1700" }
        var baselines: [(String, Baseline)] = []
        let cal = NorwegianCalendar()
        for s in offered {
            let raw = [form.minutter?[s.id], form.dager?[s.id], form.kroner_brev?[s.id], form.kroner_mote?[s.id], form.kilde?[s.id], form.malt?[s.id]]
            if raw.allSatisfy({ ($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }) { continue }   // no baseline for this service
            let minutes = decimal(form.minutter?[s.id]), days = decimal(form.dager?[s.id])
            let letter = decimal(form.kroner_brev?[s.id]), meeting = decimal(form.kroner_mote?[s.id]) ?? 0
            let source = (form.kilde?[s.id] ?? "").trimmingCharacters(in: .whitespaces), measured = (form.malt?[s.id] ?? "").trimmingCharacters(in: .whitespaces)
            if minutes == nil || !(0...10_000).contains(minutes!) { problems["minutter-\(s.id)"] = "Skriv minutter per sak for \(s.title.nb.lowercasedFirst), et tall fra 0 til 10 000" }
            if days == nil || !(0...3650).contains(days!) { problems["dager-\(s.id)"] = "Skriv behandlingstiden før i dager for \(s.title.nb.lowercasedFirst)" }
            if letter == nil || !(0...10_000).contains(letter!) { problems["kroner_brev-\(s.id)"] = "Skriv kroner per utskrevet brev for \(s.title.nb.lowercasedFirst)" }
            if !(0...1_000_000).contains(meeting) { problems["kroner_mote-\(s.id)"] = "Skriv kroner per møte som et tall" }
            if source.isEmpty || source.count > 300 { problems["kilde-\(s.id)"] = "Skriv hvor tallene for \(s.title.nb.lowercasedFirst) kommer fra" }
            if cal.parseDate(measured) == nil { problems["malt-\(s.id)"] = "Skriv datoen målingen ble gjort, som åååå-mm-dd" }
            if let minutes, let days, let letter {
                baselines.append((s.id, Baseline(minutesPerManualCase: minutes, processingDaysBefore: days, kronerPerPrintedLetter: letter,
                                                 kronerPerMeeting: meeting, source: source, measuredOn: measured)))
            }
        }
        if !problems.isEmpty {
            return try await renderBaselines(req, staff: staff, form: form, problems: problems, saved: false).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let named = form.vises_med_navn == "ja"
        let toSave = baselines
        try await req.writer.write(on: req.db) { tx in
            let settings = try await staff.scope.query(InsightSettings.self, on: tx).first() ?? InsightSettings()
            settings.municipalityID = staff.municipality.id; settings.hoursPerFTE = hours!; settings.namedInComparison = named
            settings.changedBy = staff.signature; settings.changedAt = now
            try await settings.save(on: tx)
            for (id, b) in toSave {
                let row = try await staff.scope.query(BenefitBaseline.self, on: tx).filter(\.$serviceID == id).first() ?? BenefitBaseline()
                row.municipalityID = staff.municipality.id; row.serviceID = id; row.minutesPerManualCase = b.minutesPerManualCase
                row.processingDaysBefore = b.processingDaysBefore; row.kronerPerPrintedLetter = b.kronerPerPrintedLetter
                row.kronerPerMeeting = b.kronerPerMeeting; row.source = b.source; row.measuredOn = b.measuredOn
                row.changedBy = staff.signature; row.changedAt = now
                try await row.save(on: tx)
            }
        }
        return req.redirect(to: SiteURL.baselines(saved: true).path, redirectType: .normal)
    }

    // MARK: Comparison

    @Sendable static func comparison(req: Request) async throws -> Page {
        let staff = try requireReader(req)
        let period = try period(req)
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let serviceID = req.query[String.self, at: "tjeneste"].flatMap { id in offered.first { $0.id == id }?.id } ?? offered.first?.id
        let insights = InsightsService(db: req.db, writer: req.writer)
        var columns: [(String, KPIs)] = []
        if let serviceID {
            let adopters = try await ServiceAdoption.query(on: req.db).filter(\.$serviceID == serviceID).all().map(\.municipalityID)
            let kommuner = try await Municipality.query(on: req.db).filter(\.$id ~~ adopters).sort(\.$name).all()
            let named = Set(try await InsightSettings.query(on: req.db).filter(\.$namedInComparison == true).all().map(\.municipalityID))
            var anonymous = 0
            for m in kommuner {
                let k = try await insights.kpis(municipalityID: m.id!, period: period, service: serviceID)[nil] ?? KPIs()
                let name: String
                if m.id == staff.municipality.id { name = m.name + " (dere)" }
                else if named.contains(m.id!) { name = m.name }
                else { anonymous += 1; name = "Kommune \(Character(UnicodeScalar(64 + anonymous)!))" }
                columns.append((name, k))
            }
        }
        let ctx = req.pageContext(area: .staff)
        let rows: [(String, (KPIs) -> String)] = [
            ("Søknader", { String($0.received) }), ("Sendt digitalt", { percent($0.digitalShare) }),
            ("Avgjort automatisk", { percent($0.automationRate) }), ("Behandlingstid, median", { days($0.processingMedian) }),
            ("Behandlingstid, 90 % innen", { days($0.processingP90) }), ("Avgjort etter fristen", { String($0.decidedLate) }),
            ("Brev skrevet ut", { "\($0.printed) av \($0.letters)" }), ("Lest digitalt", { percent($0.readRate) }),
        ]
        return Layout.page(ctx, title: ["Sammenligning"]) {
            el("h1") { "Sammenligning med andre kommuner" }
            el("p") { "Kommuner som bruker samme tjeneste, side om side for \(period.label). Hver kommune velger selv om den vises med navn; de andre vises anonymt." }
            el("form", .attr("method", "get"), .attr("action", SiteURL.comparison(period: nil).path), .cls("filters")) {
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("tjeneste")) { "Tjeneste" }
                    el("select", .id("tjeneste"), .name("tjeneste"), .cls("input")) {
                        for s in offered { el("option", .value(s.id), .flag("selected", s.id == serviceID)) { s.title.nb } }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("periode")) { "Periode" }
                    el("select", .id("periode"), .name("periode"), .cls("input")) {
                        for (key, label) in choices(today: ReportPeriod.day(req.application.clock.now())) { el("option", .value(key), .flag("selected", key == period.key)) { label } }
                    }
                }
                el("button", .type("submit"), .cls("button button-secondary")) { "Vis" }
            }
            if columns.isEmpty {
                el("p") { "Kommunen bruker ingen tjenester ennå." }
            } else {
                el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Sammenligning")) {
                    el("table") {
                        el("thead") { el("tr") { el("th", .attr("scope", "col")) { "Nøkkeltall" }; for (name, _) in columns { el("th", .attr("scope", "col")) { name } } } }
                        el("tbody") {
                            for (label, f) in rows {
                                el("tr") { el("th", .attr("scope", "row")) { label }; for (_, k) in columns { el("td", .cls("num")) { f(k) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}
