import Fluent
import Foundation
import RadhusCore
import RadhusRules
import Vapor

/// `/ansatt/tjenesteverksted`: the service workshop (issue 19, Build 9). A leader or admin
/// starts a service from scratch or from a catalogue service, edits its files (the form, its
/// steps and conditions, the letters; a DMN file from Camunda Modeler uploaded), sees the
/// catalogue's checks on every save, previews the form as a citizen sees it and the letters
/// it would give, and publishes it to the catalogue — and may adopt it at once.
enum WorkshopController {
    static func draftID(_ req: Request) -> UUID? { req.parameters.get("draft", as: UUID.self) }

    // MARK: Starting

    struct StartForm: Content {
        /// `ny`: from scratch; `kopi`: a copy of `kilde`.
        var start: String?
        var id: String?
        var tittel: String?
        var kilde: String?
    }

    @Sendable static func page(req: Request) async throws -> Page {
        let staff = try ServicesController.requireManager(req)
        return try await renderStart(req, staff: staff, form: StartForm(start: "ny"), problems: [:])
    }

    static func renderStart(_ req: Request, staff: StaffContext, form: StartForm, problems: [String: String])
        async throws -> Page
    {
        Workshop.view(
            drafts: try await ServiceWorkshop(req: req).list(staff.municipality),
            sources: try await CatalogListing.listings(on: req.db),
            form: .init(
                start: form.start ?? "ny", id: form.id ?? "", title: form.tittel ?? "", source: form.kilde ?? ""),
            problems: problems, ctx: req.pageContext(area: .staff))
    }

