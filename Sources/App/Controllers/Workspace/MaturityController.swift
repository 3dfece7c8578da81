import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// Digital maturity: the anonymous staff survey (`/ansatt/undersokelse`, every member of staff),
/// and for leaders the results per unit, the process inventory and the action plan with live
/// progress (`/ansatt/modenhet`); admins edit the inventory and the plan.
enum MaturityController {
    static func round(_ req: Request) -> String { String(NorwegianCalendar().year(of: req.application.clock.now())) }

    // MARK: Survey

    @Sendable static func surveyPage(req: Request) async throws -> Page {
        let staff = try req.requireStaff()
        let answered = try await hasAnswered(req, staff)
        return renderSurvey(req, staff: staff, answered: answered, values: [:], problems: [:])
    }

    static func hasAnswered(_ req: Request, _ staff: StaffContext) async throws -> Bool {
        try await req.db.sql.select().column("id").from("survey_participation")
            .where("staff_id", .equal, SQLBind(staff.userID)).where("round", .equal, SQLBind(round(req))).first() != nil
    }

    static func renderSurvey(_ req: Request, staff: StaffContext, answered: Bool, values: [String: String], problems: [String: String]) -> Page {
        let ctx = req.pageContext(area: .staff)
        return Layout.page(ctx, title: ["Digital kompetanse"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems) }
            el("h1") { "Digital kompetanse \(round(req))" }
            if answered {
                el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { "Takk! Du har svart på årets undersøkelse." } }
            } else {
                el("p") { "Svaret er anonymt: Radhus lagrer enheten din og svarene, men ikke hvem du er. Resultatene vises bare for grupper på minst \(Maturity.minimumGroup)." }
                el("form", .attr("method", "post"), .attr("action", SiteURL.survey.path), .attr("novalidate", ""), .cls("card")) {
                    Layout.csrfField(ctx.csrf)
                    for s in Maturity.statements {
                        el("div", .cls("form-group" + (problems["svar-\(s.id)"] == nil ? "" : " form-group-error"))) {
                            el("fieldset", .id("svar-\(s.id)"), .attr("aria-describedby", problems["svar-\(s.id)"] == nil ? nil : "svar-\(s.id)-error")) {
                                el("legend", .cls("label")) { s.text }
                                if let e = problems["svar-\(s.id)"] { el("p", .cls("field-error"), .id("svar-\(s.id)-error")) { el("span", .cls("visually-hidden")) { "Feil: " }; e } }
                                el("div", .cls("radios radios-inline")) {
                                    for v in 1...5 {
                                        el("div", .cls("radio")) {
                                            void("input", .type("radio"), .name("svar[\(s.id)]"), .value(String(v)), .id("svar-\(s.id)-\(v)"),
                                                 .flag("checked", values[s.id] == String(v)))
                                            el("label", .for("svar-\(s.id)-\(v)")) { ["1 Helt uenig", "2", "3", "4", "5 Helt enig"][v - 1] }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    el("button", .type("submit"), .cls("button")) { "Send svarene" }
                }
            }
        }
    }

    struct SurveyForm: Content { var svar: [String: String]? }

    @Sendable static func answer(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = (try? req.content.decode(SurveyForm.self)) ?? SurveyForm()
        var scores: [String: Int] = [:], problems: [String: String] = [:]
        for s in Maturity.statements {
            if let v = form.svar?[s.id].flatMap(Int.init), (1...5).contains(v) { scores[s.id] = v } else { problems["svar-\(s.id)"] = "Velg et svar fra 1 til 5" }
        }
        if !problems.isEmpty {
            return try await renderSurvey(req, staff: staff, answered: false, values: form.svar ?? [:], problems: problems).encodeResponse(for: req)
        }
        guard let unit = try await StaffUser.find(staff.userID, on: req.db)?.unitID else {
            throw RadhusError.badRequest("Du hører ikke til en enhet ennå; be administrator legge deg til en.")
        }
        let round = round(req)
        let json = String(decoding: try JSONEncoder.sorted.encode(scores), as: UTF8.self)
        do {
            try await req.writer.write(on: req.db) { tx in
                // Participation first: the unique key refuses a second answer, and the answer carries nothing that points back.
                try await tx.sql.insert(into: "survey_participation").columns("id", "staff_id", "round")
                    .values(SQLBind(UUID()), SQLBind(staff.userID), SQLBind(round)).run()
                let a = SurveyAnswer()
                a.municipalityID = staff.municipality.id; a.unitID = unit; a.round = round; a.scoresJSON = json
                try await a.create(on: tx)
            }
        } catch let e as any DatabaseError where e.isConstraintFailure {
            throw RadhusError.conflict("Du har allerede svart på årets undersøkelse.")
        }
        return req.redirect(to: SiteURL.survey.path, redirectType: .normal)
    }

    // MARK: Overview

    static func requireReader(_ req: Request) throws -> StaffContext {
        try req.requireStaff(\.mayReadInsights, otherwise: "Bare leder eller administrator ser modenhetskartet.")
    }

    /// The inventory, with a row for every service the kommune offers (added the first time).
    static func inventory(_ req: Request, _ staff: StaffContext) async throws -> [ProcessItem] {
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let existing = try await staff.scope.query(ProcessItem.self, on: req.db).all()
        let missing = offered.filter { s in !existing.contains { $0.serviceID == s.id } }
        if !missing.isEmpty {
            let now = req.application.clock.now()
            let today = ReportPeriod.day(now)
            let lastYear = ReportPeriod(kind: .custom, from: today - 10_000, to: today)
            let kpis = try await InsightsService(db: req.db, writer: req.writer).kpis(municipalityID: staff.municipality.id, period: lastYear)
            try await req.writer.write(on: req.db) { tx in
                for s in missing {
                    let p = ProcessItem()
                    p.municipalityID = staff.municipality.id; p.name = s.title.nb; p.serviceID = s.id; p.digital = true
                    p.ruleGoverned = s.rules != nil; p.yearlyVolume = kpis[s.id]?.received ?? 0
                    p.automationCandidate = s.rules != nil; p.note = "Fylt ut fra tjenesten i Radhus."
                    p.changedBy = "Radhus"; p.changedAt = now
                    try await p.create(on: tx)
                }
            }
        }
        return try await staff.scope.query(ProcessItem.self, on: req.db).sort(\.$name).all()
    }

    struct Progress { var value: Double?; var reached: Bool }

    /// A measure's KPI over the last 90 days, live from the case facts.
    static func progress(_ m: ActionMeasure, staff: StaffContext, req: Request) async throws -> Progress {
        guard let kpi = Maturity.TargetKPI(rawValue: m.kpi) else { return Progress(value: nil, reached: false) }
        let cal = NorwegianCalendar()
        let now = req.application.clock.now()
        let period = ReportPeriod(kind: .custom, from: ReportPeriod.day(cal.addingCalendarDays(-89, to: now)), to: ReportPeriod.day(now))
        let k = try await InsightsService(db: req.db, writer: req.writer).kpis(municipalityID: staff.municipality.id, period: period, service: m.serviceID)[nil] ?? KPIs()
        let v = kpi.value(k)
        return Progress(value: v, reached: v.map { kpi.reached($0, target: m.target) } ?? false)
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireReader(req)
        return try await render(req, staff: staff, form: MeasureForm(), problems: [:])
    }

    static func render(_ req: Request, staff: StaffContext, form: MeasureForm, problems: [String: String]) async throws -> Page {
        let units = try await staff.scope.query(MunicipalUnit.self, on: req.db).sort(\.$name).all()
        let answers = try await staff.scope.query(SurveyAnswer.self, on: req.db).filter(\.$round == round(req)).all()
        let items = try await inventory(req, staff)
        let measures = try await staff.scope.query(ActionMeasure.self, on: req.db).sort(\.$deadline).all()
        var progressByID: [UUID: Progress] = [:]
        for m in measures { progressByID[m.id!] = try await progress(m, staff: staff, req: req) }
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let ctx = req.pageContext(area: .staff)
        let mayEdit = staff.role.mayEditBaselines
        return Layout.page(ctx, title: ["Digital modenhet"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty { Layout.errorSummary(fieldProblems: problems) }
            el("h1") { "Digital modenhet i \(staff.municipality.name)" }
            el("h2") { "Kompetanse \(round(req))" }
            el("p") { "Fra den anonyme undersøkelsen blant de ansatte ("; el("a", .href(SiteURL.survey.path)) { "svar her" }; "). En ansatt regnes som ikke digitalt moden ennå når snittet av svarene er under 3. Enheter med færre enn \(Maturity.minimumGroup) svar vises ikke." }
            el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Kompetanse per enhet")) {
                el("table") {
                    el("thead") { el("tr") { for h in ["Enhet", "Svar", "Ikke digitalt moden ennå"] { el("th", .attr("scope", "col")) { h } } } }
                    el("tbody") {
                        for u in units {
                            let r = Maturity.result(answers.filter { $0.unitID == u.id }.map(\.scores))
                            el("tr") {
                                el("th", .attr("scope", "row")) { u.name }
                                el("td", .cls("num")) { String(r.respondents) }
                                el("td") { r.notMatureShare.map { ReportController.percent($0) } ?? "Færre enn \(Maturity.minimumGroup) svar: vises ikke" }
                            }
                        }
                    }
                }
            }
            el("h2") { "Prosesskart" }
            el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Prosesskart")) {
                el("table") {
                    el("thead") { el("tr") { for h in ["Prosess", "Digital", "Regelstyrt", "Volum per år", "Kandidat for automatisering", "Merknad"] { el("th", .attr("scope", "col")) { h } } } }
                    el("tbody") {
                        for p in items {
                            el("tr") {
                                el("th", .attr("scope", "row")) { p.name }
                                el("td") { p.digital ? "Ja" : "Nei" }
                                el("td") { p.ruleGoverned ? "Ja" : "Nei" }
                                el("td", .cls("num")) { String(p.yearlyVolume) }
                                el("td") { p.automationCandidate ? "Ja" : "Nei" }
                                el("td") { p.note }
                            }
                        }
                    }
                }
            }
            if mayEdit {
                el("h3") { "Legg til en prosess" }
                el("form", .attr("method", "post"), .attr("action", SiteURL.maturityProcess.path), .attr("novalidate", ""), .cls("card")) {
                    Layout.csrfField(ctx.csrf)
                    FormView.textInput(id: "prosess", label: "Prosess", hint: "For eksempel «Søknad om parkeringstillatelse».", value: "", error: problems["prosess"], type: "text")
                    for (id, label) in [("digital", "Er den digital?"), ("regelstyrt", "Er den regelstyrt?"), ("kandidat", "Kandidat for automatisering?")] {
                        select(id: id, label: label, options: [("nei", "Nei"), ("ja", "Ja")], selected: nil, error: nil)
                    }
                    FormView.textInput(id: "volum", label: "Saker per år", hint: nil, value: "", error: problems["volum"], type: "text",
                                       extra: [.attr("inputmode", "numeric"), .cls("input w-5")])
                    FormView.textInput(id: "merknad", label: "Merknad (valgfritt)", hint: nil, value: "", error: nil, type: "text")
                    el("button", .type("submit"), .cls("button button-secondary")) { "Legg til prosessen" }
                }
            }
            el("h2") { "Handlingsplan" }
            for area in Maturity.focusAreas {
                let inArea = measures.filter { $0.focusArea == area.id }
                el("h3") { area.label }
                if inArea.isEmpty {
                    el("p", .cls("muted")) { "Ingen tiltak ennå." }
                } else {
                    el("ul", .cls("card-list")) {
                        for m in inArea {
                            let kpi = Maturity.TargetKPI(rawValue: m.kpi)
                            let p = progressByID[m.id!]!
                            el("li", .cls("card")) {
                                el("h4", .cls("card-title")) { m.title }
                                el("p") { "Ansvarlig: \(m.owner). Frist: \(m.deadline)." }
                                el("p") {
                                    "Mål: \(kpi?.label ?? m.kpi)\(m.serviceID.map { " for \(req.services.title(of: $0)?.nb.lowercasedFirst ?? $0)" } ?? "") "
                                    "\(kpi?.higherIsBetter == false ? "høyst" : "minst") \(Gains.number(m.target)). "
                                    "Nå (siste 90 dager): \(p.value.map { Gains.number($0) } ?? "ingen data"). "
                                    el("strong", .cls("tag")) { p.reached ? "Nådd" : "Ikke nådd ennå" }
                                }
                            }
                        }
                    }
                }
            }
            if mayEdit {
                el("h3") { "Nytt tiltak" }
                el("form", .attr("method", "post"), .attr("action", SiteURL.maturityMeasure.path), .attr("novalidate", ""), .cls("card")) {
                    Layout.csrfField(ctx.csrf)
                    select(id: "fokus", label: "Fokusområde", options: Maturity.focusAreas.map { ($0.id, $0.label) }, selected: form.fokus, error: problems["fokus"])
                    FormView.textInput(id: "tittel", label: "Tiltak", hint: "For eksempel «Automatisere de klare skoleskysssakene».", value: form.tittel ?? "", error: problems["tittel"], type: "text")
                    FormView.textInput(id: "ansvarlig", label: "Ansvarlig", hint: nil, value: form.ansvarlig ?? "", error: problems["ansvarlig"], type: "text")
                    FormView.textInput(id: "frist", label: "Frist", hint: "åååå-mm-dd", value: form.frist ?? "", error: problems["frist"], type: "text", extra: [.cls("input w-10")])
                    select(id: "nokkeltall", label: "Målt med", options: Maturity.TargetKPI.allCases.map { ($0.rawValue, $0.label) }, selected: form.nokkeltall, error: problems["nokkeltall"])
                    select(id: "tjeneste", label: "For tjenesten", options: [("", "Alle tjenester")] + offered.map { ($0.id, $0.title.nb) }, selected: form.tjeneste, error: nil)
                    FormView.textInput(id: "mal", label: "Målverdi", hint: "Prosent eller dager, for eksempel 80.", value: form.mal ?? "", error: problems["mal"], type: "text",
                                       extra: [.attr("inputmode", "decimal"), .cls("input w-5")])
                    el("button", .type("submit"), .cls("button")) { "Legg til tiltaket" }
                }
            }
        }
    }

    static func select(id: String, label: String, options: [(String, String)], selected: String?, error: String?) -> Node {
        el("div", .cls("form-group" + (error == nil ? "" : " form-group-error"))) {
            el("label", .cls("label"), .for(id)) { label }
            if let error { el("p", .cls("field-error"), .id("\(id)-error")) { el("span", .cls("visually-hidden")) { "Feil: " }; error } }
            el("select", .id(id), .name(id), .cls("input"), .attr("aria-describedby", error == nil ? nil : "\(id)-error")) {
                for (value, text) in options { el("option", .value(value), .flag("selected", value == selected)) { text } }
            }
        }
    }

    struct ProcessForm: Content { var prosess: String?, digital: String?, regelstyrt: String?, kandidat: String?, volum: String?, merknad: String? }

    @Sendable static func addProcess(req: Request) async throws -> Response {
        let staff = try req.requireStaff(\.mayEditBaselines, otherwise: "Bare administrator endrer prosesskartet.")
        let form = (try? req.content.decode(ProcessForm.self)) ?? ProcessForm()
        var problems: [String: String] = [:]
        let name = (form.prosess ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 200 { problems["prosess"] = "Skriv navnet på prosessen (høyst 200 tegn)" }
        let volume = Int((form.volum ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: ""))
        if volume == nil || !(0...10_000_000).contains(volume!) { problems["volum"] = "Skriv antall saker per år som et helt tall" }
        if !problems.isEmpty { return try await render(req, staff: staff, form: MeasureForm(), problems: problems).encodeResponse(for: req) }
        let now = req.application.clock.now()
        let note = String((form.merknad ?? "").trimmingCharacters(in: .whitespaces).prefix(500))
        try await req.writer.write(on: req.db) { tx in
            let p = ProcessItem()
            p.municipalityID = staff.municipality.id; p.name = name; p.serviceID = nil; p.digital = form.digital == "ja"
            p.ruleGoverned = form.regelstyrt == "ja"; p.yearlyVolume = volume!; p.automationCandidate = form.kandidat == "ja"
            p.note = note; p.changedBy = staff.signature; p.changedAt = now
            try await p.create(on: tx)
        }
        return req.redirect(to: SiteURL.maturity.path, redirectType: .normal)
    }

    struct MeasureForm: Content {
        var fokus: String?, tittel: String?, ansvarlig: String?, frist: String?, nokkeltall: String?, tjeneste: String?, mal: String?
    }

    @Sendable static func addMeasure(req: Request) async throws -> Response {
        let staff = try req.requireStaff(\.mayEditBaselines, otherwise: "Bare administrator endrer handlingsplanen.")
        let form = (try? req.content.decode(MeasureForm.self)) ?? MeasureForm()
        var problems: [String: String] = [:]
        let title = (form.tittel ?? "").trimmingCharacters(in: .whitespaces), owner = (form.ansvarlig ?? "").trimmingCharacters(in: .whitespaces)
        if !Maturity.focusAreas.contains(where: { $0.id == form.fokus }) { problems["fokus"] = "Velg et fokusområde" }
        if title.isEmpty || title.count > 200 { problems["tittel"] = "Skriv hva tiltaket er (høyst 200 tegn)" }
        if owner.isEmpty || owner.count > 100 { problems["ansvarlig"] = "Skriv hvem som er ansvarlig" }
        let deadline = (form.frist ?? "").trimmingCharacters(in: .whitespaces)
        if NorwegianCalendar().parseDate(deadline) == nil || deadline.count != 10 { problems["frist"] = "Skriv fristen som åååå-mm-dd" }
        let kpi = form.nokkeltall.flatMap(Maturity.TargetKPI.init(rawValue:))
        if kpi == nil { problems["nokkeltall"] = "Velg nøkkeltallet målet følger" }
        let target = ReportController.decimal(form.mal)
        if target == nil || !(0...(kpi == .processingMedianDays ? 3650 : 100)).contains(target!) {
            problems["mal"] = kpi == .processingMedianDays ? "Skriv antall dager" : "Skriv en prosent fra 0 til 100"
        }
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let service = (form.tjeneste ?? "").isEmpty ? nil : offered.first { $0.id == form.tjeneste }?.id
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: form, problems: problems).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let m = ActionMeasure()
            m.municipalityID = staff.municipality.id; m.focusArea = form.fokus!; m.title = title; m.owner = owner; m.deadline = deadline
            m.kpi = kpi!.rawValue; m.serviceID = service; m.target = target!; m.changedBy = staff.signature; m.changedAt = now
            try await m.create(on: tx)
        }
        return req.redirect(to: SiteURL.maturity.path, redirectType: .normal)
    }
}
