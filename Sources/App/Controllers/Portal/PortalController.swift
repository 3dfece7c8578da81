import Fluent
import Foundation
import RadhusCore
import Vapor

/// The citizen portal: choose kommune and service, apply, follow the case, read letters.
enum PortalController {
    @Sendable static func home(req: Request) async throws -> Page {
        Home.view(try await Home.Model.query(on: req.db), ctx: req.pageContext())
    }

    @Sendable static func kommune(req: Request) async throws -> Page {
        let m = try await req.municipality()
        return KommunePage.view(
            try await KommunePage.Model.query(kommune: m, services: req.services, on: req.db),
            ctx: req.pageContext(kommune: m))
    }

    @Sendable static func serviceStart(req: Request) async throws -> Page {
        let m = try await req.municipality()
        return ServiceStart.view(
            kommune: m, service: try await req.offeredService(in: m), ctx: req.pageContext(kommune: m))
    }

    // MARK: - The form

    /// The check page's token, per browser session: sending it twice gives one case.
    static func tokenKey(_ m: Municipality.Snapshot, _ s: ServiceDefinition) -> String { "token.\(m.number).\(s.id)" }

    /// What the signed-in person has typed so far for this service in this kommune: kept on
    /// the server (issue 19), so it is there on another device too, for 30 days.
    static func draft(_ req: Request, _ m: Municipality.Snapshot, _ s: ServiceDefinition) async throws
        -> [String: String]?
    {
        try await req.drafts.load(owner: try req.requireCitizen().value, municipality: m.id, service: s.id)?.answers
    }

    static func saveDraft(
        _ req: Request, _ m: Municipality.Snapshot, _ s: ServiceDefinition, _ values: [String: String],
        step: String? = nil
    ) async throws {
        try await req.drafts.save(
            owner: try req.requireCitizen().value, municipality: m.id, service: s, answers: values, step: step)
    }

    /// The form's page at `step` (a multi-step form's `?steg=`), or its first.
    static func page(_ s: ServiceDefinition, _ step: String?) -> ServiceDefinition.Step {
        s.pages.first { $0.id == step } ?? s.pages[0]
    }

    /// The form's address at a page: `?steg=` only when the form has steps.
    static func formPath(_ m: Municipality.Snapshot, _ s: ServiceDefinition, _ page: ServiceDefinition.Step) -> String {
        SiteURL.form(kommune: m.number, service: s.id).path + (s.steps == nil ? "" : "?steg=" + page.id)
    }

    /// A service that needs ID-porten level high, for a citizen logged in at substantial: a
    /// page visit goes back to ID-porten asking for high (and returns here); a form sent is
    /// refused with the reason. The test login (demo only) counts as high.
    static func levelNeeded(_ req: Request, _ s: ServiceDefinition) throws -> Response? {
        guard s.loginLevel == .high, req.session.data["login"] == IDPortenController.providerName,
            ServiceDefinition.LoginLevel(acr: req.session.data["level"]) != .high
        else { return nil }
        guard req.method == .GET else {
            throw RadhusError.localized(.forbidden, Strings.all(\.levelHighNeeded))
        }
        return req.redirect(to: SiteURL.idporten(next: req.url.path, high: true).path, redirectType: .normal)
    }

    @Sendable static func form(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let s = try await req.offeredService(in: m)
        if let r = try levelNeeded(req, s) { return r }
        let files = try await draftFiles(req, m, s)
        let stored = try await req.drafts.load(owner: try req.requireCitizen().value, municipality: m.id, service: s.id)
        var values = stored?.answers ?? [:]
        values.merge(AttachmentService.answers(for: files, in: s)) { _, taken in taken }
        // A new application starts with what is known about the person (theirs to change).
        if stored == nil { values.merge(try await prefill(req, s)) { own, _ in own } }
        let at = page(s, req.query[String.self, at: "steg"] ?? stored?.step)
        return try await formPage(req, m, s, page: at, values: values, errors: [], files: files)
            .encodeResponse(for: req)
    }

