import Fluent
import Foundation
import RadhusCore
import Vapor

/// The citizen portal: choose kommune and service, apply, follow the case, read letters.
enum PortalController {
    /// Looks up a kommune by kommunenummer from the path; an unknown one is a 404 page.
    static func municipality(_ req: Request) async throws -> Municipality.Snapshot {
        let number = req.parameters.get("kommune") ?? ""
        guard (try? Kommunenummer(number)) != nil, let m = try await Municipality.snapshot(number: number, on: req.db) else {
            throw RadhusError.notFound("Vi fant ingen kommune med nummer «\(number)» i Radhus.")
        }
        return m
    }

    /// The service as this kommune offers it (the version it uses, its own parts); a service
    /// the kommune has not adopted is not found there.
    static func service(_ req: Request, _ m: Municipality.Snapshot) async throws -> ServiceDefinition {
        let id = req.parameters.get("service") ?? ""
        guard let s = try await req.services.offered(municipalityID: m.id, id: id, on: req.db) else {
            throw RadhusError.notFound("\(m.name) tilbyr ingen tjeneste som heter «\(id)» i Radhus.")
        }
        return s
    }

    @Sendable static func home(req: Request) async throws -> Page {
        let ctx = req.pageContext()
        let t = ctx.t
        let kommuner = try await Municipality.query(on: req.db).sort(\.$name).all()
        return Layout.page(ctx, title: [t.homeTitle]) {
            el("h1") { t.homeTitle }
            el("p", .cls("lead")) { t.homeIntro }
            el("h2") { t.chooseKommune }
            el("ul", .cls("card-list")) {
                for k in kommuner {
                    el("li", .cls("card")) {
                        el("a", .href(SiteURL.kommune(k.number).path), .cls("card-link")) { k.name }
                        el("p", .cls("muted")) { "Kommunenummer \(k.number)" }
                    }
                }
            }
            el("p") { el("a", .href(SiteURL.staffLogin.path)) { t.staffEntrance } }
        }
    }

    @Sendable static func kommune(req: Request) async throws -> Page {
        let m = try await municipality(req)
        let ctx = req.pageContext(kommune: m)
        let t = ctx.t
        let offered = try await req.services.offered(municipalityID: m.id, on: req.db)
        return Layout.page(ctx, title: [t.services]) {
            el("h1") { t.servicesIn(m.name) }
            el("ul", .cls("card-list")) {
                for s in offered {
                    el("li", .cls("card")) {
                        el("h2", .cls("card-title")) {
                            el("a", .href(SiteURL.service(kommune: m.number, service: s.id).path), .cls("card-link")) { s.title[t.lang] }
                        }
                        el("p") { s.summary[t.lang] }
                    }
                }
            }
            el("p") { el("a", .href(SiteURL.publicJournal(m.number).path)) { t.publicJournalOf(m.name) } }
        }
    }

    /// The service's start page: what it is, who can apply, what you need, how long it
    /// takes, when you get an answer, and one Start button.
    @Sendable static func serviceStart(req: Request) async throws -> Page {
        let m = try await municipality(req)
        let s = try await service(req, m)
        let ctx = req.pageContext(kommune: m)
        let t = ctx.t
        return Layout.page(ctx, title: [s.title[t.lang]]) {
            el("h1") { s.title[t.lang] }
            el("p", .cls("lead")) { s.summary[t.lang] }
            el("h2") { t.whoCanApply }
            el("p") { s.whoCanApply[t.lang] }
            if let need = s.youNeed {
                el("h2") { t.youNeed }
                el("p") { need[t.lang] }
            }
            if let criteria = s.local?.criteria {
                el("h2") { t.localGuidelines(m.name) }
                for paragraph in criteria.components(separatedBy: "\n\n") { el("p") { paragraph } }
            }
            if let minutes = s.minutesToFill { el("p") { t.minutes(minutes) } }
            el("p") { t.answerWithin(s.deadline) }
            if let contact = s.local?.contact { el("p") { "\(t.contactUs): \(contact)" } }
            el("a", .href(SiteURL.form(kommune: m.number, service: s.id).path), .cls("button button-start"), .attr("role", "button")) {
                t.startNow
            }
            el("p", .cls("muted")) { "\(t.legalBasis): \(s.legalBasis)" }
        }
    }

