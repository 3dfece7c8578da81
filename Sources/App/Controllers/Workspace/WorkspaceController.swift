import Fluent
import Foundation
import RadhusCore
import Vapor

/// The caseworker's workspace: the queue of the own kommune, the case page, decisions.
/// Every query goes through the staff member's `TenantScope`.
enum WorkspaceController {
    static let pageSize = 50

    struct QueueFilter: Sendable {
        var service: String?
        var status: String?
        var page: Int
    }

    /// The queue, as a query a test can call without HTTP. Open cases by default, soonest
    /// deadline first.
    static func queue(_ filter: QueueFilter, scope: TenantScope, on db: any Database) async throws -> (cases: [CaseRecord], total: Int) {
        let q = scope.query(CaseRecord.self, on: db)
        if let s = filter.service, !s.isEmpty { q.filter(\.$serviceID == s) }
        switch filter.status {
        case "alle": break
        case let st? where CaseStatus(rawValue: st) != nil: q.filter(\.$status == st)
        default: q.filter(\.$status != CaseStatus.avsluttet.rawValue)
        }
        let total = try await q.count()
        let cases = try await q.sort(\.$dueAt).sort(\.$saksYear).sort(\.$saksSequence)
            .range(((filter.page - 1) * pageSize)..<(filter.page * pageSize)).all()
        return (cases, total)
    }

