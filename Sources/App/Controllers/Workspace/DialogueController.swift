import Fluent
import Foundation
import RadhusCore
import Vapor

/// The dialogue on a case (issue 20), from the case page and from «Mine saker»: messages,
/// notes, requests for information, and who the case is given to.
enum DialogueController {
    static func service(_ req: Request) -> DialogueService {
        DialogueService(
            db: req.db, writer: req.writer, clock: req.application.clock, services: req.services,
            policy: req.application.radhusConfig.identityPolicy)
    }

    struct TextForm: Content {
        var tekst: String?
    }

    /// A message, note or request from the case page; a refused one comes back to the page with
    /// what was typed and the problem at its field. A message or request may carry up to three
    /// files (the form is multipart, read as it streams in); the letter carries them.
    @Sendable static func staffWrites(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let caseID = try WorkspaceController.caseID(req)
        guard let kind = req.parameters.get("kind").flatMap(DialogueDraft.Kind.init(rawValue:)), kind.onCasePage
        else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        guard let record = try await staff.scope.find(CaseRecord.self, caseID, on: req.db) else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        let owner = AttachmentService.staffOwner(staff.userID)
        let upload = try await receive(
            req, owner: owner, municipality: staff.municipality.id, service: record.serviceID,
            takesFiles: kind == .message || kind == .request)
        var draft = DialogueDraft(kind: kind, text: upload.values["tekst"] ?? "", due: upload.values["frist"] ?? "")
        func back(_ draft: DialogueDraft) async throws -> Response {
            try await upload.discard(req, owner: owner)
            let record = try await WorkspaceController.service(req).open(caseID: caseID, by: staff)
            return try await WorkspaceController.render(
                req, staff: staff, record: record, revealed: false, dialogue: draft
            )
            .encodeResponse(for: req)
        }
        if let problem = upload.problem {
            draft.problems["vedlegg"] = problem
            return try await back(draft)
        }
        let result: DialogueService.Result
        do {
            result = try await service(req).write(draft, caseID: caseID, by: staff, files: upload.kept)
        } catch {
            try await upload.discard(req, owner: owner)
            throw error
        }
        switch result {
        case .done:
            let flash: StaffCase.Flash =
                switch kind {
                case .message: .messageSent
                case .note: .noteSaved
                case .request: .requestSent
                case .preliminary: .preliminarySent
                // Not reached: refused above (these have routes of their own).
                case .review, .appealForward, .appealOutcome, .proposalReturn: .messageSent
                }
            return req.redirect(to: SiteURL.staffCase(caseID, flash: flash).path, redirectType: .normal)
        case .invalid(let draft):
            return try await back(draft)
        }
    }

    /// A dialogue form as it arrived: its text fields, and the files it carried, each checked,
    /// scanned and kept (`kept`) — or, when one was refused, the problem to show at the file
    /// field and none kept.
    struct Upload {
        var values: [String: String]
        var kept: [Attachment] = []
        var problem: LocalizedText?
        /// The file input the problem is at (`vedlegg`, or a requested document's).
        var problemInput = "vedlegg"

        /// Removes the kept files (the message was refused or failed).
        func discard(_ req: Request, owner: String) async throws {
            for a in kept { try await req.attachments.remove(a.id, owner: owner) }
        }
    }