    static func formPage(
        _ req: Request, _ m: Municipality.Snapshot, _ s: ServiceDefinition, page: ServiceDefinition.Step,
        values: [String: String], errors: [FieldError], files: [Attachment] = []
    ) -> Page {
        ApplicationForm.view(
            kommune: m, service: s, page: page, values: values, errors: errors, files: files,
            ctx: req.pageContext(kommune: m))
    }

    /// What the service's `prefill` fields get from the signed-in person: their fødselsnummer,
    /// and their name and address from the register (the contact row's postal address: name,
    /// street, «postnummer poststed»), where known.
    static func prefill(_ req: Request, _ s: ServiceDefinition) async throws -> [String: String] {
        let wanted = s.fields.filter { $0.prefill != nil }
        guard !wanted.isEmpty, let fnr = req.citizen else { return [:] }
        let lines =
            try await CitizenContact.query(on: req.db).filter(\.$fnr == fnr.value).first()?.postalAddress?
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        var out: [String: String] = [:]
        for f in wanted {
            switch f.prefill {
            case .person: out[f.id] = fnr.value
            case .name: if let name = lines.first, lines.count >= 3 { out[f.id] = name }
            case .address:
                guard lines.count >= 3 else { continue }
                let place = lines[lines.count - 1].split(separator: " ", maxSplits: 1).map(String.init)
                guard place.count == 2, place[0].count == 4, place[0].allSatisfy(\.isNumber) else { continue }
                out[f.id + ".gate"] = lines[lines.count - 2]
                out[f.id + ".postnummer"] = place[0]
                out[f.id + ".poststed"] = place[1]
            case nil: break
            }
        }
        return out
    }

    /// Adds an entry to a repeating group (`legg-til.barn`) or removes one (`fjern.barn.1`: the
    /// entries after it move up), within the group's limits. Nil: no such group.
    static func changeEntries(_ values: [String: String], handling: String, service s: ServiceDefinition)
        -> ([String: String], String)?
    {
        let parts = handling.split(separator: ".").map(String.init)
        guard parts.count >= 2, let group = s.field(parts[1]), group.type == .group else { return nil }
        var out = values
        let limits = group.groupLimits
        let count = values[group.id].flatMap(Int.init) ?? limits.min
        if parts[0] == "legg-til" {
            out[group.id] = String(min(count + 1, limits.max))
            return (out, group.id)
        }
        guard parts.count == 3, let removed = Int(parts[2]), removed >= 0, removed < count, count > limits.min else {
            return (out, group.id)
        }
        let key = { (i: Int) in "\(group.id).\(i)." }
        for k in values.keys where k.hasPrefix(group.id + ".") { out[k] = nil }
        for (k, v) in values {
            for i in 0..<count where i != removed && k.hasPrefix(key(i)) {
                out[key(i < removed ? i : i - 1) + k.dropFirst(key(i).count)] = v
            }
        }
        out[group.id] = String(count - 1)
        return (out, group.id)
    }

    /// The multi-select questions the form sent (a page of a multi-step form sends its own only).
    static func listFields(_ s: ServiceDefinition, _ input: FormInput) -> [String] {
        let sent = input.values["steg"].map { page(s, $0).fields } ?? s.pages[0].fields
        return s.fields.filter { $0.type == .choices && sent.contains($0.id) }.map(\.id)
    }

    /// The files the signed-in person has uploaded for this application and not yet sent.
    static func draftFiles(_ req: Request, _ m: Municipality.Snapshot, _ s: ServiceDefinition) async throws
        -> [Attachment]
    {
        guard s.takesFiles else { return [] }
        return try await req.attachments.pending(
            owner: try req.requireCitizen().value, municipality: m.id, service: s.id)
    }