    @Sendable static func queuePage(req: Request) async throws -> Page {
        let staff = try req.requireStaff()
        guard staff.role.mayReadCases else { throw RadhusError.forbidden("Rollen din gir ikke tilgang til saker.") }
        let filter = QueueFilter(service: req.query[String.self, at: "tjeneste"], status: req.query[String.self, at: "status"],
                                 page: max(1, min(10_000, req.query[Int.self, at: "side"] ?? 1)))
        let (cases, total) = try await queue(filter, scope: staff.scope, on: req.db)
        let ctx = req.pageContext(area: .staff)
        let offered = try await req.services.offered(municipalityID: staff.municipality.id, on: req.db)
        let now = req.application.clock.now()
        let cal = NorwegianCalendar()
        let t = Strings(.nb)
        let pages = max(1, (total + pageSize - 1) / pageSize)
        func pageLink(_ p: Int) -> String {
            SiteURL.queue(service: filter.service, status: filter.status).path + (filter.service == nil && filter.status == nil ? "?" : "&") + "side=\(p)"
        }
        return Layout.page(ctx, title: ["Saker"]) {
            el("h1") { "Saker i \(staff.municipality.name)" }
            if staff.role.mayRegisterPaper { el("p") { el("a", .href(SiteURL.paper.path)) { "Registrer en søknad som kom på papir" } } }
            el("form", .attr("method", "get"), .attr("action", SiteURL.queue(service: nil, status: nil).path), .cls("filters")) {
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("f-tjeneste")) { "Tjeneste" }
                    el("select", .id("f-tjeneste"), .name("tjeneste"), .cls("input")) {
                        el("option", .value(""), .flag("selected", filter.service == nil || filter.service == "")) { "Alle tjenester" }
                        for s in offered {
                            el("option", .value(s.id), .flag("selected", filter.service == s.id)) { s.title.nb }
                        }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("f-status")) { "Status" }
                    el("select", .id("f-status"), .name("status"), .cls("input")) {
                        el("option", .value(""), .flag("selected", filter.status == nil || filter.status == "")) { "Alle åpne" }
                        for st in CaseStatus.allCases {
                            el("option", .value(st.rawValue), .flag("selected", filter.status == st.rawValue)) { t.statusLabel(st) }
                        }
                        el("option", .value("alle"), .flag("selected", filter.status == "alle")) { "Alle" }
                    }
                }
                el("button", .type("submit"), .cls("button button-secondary")) { "Filtrer" }
            }
            el("p", .attr("role", "status")) { "\(total) saker" }
            if cases.isEmpty {
                el("p") { "Ingen saker passer med filteret." }
            } else {
                el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Saksliste")) {
                    el("table", .cls("table")) {
                        el("caption", .cls("visually-hidden")) { "Saker sortert etter frist, tidligste først" }
                        el("thead") {
                            el("tr") {
                                for h in ["Saksnummer", "Tjeneste", "Status", "Mottatt", "Frist"] { el("th", .attr("scope", "col")) { h } }
                            }
                        }
                        el("tbody") {
                            for c in cases {
                                let overdue = c.caseStatus != .avsluttet && c.dueAt < now
                                el("tr", .cls(overdue ? "overdue" : "")) {
                                    el("td") { el("a", .href(SiteURL.staffCase(c.id!).path)) { c.saksnummer.description } }
                                    el("td") { req.services.title(of: c.serviceID)?.nb ?? c.serviceID }
                                    el("td") { Layout.statusTag(c.caseStatus, t) }
                                    el("td") { cal.norwegianDate(c.submittedAt) }
                                    el("td") {
                                        cal.norwegianDate(c.dueAt)
                                        if overdue { " "; el("span", .cls("tag tag-overdue")) { "Over fristen" } }
                                    }
                                }
                            }
                        }
                    }
                }
                if pages > 1 {
                    el("nav", .attr("aria-label", "Sider"), .cls("pagination")) {
                        if filter.page > 1 { el("a", .href(pageLink(filter.page - 1))) { "Forrige side" } }
                        el("span") { " Side \(filter.page) av \(pages) " }
                        if filter.page < pages { el("a", .href(pageLink(filter.page + 1))) { "Neste side" } }
                    }
                }
            }
        }
    }

    static func caseID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("case", as: UUID.self) else { throw RadhusError.notFound("Fant ikke saken.") }
        return id
    }

    static func service(_ req: Request) -> CaseworkService {
        CaseworkService(db: req.db, writer: req.writer, clock: req.application.clock, services: req.services)
    }

    @Sendable static func casePage(req: Request) async throws -> Page {
        let staff = try req.requireStaff()
        let record = try await service(req).open(caseID: try caseID(req), by: staff)
        return try await render(req, staff: staff, record: record, revealed: false, draft: nil, problems: [],
                                decidedNow: req.query[String.self, at: "melding"] == "vedtak",
                                stoppedNow: req.query[String.self, at: "melding"] == "stoppet")
    }

    /// Shows the whole fødselsnummer, on purpose, and logs that it was shown.
    @Sendable static func reveal(req: Request) async throws -> Page {
        let staff = try req.requireStaff()
        let record = try await service(req).open(caseID: try caseID(req), by: staff, revealIdentity: true)
        return try await render(req, staff: staff, record: record, revealed: true, draft: nil, problems: [], decidedNow: false)
    }

    struct DecisionForm: Content { var utfall: String?; var begrunnelse: String?; var hjemmel: String?; var digitalt: String? }

    @Sendable static func decide(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let id = try caseID(req)
        let form = (try? req.content.decode(DecisionForm.self)) ?? DecisionForm()
        let draft = DecisionDraft(outcomeID: form.utfall ?? "", reasons: form.begrunnelse ?? "", legalBasis: form.hjemmel ?? "",
                                  digitalOnly: form.digitalt == "ja")
        switch try await service(req).decide(caseID: id, draft: draft, by: staff) {
        case .decided:
            req.logger.info("case decided", metadata: ["case": .string(id.uuidString)])
            return req.redirect(to: SiteURL.staffCase(id).path + "?melding=vedtak", redirectType: .normal)
        case .invalid(let problems):
            let record = try await service(req).open(caseID: id, by: staff)
            let page = try await render(req, staff: staff, record: record, revealed: false, draft: draft, problems: problems, decidedNow: false)
            return try await page.encodeResponse(for: req)
        }
    }

    struct CorrectionForm: Content { var journalpost: String?; var tekst: String? }

    /// A corrected version of a filed document: a new row, the old one untouched.
    @Sendable static func correctDocument(req: Request) async throws -> Response {
        let staff = try req.requireStaff(\.mayCorrectDocuments, otherwise: "Rollen din kan ikke rette dokumenter.")
        let caseID = try caseID(req)
        let form = (try? req.content.decode(CorrectionForm.self)) ?? CorrectionForm()
        let text = (form.tekst ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let entryID = form.journalpost.flatMap(UUID.init(uuidString:)) else { throw RadhusError.badRequest("Velg dokumentet som skal rettes.") }
        guard !text.isEmpty, text.count <= 100_000 else { throw RadhusError.badRequest("Skriv den rettede teksten (høyst 100 000 tegn).") }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            guard let entry = try await staff.scope.query(JournalEntry.self, on: tx).filter(\.$id == entryID).filter(\.$caseID == caseID).first() else {
                throw RadhusError.notFound("Fant ikke dokumentet.")
            }
            let last = try await JournalDocument.query(on: tx).filter(\.$journalEntryID == entry.id!).sort(\.$version, .descending).first()
            let content = Data((text + "\n").utf8)
            let doc = JournalDocument()
            doc.journalEntryID = entry.id!; doc.municipalityID = staff.municipality.id; doc.version = (last?.version ?? 0) + 1
            doc.title = entry.title; doc.format = "RA-TEKST"; doc.mime = "text/plain; charset=utf-8"; doc.size = content.count
            doc.sha256 = HashChain.digest(content); doc.content = content; doc.createdAt = JournalChain.timestamp(now)
            try await doc.create(on: tx)
        }
        return req.redirect(to: SiteURL.staffCase(caseID).path, redirectType: .normal)
    }

    static func problemText(_ p: DecisionDraft.Problem) -> String {
        switch p {
        case .outcomeMissing: "Velg utfall: innvilget eller avslått"
        case .reasonsMissing: "Skriv begrunnelsen: reglene, faktum og hovedhensynene (minst 10 tegn)"
        case .reasonsTooLong: "Begrunnelsen kan ha høyst 8000 tegn"
        case .legalBasisMissing: "Skriv hjemmelen vedtaket bygger på"
        }
    }

    static func render(_ req: Request, staff: StaffContext, record: CaseRecord, revealed: Bool, draft: DecisionDraft?,
                       problems: [DecisionDraft.Problem], decidedNow: Bool, stoppedNow: Bool = false) async throws -> Page {
        let caseID = try record.requireID()
        let events = try await staff.scope.query(CaseEventRecord.self, on: req.db).filter(\.$caseID == caseID).sort(\.$at).all()
        let decision = try await staff.scope.query(DecisionRecord.self, on: req.db).filter(\.$caseID == caseID).first()
        let evaluation = try await staff.scope.query(RuleEvaluationRecord.self, on: req.db).filter(\.$caseID == caseID).first()
        let journal = try await staff.scope.query(JournalEntry.self, on: req.db).filter(\.$caseID == caseID).sort(\.$documentNumber).all()
        var versions: [UUID: [JournalDocument]] = [:]
        for d in try await staff.scope.query(JournalDocument.self, on: req.db).filter(\.$journalEntryID ~~ journal.map { $0.id! })
            .field(\.$id).field(\.$journalEntryID).field(\.$municipalityID).field(\.$version).field(\.$sha256).field(\.$size).field(\.$createdAt)
            .all() { versions[d.journalEntryID, default: []].append(d) }
        let trails = DispatchView.trails(
            letters: try await staff.scope.query(LetterRecord.self, on: req.db).filter(\.$caseID == caseID).sort(\.$createdAt).all(),
            shipments: try await staff.scope.query(ShipmentRecord.self, on: req.db).filter(\.$caseID == caseID).all(),
            events: try await staff.scope.query(ShipmentEventRecord.self, on: req.db).filter(\.$caseID == caseID).all())
        let service = try await req.services.forCase(serviceID: record.serviceID, version: record.serviceVersion,
                                                     municipalityID: staff.municipality.id, on: req.db)
        let ctx = req.pageContext(area: .staff)
        let t = Strings(.nb)
        let cal = NorwegianCalendar()
        let fnr = try? Fodselsnummer(record.applicantFnr, policy: req.application.radhusConfig.identityPolicy)
        let now = req.application.clock.now()
        return Layout.page(ctx, title: ["Sak \(record.saksnummer)"], status: problems.isEmpty ? .ok : .unprocessableEntity) {
            if !problems.isEmpty {
                Layout.errorSummary(t.errorSummaryTitle(problems.count), problems.map { ($0.inputID, problemText($0)) })
            }
            if decidedNow {
                el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { "Vedtaket er fattet, og brevet ligger i innbyggerens innboks." } }
            }
            if stoppedNow {
                el("div", .cls("panel-success"), .attr("role", "status")) { el("p") { "Forsendelsen er stoppet. Brevet sendes ikke på papir; håndter det manuelt." } }
            }
            el("h1") { "Sak \(record.saksnummer): \(service?.title.nb ?? record.serviceID)" }
            el("p") {
                Layout.statusTag(record.caseStatus, t)
                if record.caseStatus != .avsluttet && record.dueAt < now { " "; el("span", .cls("tag tag-overdue")) { "Over fristen" } }
            }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow {
                    el("dt") { "Søkerens fødselsnummer" }
                    el("dd") { revealed ? record.applicantFnr : (fnr?.masked ?? "*****") }
                    el("dd", .cls("summary-action")) {
                        if !revealed {
                            el("form", .attr("method", "post"), .attr("action", SiteURL.revealIdentity(caseID).path), .cls("inline-form")) {
                                Layout.csrfField(ctx.csrf)
                                el("button", .type("submit"), .cls("link-button")) { "Vis hele fødselsnummeret (logges)" }
                            }
                        }
                    }
                }
                Layout.summaryRow { el("dt") { "Mottatt" }; el("dd") { cal.norwegianDateTime(record.submittedAt) } }
                Layout.summaryRow { el("dt") { "Frist" }; el("dd") { cal.norwegianDate(record.dueAt) } }
                Layout.summaryRow { el("dt") { "Kanal" }; el("dd") { record.channel == "paper" ? "Papir" : "Digital" } }
            }
            el("h2") { "Søknaden" }
            if let service {
                el("dl", .cls("summary-list")) {
                    for field in service.fields {
                        if let v = FormView.displayValue(field, answers: record.answers.values, kommune: staff.municipality.number, t: t) {
                            Layout.summaryRow {
                                el("dt") { field.label.nb }
                                el("dd") { field.type == .person && !revealed ? ((try? Fodselsnummer(v, policy: req.application.radhusConfig.identityPolicy))?.masked ?? v) : v }
                            }
                        }
                    }
                }
            }
            if let criteria = service?.local?.criteria {
                el("h2") { "Kommunens retningslinjer for \(service?.title.nb.lowercasedFirst ?? "tjenesten")" }
                for paragraph in criteria.components(separatedBy: "\n\n") { el("p") { paragraph } }
            }
            if let evaluation, let service {
                ruleSection(evaluation, service: service)
            }
            if let decision {
                el("h2") { "Vedtak" }
                el("dl", .cls("summary-list")) {
                    Layout.summaryRow { el("dt") { "Utfall" }; el("dd") { service?.outcome(decision.outcome)?.label.nb ?? decision.outcome } }
                    Layout.summaryRow { el("dt") { "Begrunnelse" }; el("dd") { decision.reasons } }
                    Layout.summaryRow { el("dt") { "Hjemmel" }; el("dd") { decision.legalBasis } }
                    Layout.summaryRow { el("dt") { "Fattet av" }; el("dd") { decision.automated ? "Automatisk" : decision.decidedByName } }
                    Layout.summaryRow { el("dt") { "Dato" }; el("dd") { cal.norwegianDateTime(decision.decidedAt) } }
                }
            } else if let service, staff.role.mayDecide {
                decisionForm(caseID: caseID, service: service, draft: draft, problems: problems, csrf: ctx.csrf)
            }
            if !trails.isEmpty {
                el("h2") { "Brev og utsending" }
                for trail in trails {
                    el("section", .cls("card"), .attr("aria-label", "Brev: \(trail.letter.title)")) {
                        el("h3") { trail.letter.title }
                        for (shipment, events) in trail.shipments {
                            el("p") { DispatchView.channelLabel(shipment.shipmentChannel, t); ": "; DispatchView.statusTag(shipment.shipmentStatus, t) }
                            DispatchView.events(events, t: t, showDetail: true)
                            if let due = shipment.printDueAt, shipment.action == .print, shipment.shipmentStatus != .sendtPrint {
                                el("p", .cls("muted")) { "Sendes på papir \(cal.norwegianDateTime(due)) hvis brevet ikke er åpnet." }
                            }
                            if shipment.shipmentStatus.canBeStopped && staff.role.mayStopLetters {
                                el("form", .attr("method", "post"), .attr("action", SiteURL.stopShipment(case: caseID, shipment: shipment.id!).path)) {
                                    Layout.csrfField(ctx.csrf)
                                    el("button", .type("submit"), .cls("button button-secondary")) { "Stopp før utskrift (håndteres manuelt)" }
                                }
                            }
                        }
                    }
                }
            }
            if !journal.isEmpty {
                el("h2") { "Journal (Noark 5)" }
                el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", "Journalposter i saken")) {
                    el("table", .cls("table")) {
                        el("thead") {
                            el("tr") { for h in ["Dokument", "Journalpost", "Type", "Tittel", "Offentlig tittel", "Versjoner"] { el("th", .attr("scope", "col")) { h } } }
                        }
                        el("tbody") {
                            for e in journal {
                                let docs = (versions[e.id!] ?? []).sorted { $0.version < $1.version }
                                el("tr") {
                                    el("td") { "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)" }
                                    el("td") { "\(e.journalYear)/\(e.journalSeq)" }
                                    el("td") { e.journalpostType.noarkName }
                                    el("td") { e.title }
                                    el("td") { e.publicTitle + (e.screeningBasis.map { " (skjermet: \($0))" } ?? "") }
                                    el("td") { docs.map { "v\($0.version) · SHA-256 \($0.sha256.prefix(12))…" }.joined(separator: ", ") }
                                }
                            }
                        }
                    }
                }
                if staff.role.mayCorrectDocuments {
                    el("details", .cls("card")) {
                        el("summary") { "Registrer en rettet versjon av et dokument" }
                        el("p") { "Et registrert dokument endres aldri. En rettelse blir en ny versjon ved siden av den gamle, og står i endringsloggen." }
                        el("form", .attr("method", "post"), .attr("action", SiteURL.correctDocument(caseID).path)) {
                            Layout.csrfField(ctx.csrf)
                            el("div", .cls("form-group")) {
                                el("label", .cls("label"), .for("f-journalpost")) { "Dokument" }
                                el("select", .id("f-journalpost"), .name("journalpost"), .cls("input")) {
                                    for e in journal { el("option", .value(e.id!.uuidString.lowercased())) { "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber) \(e.title)" } }
                                }
                            }
                            el("div", .cls("form-group")) {
                                el("label", .cls("label"), .for("f-tekst")) { "Rettet tekst" }
                                el("textarea", .id("f-tekst"), .name("tekst"), .attr("rows", "6"), .cls("input w-full")) { "" }
                            }
                            el("button", .type("submit"), .cls("button button-secondary")) { "Registrer ny versjon" }
                        }
                    }
                }
            }
            el("h2") { "Tidslinje" }
            Layout.timeline(events, t: t, showStaff: true)
            el("p") { el("a", .href(SiteURL.queue(service: nil, status: nil).path)) { "Tilbake til sakslisten" } }
        }
    }

    /// What the rules said: the mode, the suggestion, which rules matched, and on what facts.
    static func ruleSection(_ e: RuleEvaluationRecord, service: ServiceDefinition) -> Node {
        let rules = RulesService.decodeTrace(e.traceJSON)
        let inputs = (try? RulesService.decodeInputs(e.inputsJSON)) ?? [:]
        let modeText = ["off": "av", "shadow": "skygge (reglene foreslår, du avgjør)", "on": "på (reglene avgjør klare saker)"][e.mode] ?? e.mode
        return el("section", .attr("aria-labelledby", "regler-heading")) {
            el("h2", .id("regler-heading")) { "Regelvurdering" }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow { el("dt") { "Automatisering" }; el("dd") { modeText } }
                Layout.summaryRow {
                    el("dt") { "Reglenes forslag" }
                    el("dd") {
                        e.suggestedOutcome.flatMap { service.outcome($0)?.label.nb } ?? "Ingen – en saksbehandler må vurdere saken"
                        if e.automated { " (vedtak fattet automatisk)" }
                        if let agreed = e.agreed { agreed ? " – saksbehandler var enig" : " – saksbehandler kom til et annet resultat" }
                    }
                }
                Layout.summaryRow {
                    el("dt") { "Regler som slo til" }
                    el("dd") { rules.isEmpty ? "Ingen" : rules.map { "Regel \($0.index): \($0.annotation ?? $0.id ?? "")" }.joined(separator: "\n") }
                }
                Layout.summaryRow {
                    el("dt") { "Opplysninger brukt" }
                    el("dd") { inputs.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.plainText)" }.joined(separator: "\n") }
                }
                Layout.summaryRow { el("dt") { "Regelversjon" }; el("dd") { String(e.modelHash.prefix(12)) } }
            }
        }
    }

    static func decisionForm(caseID: UUID, service: ServiceDefinition, draft: DecisionDraft?, problems: [DecisionDraft.Problem], csrf: String) -> Node {
        func error(_ inputID: String) -> Node? {
            let ps = problems.filter { $0.inputID == inputID }
            guard !ps.isEmpty else { return nil }
            return el("p", .cls("field-error"), .id("f-\(inputID)-error")) { ps.map(problemText).joined(separator: ". ") }
        }
        let hasErr = { (id: String) in problems.contains { $0.inputID == id } }
        return el("section", .attr("aria-labelledby", "vedtak-heading"), .cls("decision-form")) {
            el("h2", .id("vedtak-heading")) { "Fatt vedtak" }
            el("form", .attr("method", "post"), .attr("action", SiteURL.decide(caseID).path), .attr("novalidate", "")) {
                Layout.csrfField(csrf)
                el("div", .cls("form-group" + (hasErr("utfall") ? " form-group-error" : ""))) {
                    el("fieldset", .id("f-utfall"), .attr("aria-describedby", hasErr("utfall") ? "f-utfall-error" : nil)) {
                        el("legend", .cls("label")) { "Utfall" }
                        if let e = error("utfall") { e }
                        el("div", .cls("radios")) {
                            for (i, o) in service.outcomes.enumerated() {
                                el("div", .cls("radio")) {
                                    void("input", .type("radio"), .name("utfall"), .value(o.id), .id("f-utfall-\(i)"),
                                         .flag("checked", draft?.outcomeID == o.id))
                                    el("label", .for("f-utfall-\(i)")) { o.label.nb }
                                }
                            }
                        }
                    }
                }
                el("div", .cls("form-group" + (hasErr("begrunnelse") ? " form-group-error" : ""))) {
                    el("label", .cls("label"), .for("f-begrunnelse")) { "Begrunnelse" }
                    el("div", .cls("hint"), .id("f-begrunnelse-hint")) { "Reglene vedtaket bygger på, faktum du har lagt til grunn, og hovedhensynene (forvaltningsloven §§ 24–25)." }
                    if let e = error("begrunnelse") { e }
                    el("textarea", .id("f-begrunnelse"), .name("begrunnelse"), .attr("rows", "6"), .cls("input w-full"),
                       .attr("aria-describedby", hasErr("begrunnelse") ? "f-begrunnelse-hint f-begrunnelse-error" : "f-begrunnelse-hint"),
                       .attr("aria-invalid", hasErr("begrunnelse") ? "true" : nil)) { draft?.reasons ?? "" }
                }
                el("div", .cls("form-group" + (hasErr("hjemmel") ? " form-group-error" : ""))) {
                    el("label", .cls("label"), .for("f-hjemmel")) { "Hjemmel" }
                    if let e = error("hjemmel") { e }
                    void("input", .type("text"), .id("f-hjemmel"), .name("hjemmel"), .value(draft?.legalBasis ?? service.legalBasis),
                         .cls("input w-full"), .attr("aria-invalid", hasErr("hjemmel") ? "true" : nil),
                         .attr("aria-describedby", hasErr("hjemmel") ? "f-hjemmel-error" : nil))
                }
                el("div", .cls("form-group")) {
                    el("div", .cls("checkbox")) {
                        void("input", .type("checkbox"), .id("f-digitalt"), .name("digitalt"), .value("ja"), .flag("checked", draft?.digitalOnly ?? false))
                        el("label", .for("f-digitalt")) { "Bare digitalt: send ikke brevet på papir selv om det ikke blir åpnet" }
                    }
                }
                el("p", .cls("muted")) { "Brevet får med klageadgang (3 uker, forvaltningsloven § 29) og ditt navn." }
                el("button", .type("submit"), .cls("button")) { "Fatt vedtak og send brev" }
            }
        }
    }
}