    // MARK: - The form

    static func draftKey(_ m: Municipality.Snapshot, _ s: ServiceDefinition) -> String { "draft.\(m.number).\(s.id)" }
    static func tokenKey(_ m: Municipality.Snapshot, _ s: ServiceDefinition) -> String { "token.\(m.number).\(s.id)" }

    static func draft(_ req: Request, _ m: Municipality.Snapshot, _ s: ServiceDefinition) -> [String: String]? {
        req.session.data[draftKey(m, s)].flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
    }

    static func validator(_ req: Request, _ m: Municipality.Snapshot) -> FormValidator {
        FormValidator(policy: req.application.radhusConfig.identityPolicy, kommune: m.number, today: req.application.clock.now())
    }

    @Sendable static func form(req: Request) async throws -> Page {
        let m = try await municipality(req)
        let s = try await service(req, m)
        return formPage(req, m, s, values: draft(req, m, s) ?? [:], errors: [])
    }

    static func formPage(_ req: Request, _ m: Municipality.Snapshot, _ s: ServiceDefinition,
                         values: [String: String], errors: [FieldError]) -> Page {
        let ctx = req.pageContext(kommune: m)
        let t = ctx.t
        let title = (errors.isEmpty ? [] : [t.lang == .nb ? "Feil" : "Error"]) + [s.title[t.lang]]
        return Layout.page(ctx, title: title, status: errors.isEmpty ? .ok : .unprocessableEntity) {
            if !errors.isEmpty {
                Layout.errorSummary(t.errorSummaryTitle(errors.count), errors.map { ($0.inputID, t.message($0)) })
            }
            el("h1") { s.title[t.lang] }
            el("form", .attr("method", "post"), .attr("action", SiteURL.form(kommune: m.number, service: s.id).path),
               .attr("novalidate", "")) {
                Layout.csrfField(ctx.csrf)
                FormView.fields(s, kommune: m.number, values: values, errors: errors, t: t)
                el("button", .type("submit"), .cls("button")) { t.continueButton }
            }
        }
    }

    /// Checks the answers; errors come back on the same page, with everything typed kept.
    @Sendable static func submitForm(req: Request) async throws -> Response {
        let m = try await municipality(req)
        let s = try await service(req, m)
        var input = (try? req.content.decode([String: String].self)) ?? [:]
        input[CSRFMiddleware.field] = nil
        switch validator(req, m).validate(s, input: input) {
        case .failure(let errors):
            return try await formPage(req, m, s, values: input, errors: errors).encodeResponse(for: req)
        case .success(let answers):
            req.session.data[draftKey(m, s)] = String(decoding: try JSONEncoder.sorted.encode(answers.values), as: UTF8.self)
            // A new token for each checked draft: sending it twice gives one case.
            req.session.data[tokenKey(m, s)] = UUID().uuidString
            return req.redirect(to: SiteURL.check(kommune: m.number, service: s.id).path, redirectType: .normal)
        }
    }

    @Sendable static func check(req: Request) async throws -> Response {
        let m = try await municipality(req)
        let s = try await service(req, m)
        guard let answers = draft(req, m, s), let token = req.session.data[tokenKey(m, s)] else {
            return req.redirect(to: SiteURL.form(kommune: m.number, service: s.id).path)
        }
        let ctx = req.pageContext(kommune: m)
        let t = ctx.t
        let formPath = SiteURL.form(kommune: m.number, service: s.id).path
        return try await Layout.page(ctx, title: [t.checkTitle, s.title[t.lang]]) {
            el("h1") { t.checkTitle }
            el("dl", .cls("summary-list")) {
                for field in s.fields {
                    if let value = FormView.displayValue(field, answers: answers, kommune: m.number, t: t) {
                        Layout.summaryRow {
                            el("dt") { field.label[t.lang] }
                            el("dd") { value }
                            el("dd", .cls("summary-action")) {
                                el("a", .href(formPath + "#" + FormView.domID(field.type == .address ? field.id + ".gate" : field.id))) {
                                    t.change
                                    el("span", .cls("visually-hidden")) { " " + field.label[t.lang].lowercasedFirst }
                                }
                            }
                        }
                    }
                }
            }
            el("p") { t.sendDeclaration }
            el("form", .attr("method", "post"), .attr("action", SiteURL.send(kommune: m.number, service: s.id).path)) {
                Layout.csrfField(ctx.csrf)
                void("input", .type("hidden"), .name("token"), .value(token))
                el("button", .type("submit"), .cls("button")) { t.sendApplication }
            }
        }.encodeResponse(for: req)
    }