    /// A form with attachments, as it streams in: the text fields, the token checked, each file
    /// taken or refused with its reason (at the field), a «Fjern» done. Returns the text fields
    /// and the problems with files; whether the person asked to stay on the form (upload, remove).
    static func receiveUpload(_ req: Request, _ m: Municipality.Snapshot, _ s: ServiceDefinition) async throws
        -> (input: [String: String], problems: [FieldError], stay: Bool)
    {
        let owner = try req.requireCitizen().value
        let service = req.attachments
        let limits = Dictionary(
            uniqueKeysWithValues: s.fields.filter { $0.type == .attachment }.map {
                ($0.id, $0.attachmentRules.maxBytes)
            })
        let upload = try await UploadReader.read(
            req, temporaryDirectory: req.application.attachmentStore.temporaryDirectory,
            // One file at a time, with the form's text around it.
            bodyLimit: (limits.values.max() ?? 0) + 1_048_576, fileLimit: { limits[$0] })
        let discard = {
            for f in upload.files { if let t = f.temporary { try? FileManager.default.removeItem(at: t) } }
        }
        do { try CSRF.verify(req, sent: upload.input.values[CSRF.field], input: upload.input) } catch {
            discard()
            throw error
        }
        var input = upload.input.values(joiningLists: listFields(s, upload.input))
        var problems: [FieldError] = []
        if let removal = input["fjern"] {
            if let id = UUID(uuidString: removal) { try await service.remove(id, owner: owner) }
        }
        for file in upload.files {
            guard let field = s.field(file.fieldName), field.type == .attachment,
                !(file.fileName.isEmpty && file.size == 0)
            else {
                if let t = file.temporary { try? FileManager.default.removeItem(at: t) }
                continue
            }
            let descID = field.id + ".beskrivelse"
            let description = (input[descID] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var problem: (String, FieldProblem)?
            if let c = PlainText.refused(in: description) {
                problem = (descID, .invisibleCharacter(c))
            } else if description.count > 200 {
                problem = (descID, .tooLong(max: 200))
            } else if case .failure(let p) = try await service.accept(
                file, field: field, description: description, owner: owner, municipality: m.id, service: s.id)
            {
                problem = (field.id, p)
            }
            if let (inputID, p) = problem {
                if let t = file.temporary { try? FileManager.default.removeItem(at: t) }
                problems.append(FieldError(inputID: inputID, field: field, problem: p))
            } else {
                input[descID] = nil
            }
        }
        return (input, problems, input["handling"] == "last-opp" || input["fjern"] != nil)
    }

    /// Checks the answers; errors come back on the same page, with everything typed kept.
    @Sendable static func submitForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let s = try await req.offeredService(in: m)
        if let r = try levelNeeded(req, s) { return r }
        var input: [String: String]
        var fileProblems: [FieldError] = []
        var stay = false
        if s.takesFiles, req.headers.contentType?.type == "multipart" {
            (input, fileProblems, stay) = try await receiveUpload(req, m, s)
        } else {
            input = req.formInput.values(joiningLists: listFields(s, req.formInput))
        }
        for key in [CSRF.field, "fjern"] { input[key] = nil }
        let at = page(s, input["steg"])
        let handling = input["handling"]
        for key in ["steg", "handling"] { input[key] = nil }
        // This page's answers over what the draft has from the other pages; on a one-page form
        // this page is every field. Which files an attachment question has is the server's to
        // say, never the form's.
        let owner = try req.requireCitizen().value
        let stored = try await req.drafts.load(owner: owner, municipality: m.id, service: s.id)
        var values = FormSteps.merge(stored?.answers ?? [:], page: at, posted: input)
        for f in s.fields where f.type == .attachment {
            values[f.id] = nil
            values[f.id + ".navn"] = nil
        }
        let files = try await draftFiles(req, m, s)
        values.merge(AttachmentService.answers(for: files, in: s)) { _, taken in taken }
        let pages = s.pages
        let index = pages.firstIndex(of: at) ?? 0
        switch handling {
        case "lagre":
            // «Lagre og fortsett senere»: kept as typed, checked when the person goes on.
            try await saveDraft(req, m, s, values, step: at.id)
            req.session.data[tokenKey(m, s)] = nil
            return req.redirect(to: SiteURL.myCases.path + "?lagret=1#utkast", redirectType: .normal)
        case let h? where h.hasPrefix("legg-til.") || h.hasPrefix("fjern."):
            // A repeating group's «Legg til» or «Fjern»: the entries changed, nothing checked yet.
            guard let (changed, group) = changeEntries(values, handling: h, service: s) else { break }
            try await saveDraft(req, m, s, changed, step: at.id)
            req.session.data[tokenKey(m, s)] = nil
            return req.redirect(to: formPath(m, s, at) + "#" + FormView.domID(group), redirectType: .normal)
        case "tilbake" where index > 0:
            // Back a page, with this one's answers kept as typed (checked when going on).
            try await saveDraft(req, m, s, values, step: pages[index - 1].id)
            return req.redirect(to: formPath(m, s, pages[index - 1]), redirectType: .normal)
        default: break
        }
        if stay || !fileProblems.isEmpty {
            // Back to the form with everything kept (unchecked: the check page needs a new «Gå videre»).
            try await saveDraft(req, m, s, values, step: at.id)
            req.session.data[tokenKey(m, s)] = nil
            guard fileProblems.isEmpty else {
                return try await formPage(req, m, s, page: at, values: values, errors: fileProblems, files: files)
                    .encodeResponse(for: req)
            }
            let field = s.fields.first { $0.type == .attachment && at.fields.contains($0.id) }
            return req.redirect(
                to: formPath(m, s, at) + (field.map { "#" + FormView.domID($0.id) } ?? ""), redirectType: .normal)
        }
        switch FormSteps.advance(s, from: at, values: values, validator: req.formValidator(for: m)) {
        case .next(let next):
            try await saveDraft(req, m, s, values, step: next.id)
            return req.redirect(to: formPath(m, s, next), redirectType: .normal)
        case .errors(let shown, let errors):
            // Kept as typed, errors and all: the person may go on from another device.
            try await saveDraft(req, m, s, values, step: shown.id)
            return try await formPage(req, m, s, page: shown, values: values, errors: errors, files: files)
                .encodeResponse(for: req)
        case .done(let answers):
            try await saveDraft(req, m, s, answers.values, step: at.id)
            // A new token for each checked draft: sending it twice gives one case.
            req.session.data[tokenKey(m, s)] = UUID().uuidString
            return req.redirect(to: SiteURL.check(kommune: m.number, service: s.id).path, redirectType: .normal)
        }
    }

