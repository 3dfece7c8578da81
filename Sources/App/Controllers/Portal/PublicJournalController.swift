import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// The kommune's public journal (offentlig journal, offentleglova § 10): every journalpost with
/// its public title, searchable by date, service and words, without login; and the access
/// request (innsynskrav), which becomes a case for the records officer (arkivar).
enum PublicJournalController {
    static let pageSize = 50
    /// The service id of access requests: a case type of its own, not a citizen service.
    static let accessRequestService = "innsynskrav"

    struct Filter: Sendable {
        var from: String
        var to: String
        var fromRaw: String
        var toRaw: String
        var service: String?
        var search: String
        var page: Int
        var errors: [String: String]
    }

    static func filter(_ req: Request, now: Date) -> Filter {
        let cal = NorwegianCalendar()
        let t = req.pageContext().t
        var errors: [String: String] = [:]
        let fromRaw = (req.query[String.self, at: "fra"] ?? "").trimmingCharacters(in: .whitespaces)
        let toRaw = (req.query[String.self, at: "til"] ?? "").trimmingCharacters(in: .whitespaces)
        var from = cal.isoDate(cal.addingCalendarDays(-30, to: now)), to = cal.isoDate(now)
        if !fromRaw.isEmpty { if let d = cal.parseDate(fromRaw) { from = cal.isoDate(d) } else { errors["fra"] = t.invalidDate } }
        if !toRaw.isEmpty { if let d = cal.parseDate(toRaw) { to = cal.isoDate(d) } else { errors["til"] = t.invalidDate } }
        let service = req.query[String.self, at: "tjeneste"].flatMap { $0.isEmpty ? nil : $0 }
        let search = String((req.query[String.self, at: "sok"] ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        return Filter(from: from, to: to, fromRaw: fromRaw.isEmpty ? cal.norwegianDate(cal.parseDate(from)!) : fromRaw,
                      toRaw: toRaw.isEmpty ? cal.norwegianDate(cal.parseDate(to)!) : toRaw, service: service, search: search,
                      page: max(1, min(10_000, req.query[Int.self, at: "side"] ?? 1)), errors: errors)
    }

    /// The entries that match, as a query a test can call. Only public fields are read.
    static func entries(_ f: Filter, municipalityID: UUID, on db: any Database) async throws -> (rows: [JournalEntry], total: Int) {
        let q = JournalEntry.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$journalDate >= f.from).filter(\.$journalDate <= f.to)
        if let s = f.service { q.filter(\.$serviceID == s) }
        if !f.search.isEmpty {
            // Public titles only: a word hidden by screening can never be found.
            q.filter(\.$publicTitle, .custom("LIKE"), "%\(f.search.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: ""))%")
        }
        let total = try await q.count()
        let rows = try await q.sort(\.$journalDate, .descending).sort(\.$journalYear, .descending).sort(\.$journalSeq, .descending)
            .range(((f.page - 1) * pageSize)..<(f.page * pageSize))
            .field(\.$id).field(\.$municipalityID).field(\.$journalYear).field(\.$journalSeq).field(\.$saksYear).field(\.$saksSeq)
            .field(\.$documentNumber).field(\.$type).field(\.$publicTitle).field(\.$screeningBasis).field(\.$journalDate).field(\.$serviceID)
            .all()
        return (rows, total)
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let m = try await PortalController.municipality(req)
        let f = filter(req, now: req.application.clock.now())
        let ctx = req.pageContext(kommune: m)
        let t = ctx.t
        let (rows, total) = f.errors.isEmpty ? try await entries(f, municipalityID: m.id, on: req.db) : ([], 0)
        let cal = NorwegianCalendar()
        let catalog = req.application.catalog
        let pages = max(1, (total + pageSize - 1) / pageSize)
        func link(_ p: Int) -> String {
            var q = ["fra=\(SiteURL.query(f.fromRaw))", "til=\(SiteURL.query(f.toRaw))", "side=\(p)"]
            if let s = f.service { q.append("tjeneste=\(SiteURL.query(s))") }
            if !f.search.isEmpty { q.append("sok=\(SiteURL.query(f.search))") }
            return SiteURL.publicJournal(m.number).path + "?" + q.joined(separator: "&")
        }
        return Layout.page(ctx, title: [t.publicJournal], status: f.errors.isEmpty ? .ok : .badRequest) {
            if !f.errors.isEmpty {
                Layout.errorSummary(t.errorSummaryTitle(f.errors.count), f.errors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
            el("h1") { t.publicJournalOf(m.name) }
            el("p", .cls("lead")) { t.publicJournalIntro }
            el("form", .attr("method", "get"), .attr("action", SiteURL.publicJournal(m.number).path), .cls("filters")) {
                for (id, label, value) in [("fra", t.fromDate, f.fromRaw), ("til", t.toDate, f.toRaw)] {
                    el("div", .cls("form-group inline" + (f.errors[id] == nil ? "" : " form-group-error"))) {
                        el("label", .cls("label"), .for(id)) { label }
                        el("div", .cls("hint"), .id("\(id)-hint")) { t.dateHint }
                        if let e = f.errors[id] { el("p", .cls("field-error"), .id("\(id)-error")) { el("span", .cls("visually-hidden")) { "Feil: " }; e } }
                        void("input", .type("text"), .id(id), .name(id), .value(value), .cls("input w-10"), .attr("inputmode", "numeric"),
                             .attr("aria-describedby", f.errors[id] == nil ? "\(id)-hint" : "\(id)-hint \(id)-error"),
                             .attr("aria-invalid", f.errors[id] == nil ? nil : "true"))
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("tjeneste")) { t.services }
                    el("select", .id("tjeneste"), .name("tjeneste"), .cls("input")) {
                        el("option", .value(""), .flag("selected", f.service == nil)) { t.allServices }
                        for s in catalog.services { el("option", .value(s.id), .flag("selected", f.service == s.id)) { s.title[t.lang] } }
                    }
                }
                el("div", .cls("form-group inline")) {
                    el("label", .cls("label"), .for("sok")) { t.searchTitle }
                    void("input", .type("search"), .id("sok"), .name("sok"), .value(f.search), .cls("input w-20"))
                }
                el("button", .type("submit"), .cls("button button-secondary")) { t.show }
            }
            el("p", .attr("role", "status")) { t.entriesFound(total) }
            if rows.isEmpty {
                el("p") { t.noEntries }
            } else {
                el("div", .cls("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", t.publicJournal)) {
                    el("table", .cls("table")) {
                        el("thead") {
                            el("tr") {
                                for h in [t.date, t.journalNumber, t.caseNumber, t.documentType, t.documentTitle, t.screenedBy, ""] {
                                    el("th", .attr("scope", "col")) { h.isEmpty ? el("span", .cls("visually-hidden")) { t.requestAccess } : .text(h) }
                                }
                            }
                        }
                        el("tbody") {
                            for e in rows {
                                el("tr") {
                                    el("td") { cal.parseDate(e.journalDate).map(cal.norwegianDate) ?? e.journalDate }
                                    el("td") { "\(e.journalYear)/\(e.journalSeq)" }
                                    el("td") { "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)" }
                                    el("td") { e.journalpostType == .inbound ? t.inbound : t.outbound }
                                    el("td") { e.publicTitle }
                                    el("td") { e.screeningBasis ?? "" }
                                    el("td") {
                                        el("a", .href(SiteURL.accessRequest(m.number, e.id!).path)) {
                                            t.requestAccess
                                            el("span", .cls("visually-hidden")) { " \(e.journalYear)/\(e.journalSeq)" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if pages > 1 {
                    el("nav", .attr("aria-label", "Sider"), .cls("pagination")) {
                        if f.page > 1 { el("a", .href(link(f.page - 1))) { "‹ \(f.page - 1)" } }
                        el("span") { " \(f.page) / \(pages) " }
                        if f.page < pages { el("a", .href(link(f.page + 1))) { "\(f.page + 1) ›" } }
                    }
                }
            }
        }
    }

    // MARK: - Innsynskrav

    struct RequestForm: Content { var navn: String?; var epost: String?; var melding: String? }

    static func entry(_ req: Request, _ m: Municipality.Snapshot) async throws -> JournalEntry {
        guard let id = req.parameters.get("entry", as: UUID.self),
              let e = try await JournalEntry.query(on: req.db).filter(\.$id == id).filter(\.$municipalityID == m.id).first() else {
            throw RadhusError.notFound("Fant ikke journalposten.")
        }
        return e
    }

    @Sendable static func requestForm(req: Request) async throws -> Page {
        let m = try await PortalController.municipality(req)
        let e = try await entry(req, m)
        return requestPage(req, m, e, form: RequestForm(), errors: [:])
    }

    static func requestPage(_ req: Request, _ m: Municipality.Snapshot, _ e: JournalEntry, form: RequestForm, errors: [String: String]) -> Page {
        let ctx = req.pageContext(kommune: m, forms: true)
        let t = ctx.t
        return Layout.page(ctx, title: [t.accessRequestTitle, t.publicJournal], status: errors.isEmpty ? .ok : .unprocessableEntity) {
            if !errors.isEmpty {
                Layout.errorSummary(t.errorSummaryTitle(errors.count), errors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
            el("h1") { t.accessRequestTitle }
            el("p", .cls("lead")) { t.accessRequestIntro }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow { el("dt") { t.journalNumber }; el("dd") { "\(e.journalYear)/\(e.journalSeq)" } }
                Layout.summaryRow { el("dt") { t.caseNumber }; el("dd") { "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)" } }
                Layout.summaryRow { el("dt") { t.documentTitle }; el("dd") { e.publicTitle } }
            }
            el("form", .attr("method", "post"), .attr("action", SiteURL.accessRequest(m.number, e.id!).path), .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                FormView.textInput(id: "navn", label: t.yourName, hint: nil, value: form.navn ?? "", error: errors["navn"], type: "text",
                                   extra: [.cls("input w-full"), .attr("autocomplete", "name")])
                FormView.textInput(id: "epost", label: t.yourEmail, hint: t.emailForAnswer, value: form.epost ?? "", error: errors["epost"],
                                   type: "email", extra: [.cls("input w-full"), .attr("autocomplete", "email")])
                el("div", .cls("form-group")) {
                    el("label", .cls("label"), .for("melding")) { t.messageOptional }
                    el("textarea", .id("melding"), .name("melding"), .attr("rows", "4"), .cls("input w-full")) { form.melding ?? "" }
                }
                el("button", .type("submit"), .cls("button")) { t.sendRequest }
            }
        }
    }

    @Sendable static func sendRequest(req: Request) async throws -> Response {
        let m = try await PortalController.municipality(req)
        let e = try await entry(req, m)
        let form = (try? req.content.decode(RequestForm.self)) ?? RequestForm()
        let t = req.pageContext().t
        let name = (form.navn ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = (form.epost ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let message = String((form.melding ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(4000))
        var errors: [String: String] = [:]
        if name.isEmpty || name.count > 200 { errors["navn"] = t.nameMissing }
        if !SMTPClient.isPlausibleAddress(email) { errors["epost"] = t.emailInvalid }
        if !errors.isEmpty {
            return try await requestPage(req, m, e, form: RequestForm(navn: name, epost: email, melding: message), errors: errors)
                .encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let cal = NorwegianCalendar()
        // A case of its own in the kommune's case numbering, for the arkivar; answered within
        // three working days as is customary ("uten ugrunnet opphold", offentleglova § 29).
        let answers = ["navn": name, "epost": email, "melding": message, "journalpost": "\(e.journalYear)/\(e.journalSeq)",
                       "dokument": "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)", "tittel": e.publicTitle]
        let json = String(decoding: try JSONEncoder.sorted.encode(ValidatedAnswers(values: answers)), as: UTF8.self)
        let request = CaseLedger.NewCase(municipality: m, serviceID: accessRequestService, serviceVersion: 1, applicant: "",
                                         channel: .digital, answersJSON: json, submittedAt: now,
                                         dueAt: cal.addingWorkingDays(3, to: now), idempotencyKey: nil, actor: "citizen",
                                         detail: "innsynskrav")
        let saksnummer = try await req.writer.write(on: req.db) { tx in try await CaseLedger.create(request, on: tx).saksnummer }
        let ctx = req.pageContext(kommune: m)
        return try await Layout.page(ctx, title: [t.requestReceived]) {
            el("div", .cls("panel-success"), .attr("role", "status")) {
                el("h1") { t.requestReceived }
                el("p") { t.requestReceivedText(saksnummer.description) }
            }
            el("p") { el("a", .href(SiteURL.publicJournal(m.number).path)) { t.publicJournal } }
        }.encodeResponse(for: req)
    }
}