    @Sendable static func start(req: Request) async throws -> Response {
        let staff = try ServicesController.requireManager(req)
        let form = try req.form(StartForm.self)
        let t = req.strings
        let id = (form.id ?? "").trimmingCharacters(in: .whitespaces)
        let title = (form.tittel ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let copying = form.start == "kopi"
        // The two ways have their own forms; an error goes to the id box of the one used.
        let idKey = copying ? "kopi-id" : "id"
        var problems: [String: String] = [:]
        // Only a well-formed id is looked up (a NUL would not even reach PostgreSQL).
        let existing =
            ServiceWorkshop.isValidID(id)
            ? try await ServicePackageRecord.query(on: req.db).filter(\.$serviceID == id).first() : nil
        var files: [String: String] = [:]
        var changes = ""
        if copying {
            let kilde = form.kilde ?? ""
            guard ServiceWorkshop.isValidID(kilde),
                let source = try await ServicePackageRecord.query(on: req.db).filter(\.$serviceID == kilde)
                    .sort(\.$version, .descending).first()
            else {
                problems["kilde"] = t.workshopChooseSource
                return try await renderStart(req, staff: staff, form: form, problems: problems).encodeResponse(for: req)
            }
            if id == source.serviceID {
                // The same id: the publisher's next version; anyone else's copy needs its own id.
                if source.publisherID == staff.municipality.id {
                    files = ServiceWorkshop.copy(source.files, id: id, version: source.version + 1)
                } else {
                    problems[idKey] = t.workshopOthersID(source.publisherName)
                }
            } else if !ServiceWorkshop.isValidID(id) {
                problems[idKey] = t.workshopIDRules
            } else if existing != nil {
                problems[idKey] = t.workshopIDTaken(id)
            } else {
                files = ServiceWorkshop.copy(source.files, id: id, version: 1)
                changes = t.workshopCopiedFrom(source.title, source.version, source.publisherName)
            }
        } else {
            if !ServiceWorkshop.isValidID(id) {
                problems["id"] = t.workshopIDRules
            } else if existing != nil {
                problems["id"] = t.workshopIDTaken(id)
            }
            if title.isEmpty {
                problems["tittel"] = t.workshopTitleMissing
            } else if title.count > 120 {
                problems["tittel"] = t.atMostCharacters(t.workshopTitle, 120)
            } else if let c = PlainText.refused(in: title) {
                problems["tittel"] = t.invisibleCharacter(c)
            }
            files = ServiceWorkshop.blank(id: id, title: title)
            changes = t.workshopFirstVersion
        }
        guard problems.isEmpty else {
            return try await renderStart(req, staff: staff, form: form, problems: problems).encodeResponse(for: req)
        }
        let draft = try await ServiceWorkshop(req: req).create(
            files: files, changes: changes, kommune: staff.municipality, actor: staff.signature)
        req.logger.info("workshop draft started", metadata: ["kommune": .string(staff.municipality.number)])
        return req.redirect(to: SiteURL.workshopDraft(draft).path, redirectType: .normal)
    }

    // MARK: Editing

    /// The catalogue's verdict on the files: the definition when they compile and may be
    /// published by this kommune, else every problem.
    struct Check {
        var service: ServiceDefinition?
        var rules: ServiceRules?
        var problems: [String]
        /// Another catalogue service with the same title (a copy that kept its source's): not
        /// wrong, but citizens and kommuner could not tell the two apart.
        var sameTitleAs: String? = nil
    }

    static func check(_ files: [String: String], kommune: Municipality.Snapshot, on db: any Database) async throws
        -> Check
    {
        let compiled: (ServiceDefinition, ServiceRules?)
        do { compiled = try ServicePackage.compile(files: files) } catch {
            return Check(service: nil, rules: nil, problems: error.messages)
        }
        let place = try await CatalogService.placeInCatalogue(compiled.0, by: kommune, on: db)
        let twin = try await ServicePackageRecord.query(on: db).filter(\.$title == compiled.0.title.nb)
            .filter(\.$serviceID != compiled.0.id).first()
        return Check(
            service: compiled.0, rules: compiled.1, problems: place.map { [$0.message] } ?? [],
            sameTitleAs: twin?.serviceID)
    }

    @Sendable static func editor(req: Request) async throws -> Page {
        let staff = try ServicesController.requireManager(req)
        let draft = try await ServiceWorkshop(req: req).load(draftID(req), kommune: staff.municipality)
        return try await renderEditor(
            req, staff: staff, draft: draft, files: draft.files, changes: draft.changes, problems: [:],
            message: req.query[String.self, at: "melding"])
    }

    static func renderEditor(
        _ req: Request, staff: StaffContext, draft: ServiceWorkshopDraft, files: [String: String], changes: String,
        problems: [String: String], message: String? = nil, publishProblems: [String] = []
    ) async throws -> Page {
        let check = try await check(files, kommune: staff.municipality, on: req.db)
        return WorkshopEditor.view(
            .init(
                id: draft.id!, serviceID: draft.serviceID, files: files, changes: changes, check: check,
                kommune: staff.municipality,
                adopted: try await check.service.asyncMap { s in
                    try await TenantScope(municipalityID: staff.municipality.id).query(ServiceAdoption.self, on: req.db)
                        .filter(\.$serviceID == s.id).first() != nil
                } ?? false),
            problems: problems, publishProblems: publishProblems, message: message,
            ctx: req.pageContext(area: .staff))
    }

    /// The file a textarea holds: `fil:<name>`.
    static let filePrefix = "fil:"

    @Sendable static func save(req: Request) async throws -> Response {
        let staff = try ServicesController.requireManager(req)
        let workshop = ServiceWorkshop(req: req)
        let draft = try await workshop.load(draftID(req), kommune: staff.municipality)
        let input = req.formInput.values
        let t = req.strings
        // The files the draft has, as typed now (a name the draft does not have is ignored:
        // new files come by upload).
        var files = draft.files
        var problems: [String: String] = [:]
        for name in files.keys {
            guard let typed = input[filePrefix + name] else { continue }
            let text = typed.replacingOccurrences(of: "\r\n", with: "\n")
            if let c = PlainText.refused(in: text, multiline: true) {
                problems[WorkshopEditor.inputID(name)] = t.invisibleCharacter(c)
            }
            files[name] = text
        }
        let changes = (input["endringer"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if changes.count > 2000 {
            problems["endringer"] = t.atMostCharacters(t.whatChanged, 2000)
        } else if let c = PlainText.refused(in: changes, multiline: true) {
            problems["endringer"] = t.invisibleCharacter(c)
        }
        let handling = input["handling"] ?? "lagre"
        if handling.hasPrefix("fjern:") {
            let name = String(handling.dropFirst("fjern:".count))
            if name != "service.yaml" { files[name] = nil }
        }
        guard problems.isEmpty else {
            return try await renderEditor(
                req, staff: staff, draft: draft, files: files, changes: changes, problems: problems
            ).encodeResponse(for: req)
        }
        try await workshop.save(draft, files: files, changes: changes, actor: staff.signature)
        switch handling {
        case "forhandsvis":
            return req.redirect(to: SiteURL.workshopPreview(draft.id!).path, redirectType: .normal)
        case "publiser":
            return try await publish(
                req, staff: staff, draft: draft, files: files, changes: changes, adopt: input["ta-i-bruk"] == "ja")
        default:
            return req.redirect(
                to: SiteURL.workshopDraft(draft.id!, message: "lagret").path + "#kontroll", redirectType: .normal)
        }
    }

    /// Publishes the draft to the catalogue (the catalogue's checks again, in its transaction),
    /// adopts it when asked, and deletes the draft: the catalogue has the service now.
    static func publish(
        _ req: Request, staff: StaffContext, draft: ServiceWorkshopDraft, files: [String: String], changes: String,
        adopt: Bool
    ) async throws -> Response {
        let catalog = CatalogService(req: req)
        let result = try await catalog.publish(files: files, changes: changes, by: staff.municipality)
        guard case .published = result, let id = ServicePackage.serviceID(files) else {
            let problems: [String]
            if case .invalid(let p) = result { problems = p } else { problems = [] }
            return try await renderEditor(
                req, staff: staff, draft: draft, files: files, changes: changes, problems: [:],
                publishProblems: problems
            ).encodeResponse(for: req)
        }
        try await ServiceWorkshop(req: req).delete(draft)
        req.logger.info(
            "service published from the workshop",
            metadata: ["service": .string(id), "kommune": .string(staff.municipality.number)])
        let uses =
            try await TenantScope(municipalityID: staff.municipality.id).query(ServiceAdoption.self, on: req.db)
            .filter(\.$serviceID == id).first() != nil
        if uses {
            // A new version of a service the kommune uses: its page offers the upgrade.
            return req.redirect(to: SiteURL.staffService(id).path, redirectType: .normal)
        }
        if adopt {
            _ = try await catalog.adopt(id, kommune: staff.municipality, actor: staff.signature)
            return req.redirect(to: SiteURL.staffService(id, message: "tatt-i-bruk").path, redirectType: .normal)
        }
        return req.redirect(to: SiteURL.services.path + "?melding=publisert", redirectType: .normal)
    }

    /// A DMN file (from Camunda Modeler, say) added to the draft or replacing the one of the
    /// same name; service.yaml's `rules.file` names the one the service uses.
    @Sendable static func uploadRules(req: Request) async throws -> Response {
        let staff = try ServicesController.requireManager(req)
        let workshop = ServiceWorkshop(req: req)
        let draft = try await workshop.load(draftID(req), kommune: staff.municipality)
        let limit: Int64 = 1_000_000
        let upload = try await UploadReader.read(
            req, temporaryDirectory: req.application.attachmentStore.temporaryDirectory,
            bodyLimit: limit + 65_536, fileLimit: { $0 == "regelfil" ? limit : nil })
        defer { for f in upload.files { if let t = f.temporary { try? FileManager.default.removeItem(at: t) } } }
        try CSRF.verify(req, sent: upload.input.values[CSRF.field], input: upload.input)
        let t = req.strings
        var problem: String?
        var files = draft.files
        if let file = upload.files.first(where: { $0.fieldName == "regelfil" && !$0.fileName.isEmpty }) {
            if file.tooLarge {
                problem = t.workshopRulesTooLarge
            } else if let name = ServiceWorkshop.ruleFileName(file.fileName), let path = file.temporary,
                let text = String(data: try Data(contentsOf: path), encoding: .utf8)
            {
                // Modeler writes CRLF on Windows and may start with a byte-order mark.
                var content = text.replacingOccurrences(of: "\r\n", with: "\n")
                if content.hasPrefix("\u{FEFF}") { content.removeFirst() }
                if let c = PlainText.refused(in: content, multiline: true) {
                    problem = t.invisibleCharacter(c)
                } else if files[name] == nil && files.count >= 10 {
                    problem = t.workshopTooManyFiles
                } else {
                    files[name] = content
                }
            } else {
                problem = t.workshopRulesNotDMN
            }
        } else {
            problem = t.workshopChooseRulesFile
        }
        if let problem {
            return try await renderEditor(
                req, staff: staff, draft: draft, files: draft.files, changes: draft.changes,
                problems: ["regelfil": problem]
            ).encodeResponse(for: req)
        }
        try await workshop.save(draft, files: files, changes: draft.changes, actor: staff.signature)
        return req.redirect(
            to: SiteURL.workshopDraft(draft.id!, message: "lastet-opp").path + "#kontroll", redirectType: .normal)
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let staff = try ServicesController.requireManager(req)
        let workshop = ServiceWorkshop(req: req)
        try await workshop.delete(try await workshop.load(draftID(req), kommune: staff.municipality))
        return req.redirect(to: SiteURL.workshop.path, redirectType: .normal)
    }

    // MARK: Preview

    /// The preview's answers, per draft in the staff member's session (never a case, never a
    /// citizen's draft).
    static func previewKey(_ id: UUID) -> String { "verksted.\(id.uuidString)" }

    static func previewAnswers(_ req: Request, _ id: UUID) -> [String: String] {
        req.session.data[previewKey(id)].flatMap {
            try? JSONDecoder().decode([String: String].self, from: Data($0.utf8))
        } ?? [:]
    }

    static func storePreview(_ req: Request, _ id: UUID, _ values: [String: String], service: ServiceDefinition)
        throws
    {
        let kept = values.filter { Drafts.belongs($0.key, to: service) }
        req.session.data[previewKey(id)] = String(decoding: try JSONEncoder.sorted.encode(kept), as: UTF8.self)
    }

    /// The language the preview is shown in: `?sprak=`, else the reader's own.
    static func previewLanguage(_ req: Request) -> Language {
        req.query[String.self, at: "sprak"].flatMap(Language.init(rawValue:)) ?? req.language
    }

    /// The draft compiled for a preview, or the editor (which shows why it does not compile).
    static func previewed(_ req: Request) async throws -> (StaffContext, ServiceWorkshopDraft, Check) {
        let staff = try ServicesController.requireManager(req)
        let draft = try await ServiceWorkshop(req: req).load(draftID(req), kommune: staff.municipality)
        let check = try await check(draft.files, kommune: staff.municipality, on: req.db)
        return (staff, draft, check)
    }

    static func previewContext(_ req: Request, staff: StaffContext, language: Language) -> PageContext {
        var ctx = req.pageContext(area: .citizen, kommune: staff.municipality)
        ctx.lang = language
        return ctx
    }

    static func previewPage(
        _ req: Request, staff: StaffContext, draft: UUID, service s: ServiceDefinition, page: ServiceDefinition.Step,
        values: [String: String], errors: [FieldError], language: Language
    ) -> Page {
        let ctx = previewContext(req, staff: staff, language: language)
        return ApplicationForm.view(
            kommune: staff.municipality, service: s, page: page, values: values, errors: errors, ctx: ctx,
            preview: .init(
                action: SiteURL.workshopPreview(draft, language: language).path,
                notice: WorkshopPreview.notice(draft: draft, service: s, t: ctx.t)))
    }

    @Sendable static func preview(req: Request) async throws -> Response {
        let (staff, draft, check) = try await previewed(req)
        guard let s = check.service else {
            return req.redirect(to: SiteURL.workshopDraft(draft.id!).path + "#kontroll", redirectType: .normal)
        }
        var values = previewAnswers(req, draft.id!)
        values.merge(ServiceWorkshop.previewFiles(s)) { _, example in example }
        let at = PortalController.page(s, req.query[String.self, at: "steg"])
        return try await previewPage(
            req, staff: staff, draft: draft.id!, service: s, page: at, values: values, errors: [],
            language: previewLanguage(req)
        ).encodeResponse(for: req)
    }

    /// One page of the preview sent: checked as the portal checks it, then the next page, or
    /// the sample letters after the last.
    @Sendable static func previewNext(req: Request) async throws -> Response {
        let (staff, draft, check) = try await previewed(req)
        guard let s = check.service, let id = draft.id else {
            return req.redirect(to: SiteURL.workshopDraft(draftID(req) ?? UUID()).path, redirectType: .normal)
        }
        let language = previewLanguage(req)
        var input = req.formInput.values(joiningLists: PortalController.listFields(s, req.formInput))
        let at = PortalController.page(s, input["steg"])
        let handling = input["handling"]
        for key in [CSRF.field, "fjern", "steg", "handling"] { input[key] = nil }
        var values = FormSteps.merge(previewAnswers(req, id), page: at, posted: input)
        values.merge(ServiceWorkshop.previewFiles(s)) { _, example in example }
        let pages = s.pages
        let index = pages.firstIndex(of: at) ?? 0
        let here = { (page: ServiceDefinition.Step) in
            SiteURL.workshopPreview(id, step: page.id, language: language).path
        }
        switch handling {
        case "lagre":
            try storePreview(req, id, values, service: s)
            return req.redirect(to: SiteURL.workshopDraft(id).path, redirectType: .normal)
        case let h? where h.hasPrefix("legg-til.") || h.hasPrefix("fjern."):
            let (changed, group) = PortalController.changeEntries(values, handling: h, service: s) ?? (values, "")
            try storePreview(req, id, changed, service: s)
            return req.redirect(to: here(at) + "#" + FormView.domID(group), redirectType: .normal)
        case "tilbake" where index > 0:
            try storePreview(req, id, values, service: s)
            return req.redirect(to: here(pages[index - 1]), redirectType: .normal)
        case "last-opp":
            try storePreview(req, id, values, service: s)
            return req.redirect(to: here(at), redirectType: .normal)
        default: break
        }
        try storePreview(req, id, values, service: s)
        switch FormSteps.advance(s, from: at, values: values, validator: req.formValidator(for: staff.municipality)) {
        case .next(let next):
            return req.redirect(to: here(next), redirectType: .normal)
        case .errors(let shown, let errors):
            return try await previewPage(
                req, staff: staff, draft: id, service: s, page: shown, values: values, errors: errors,
                language: language
            ).encodeResponse(for: req)
        case .done:
            return req.redirect(to: SiteURL.workshopSample(id, language: language).path, redirectType: .normal)
        }
    }

    /// The answers of the preview as the check page shows them, what the rules would decide,
    /// and the letter of each outcome, composed as a real decision composes it.
    @Sendable static func sample(req: Request) async throws -> Response {
        let (staff, draft, check) = try await previewed(req)
        guard let s = check.service, let id = draft.id else {
            return req.redirect(to: SiteURL.workshopDraft(draftID(req) ?? UUID()).path, redirectType: .normal)
        }
        let language = previewLanguage(req)
        let ctx = previewContext(req, staff: staff, language: language)
        let m = staff.municipality
        var values = previewAnswers(req, id)
        values.merge(ServiceWorkshop.previewFiles(s)) { _, example in example }
        guard case .success(let checked) = req.formValidator(for: m).validate(s, input: values) else {
            return try await WorkshopPreview.view(
                .init(draft: id, service: s, kommune: m, answers: nil, rules: nil, letters: []), ctx: ctx
            ).encodeResponse(for: req)
        }
        let answers = checked.values
        let now = req.application.clock.now()
        let calendar = NorwegianCalendar()
        var ruled: RulesService.Outcome?
        if let rules = check.rules {
            ruled = try? RulesService.evaluate(
                rules, service: s, answers: answers, submitted: now,
                policy: req.application.radhusConfig.identityPolicy)
        }
        let written = language.written
        var letters: [WorkshopPreview.SampleLetter] = []
        for outcome in s.outcomes {
            let byRules = ruled?.decisiveOutcome == outcome.id
            var decided = ServiceWorkshop.sampleDecisionValues(s, today: now)
            if byRules, let ruled {
                decided.merge(RulesService.decisionValues(ruled, service: s)) { _, ruled in ruled }
            }
            var input = DecisionLetter.Input(
                template: outcome.letter, kommune: m.name, serviceTitle: s.title[written],
                saksnummer: Saksnummer(year: calendar.year(of: now), sequence: 1), date: now,
                outcomeLabel: outcome.label[written],
                reasons: byRules ? ruled?.reasons ?? "" : ctx.t.workshopSampleReasons,
                legalBasis: s.legalBasis, decidedBy: byRules ? nil : staff.displayName,
                answers: answers.merging(decided) { _, value in value },
                displayAnswers: s.letterDisplay(answers: answers, kommune: m.number, language: written).merging(
                    s.decisionForm.letterDisplay(answers: decided, kommune: m.number, language: written)
                ) { _, value in value },
                postmottak: m.contactEmail)
            input.language = written
            input.moneyNames = s.moneyNames
            // The name the form was given for the person (a `prefill: name` question), if any.
            input.applicantName = s.fields.first { $0.prefill == .name }.flatMap { answers[$0.id] }
            let composed = DecisionLetter.compose(input)
            letters.append(.init(outcome: outcome, byRules: byRules, title: composed.title, body: composed.body))
        }
        return try await WorkshopPreview.view(
            .init(
                draft: id, service: s, kommune: m, answers: answers,
                rules: check.rules == nil ? nil : .init(outcome: ruled?.decisiveOutcome, reasons: ruled?.reasons),
                letters: letters),
            ctx: ctx
        ).encodeResponse(for: req)
    }
}

extension ServicePackage {
    /// The id service.yaml declares, when it compiles.
    static func serviceID(_ files: [String: String]) -> String? {
        (try? compile(files: files)).map { $0.0.id }
    }
}
