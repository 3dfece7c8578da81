import Fluent
import Foundation
import RadhusCore
import Vapor

/// The report for politicians (`/ansatt/rapport`), its CSV, the baselines (`/ansatt/rapport/grunnlag`)
/// and the comparison across kommuner (`/ansatt/sammenligning`). Every figure is computed from
/// the case facts; every gain can be unfolded to show its sum.
enum ReportController {
    static let onlyAdminBaselines = LocalizedText(
        nb: "Bare administrator registrerer grunnlaget.", en: "Only the administrator records the baseline.",
        nn: "Berre administratoren registrerer grunnlaget.")

    static func requireReader(_ req: Request) throws -> StaffContext {
        try req.requireStaff(
            \.mayReadInsights,
            otherwise: LocalizedText(
                nb: "Bare leder eller administrator ser rapportene.",
                en: "Only a leader or an administrator sees the reports.",
                nn: "Berre leiar eller administrator ser rapportane."))
    }

    // MARK: Period

    /// `periode=2026-03` (month), `2026-Q2` (quarter), `2026` (year), or `fra=2026-03-01&til=2026-03-15`.
    static func period(_ req: Request) throws -> ReportPeriod {
        let cal = NorwegianCalendar()
        if let from = req.query[String.self, at: "fra"], let to = req.query[String.self, at: "til"],
            !from.isEmpty || !to.isEmpty
        {
            guard let f = cal.parseDate(from), let t = cal.parseDate(to) else {
                throw RadhusError.localized(
                    .badRequest,
                    LocalizedText(
                        nb: "Skriv datoene som åååå-mm-dd, for eksempel 2026-03-01.",
                        en: "Write the dates as yyyy-mm-dd, for example 2026-03-01.",
                        nn: "Skriv datoane som åååå-mm-dd, til dømes 2026-03-01."))
            }
            let (a, b) = (ReportPeriod.day(f, calendar: cal), ReportPeriod.day(t, calendar: cal))
            guard a <= b else {
                throw RadhusError.localized(
                    .badRequest,
                    LocalizedText(
                        nb: "Fra-datoen må være før til-datoen.", en: "The from date must be before the to date.",
                        nn: "Frå-datoen må vere før til-datoen."))
            }
            guard t.timeIntervalSince(f) <= 5 * 366 * 86_400 else {
                throw RadhusError.localized(
                    .badRequest,
                    LocalizedText(
                        nb: "En periode kan være høyst fem år.", en: "A period can be at most five years.",
                        nn: "Ein periode kan vere høgst fem år."))
            }
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
        throw RadhusError.localized(
            .badRequest,
            LocalizedText(
                nb: "Ukjent periode «\(raw.prefix(20))». Velg en måned, et kvartal eller et år.",
                en: "Unknown period “\(raw.prefix(20))”. Choose a month, a quarter or a year.",
                nn: "Ukjend periode «\(raw.prefix(20))». Vel ein månad, eit kvartal eller eit år."))
    }

    // MARK: Page

    static func report(_ req: Request, staff: StaffContext, period: ReportPeriod, withTrend: Bool = true) async throws
        -> Report.Model
    {
        try await Report.query(
            staff: staff, period: period, services: req.services,
            insights: InsightsService(db: req.db, writer: req.writer),
            withTrend: withTrend, on: req.db)
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try requireReader(req)
        let r = try await report(req, staff: staff, period: try period(req))
        return Report.view(r, today: ReportPeriod.day(req.application.clock.now()), ctx: req.pageContext(area: .staff))
    }

    // MARK: CSV

    /// The report as CSV for Norwegian Excel: UTF-8 with BOM, semicolons, decimal comma, CRLF.
    @Sendable static func csv(req: Request) async throws -> Response {
        let staff = try requireReader(req)
        let r = try await report(req, staff: staff, period: try period(req), withTrend: false)
        func dec(_ v: Double?) -> String {
            v.map { String(format: "%.2f", $0).replacingOccurrences(of: ".", with: ",") } ?? ""
        }
        func field(_ s: String) -> String { CSV.textCell(s) }
        var lines = [
            [
                "Kommune", "Periode", "Tjeneste", "Søknader", "Digitalt", "Digital andel (%)", "Vedtak", "Automatisk",
                "Automatiseringsgrad (%)",
                "Behandlingstid median (dager)", "Behandlingstid p90 (dager)", "Avgjort etter frist", "Åpne over frist",
                "Brev", "Brev digitalt",
                "Brev skrevet ut", "Lest", "Lesegrad (%)", "Timer spart", "Årsverk", "Kroner unngått",
                "Ventedager spart", "Utfall", "Beløp i vedtakene", "Kommentar",
            ].joined(separator: ";")
        ]
        let t = Strings(.nb)
        // The outcomes and the amounts as the page words them (in bokmål, like the rest of the file).
        func decided(_ s: Report.ServiceReport) -> (String, String) {
            (
                Report.outcomes(s, t: t),
                s.decisions.amounts.sorted { $0.key < $1.key }.map { id, a in
                    "\(s.definition?.decisionValues?.first { $0.id == id }?.label.nb ?? id): "
                        + FieldDefinition.kroner(a.total, language: .nb)
                }.joined(separator: "; ")
            )
        }
        let rows =
            r.services.map { ($0.title.nb, $0.kpis, $0.gains, $0.note, decided($0)) }
            + [("Alle tjenester", r.total, r.gains, nil, ("", ""))]
        for (title, k, g, note, outcome) in rows {
            lines.append(
                [
                    field(staff.municipality.name), field(r.period.label), field(title), String(k.received),
                    String(k.receivedDigitally),
                    dec(k.digitalShare.map { $0 * 100 }), String(k.decided), String(k.automated),
                    dec(k.automationRate.map { $0 * 100 }),
                    dec(k.processingMedian.map { Double($0) / 86_400 }),
                    dec(k.processingP90.map { Double($0) / 86_400 }),
                    String(k.decidedLate), String(k.openOverdue), String(k.letters), String(k.lettersDigital),
                    String(k.printed), String(k.read),
                    dec(k.readRate.map { $0 * 100 }), dec(g?.hoursSaved), dec(g?.fte), dec(g?.kronerAvoided),
                    dec(g?.waitingDaysSaved), field(outcome.0), field(outcome.1),
                    field(note ?? ""),
                ].joined(separator: ";"))
        }
        return csvResponse(lines, fileName: "radhus-\(staff.municipality.number)-\(r.period.key).csv")
    }

    /// The invoice basis (fakturagrunnlag, issue 24): each fee a decision set in the period,
    /// with the payer, the fee by the kommune's table, what a late decision took off and what is
    /// left to pay — for the economy system, which sends the invoice (Radhus takes no payments).
    /// The payer's fødselsnummer is personal data: each case's read is in the access log.
    @Sendable static func invoiceBasis(req: Request) async throws -> Response {
        let staff = try requireReader(req)
        let period = try period(req)
        let (from, to) = InsightsService.bounds(period)
        let fees = try await staff.scope.query(FeeRecord.self, on: req.db).filter(\.$decidedAt >= from)
            .filter(\.$decidedAt < to).sort(\.$decidedAt).all()
        var cases: [UUID: CaseRecord] = [:]
        for chunk in Array(Set(fees.map(\.caseID))).chunks(of: 200) {
            for c in try await staff.scope.query(CaseRecord.self, on: req.db).filter(\.$id ~~ Array(chunk)).all() {
                cases[c.id!] = c
            }
        }
        let now = req.application.clock.now()
        if !fees.isEmpty {
            try await req.writer.write(on: req.db) { tx in
                try await JournalChain.appendAccess(
                    Array(Set(fees.map(\.caseID))).sorted { $0.uuidString < $1.uuidString }.map {
                        AccessLogEntry(
                            municipalityID: staff.municipality.id, staffID: staff.userID,
                            staffRole: staff.role.rawValue, caseID: $0, action: .invoiceBasis, at: now)
                    }, on: tx)
            }
        }
        let cal = NorwegianCalendar()
        var lines = [
            [
                "Saksnummer", "Tjeneste", "Vedtaksdato", "Fakturamottaker (fødselsnummer)", "Gebyr etter regulativet",
                "Dager over fristen", "Reduksjon (%)", "Reduksjon (kr)", "Å betale (kr)", "Vedtak-id",
            ].joined(separator: ";")
        ]
        for f in fees {
            let c = cases[f.caseID]
            lines.append(
                [
                    CSV.textCell(c?.saksnummer.description ?? ""), CSV.textCell(f.serviceID),
                    cal.isoDate(f.decidedAt), CSV.textCell(c?.applicantFnr ?? ""), String(f.fee), String(f.daysLate),
                    String(f.reductionPercent), String(f.reduction), String(f.amountDue),
                    f.decisionID.uuidString.lowercased(),
                ].joined(separator: ";"))
        }
        return csvResponse(
            lines, fileName: "fakturagrunnlag-\(staff.municipality.number)-\(period.key).csv")
    }

    /// A CSV download for Norwegian Excel: UTF-8 with a BOM, CRLF line ends.
    static func csvResponse(_ lines: [String], fileName: String) -> Response {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data((lines.joined(separator: "\r\n") + "\r\n").utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="\#(fileName)""#)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    // MARK: Notes

    struct NoteForm: Content {
        var tjeneste: String?
        var periode: String?
        var tekst: String?
    }

    @Sendable static func saveNote(req: Request) async throws -> Response {
        let staff = try requireReader(req)
        let form = try req.form(NoteForm.self)
        guard let service = form.tjeneste, !service.isEmpty, service.count <= 60, let key = form.periode, !key.isEmpty,
            key.count <= 40
        else {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Velg tjeneste og periode.", en: "Choose a service and a period.", nn: "Vel teneste og periode."
                ))
        }
        let text = (form.tekst ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 2000 else {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "En kommentar kan ha høyst 2000 tegn.", en: "A comment can have at most 2000 characters.",
                    nn: "Ein kommentar kan ha høgst 2000 teikn."))
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            let note = try await staff.scope.query(ReportNote.self, on: tx).filter(\.$serviceID == service).filter(
                \.$periodKey == key
            ).first()
            if text.isEmpty {
                try await note?.delete(on: tx)
                return
            }
            let n = note ?? ReportNote()
            n.municipalityID = staff.municipality.id
            n.serviceID = service
            n.periodKey = key
            n.text = text
            n.changedBy = staff.signature
            n.changedAt = now
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
        let staff = try req.requireStaff(
            \.mayEditBaselines,
            otherwise: Self.onlyAdminBaselines)
        return try await renderBaselines(
            req, staff: staff, form: nil, problems: [:], saved: req.query[String.self, at: "lagret"] != nil)
    }

    static func renderBaselines(
        _ req: Request, staff: StaffContext, form: BaselineForm?, problems: [String: String], saved: Bool
    ) async throws -> Page {
        let values = form.map {
            Baselines.FormValues(
                hoursPerFTE: $0.timer_per_arsverk, named: $0.vises_med_navn == "ja", minutes: $0.minutter,
                days: $0.dager,
                kronerLetter: $0.kroner_brev, kronerMeeting: $0.kroner_mote, source: $0.kilde, measured: $0.malt)
        }
        return Baselines.view(
            try await Baselines.Model.query(staff: staff, services: req.services, on: req.db), form: values,
            problems: problems, saved: saved, ctx: req.pageContext(area: .staff))
    }

    @Sendable static func saveBaselines(req: Request) async throws -> Response {
        let staff = try req.requireStaff(
            \.mayEditBaselines,
            otherwise: Self.onlyAdminBaselines)
        let form = try req.form(BaselineForm.self)
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let t = req.strings
        var problems: [String: String] = [:]
        let hours = Format.decimal(form.timer_per_arsverk)
        if hours == nil || !(100...3000).contains(hours!) { problems["timer_per_arsverk"] = t.hoursPerFTEInvalid }
        var baselines: [(String, Baseline)] = []
        let cal = NorwegianCalendar()
        for s in offered {
            let raw = [
                form.minutter?[s.id], form.dager?[s.id], form.kroner_brev?[s.id], form.kroner_mote?[s.id],
                form.kilde?[s.id], form.malt?[s.id],
            ]
            // No baseline for this service.
            if raw.allSatisfy({ ($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let minutes = Format.decimal(form.minutter?[s.id])
            let days = Format.decimal(form.dager?[s.id])
            let letter = Format.decimal(form.kroner_brev?[s.id])
            let meeting = Format.decimal(form.kroner_mote?[s.id]) ?? 0
            let source = (form.kilde?[s.id] ?? "").trimmingCharacters(in: .whitespaces)
            let measured = (form.malt?[s.id] ?? "").trimmingCharacters(in: .whitespaces)
            if minutes == nil || !(0...10_000).contains(minutes!) {
                problems["minutter-\(s.id)"] = t.minutesInvalid(s.title.nb.lowercasedFirst)
            }
            if days == nil || !(0...3650).contains(days!) {
                problems["dager-\(s.id)"] = t.daysBeforeInvalid(s.title.nb.lowercasedFirst)
            }
            if letter == nil || !(0...10_000).contains(letter!) {
                problems["kroner_brev-\(s.id)"] = t.kronerLetterInvalid(s.title.nb.lowercasedFirst)
            }
            if !(0...1_000_000).contains(meeting) { problems["kroner_mote-\(s.id)"] = t.kronerMeetingInvalid }
            if source.isEmpty || source.count > 300 {
                problems["kilde-\(s.id)"] = t.sourceMissing(s.title.nb.lowercasedFirst)
            }
            if cal.parseDate(measured) == nil { problems["malt-\(s.id)"] = t.measuredInvalid }
            if let minutes, let days, let letter {
                baselines.append(
                    (
                        s.id,
                        Baseline(
                            minutesPerManualCase: minutes, processingDaysBefore: days, kronerPerPrintedLetter: letter,
                            kronerPerMeeting: meeting, source: source, measuredOn: measured)
                    ))
            }
        }
        if !problems.isEmpty {
            return try await renderBaselines(req, staff: staff, form: form, problems: problems, saved: false)
                .encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let named = form.vises_med_navn == "ja"
        let toSave = baselines
        try await req.writer.write(on: req.db) { tx in
            let settings = try await staff.scope.query(InsightSettings.self, on: tx).first() ?? InsightSettings()
            settings.municipalityID = staff.municipality.id
            settings.hoursPerFTE = hours!
            settings.namedInComparison = named
            settings.changedBy = staff.signature
            settings.changedAt = now
            try await settings.save(on: tx)
            for (id, b) in toSave {
                let row =
                    try await staff.scope.query(BenefitBaseline.self, on: tx).filter(\.$serviceID == id).first()
                    ?? BenefitBaseline()
                row.municipalityID = staff.municipality.id
                row.serviceID = id
                row.minutesPerManualCase = b.minutesPerManualCase
                row.processingDaysBefore = b.processingDaysBefore
                row.kronerPerPrintedLetter = b.kronerPerPrintedLetter
                row.kronerPerMeeting = b.kronerPerMeeting
                row.source = b.source
                row.measuredOn = b.measuredOn
                row.changedBy = staff.signature
                row.changedAt = now
                try await row.save(on: tx)
            }
        }
        return req.redirect(to: SiteURL.baselines(saved: true).path, redirectType: .normal)
    }

    // MARK: Comparison

    @Sendable static func comparison(req: Request) async throws -> Page {
        let staff = try requireReader(req)
        let ctx = req.pageContext(area: .staff)
        let model = try await Comparison.Model.query(
            staff: staff, period: try period(req), requested: req.query[String.self, at: "tjeneste"],
            services: req.services, insights: InsightsService(db: req.db, writer: req.writer), on: req.db)
        return Comparison.view(model, today: ReportPeriod.day(req.application.clock.now()), ctx: ctx)
    }
}
