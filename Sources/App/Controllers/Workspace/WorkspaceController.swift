import Fluent
import Foundation
import RadhusCore
import Vapor

/// The caseworker's workspace: the queue of the own kommune, the case page, decisions.
/// Every query goes through the staff member's `TenantScope`.
enum WorkspaceController {
    @Sendable static func queuePage(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard staff.role.mayReadCases else {
            throw RadhusError.localized(
                .forbidden,
                ErrorMessages.noCaseAccess)
        }
        let filter = Queue.Filter(
            service: req.query[String.self, at: "tjeneste"], status: req.query[String.self, at: "status"],
            assigned: req.query[String.self, at: "tildelt"].flatMap { ["meg", "ingen"].contains($0) ? $0 : nil },
            name: req.query[String.self, at: "navn"].map { String($0.trimmingCharacters(in: .whitespaces).prefix(60)) }
                .flatMap { $0.isEmpty ? nil : $0 },
            page: max(1, min(10_000, req.query[Int.self, at: "side"] ?? 1)))
        // «Finn sak»: a saksnummer goes straight to its case (issue 20); a malformed or unknown
        // one comes back at the field, what was typed kept.
        var search: Queue.Search?
        if let typed = req.query[String.self, at: "saksnummer"]?.trimmingCharacters(in: .whitespaces), !typed.isEmpty {
            let t = req.strings
            if let (year, sequence) = Queue.parseSaksnummer(typed) {
                if let found = try await staff.scope.query(CaseRecord.self, on: req.db).filter(\.$saksYear == year)
                    .filter(\.$saksSequence == sequence).first()
                {
                    return req.redirect(to: SiteURL.staffCase(try found.requireID()).path, redirectType: .normal)
                }
                search = .init(typed: typed, error: t.noCaseWithNumber(typed))
            } else {
                search = .init(typed: String(typed.prefix(40)), error: t.saksnummerFormat)
            }
        }
        let model = try await Queue.Model.query(
            filter, staff: staff, services: req.services, now: req.application.clock.now(),
            on: req.db)
        // A name search tells who has which case: each case it found is in the access log.
        if let name = filter.name, name.count >= 2, !model.rows.isEmpty {
            let now = req.application.clock.now()
            let entries = model.rows.map {
                AccessLogEntry(
                    municipalityID: staff.municipality.id, staffID: staff.userID, staffRole: staff.role.rawValue,
                    caseID: $0.id, action: .searchByName, at: now)
            }
            try await req.writer.write(on: req.db) { tx in try await JournalChain.appendAccess(entries, on: tx) }
        }
        return try await Queue.view(model, search: search, ctx: req.pageContext(area: .staff))
            .encodeResponse(for: req)
    }