    @Sendable static func check(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let s = try await req.offeredService(in: m)
        if let r = try levelNeeded(req, s) { return r }
        // Checked again: the draft may have changed on another device since this one's «Gå videre».
        guard let values = try await draft(req, m, s), let token = req.session.data[tokenKey(m, s)],
            case .success(let answers) = req.formValidator(for: m).validate(s, input: values)
        else {
            return req.redirect(to: SiteURL.form(kommune: m.number, service: s.id).path)
        }
        return try await CheckAnswers.view(
            kommune: m, service: s, answers: answers.values, token: token, ctx: req.pageContext(kommune: m)
        )
        .encodeResponse(for: req)
    }

    /// Sends the checked application. The token makes a repeated send (double click, back
    /// button, retry after a lost response) return the first receipt instead of a new case.
    @Sendable static func send(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let s = try await req.offeredService(in: m)
        if let r = try levelNeeded(req, s) { return r }
        let applicant = try req.requireCitizen()
        struct Body: Content { var token: String? }
        let token = req.formInput.values["token"] ?? ""
        guard !token.isEmpty, token.count <= 100 else {
            throw RadhusError.localized(.badRequest, ErrorMessages.sendKeyMissing)
        }
        guard let draftValues = try await draft(req, m, s), req.session.data[tokenKey(m, s)] == token else {
            // No draft: most often this form was sent already (the draft goes with the first
            // send), so answer with that receipt. SubmissionService checks the token again for
            // two sends that arrive at once, both with the draft.
            if let existing = try await SubmissionService.existing(key: token, applicant: applicant, on: req.db) {
                return req.redirect(to: SiteURL.receipt(existing.caseID).path, redirectType: .normal)
            }
            return req.redirect(to: SiteURL.form(kommune: m.number, service: s.id).path, redirectType: .normal)
        }
        guard case .success(let answers) = req.formValidator(for: m).validate(s, input: draftValues) else {
            // The answers were valid when checked, but a date range may have moved on since.
            return req.redirect(to: SiteURL.form(kommune: m.number, service: s.id).path, redirectType: .normal)
        }
        let receipt = try await req.submissions(for: s).submit(
            SubmitApplication(
                municipality: m, service: s, applicant: applicant, answers: answers, channel: .digital,
                idempotencyKey: token))
        // Sent: the draft goes (its files are the case's now).
        try await req.drafts.delete(owner: applicant.value, municipality: m.id, service: s.id)
        req.session.data[tokenKey(m, s)] = nil
        req.logger.info(
            "application submitted",
            metadata: [
                "case": .string(receipt.caseID.uuidString), "service": .string(s.id), "kommune": .string(m.number),
            ])
        return req.redirect(to: SiteURL.receipt(receipt.caseID).path, redirectType: .normal)
    }