    /// Reads a dialogue form: a multipart one as it streams in (the CSRF token checked here, as
    /// the middleware leaves a streamed body alone), each file to a temporary file, then checked
    /// and scanned for `AttachmentService.messageField` and kept for `owner`; any refused file
    /// refuses them all. An ordinary form is read as the middleware collected it.
    /// `takesFiles`: false for the forms that carry none (a file part is then dropped unread).
    /// `documents`: the application's attachment fields an open request asks for (issue 24:
    /// the checklist's request), each taken from its own file input (`vedlegg-<field>`) by its
    /// own rules and kept as a document of that field.
    static func receive(
        _ req: Request, owner: String, municipality: UUID, service: String, takesFiles: Bool = true,
        documents: [FieldDefinition] = []
    ) async throws -> Upload {
        guard req.headers.contentType?.type == "multipart" else { return Upload(values: req.formInput.values) }
        let messageField = AttachmentService.messageField
        let fields = Dictionary(
            uniqueKeysWithValues: [("vedlegg", messageField)] + documents.map { ("vedlegg-" + $0.id, $0) })
        let maxBytes = fields.values.map(\.attachmentRules.maxBytes).max() ?? messageField.attachmentRules.maxBytes
        let upload = try await UploadReader.read(
            req, temporaryDirectory: req.application.attachmentStore.temporaryDirectory,
            bodyLimit: fields.values.reduce(Int64(1_048_576)) {
                $0 + $1.attachmentRules.maxBytes * Int64($1.attachmentRules.maxFiles)
            },
            fileLimit: { takesFiles ? fields[$0]?.attachmentRules.maxBytes : nil })
        // A file input left empty still sends a part with no name and no bytes; a file in any
        // other part (or on a form that takes none) is dropped unread.
        let received = upload.files.filter {
            takesFiles && fields[$0.fieldName] != nil && !($0.fileName.isEmpty && $0.size == 0)
        }
        for f in upload.files where !received.contains(where: { $0.temporary == f.temporary }) {
            if let t = f.temporary { try? FileManager.default.removeItem(at: t) }
        }
        do { try CSRF.verify(req, sent: upload.input.values[CSRF.field], input: upload.input) } catch {
            for f in received { if let t = f.temporary { try? FileManager.default.removeItem(at: t) } }
            throw error
        }
        var result = Upload(values: upload.input.values)
        var problem: (input: String, field: FieldDefinition, problem: FieldProblem)?
        for (input, field) in fields
        where received.filter({ $0.fieldName == input }).count > field.attachmentRules.maxFiles {
            problem = (input, field, .tooManyFiles(max: field.attachmentRules.maxFiles))
        }
        for file in received {
            guard problem == nil, let field = fields[file.fieldName] else {
                if let t = file.temporary { try? FileManager.default.removeItem(at: t) }
                continue
            }
            switch try await req.attachments.accept(
                file, field: field, description: "", owner: owner, municipality: municipality, service: service)
            {
            case .success(let a): result.kept.append(a)
            case .failure(let p): problem = (file.fieldName, field, p)
            }
        }
        if let (input, field, problem) = problem {
            try await result.discard(req, owner: owner)
            result.kept = []
            result.problemInput = input
            let e = FieldError(inputID: input, field: field, problem: problem)
            result.problem = LocalizedText(
                nb: Strings(.nb).message(e), en: Strings(.en).message(e), nn: Strings(.nn).message(e))
        }
        return result
    }