    /// Sends the checked application. The token makes a repeated send (double click, back
    /// button, retry after a lost response) return the first receipt instead of a new case.
    @Sendable static func send(req: Request) async throws -> Response {
        let m = try await municipality(req)
        let s = try await service(req, m)
        let applicant = try req.requireCitizen()
        struct Body: Content { var token: String? }
        let token = (try? req.content.decode(Body.self))?.token ?? ""
        guard !token.isEmpty, token.count <= 100 else { throw RadhusError.badRequest("Innsendingen mangler nøkkel. Gå tilbake og send på nytt.") }
        guard let draftValues = draft(req, m, s), req.session.data[tokenKey(m, s)] == token else {
            // No draft: most often this form was sent already (the draft goes with the first
            // send), so answer with that receipt. SubmissionService checks the token again for
            // two sends that arrive at once, both with the draft.
            if let existing = try await SubmissionService.existing(key: token, applicant: applicant, on: req.db) {
                return req.redirect(to: SiteURL.receipt(existing.caseID).path, redirectType: .normal)
            }
            return req.redirect(to: SiteURL.form(kommune: m.number, service: s.id).path, redirectType: .normal)
        }
        guard case .success(let answers) = validator(req, m).validate(s, input: draftValues) else {
            // The answers were valid when checked, but a date range may have moved on since.
            return req.redirect(to: SiteURL.form(kommune: m.number, service: s.id).path, redirectType: .normal)
        }
        let receipt = try await req.submissions(for: s).submit(SubmitApplication(
            municipality: m, service: s, applicant: applicant, answers: answers, channel: .digital, idempotencyKey: token))
        req.session.data[draftKey(m, s)] = nil
        req.logger.info("application submitted", metadata: ["case": .string(receipt.caseID.uuidString), "service": .string(s.id), "kommune": .string(m.number)])
        return req.redirect(to: SiteURL.receipt(receipt.caseID).path, redirectType: .normal)
    }

    // MARK: - Following cases

    /// The signed-in citizen's own case, or 404 (someone else's case is not found, not forbidden).
    static func ownCase(_ req: Request) async throws -> CaseRecord {
        let fnr = try req.requireCitizen()
        guard let id = req.parameters.get("case", as: UUID.self),
              let c = try await CaseRecord.query(on: req.db).filter(\.$id == id).filter(\.$applicantFnr == fnr.value).first() else {
            throw RadhusError.notFound("Fant ikke saken.")
        }
        return c
    }

    @Sendable static func receipt(req: Request) async throws -> Page {
        let c = try await ownCase(req)
        guard let m = try await Municipality.find(c.municipalityID, on: req.db) else { throw RadhusError.notFound("Fant ikke saken.") }
        let ctx = req.pageContext(kommune: try m.snapshot())
        let t = ctx.t
        let cal = NorwegianCalendar()
        let s = try await req.services.entry(c.serviceID, version: c.serviceVersion, on: req.db)?.definition
        return Layout.page(ctx, title: [t.receiptTitle]) {
            el("div", .cls("panel-confirmation")) {
                el("h1") { t.receiptTitle }
                el("p") { t.yourCaseNumber; el("br"); el("strong", .cls("case-number")) { c.saksnummer.description } }
            }
            if let s { el("p") { "\(t.service): \(s.title[t.lang])" } }
            el("h2") { t.whatNext }
            if c.caseStatus == .avsluttet {
                el("p") { t.decidedAutomatically }
                el("p") { el("a", .href(SiteURL.inbox.path)) { t.readDecision } }
            } else {
                el("p") { t.nextSteps(m.name, cal.norwegianDate(c.dueAt)) }
            }
            el("p") { el("a", .href(SiteURL.myCase(c.id!).path)) { t.followCase } }
        }
    }