    static func caseID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("case", as: UUID.self) else {
            throw RadhusError.localized(
                .notFound, ErrorMessages.caseNotFound)
        }
        return id
    }

    static func service(_ req: Request) -> CaseworkService {
        CaseworkService(db: req.db, writer: req.writer, clock: req.application.clock, services: req.services)
    }

    @Sendable static func casePage(req: Request) async throws -> Page {
        let staff = try req.requireStaff()
        let record = try await service(req).open(caseID: try caseID(req), by: staff)
        return try await render(
            req, staff: staff, record: record, revealed: false,
            flash: req.query[String.self, at: "melding"].flatMap(StaffCase.Flash.init(rawValue:)))
    }

    /// Shows the whole fødselsnummer, on purpose, and logs that it was shown.
    @Sendable static func reveal(req: Request) async throws -> Page {
        let staff = try req.requireStaff()
        let record = try await service(req).open(caseID: try caseID(req), by: staff, revealIdentity: true)
        return try await render(req, staff: staff, record: record, revealed: true)
    }

    struct DecisionForm: Content {
        var utfall: String?
        var begrunnelse: String?
        var hjemmel: String?
        var digitalt: String?
    }

    @Sendable static func decide(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let id = try caseID(req)
        let form = try req.form(DecisionForm.self)
        // The decision values (issue 19) come by their own ids; the service says which.
        let reserved = Set(ServiceDefinition.decisionFormNames + [CSRF.field])
        let draft = DecisionDraft(
            outcomeID: form.utfall ?? "", reasons: form.begrunnelse ?? "", legalBasis: form.hjemmel ?? "",
            digitalOnly: form.digitalt == "ja", values: req.formInput.values.filter { !reserved.contains($0.key) })
        switch try await service(req).decide(caseID: id, draft: draft, by: staff) {
        case .decided:
            req.logger.info("case decided", metadata: ["case": .string(id.uuidString)])
            return req.redirect(to: SiteURL.staffCase(id, flash: .decided).path, redirectType: .normal)
        case .proposed:
            return req.redirect(to: SiteURL.staffCase(id, flash: .proposed).path, redirectType: .normal)
        case .invalid(let problems):
            let record = try await service(req).open(caseID: id, by: staff)
            let page = try await render(
                req, staff: staff, record: record, revealed: false, draft: draft, problems: problems)
            return try await page.encodeResponse(for: req)
        }
    }

    /// The two-person check: a second caseworker approves the proposal (`godkjenn`) or returns it
    /// with why (`returner`).
    @Sendable static func proposal(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        let id = try caseID(req)
        switch req.parameters.get("action") {
        case "godkjenn":
            _ = try await service(req).approve(caseID: id, by: staff)
            return req.redirect(to: SiteURL.staffCase(id, flash: .decided).path, redirectType: .normal)
        case "returner":
            switch try await service(req).returnProposal(
                caseID: id, comment: req.formInput.values["tekst"] ?? "", by: staff)
            {
            case .done:
                return req.redirect(to: SiteURL.staffCase(id, flash: .proposalReturned).path, redirectType: .normal)
            case .invalid(let draft):
                let record = try await service(req).open(caseID: id, by: staff)
                return try await render(req, staff: staff, record: record, revealed: false, dialogue: draft)
                    .encodeResponse(for: req)
            }
        default:
            throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound)
        }
    }

    struct CorrectionForm: Content {
        var journalpost: String?
        var tekst: String?
    }

    /// A corrected version of a filed document: a new row, the old one untouched.
    @Sendable static func correctDocument(req: Request) async throws -> Response {
        let staff = try req.requireStaff(
            \.mayCorrectDocuments,
            otherwise: LocalizedText(
                nb: "Rollen din kan ikke rette dokumenter.", en: "Your role cannot correct documents.",
                nn: "Rolla di kan ikkje rette dokument."))
        let caseID = try caseID(req)
        let form = try req.form(CorrectionForm.self)
        let text = (form.tekst ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let entryID = form.journalpost.flatMap(UUID.init(uuidString:)) else {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Velg dokumentet som skal rettes.", en: "Choose the document to correct.",
                    nn: "Vel dokumentet som skal rettast."))
        }
        guard !text.isEmpty, text.count <= 100_000 else {
            throw RadhusError.localized(
                .badRequest,
                LocalizedText(
                    nb: "Skriv den rettede teksten (høyst 100 000 tegn).",
                    en: "Write the corrected text (at most 100,000 characters).",
                    nn: "Skriv den retta teksten (høgst 100 000 teikn)."))
        }
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            guard
                let entry = try await staff.scope.query(JournalEntry.self, on: tx).filter(\.$id == entryID).filter(
                    \.$caseID == caseID
                ).first()
            else {
                throw RadhusError.localized(
                    .notFound,
                    LocalizedText(
                        nb: "Fant ikke dokumentet.", en: "The document was not found.", nn: "Fann ikkje dokumentet."))
            }
            let last = try await JournalDocument.query(on: tx).filter(\.$journalEntryID == entry.id!).sort(
                \.$version, .descending
            ).first()
            let content = Data((text + "\n").utf8)
            let doc = JournalDocument()
            doc.journalEntryID = entry.id!
            doc.municipalityID = staff.municipality.id
            doc.version = (last?.version ?? 0) + 1
            doc.title = entry.title
            doc.format = "RA-TEKST"
            doc.mime = "text/plain; charset=utf-8"
            doc.size = content.count
            doc.sha256 = HashChain.digest(content)
            doc.content = content
            doc.createdAt = JournalChain.timestamp(now)
            try await doc.create(on: tx)
        }
        return req.redirect(to: SiteURL.staffCase(caseID).path, redirectType: .normal)
    }

    static func render(
        _ req: Request, staff: StaffContext, record: CaseRecord, revealed: Bool, draft: DecisionDraft? = nil,
        problems: [DecisionDraft.Problem] = [], flash: StaffCase.Flash? = nil, dialogue: DialogueDraft? = nil,
        meetingForm: StaffCase.MeetingForm? = nil, guestLink: StaffCase.GuestLink? = nil
    ) async throws -> Page {
        let model = try await StaffCase.Model.query(
            record: record, staff: staff, services: req.services, revealed: revealed,
            identityPolicy: req.application.radhusConfig.identityPolicy, draft: draft,
            problems: problems, flash: flash, dialogue: dialogue, meetingForm: meetingForm, guestLink: guestLink,
            now: req.application.clock.now(), on: req.db)
        return StaffCase.view(model, ctx: req.pageContext(area: .staff))
    }
}
