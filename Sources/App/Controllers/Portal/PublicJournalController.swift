import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// The kommune's public journal (offentlig journal, offentleglova § 10): every journalpost with
/// its public title, searchable by date, service and words, without login; and the access
/// request (innsynskrav), which becomes a case for the records officer (arkivar).
enum PublicJournalController {
    /// The service id of access requests: a case type of its own, not a citizen service.
    static let accessRequestService = "innsynskrav"

    @Sendable static func page(req: Request) async throws -> Page {
        let m = try await req.municipality()
        let ctx = req.pageContext(kommune: m)
        let query = ["fra", "til", "tjeneste", "sok", "side"].reduce(into: [String: String]()) { q, key in
            q[key] = req.query[String.self, at: key]
        }
        let f = PublicJournal.filter(query, t: ctx.t, now: req.application.clock.now())
        let model = try await PublicJournal.Model.query(
            f, kommune: m, services: req.application.shippedServices.services, on: req.db)
        return PublicJournal.view(model, ctx: ctx)
    }

    // MARK: - Innsynskrav

    struct RequestForm: Content {
        var navn: String?
        var epost: String?
        var melding: String?
    }

    static func entry(_ req: Request, _ m: Municipality.Snapshot) async throws -> JournalEntry {
        guard let id = req.parameters.get("entry", as: UUID.self),
            let e = try await JournalEntry.query(on: req.db).filter(\.$id == id).filter(\.$municipalityID == m.id)
                .first()
        else {
            throw RadhusError.localized(.notFound, ErrorMessages.journalEntryNotFound)
        }
        return e
    }

    @Sendable static func requestForm(req: Request) async throws -> Page {
        let m = try await req.municipality()
        let e = try await entry(req, m)
        return requestPage(req, m, e, form: AccessRequest.Form(), errors: [:])
    }

    static func requestPage(
        _ req: Request, _ m: Municipality.Snapshot, _ e: JournalEntry, form: AccessRequest.Form,
        errors: [String: String]
    ) -> Page {
        AccessRequest.view(
            kommune: m, entry: e, form: form, errors: errors, ctx: req.pageContext(kommune: m, forms: true))
    }

    @Sendable static func sendRequest(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let e = try await entry(req, m)
        let form = try req.form(RequestForm.self)
        let t = req.strings
        let name = (form.navn ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = (form.epost ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let message = String((form.melding ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(4000))
        var errors: [String: String] = [:]
        if let c = PlainText.refused(in: name) {
            errors["navn"] = t.invisibleCharacter(c)
        } else if name.isEmpty || name.count > 200 {
            errors["navn"] = t.nameMissing
        }
        if !SMTPClient.isPlausibleAddress(email) { errors["epost"] = t.emailInvalid }
        if let c = PlainText.refused(in: message, multiline: true) { errors["melding"] = t.invisibleCharacter(c) }
        if !errors.isEmpty {
            return try await requestPage(
                req, m, e, form: AccessRequest.Form(name: name, email: email, message: message), errors: errors
            )
            .encodeResponse(for: req)
        }
        let now = req.application.clock.now()
        let cal = NorwegianCalendar()
        // A case of its own in the kommune's case numbering, for the arkivar; answered within
        // three working days as is customary ("uten ugrunnet opphold", offentleglova § 29).
        let answers = [
            "navn": name, "epost": email, "melding": message, "journalpost": "\(e.journalYear)/\(e.journalSeq)",
            "dokument": "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)", "tittel": e.publicTitle,
        ]
        let json = String(decoding: try JSONEncoder.sorted.encode(ValidatedAnswers(values: answers)), as: UTF8.self)
        let request = CaseLedger.NewCase(
            municipality: m, serviceID: accessRequestService, serviceVersion: 1, applicant: "",
            channel: .digital, answersJSON: json, submittedAt: now,
            dueAt: cal.addingWorkingDays(3, to: now), idempotencyKey: nil, actor: "citizen",
            detail: "innsynskrav")
        let saksnummer = try await req.writer.write(on: req.db) { tx in
            try await CaseLedger.create(request, on: tx)
        }
        return try await AccessRequest.received(kommune: m, saksnummer: saksnummer, ctx: req.pageContext(kommune: m))
            .encodeResponse(for: req)
    }
}
