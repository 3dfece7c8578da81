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

    static func renderSurvey(
        _ req: Request, staff: StaffContext, answered: Bool, values: [String: String], problems: [String: String]
    ) -> Page {
        Survey.view(
            round: round(req), answered: answered, values: values, problems: problems,
            ctx: req.pageContext(area: .staff))
    }

    struct SurveyForm: Content { var svar: [String: String]? }

    @Sendable static func answer(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let form = try req.form(SurveyForm.self)
        let t = req.strings
        var scores: [String: Int] = [:]
        var problems: [String: String] = [:]
        for s in Maturity.statements {
            if let v = form.svar?[s.id].flatMap(Int.init), (1...5).contains(v) {
                scores[s.id] = v
            } else {
                problems["svar-\(s.id)"] = t.chooseOneToFive
            }
        }
        if !problems.isEmpty {
            return try await renderSurvey(
                req, staff: staff, answered: false, values: form.svar ?? [:], problems: problems
            ).encodeResponse(for: req)
        }
        guard let unit = try await StaffUser.find(staff.userID, on: req.db)?.unitID else {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Du hører ikke til en enhet ennå; be administrator legge deg til en.",
                    en: "You do not belong to a unit yet; ask the administrator to add you to one.",
                    nn: "Du høyrer ikkje til ei eining enno; be administratoren leggje deg til ei."))
        }
        let round = round(req)
        let json = String(decoding: try JSONEncoder.sorted.encode(scores), as: UTF8.self)
        do {
            try await req.writer.write(on: req.db) { tx in
                // Participation first: the unique key refuses a second answer, and the answer carries nothing that points back.
                try await tx.sql.insert(into: "survey_participation").columns("id", "staff_id", "round")
                    .values(SQLBind(UUID()), SQLBind(staff.userID), SQLBind(round)).run()
                let a = SurveyAnswer()
                a.municipalityID = staff.municipality.id
                a.unitID = unit
                a.round = round
                a.scoresJSON = json
                try await a.create(on: tx)
            }
        } catch let e as any DatabaseError where e.isConstraintFailure {
            throw RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb: "Du har allerede svart på årets undersøkelse.",
                    en: "You have answered this year's survey already.", nn: "Du har alt svart på undersøkinga i år."))
        }
        return req.redirect(to: SiteURL.survey.path, redirectType: .normal)
    }

    // MARK: Overview

    static func requireReader(_ req: Request) throws -> StaffContext {
        try req.requireStaff(
            \.mayReadInsights,
            otherwise: LocalizedText(
                nb: "Bare leder eller administrator ser modenhetskartet.",
                en: "Only a leader or an administrator sees the maturity map.",
                nn: "Berre leiar eller administrator ser modenskartet."))
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
            let kpis = try await InsightsService(db: req.db, writer: req.writer).kpis(
                municipalityID: staff.municipality.id, period: lastYear)
            try await req.writer.write(on: req.db) { tx in
                for s in missing {
                    let p = ProcessItem()
                    p.municipalityID = staff.municipality.id
                    p.name = s.title.nb
                    p.serviceID = s.id
                    p.digital = true
                    p.ruleGoverned = s.rules != nil
                    p.yearlyVolume = kpis[s.id]?.received ?? 0
                    p.automationCandidate = s.rules != nil
                    p.note = "Fylt ut fra tjenesten i Radhus."
                    p.changedBy = "Radhus"
                    p.changedAt = now
                    try await p.create(on: tx)
                }
            }
        }
        return try await staff.scope.query(ProcessItem.self, on: req.db).sort(\.$name).all()
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireReader(req)
        return try await render(req, staff: staff, form: MeasureForm(), problems: [:])
    }

    static func render(
        _ req: Request, staff: StaffContext, form: MeasureForm, process: ProcessForm = ProcessForm(),
        problems: [String: String]
    ) async throws -> Page {
        _ = try await inventory(req, staff)
        let model = try await MaturityMap.Model.query(
            staff: staff, round: round(req), services: req.services,
            insights: InsightsService(db: req.db, writer: req.writer),
            now: req.application.clock.now(), on: req.db)
        let values = MaturityMap.MeasureValues(
            focus: form.fokus, title: form.tittel ?? "", owner: form.ansvarlig ?? "", deadline: form.frist ?? "",
            kpi: form.nokkeltall, service: form.tjeneste, target: form.mal ?? "")
        // The process form as typed, so a refusal keeps it (it was shown empty: issue 17's corpus).
        let typed = [
            "prosess": process.prosess, "digital": process.digital, "regelstyrt": process.regelstyrt,
            "kandidat": process.kandidat, "volum": process.volum, "merknad": process.merknad,
        ].compactMapValues { $0 }
        return MaturityMap.view(
            model, form: values, process: typed, problems: problems, ctx: req.pageContext(area: .staff))
    }

    struct ProcessForm: Content {
        var prosess: String?, digital: String?, regelstyrt: String?, kandidat: String?, volum: String?, merknad: String?
    }

    @Sendable static func addProcess(req: Request) async throws -> Response {
        let staff = try req.requireStaff(
            \.mayEditBaselines,
            otherwise: LocalizedText(
                nb: "Bare administrator endrer prosesskartet.", en: "Only the administrator changes the process map.",
                nn: "Berre administratoren endrar prosesskartet."))
        let form = try req.form(ProcessForm.self)
        let t = req.strings
        var problems: [String: String] = [:]
        let name = (form.prosess ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 200 { problems["prosess"] = t.processNameMissing }
        let volume = Int(
            (form.volum ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: ""))
        if volume == nil || !(0...10_000_000).contains(volume!) { problems["volum"] = t.volumeInvalid }
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: MeasureForm(), process: form, problems: problems)
                .encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let note = String((form.merknad ?? "").trimmingCharacters(in: .whitespaces).prefix(500))
        try await req.writer.write(on: req.db) { tx in
            let p = ProcessItem()
            p.municipalityID = staff.municipality.id
            p.name = name
            p.serviceID = nil
            p.digital = form.digital == "ja"
            p.ruleGoverned = form.regelstyrt == "ja"
            p.yearlyVolume = volume!
            p.automationCandidate = form.kandidat == "ja"
            p.note = note
            p.changedBy = staff.signature
            p.changedAt = now
            try await p.create(on: tx)
        }
        return req.redirect(to: SiteURL.maturity.path, redirectType: .normal)
    }

    struct MeasureForm: Content {
        var fokus: String?, tittel: String?, ansvarlig: String?, frist: String?, nokkeltall: String?, tjeneste: String?,
            mal: String?
    }

    @Sendable static func addMeasure(req: Request) async throws -> Response {
        let staff = try req.requireStaff(
            \.mayEditBaselines,
            otherwise: LocalizedText(
                nb: "Bare administrator endrer handlingsplanen.", en: "Only the administrator changes the action plan.",
                nn: "Berre administratoren endrar handlingsplanen."))
        let form = try req.form(MeasureForm.self)
        let t = req.strings
        var problems: [String: String] = [:]
        let title = (form.tittel ?? "").trimmingCharacters(in: .whitespaces)
        let owner = (form.ansvarlig ?? "").trimmingCharacters(in: .whitespaces)
        if !Maturity.focusAreas.contains(where: { $0.id == form.fokus }) { problems["fokus"] = t.focusAreaMissing }
        if title.isEmpty || title.count > 200 { problems["tittel"] = t.measureMissing }
        if owner.isEmpty || owner.count > 100 { problems["ansvarlig"] = t.ownerMissing }
        // dd.mm.åååå like every date people type here (åååå-mm-dd is read too); stored as ISO.
        let cal = NorwegianCalendar()
        let typedDeadline = (form.frist ?? "").trimmingCharacters(in: .whitespaces)
        let deadline = cal.parseDate(typedDeadline).map(cal.isoDate) ?? ""
        if deadline.isEmpty { problems["frist"] = t.deadlineInvalid }
        let kpi = form.nokkeltall.flatMap(Maturity.TargetKPI.init(rawValue:))
        if kpi == nil { problems["nokkeltall"] = t.kpiMissing }
        let target = Format.decimal(form.mal)
        if target == nil || !(0...(kpi == .processingMedianDays ? 3650 : 100)).contains(target!) {
            problems["mal"] = kpi == .processingMedianDays ? t.daysMissing : t.percentMissing
        }
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let service = (form.tjeneste ?? "").isEmpty ? nil : offered.first { $0.id == form.tjeneste }?.id
        if !problems.isEmpty {
            return try await render(req, staff: staff, form: form, problems: problems).encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let m = ActionMeasure()
            m.municipalityID = staff.municipality.id
            m.focusArea = form.fokus!
            m.title = title
            m.owner = owner
            m.deadline = deadline
            m.kpi = kpi!.rawValue
            m.serviceID = service
            m.target = target!
            m.changedBy = staff.signature
            m.changedAt = now
            try await m.create(on: tx)
        }
        return req.redirect(to: SiteURL.maturity.path, redirectType: .normal)
    }
}