    // MARK: - Following cases

    @Sendable static func receipt(req: Request) async throws -> Page {
        let model = try await Receipt.Model.query(record: try await req.ownCase(), services: req.services, on: req.db)
        return Receipt.view(model, ctx: req.pageContext(kommune: model.kommune))
    }

    @Sendable static func myCases(req: Request) async throws -> Page {
        var model = try await MyCases.Model.query(
            citizen: try req.requireCitizen(), services: req.services, drafts: req.drafts, on: req.db)
        model.saved = req.query[String.self, at: "lagret"] == "1"
        return MyCases.view(model, ctx: req.pageContext())
    }

    /// «Slett utkastet»: the draft and the files uploaded to it.
    @Sendable static func deleteDraft(req: Request) async throws -> Response {
        let m = try await req.municipality()
        guard let service = req.parameters.get("service") else {
            throw RadhusError.localized(.notFound, ErrorMessages.draftNotFound)
        }
        try await req.drafts.delete(
            owner: try req.requireCitizen().value, municipality: m.id, service: service, files: req.attachments)
        return req.redirect(to: SiteURL.myCases.path, redirectType: .normal)
    }

    @Sendable static func myCase(req: Request) async throws -> Page {
        var model = try await MyCase.Model.query(
            record: try await req.ownCase(), viewer: try req.requireCitizen(), services: req.services,
            now: req.application.clock.now(), on: req.db)
        model.flash = req.query[String.self, at: "melding"].flatMap(MyCase.Flash.init(rawValue:))
        return MyCase.view(model, ctx: req.pageContext(kommune: model.kommune))
    }

    // MARK: - Inbox

    @Sendable static func inbox(req: Request) async throws -> Page {
        Inbox.view(try await Inbox.Model.query(citizen: try req.requireCitizen(), on: req.db), ctx: req.pageContext())
    }

    @Sendable static func letter(req: Request) async throws -> Page {
        let fnr = try req.requireCitizen()
        guard let id = req.parameters.get("letter", as: UUID.self) else {
            throw RadhusError.localized(.notFound, ErrorMessages.letterNotFound)
        }
        let letter = try await InboxService(db: req.db, writer: req.writer, clock: req.application.clock).open(
            letterID: id, recipient: fnr)
        let m = try await Municipality.find(letter.municipalityID, on: req.db)
        // An automated decision still standing on a decided case may be reviewed (issue 20).
        var reviewCase: UUID?
        if let decisionID = letter.decisionID, let c = try await CaseRecord.find(letter.caseID, on: req.db),
            try await DialogueService.reviewable(c, on: req.db)?.id == decisionID
        {
            reviewCase = letter.caseID
        }
        return Letter.view(
            title: letter.title, body: letter.body, reviewCase: reviewCase,
            files: try await AttachmentService.forLetters([id], on: req.db.sql)[id] ?? [],
            ctx: req.pageContext(kommune: try m?.snapshot()))
    }
}