    @Sendable static func myCases(req: Request) async throws -> Page {
        let fnr = try req.requireCitizen()
        let cases = try await CaseRecord.query(on: req.db).filter(\.$applicantFnr == fnr.value).sort(\.$submittedAt, .descending).all()
        let municipalities = try await Municipality.query(on: req.db).all()
        let names = Dictionary(uniqueKeysWithValues: municipalities.map { ($0.id!, $0.name) })
        let ctx = req.pageContext()
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [t.myCases]) {
            el("h1") { t.myCases }
            if cases.isEmpty {
                el("p") { t.noCases }
            } else {
                el("ul", .cls("case-list")) {
                    for c in cases {
                        el("li", .cls("card")) {
                            el("h2", .cls("card-title")) {
                                el("a", .href(SiteURL.myCase(c.id!).path)) {
                                    (req.services.title(of: c.serviceID)?[t.lang] ?? c.serviceID) + " – " + c.saksnummer.description
                                }
                            }
                            el("p") { Layout.statusTag(c.caseStatus, t) }
                            el("p", .cls("muted")) {
                                "\(names[c.municipalityID] ?? "") · \(t.submitted) \(cal.norwegianDate(c.submittedAt)) · \(t.answerBy) \(cal.norwegianDate(c.dueAt))"
                            }
                        }
                    }
                }
            }
        }
    }

    @Sendable static func myCase(req: Request) async throws -> Page {
        let c = try await ownCase(req)
        let caseID = try c.requireID()
        guard let m = try await Municipality.find(c.municipalityID, on: req.db) else { throw RadhusError.notFound("Fant ikke saken.") }
        let events = try await CaseEventRecord.query(on: req.db).filter(\.$caseID == caseID).sort(\.$at).all()
        let letters = try await LetterRecord.query(on: req.db).filter(\.$caseID == caseID).filter(\.$recipientFnr == c.applicantFnr)
            .sort(\.$createdAt).all()
        let looks = try await AccessLogEntry.query(on: req.db).filter(\.$caseID == caseID).sort(\.$at).all()
        let trails = DispatchView.trails(
            letters: letters,
            shipments: try await ShipmentRecord.query(on: req.db).filter(\.$caseID == caseID)
                .filter(\.$channel == ShipmentChannel.portal.rawValue).all(),
            events: try await ShipmentEventRecord.query(on: req.db).filter(\.$caseID == caseID).all())
        let ctx = req.pageContext(kommune: try m.snapshot())
        let t = ctx.t
        let s = try await req.services.entry(c.serviceID, version: c.serviceVersion, on: req.db)?.definition
        let cal = NorwegianCalendar()
        let title = (s?.title[t.lang] ?? c.serviceID)
        return Layout.page(ctx, title: [c.saksnummer.description, t.myCases]) {
            el("h1") { title + " – " + c.saksnummer.description }
            el("p") { Layout.statusTag(c.caseStatus, t) }
            el("dl", .cls("summary-list")) {
                Layout.summaryRow { el("dt") { t.caseNumber }; el("dd") { c.saksnummer.description } }
                Layout.summaryRow { el("dt") { t.kommune }; el("dd") { m.name } }
                Layout.summaryRow { el("dt") { t.submitted }; el("dd") { cal.norwegianDateTime(c.submittedAt) } }
                Layout.summaryRow { el("dt") { t.answerBy }; el("dd") { cal.norwegianDate(c.dueAt) } }
            }
            if !trails.isEmpty {
                el("h2") { t.inbox }
                for trail in trails {
                    el("section", .cls("card"), .attr("aria-label", trail.letter.title)) {
                        el("h3") { el("a", .href(SiteURL.letter(trail.letter.id!).path)) { trail.letter.title } }
                        for (_, events) in trail.shipments {
                            el("p", .cls("muted")) { t.letterHistory }
                            DispatchView.events(events, t: t, showDetail: false)
                        }
                    }
                }
            }
            el("h2") { t.timeline }
            Layout.timeline(events, t: t, showStaff: false)
            el("h2") { t.whoLooked }
            if looks.isEmpty {
                el("p") { t.nobodyLooked }
            } else {
                // Roles and times, not names: what the citizen may know of who looked (issue 6).
                Layout.timeline(looks.map { ($0.at, t.roleLabel($0.staffRole) + ($0.action == AccessLogEntry.Action.revealIdentity.rawValue ? " – " + t.revealedNumber : "")) })
            }
            if let s {
                el("h2") { t.yourAnswers }
                el("dl", .cls("summary-list")) {
                    for field in s.fields {
                        if let v = FormView.displayValue(field, answers: c.answers.values, kommune: m.number, t: t) {
                            Layout.summaryRow { el("dt") { field.label[t.lang] }; el("dd") { v } }
                        }
                    }
                }
            }
        }
    }

    // MARK: - Inbox

    @Sendable static func inbox(req: Request) async throws -> Page {
        let fnr = try req.requireCitizen()
        let letters = try await LetterRecord.query(on: req.db).filter(\.$recipientFnr == fnr.value).sort(\.$createdAt, .descending).all()
        let names = Dictionary(uniqueKeysWithValues: try await Municipality.query(on: req.db).all().map { ($0.id!, $0.name) })
        let ctx = req.pageContext()
        let t = ctx.t
        let cal = NorwegianCalendar()
        return Layout.page(ctx, title: [t.inbox]) {
            el("h1") { t.inbox }
            if letters.isEmpty {
                el("p") { t.noLetters }
            } else {
                el("ul", .cls("letter-list")) {
                    for l in letters {
                        el("li", .cls("card" + (l.readAt == nil ? " unread" : ""))) {
                            el("h2", .cls("card-title")) {
                                el("a", .href(SiteURL.letter(l.id!).path)) { l.title }
                            }
                            el("p", .cls("muted")) {
                                if l.readAt == nil { el("span", .cls("tag tag-unread")) { t.unread }; " " }
                                "\(t.from) \(names[l.municipalityID] ?? "") · \(t.received) \(cal.norwegianDate(l.createdAt))"
                            }
                        }
                    }
                }
            }
        }
    }

    @Sendable static func letter(req: Request) async throws -> Page {
        let fnr = try req.requireCitizen()
        guard let id = req.parameters.get("letter", as: UUID.self) else { throw RadhusError.notFound("Fant ikke brevet.") }
        let letter = try await InboxService(db: req.db, writer: req.writer, clock: req.application.clock).open(letterID: id, recipient: fnr)
        let m = try await Municipality.find(letter.municipalityID, on: req.db)
        let ctx = req.pageContext(kommune: try m?.snapshot())
        let t = ctx.t
        return Layout.page(ctx, title: [letter.title, t.inbox]) {
            el("article", .cls("letter")) {
                el("h1") { letter.title }
                LetterView.body(letter.body)
            }
            el("p") { el("a", .href(SiteURL.inbox.path)) { t.backToInbox } }
        }
    }
}

enum LetterView {
    /// A letter's text: paragraphs split by blank lines, `## ` lines as headings.
    static func body(_ text: String) -> Node {
        let blocks = text.components(separatedBy: "\n\n")
        return .group(blocks.flatMap { block -> [Node] in
            var out: [Node] = []
            var paragraph: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("## ") {
                    if !paragraph.isEmpty { out.append(para(paragraph)); paragraph = [] }
                    out.append(el("h2") { String(line.dropFirst(3)) })
                } else {
                    paragraph.append(String(line))
                }
            }
            if !paragraph.isEmpty { out.append(para(paragraph)) }
            return out
        })
    }

    static func para(_ lines: [String]) -> Node {
        var children: [Node] = []
        for (i, l) in lines.enumerated() {
            if i > 0 { children.append(.void("br", [])) }
            children.append(.text(l))
        }
        return .element("p", [], children)
    }
}