    @Sendable static func withdraw(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let caseID = try WorkspaceController.caseID(req)
        try await service(req).withdrawRequest(caseID: caseID, by: staff)
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .requestWithdrawn).path, redirectType: .normal)
    }

    struct AssignForm: Content {
        /// A caseworker's id, `meg` (me) or empty (unassigned).
        var saksbehandler: String?
    }

    @Sendable static func assign(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let caseID = try WorkspaceController.caseID(req)
        let raw = (try req.form(AssignForm.self).saksbehandler ?? "").trimmingCharacters(in: .whitespaces)
        let userID = try assignee(raw, staff: staff)
        try await service(req).assign(caseID: caseID, to: userID, by: staff)
        return req.redirect(to: SiteURL.staffCase(caseID, flash: .assigned).path, redirectType: .normal)
    }

    /// The rows chosen in the queue, given to one caseworker (or back to nobody) at once.
    @Sendable static func bulkAssign(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let ids = req.formInput.fields.filter { $0.name == "sak[]" }.compactMap { UUID(uuidString: $0.value) }
        let raw = (req.formInput.values["saksbehandler"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !ids.isEmpty, ids.count <= Queue.pageSize else {
            throw RadhusError.localized(
                .unprocessableEntity,
                LocalizedText(
                    nb: "Velg sakene som skal tildeles (høyst \(Queue.pageSize)).",
                    en: "Choose the cases to assign (at most \(Queue.pageSize)).",
                    nn: "Vel sakene som skal tildelast (høgst \(Queue.pageSize))."))
        }
        let userID = try assignee(raw, staff: staff)
        // All or nothing about what was chosen: every case must be the kommune's own.
        guard try await staff.scope.query(CaseRecord.self, on: req.db).filter(\.$id ~~ ids).count() == Set(ids).count
        else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        for id in ids { try await service(req).assign(caseID: id, to: userID, by: staff) }
        let back = req.formInput.values["tilbake"].flatMap { $0.hasPrefix(SiteRoute.queue.rawValue) ? $0 : nil }
        return req.redirect(to: back ?? SiteURL.queue(service: nil, status: nil).path, redirectType: .normal)
    }

    /// Saves the queue's current filter under a name, for this staff member.
    @Sendable static func saveFilter(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let name = (req.formInput.values["navn"] ?? "").trimmingCharacters(in: .whitespaces)
        // Only the queue's own filters are kept, rebuilt from what was sent: nothing else rides along.
        let sent = req.formInput.values
        let filter = Queue.Filter(
            service: sent["tjeneste"].flatMap { $0.isEmpty ? nil : String($0.prefix(60)) },
            status: sent["status"].flatMap { CaseStatus(rawValue: $0) != nil || $0 == "alle" ? $0 : nil },
            assigned: sent["tildelt"].flatMap { ["meg", "ingen"].contains($0) ? $0 : nil },
            name: sent["navn_sok"].flatMap { $0.isEmpty ? nil : String($0.prefix(60)) })
        let back = SiteRoute.queue.rawValue + SiteURL.query(filter.query)
        guard !name.isEmpty, name.count <= 60, PlainText.refused(in: name) == nil else {
            throw RadhusError.localized(
                .unprocessableEntity,
                LocalizedText(
                    nb: "Gi filteret et navn på høyst 60 tegn, uten usynlige tegn.",
                    en: "Give the filter a name of at most 60 characters, with no invisible characters.",
                    nn: "Gi filteret eit namn på høgst 60 teikn, utan usynlege teikn."))
        }
        guard !filter.query.isEmpty else {
            throw RadhusError.localized(
                .unprocessableEntity,
                LocalizedText(
                    nb: "Velg minst ett filter før du lagrer det.", en: "Choose at least one filter before saving it.",
                    nn: "Vel minst eitt filter før du lagrar det."))
        }
        let saved = SavedFilter()
        saved.municipalityID = staff.municipality.id
        saved.staffID = staff.userID
        saved.name = name
        saved.query = String(SiteURL.query(filter.query).dropFirst())
        saved.createdAt = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in try await saved.create(on: tx) }
        return req.redirect(to: back, redirectType: .normal)
    }

    @Sendable static func deleteFilter(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard let id = req.parameters.get("filter", as: UUID.self) else {
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        try await req.writer.write(on: req.db) { tx in
            try await staff.scope.query(SavedFilter.self, on: tx).filter(\.$id == id)
                .filter(\.$staffID == staff.userID).delete()
        }
        return req.redirect(to: SiteURL.queue(service: nil, status: nil).path, redirectType: .normal)
    }

    /// A caseworker's id as the forms send it: `meg` (me), empty (nobody), or their id.
    static func assignee(_ raw: String, staff: StaffContext) throws -> UUID? {
        switch raw {
        case "": return nil
        case "meg": return staff.userID
        default:
            guard let id = UUID(uuidString: raw) else {
                throw RadhusError.localized(
                    .unprocessableEntity,
                    LocalizedText(
                        nb: "Velg en saksbehandler i lista.", en: "Choose a caseworker from the list.",
                        nn: "Vel ein saksbehandlar i lista."))
            }
            return id
        }
    }

    /// The applicant asks for a caseworker to review an automated decision.
    @Sendable static func citizenRequestsReview(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        let reason = try req.form(TextForm.self).tekst ?? ""
        switch try await service(req).requestReview(caseID: try record.requireID(), reason: reason, applicant: fnr) {
        case .done:
            return req.redirect(to: SiteURL.myCase(try record.requireID(), flash: .review).path, redirectType: .normal)
        case .invalid(let draft):
            var model = try await MyCase.Model.query(
                record: record, viewer: fnr, services: req.services, now: req.application.clock.now(), on: req.db)
            model.draft = draft
            return try await MyCase.view(model, ctx: req.pageContext(kommune: model.kommune)).encodeResponse(for: req)
        }
    }

    /// The applicant writes on their own case (an answer, while the case waits for them), with
    /// up to three files (`AttachmentService.messageField`): the form is multipart, read as it
    /// streams in, each file scanned before it is kept; a refused message keeps no file.
    @Sendable static func citizenWrites(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        // The documents an open request asks for (issue 24), each with its own file input.
        var documents: [FieldDefinition] = []
        if record.caseStatus == .venterPaSoker,
            let request = try await InformationRequest.query(on: req.db).filter(\.$caseID == record.requireID())
                .filter(\.$closedAt == nil).first(), !request.documentFields.isEmpty,
            let service = try await req.services.forCase(
                serviceID: record.serviceID, version: record.serviceVersion, municipalityID: record.municipalityID,
                on: req.db)
        {
            documents = request.documentFields.compactMap { service.field($0) }.filter { $0.type == .attachment }
        }
        let upload = try await receive(
            req, owner: fnr.value, municipality: record.municipalityID, service: record.serviceID,
            documents: documents)
        var draft = DialogueDraft(kind: .message, text: upload.values["tekst"] ?? "")
        if let problem = upload.problem {
            draft.problems[upload.problemInput] = problem
            return try await rerender(req, record: record, viewer: fnr, draft: draft)
        }
        let result: DialogueService.Result
        do {
            result = try await service(req).citizenWrites(
                draft, caseID: try record.requireID(), applicant: fnr, files: upload.kept.map(\.id))
        } catch {
            try await upload.discard(req, owner: fnr.value)
            throw error
        }
        switch result {
        case .done:
            return req.redirect(to: SiteURL.myCase(try record.requireID(), flash: .sent).path, redirectType: .normal)
        case .invalid(let draft):
            try await upload.discard(req, owner: fnr.value)
            return try await rerender(req, record: record, viewer: fnr, draft: draft)
        }
    }

    /// A follow-up application on the decided case (issue 24): its documents, each from its own
    /// file input, and an optional comment; refused files keep nothing and come back at their field.
    @Sendable static func citizenFollowUp(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        let kind = req.parameters.get("kind") ?? ""
        guard
            let service = try await req.services.forCase(
                serviceID: record.serviceID, version: record.serviceVersion, municipalityID: record.municipalityID,
                on: req.db), let f = service.followUp(kind)
        else { throw RadhusError.localized(.notFound, FollowUpTexts.notAvailable) }
        // Before a byte of the files is read: is this follow-up open to the case now?
        guard
            try await FollowUpService.available(record, service: service, on: req.db).contains(where: { $0.id == kind })
        else { throw RadhusError.localized(.conflict, FollowUpTexts.notAvailable) }
        let upload = try await receive(
            req, owner: fnr.value, municipality: record.municipalityID, service: record.serviceID,
            documents: f.documents)
        var draft = DialogueDraft(kind: .message, text: upload.values["tekst"] ?? "", idPrefix: f.id)
        if let problem = upload.problem {
            draft.problems[upload.problemInput] = problem
        } else if upload.kept.isEmpty && !f.documents.isEmpty {
            draft.problems["vedlegg-" + f.documents[0].id] = LocalizedText(
                nb: "Legg ved dokumentene søknaden trenger.", en: "Attach the documents the application needs.",
                nn: "Legg ved dokumenta søknaden treng.")
        } else {
            _ = draft.check(now: req.application.clock.now(), textOptional: true)  // its problems are in the draft
        }
        if !draft.problems.isEmpty {
            try await upload.discard(req, owner: fnr.value)
            var model = try await MyCase.Model.query(
                record: record, viewer: fnr, services: req.services, now: req.application.clock.now(), on: req.db)
            model.followUpDraft = (f.id, draft)
            var page = try await MyCase.view(model, ctx: req.pageContext(kommune: model.kommune))
            page.status = .unprocessableEntity
            return try await page.encodeResponse(for: req)
        }
        do {
            try await FollowUpService.submit(
                caseID: try record.requireID(), kind: f.id,
                text: draft.text.trimmingCharacters(in: .whitespacesAndNewlines),
                files: upload.kept.map(\.id), applicant: fnr, services: req.services, clock: req.application.clock,
                writer: req.writer, on: req.db)
        } catch {
            try await upload.discard(req, owner: fnr.value)
            throw error
        }
        return req.redirect(
            to: SiteURL.myCase(try record.requireID(), flash: .followUpSent).path, redirectType: .normal)
    }

    private static func rerender(
        _ req: Request, record: CaseRecord, viewer: Fodselsnummer, draft: DialogueDraft
    ) async throws -> Response {
        var model = try await MyCase.Model.query(
            record: record, viewer: viewer, services: req.services, now: req.application.clock.now(), on: req.db)
        model.draft = draft
        return try await MyCase.view(model, ctx: req.pageContext(kommune: model.kommune)).encodeResponse(for: req)
    }

    // MARK: Appeals (issue 20)

    static func appeals(_ req: Request) -> AppealService {
        AppealService(db: req.db, writer: req.writer, clock: req.application.clock, services: req.services)
    }

    /// The applicant appeals the decision on their own case; a refused form comes back with what
    /// was typed and the problems at their fields.
    @Sendable static func citizenAppeals(req: Request) async throws -> Response {
        let fnr = try req.requireCitizen()
        let record = try await req.ownCase()
        let draft = AppealDraft(
            text: req.formInput.values["tekst"] ?? "", lateReason: req.formInput.values["sen"] ?? "")
        switch try await appeals(req).lodge(caseID: try record.requireID(), draft: draft, applicant: fnr) {
        case .lodged(let appealCaseID):
            return req.redirect(to: SiteURL.myCase(appealCaseID, flash: .appealed).path, redirectType: .normal)
        case .invalid(let draft):
            var model = try await MyCase.Model.query(
                record: record, viewer: fnr, services: req.services, now: req.application.clock.now(), on: req.db)
            model.appealDraft = draft
            return try await MyCase.view(model, ctx: req.pageContext(kommune: model.kommune)).encodeResponse(for: req)
        }
    }

    /// The caseworker forwards an upheld appeal (`oversend`) or registers the appeal body's
    /// outcome (`utfall`).
    @Sendable static func staffAppeal(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let caseID = try WorkspaceController.caseID(req)
        let text = req.formInput.values["tekst"] ?? ""
        let result: AppealService.Result
        let flash: StaffCase.Flash
        switch req.parameters.get("action") {
        case "oversend":
            result = try await appeals(req).forward(caseID: caseID, assessment: text, by: staff)
            flash = .appealForwarded
        case "utfall":
            let outcome = req.formInput.values["utfall"].flatMap(AppealOutcome.init(rawValue:))
            guard let outcome else {
                var draft = DialogueDraft(kind: .appealOutcome, text: text)
                draft.problems["utfall"] = LocalizedText(
                    nb: "Velg hva klageinstansen kom til.", en: "Choose what the appeal body decided.",
                    nn: "Vel kva klageinstansen kom til.")
                return try await rerender(req, staff: staff, caseID: caseID, appeal: draft)
            }
            result = try await appeals(req).registerOutcome(caseID: caseID, outcome: outcome, note: text, by: staff)
            flash = .appealSettled
        default:
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
        switch result {
        case .done:
            return req.redirect(to: SiteURL.staffCase(caseID, flash: flash).path, redirectType: .normal)
        case .invalid(let draft):
            return try await rerender(req, staff: staff, caseID: caseID, appeal: draft)
        }
    }

    private static func rerender(
        _ req: Request, staff: StaffContext, caseID: UUID, appeal draft: DialogueDraft
    ) async throws -> Response {
        let record = try await WorkspaceController.service(req).open(caseID: caseID, by: staff)
        return try await WorkspaceController.render(req, staff: staff, record: record, revealed: false, dialogue: draft)
            .encodeResponse(for: req)
    }
}
