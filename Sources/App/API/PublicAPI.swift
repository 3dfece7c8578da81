import AppAPI
import Fluent
import Foundation
import HTTPTypes
import OpenAPIRuntime
import OpenAPIVapor
import RadhusCore
import SQLKit
import Vapor

/// The public API (`/api/v1`), implementing the operations generated from
/// `Sources/AppAPI/openapi.yaml`. Every operation goes through the same services as the
/// portal and the workspace: submissions through `SubmissionService`, decisions through
/// `CaseworkService.decide`, and rows only through the client's `TenantScope`.
///
/// Errors are thrown (`APIProblem`, `RadhusError`) and become problem details in
/// `APIProblemMiddleware`, so each operation states only its success.
struct PublicAPI: APIProtocol {
    /// The Vapor request of the operation being served (set by `RequestInjection`).
    enum Current {
        @TaskLocal static var request: Request?
    }

    /// The request and its client, after checking the kommune in the path and the scope (any
    /// one of `others` also does).
    func authorize(_ kommune: String, _ scope: APIScope, or others: APIScope...) throws -> (Request, APIClientContext) {
        guard let req = Current.request, let client = req.apiClient else {
            throw APIProblem(status: .unauthorized, detail: "Mangler tilgangsnøkkel.")
        }
        guard kommune.count == 4, kommune.allSatisfy(\.isASCII), kommune.allSatisfy(\.isNumber) else {
            throw APIProblem(status: .badRequest, detail: "Kommunenummeret må ha fire sifre.")
        }
        guard kommune == client.municipality.number else {
            throw APIProblem(
                status: .forbidden, detail: "Klienten har bare tilgang til kommune \(client.municipality.number).")
        }
        guard client.scopes.contains(scope) || others.contains(where: client.scopes.contains) else {
            throw APIProblem(status: .forbidden, detail: "Tilgangsnøkkelen mangler omfanget «\(scope.rawValue)».")
        }
        return (req, client)
    }

    func caseID(_ raw: String) throws -> UUID {
        guard let id = UUID(uuidString: raw) else {
            throw APIProblem(status: .badRequest, detail: "Saks-id-en er ikke en UUID.")
        }
        return id
    }

    func limit(_ raw: Int?) throws -> Int {
        let n = raw ?? 50
        guard (1...200).contains(n) else {
            throw APIProblem(status: .badRequest, detail: "limit må være mellom 1 og 200.")
        }
        return n
    }

    func serviceID(_ raw: String) throws -> String {
        guard (1...60).contains(raw.count),
            raw.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
        else {
            throw APIProblem(
                status: .badRequest, detail: "Tjeneste-id-en kan bare ha små bokstaver, sifre og bindestrek.")
        }
        return raw
    }

    // MARK: Services

    func listServices(_ input: Operations.ListServices.Input) async throws -> Operations.ListServices.Output {
        let (req, client) = try authorize(input.path.kommune, .casesRead, or: .applicationsSubmit)
        let items = try await req.services.offered(municipalityID: client.municipality.id, on: req.db).map { s in
            Components.Schemas.Service(
                id: s.id, version: s.version, title: .init(s.title), summary: .init(s.summary),
                legalBasis: s.legalBasis,
                deadlineDays: s.deadline.days,
                fields: s.fields.map { f in
                    Components.Schemas.Field(
                        id: f.id, _type: f.type.rawValue, label: .init(f.label), required: f.required,
                        options: f.type == .choice ? f.options(for: client.municipality.number).map(\.value) : nil)
                },
                outcomes: s.outcomes.map { .init(id: $0.id, granted: $0.granted, label: .init($0.label)) })
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    // MARK: Applications

    func submitApplication(_ input: Operations.SubmitApplication.Input) async throws
        -> Operations.SubmitApplication.Output
    {
        let (req, client) = try authorize(input.path.kommune, .applicationsSubmit)
        // The raw header: the generated value has been percent-decoded, and a key is opaque.
        let key = (req.headers.first(name: "Idempotency-Key") ?? input.headers.idempotencyKey).trimmingCharacters(
            in: .whitespaces)
        guard (1...200).contains(key.count), key.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) }) else {
            throw APIProblem(status: .badRequest, detail: "Idempotency-Key må ha 1–200 synlige ASCII-tegn.")
        }
        guard
            let s = try await req.services.offered(
                municipalityID: client.municipality.id, id: try serviceID(input.path.service), on: req.db)
        else {
            throw APIProblem(status: .notFound, detail: "Vi fant ingen tjeneste som heter «\(input.path.service)».")
        }
        guard case .json(let body) = input.body else {
            throw APIProblem(status: .badRequest, detail: "Send søknaden som JSON.")
        }
        let policy = req.application.radhusConfig.identityPolicy
        guard let applicant = try? Fodselsnummer(body.applicant, policy: policy) else {
            throw APIProblem(
                status: .unprocessableEntity, detail: "Søkerens fødselsnummer er ikke gyldig.",
                errors: [.init(field: "applicant", message: "Skriv et gyldig fødselsnummer med 11 siffer.")])
        }
        let m = client.municipality
        // Attachment answers name files uploaded for this applicant (uploadAttachment): their
        // names come from the files, never from the client.
        var input = body.answers.additionalProperties
        let unknown = try await AttachmentService.resolve(
            &input, service: s, owner: applicant.value, municipality: m.id, on: req.db)
        if !unknown.isEmpty {
            throw APIProblem(
                status: .unprocessableEntity, title: "Skjemaet har feil", detail: "Et vedlegg finnes ikke.",
                errors: unknown.map {
                    .init(
                        field: $0,
                        message:
                            "Vedlegget finnes ikke for denne søkeren, eller er allerede sendt. Last det opp med uploadAttachment først."
                    )
                })
        }
        switch req.formValidator(for: m).validate(s, input: input) {
        case .failure(let errors):
            let t = Strings(.nb)
            throw APIProblem(
                status: .unprocessableEntity, title: "Skjemaet har feil", detail: t.errorSummaryTitle(errors.count),
                errors: errors.map { .init(field: $0.inputID, message: t.message($0)) })
        case .success(let answers):
            // The key is the client's own: two clients may use the same key without meeting.
            var command = SubmitApplication(
                municipality: m, service: s, applicant: applicant, answers: answers, channel: .digital,
                idempotencyKey: "api:\(client.id.uuidString):\(key)")
            command.actor = client.signature
            let receipt = try await req.submissions(for: s).submit(command)
            let body = Components.Schemas.Receipt(
                caseId: receipt.caseID.uuidString, saksnummer: receipt.saksnummer.description,
                submittedAt: receipt.submittedAt,
                dueAt: receipt.dueAt, repeated: receipt.repeated, automatedOutcome: receipt.automatedOutcome)
            if receipt.repeated { return .ok(.init(body: .json(body))) }
            return .created(
                .init(
                    headers: .init(location: SiteURL.apiCase(kommune: m.number, case: receipt.caseID).path),
                    body: .json(body)))
        }
    }

    // MARK: Cases

    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        let (req, client) = try authorize(input.path.kommune, .casesRead)
        let limit = try limit(input.query.limit)
        var q = client.scope.query(CaseRecord.self, on: req.db)
        if let s = input.query.service { q = q.filter(\.$serviceID == (try serviceID(s))) }
        if let status = input.query.status { q = q.filter(\.$status == status.rawValue) }
        if let cursor = input.query.cursor {
            // Keyset paging on the saksnummer (unique per kommune): stable while new cases arrive.
            let parts = cursor.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, cursor.count <= 40 else {
                throw APIProblem(status: .badRequest, detail: "cursor er ikke en gyldig markør fra forrige side.")
            }
            q = q.group(.or) { g in
                g.filter(\.$saksYear < parts[0])
                g.group(.and) { $0.filter(\.$saksYear == parts[0]).filter(\.$saksSequence < parts[1]) }
            }
        }
        let rows = try await q.sort(\.$saksYear, .descending).sort(\.$saksSequence, .descending).limit(limit + 1).all()
        let page = rows.prefix(limit)
        let items = try page.map { c in
            Components.Schemas.CaseSummary(
                id: try c.requireID().uuidString, saksnummer: c.saksnummer.description, service: c.serviceID,
                status: .init(rawValue: c.status) ?? .mottatt, channel: c.channel, submittedAt: c.submittedAt,
                dueAt: c.dueAt,
                decidedAt: c.decidedAt)
        }
        let next = rows.count > limit ? page.last.map { "\($0.saksYear)-\($0.saksSequence)" } : nil
        return .ok(.init(body: .json(.init(items: items, nextCursor: next))))
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        let (req, client) = try authorize(input.path.kommune, .casesRead)
        let id = try caseID(input.path.caseId)
        // Read and logged in one transaction, as when a caseworker opens a case.
        let now = req.application.clock.now()
        let record = try await req.writer.write(on: req.db) { tx in
            guard let record = try await client.scope.find(CaseRecord.self, id, on: tx) else {
                throw APIProblem(status: .notFound, detail: "Fant ikke saken i kommune \(client.municipality.number).")
            }
            try await Self.appendAccess(client: client, caseID: id, action: .viewCase, at: now, on: tx)
            return record
        }
        let events = try await client.scope.query(CaseEventRecord.self, on: req.db).filter(\.$caseID == id).sort(\.$at)
            .all()
        let decision = try await client.scope.query(DecisionRecord.self, on: req.db).inForce(case: id)
        let letterID: UUID? =
            if let decision {
                try await client.scope.query(LetterRecord.self, on: req.db).filter(\.$decisionID == decision.id)
                    .first()?.id
            } else { nil }
        let entries = try await client.scope.query(JournalEntry.self, on: req.db).filter(\.$caseID == id).sort(
            \.$documentNumber
        ).all()
        var documents: [Components.Schemas.Document] = []
        for e in entries {
            guard
                let doc = try await JournalDocument.query(on: req.db).filter(\.$journalEntryID == e.id!)
                    .sort(\.$version, .descending).field(\.$id).field(\.$version).field(\.$sha256).field(\.$mime)
                    .first()
            else { continue }
            documents.append(
                .init(
                    id: try e.requireID().uuidString,
                    journalpostnummer: "\(e.saksYear)/\(e.saksSeq)-\(e.documentNumber)",
                    _type: e.journalpostType == .inbound ? "I" : "U", title: e.title, version: doc.version,
                    sha256: doc.sha256, mediaType: doc.mime))
        }
        let body = Components.Schemas.Case(
            id: id.uuidString, saksnummer: record.saksnummer.description, service: record.serviceID,
            serviceVersion: record.serviceVersion, status: .init(rawValue: record.status) ?? .mottatt,
            channel: record.channel,
            applicant: record.applicantFnr, answers: .init(additionalProperties: record.answers.values),
            submittedAt: record.submittedAt, dueAt: record.dueAt, decidedAt: record.decidedAt,
            timeline: events.map { .init(kind: $0.kind, at: $0.at, actor: $0.actor, detail: $0.detail) },
            decision: try decision.map { try Self.decision($0, letterID: letterID) }, documents: documents,
            attachments: try await AttachmentService.forCase(id, municipality: client.municipality.id, on: req.db).map(
                Self.attachment))
        return .ok(.init(body: .json(body)))
    }

    static func decision(_ d: DecisionRecord, letterID: UUID?) throws -> Components.Schemas.Decision {
        .init(
            id: try d.requireID().uuidString, outcome: d.outcome, granted: d.granted, reasons: d.reasons,
            legalBasis: d.legalBasis,
            automated: d.automated, decidedBy: d.decidedByName, decidedAt: d.decidedAt, letterId: letterID?.uuidString,
            values: d.values.isEmpty ? nil : .init(additionalProperties: d.values))
    }

    func registerDecision(_ input: Operations.RegisterDecision.Input) async throws -> Operations.RegisterDecision.Output
    {
        let (req, client) = try authorize(input.path.kommune, .decisionsWrite)
        let id = try caseID(input.path.caseId)
        guard case .json(let body) = input.body else {
            throw APIProblem(status: .badRequest, detail: "Send vedtaket som JSON.")
        }
        let decidedBy = body.decidedBy.trimmingCharacters(in: .whitespacesAndNewlines)
        var fieldErrors: [APIProblem.FieldMessage] = []
        if let c = PlainText.refused(in: decidedBy) {
            // A right-to-left override would make the letter's signature read as another name.
            fieldErrors.append(
                .init(
                    field: "decidedBy",
                    message: "Navnet inneholder et tegn som ikke synes (\(PlainText.describe(c))). Skriv det på nytt."))
        } else if decidedBy.isEmpty || decidedBy.count > 200 {
            fieldErrors.append(.init(field: "decidedBy", message: "Skriv hvem som fattet vedtaket (1–200 tegn)."))
        }
        let draft = DecisionDraft(
            outcomeID: body.outcome, reasons: body.reasons, legalBasis: body.legalBasis,
            digitalOnly: body.digitalOnly ?? false, values: body.values?.additionalProperties ?? [:])
        let service = CaseworkService(
            db: req.db, writer: req.writer, clock: req.application.clock, services: req.services)
        // All field errors at once: the draft's own (checked again in the transaction) with ours.
        if let record = try await client.scope.find(CaseRecord.self, id, on: req.db),
            let definition = try await req.services.forCase(
                serviceID: record.serviceID, version: record.serviceVersion,
                municipalityID: client.municipality.id, on: req.db)
        {
            let validator = req.formValidator(for: client.municipality)
            fieldErrors += draft.problems(in: definition, validator: validator).map {
                .init(field: Self.decisionField($0), message: Self.decisionMessage($0))
            }
        }
        if !fieldErrors.isEmpty {
            throw APIProblem(
                status: .unprocessableEntity, title: "Vedtaket har feil", detail: "Rett feltene og send igjen.",
                errors: fieldErrors)
        }
        let signature = "\(decidedBy) (\(client.name))"
        switch try await service.decide(
            caseID: id, draft: draft, scope: client.scope, municipality: client.municipality,
            by: .init(staff: nil, system: (client.id, signature)))
        {
        case .invalid(let problems):
            throw APIProblem(
                status: .unprocessableEntity, title: "Vedtaket har feil", detail: "Rett feltene og send igjen.",
                errors: problems.map { .init(field: Self.decisionField($0), message: Self.decisionMessage($0)) })
        case .proposed:
            // Only a caseworker's decision is a proposal (the two-person check); a domain system's is not.
            throw RadhusError.internalInconsistency("a domain system's decision became a proposal")
        case .decided(let letterID):
            guard
                let d = try await client.scope.query(DecisionRecord.self, on: req.db).inForce(case: id)
            else {
                throw RadhusError.internalInconsistency("decision not found after writing it")
            }
            return .created(.init(body: .json(try Self.decision(d, letterID: letterID))))
        }
    }

    static func decisionField(_ p: DecisionDraft.Problem) -> String {
        switch p {
        case .outcomeMissing: "outcome"
        case .value(let e): "values." + e.inputID
        case .reasonsMissing, .reasonsTooLong, .invisibleInReasons: "reasons"
        case .legalBasisMissing, .legalBasisTooLong, .invisibleInLegalBasis: "legalBasis"
        }
    }

    static func decisionMessage(_ p: DecisionDraft.Problem) -> String {
        switch p {
        case .outcomeMissing: "Velg et av tjenestens utfall."
        case .value(let e): Strings(.nb).message(e) + "."
        case .reasonsMissing: "Begrunnelsen må ha minst 10 tegn (forvaltningsloven § 25)."
        case .reasonsTooLong: "Begrunnelsen kan ha høyst 8000 tegn."
        case .legalBasisMissing: "Oppgi hjemmelen vedtaket bygger på (forvaltningsloven § 25)."
        // The same sentences as the workspace's, from one place.
        case .legalBasisTooLong, .invisibleInReasons, .invisibleInLegalBasis: Strings(.nb).decisionProblem(p) + "."
        }
    }

    // MARK: Letters and documents

    /// Writes a read by a domain system to the kommune's access log (hash-chained, like a
    /// caseworker's), durably, before the data is answered.
    static func logAccess(
        _ req: Request, client: APIClientContext, caseID: UUID, action: AccessLogEntry.Action
    ) async throws {
        let now = req.application.clock.now()
        try await req.writer.write(on: req.db) { tx in
            try await appendAccess(client: client, caseID: caseID, action: action, at: now, on: tx)
        }
    }

    /// A domain system's row in the access log: its client id as the principal, role `fagsystem`.
    static func appendAccess(
        client: APIClientContext, caseID: UUID, action: AccessLogEntry.Action, at now: Date, on tx: any Database
    ) async throws {
        try await JournalChain.appendAccess(
            AccessLogEntry(
                municipalityID: client.municipality.id, staffID: client.id, staffRole: APIClients.principalRole,
                caseID: caseID, action: action, at: now), on: tx)
    }

    func listLetters(_ input: Operations.ListLetters.Input) async throws -> Operations.ListLetters.Output {
        let (req, client) = try authorize(input.path.kommune, .casesRead)
        let id = try caseID(input.path.caseId)
        guard try await client.scope.find(CaseRecord.self, id, on: req.db) != nil else {
            throw APIProblem(status: .notFound, detail: "Fant ikke saken i kommune \(client.municipality.number).")
        }
        // Letters name the citizen and what was decided: the read is logged (issue 17).
        try await Self.logAccess(req, client: client, caseID: id, action: .readLetters)
        let letters = try await client.scope.query(LetterRecord.self, on: req.db).filter(\.$caseID == id).sort(
            \.$createdAt
        ).all()
        let shipments = try await client.scope.query(ShipmentRecord.self, on: req.db).filter(\.$caseID == id).sort(
            \.$createdAt
        ).all()
        let receipts = try await client.scope.query(ShipmentEventRecord.self, on: req.db).filter(\.$caseID == id).sort(
            \.$at
        ).all()
        let items = try letters.map { l in
            Components.Schemas.Letter(
                id: try l.requireID().uuidString, title: l.title, createdAt: l.createdAt, readAt: l.readAt,
                shipments: try shipments.filter { $0.letterID == l.id }.map { s in
                    .init(
                        id: try s.requireID().uuidString, channel: s.channel, status: s.status,
                        receipts: receipts.filter { $0.shipmentID == s.id }.map { .init(status: $0.status, at: $0.at) })
                })
        }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func downloadDocument(_ input: Operations.DownloadDocument.Input) async throws -> Operations.DownloadDocument.Output
    {
        let (req, client) = try authorize(input.path.kommune, .casesRead)
        let id = try caseID(input.path.caseId)
        guard let entryID = UUID(uuidString: input.path.documentId) else {
            throw APIProblem(status: .badRequest, detail: "Dokument-id-en er ikke en UUID.")
        }
        guard
            let entry = try await client.scope.query(JournalEntry.self, on: req.db).filter(\.$id == entryID).filter(
                \.$caseID == id
            ).first(),
            let doc = try await JournalDocument.query(on: req.db).filter(\.$journalEntryID == entryID).sort(
                \.$version, .descending
            ).first()
        else {
            throw APIProblem(status: .notFound, detail: "Fant ikke dokumentet i saken.")
        }
        // A document is the whole application or letter, fødselsnummer included: logged before
        // it is handed out (issue 17).
        try await Self.logAccess(req, client: client, caseID: entry.caseID, action: .readDocument)
        return .ok(.init(headers: .init(digestSHA256: doc.sha256), body: .plainText(HTTPBody(doc.content))))
    }

    // MARK: Events

    func listEvents(_ input: Operations.ListEvents.Input) async throws -> Operations.ListEvents.Output {
        let (req, client) = try authorize(input.path.kommune, .casesRead)
        let after = input.query.after ?? 0
        guard after >= 0 else { throw APIProblem(status: .badRequest, detail: "after kan ikke være negativ.") }
        let events = try await EventFeed.read(
            municipalityID: client.municipality.id, after: after, limit: try limit(input.query.limit), on: req.db)
        let items = events.map(Components.Schemas.Event.init)
        return .ok(.init(body: .json(.init(items: items, nextAfter: events.last?.position ?? after))))
    }
}

extension Components.Schemas.LocalizedText {
    init(_ t: LocalizedText) { self.init(nb: t.nb, en: t.en) }
}

extension Components.Schemas.Event {
    init(_ e: EventFeed.Event) {
        self.init(
            id: e.id.uuidString, position: e.position, _type: e.type, caseId: e.caseId.uuidString,
            saksnummer: e.saksnummer,
            occurredAt: e.occurredAt, shipmentId: e.shipmentId?.uuidString, detail: e.detail)
    }
}

/// A problem the API answers with (RFC 9457), in Norwegian, with one message per field.
struct APIProblem: Error, Sendable {
    struct FieldMessage: Sendable, Codable {
        var field: String
        var message: String
    }
    var status: HTTPResponseStatus
    var title: String?
    var detail: String
    var errors: [FieldMessage]?

    init(status: HTTPResponseStatus, title: String? = nil, detail: String, errors: [FieldMessage]? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    struct Body: Encodable {
        var type: String
        var title: String
        var status: UInt
        var detail: String
        var errors: [FieldMessage]?
    }

    var body: Body {
        Body(
            type: status.code == 422 ? "https://radhus.no/problems/validation" : "about:blank",
            title: title ?? ErrorPageMiddleware.title(status), status: status.code, detail: detail, errors: errors)
    }

    var response: Response { ErrorPageMiddleware.problemResponse(status: status, body: body) }
}

/// Puts the Vapor request where the generated handlers can reach it.
struct RequestInjection: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await PublicAPI.Current.$request.withValue(request) { try await next.respond(to: request) }
    }
}

/// Turns whatever an operation throws into problem details: what the generated code could not
/// decode (a bad parameter, a body that breaks the schema) is 400; our own errors keep their
/// status; anything else is 500, logged without the request body.
struct APIProblemMiddleware: ServerMiddleware {
    func intercept(
        _ request: HTTPTypes.HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next:
            @Sendable (HTTPTypes.HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPTypes.HTTPResponse, HTTPBody?
            )
    )
        async throws -> (HTTPTypes.HTTPResponse, HTTPBody?)
    {
        do {
            // A body is JSON in UTF-8, said so: without a Content-Type, or with another charset,
            // the generated code read it anyway (issue 17); now it is 415 with what to send.
            // An attachment's upload is the file itself: its types are the spec's (PDF, JPEG, PNG).
            if operationID == "uploadAttachment" {
                let type = request.headerFields[.contentType]?.lowercased().split(separator: ";").first.map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard let type, ["application/pdf", "image/jpeg", "image/png"].contains(type) else {
                    throw APIProblem(
                        status: .unsupportedMediaType, title: "Feil innholdstype",
                        detail:
                            "Send filen selv som innhold, med «Content-Type: application/pdf», «image/jpeg» eller «image/png»."
                    )
                }
            } else if [.post, .put, .patch].contains(request.method), let body, body.length != .known(0) {
                let type = request.headerFields[.contentType]?.lowercased().replacingOccurrences(of: " ", with: "")
                let json = type.map {
                    $0 == "application/json" || $0 == "application/json;charset=utf-8"
                        || $0 == "application/json;charset=\"utf-8\""
                }
                guard json == true else {
                    throw APIProblem(
                        status: .unsupportedMediaType, title: "Feil innholdstype",
                        detail: "Send innholdet som JSON i UTF-8 med «Content-Type: application/json».")
                }
                // A key twice in one object: refused, as a form field sent twice is (issue 17).
                if let data = PublicAPI.Current.request?.body.data,
                    let key = JSONDuplicateKeys.first(in: Array(data.readableBytesView))
                {
                    throw APIProblem(
                        status: .badRequest, title: "Ugyldig forespørsel",
                        detail: "Egenskapen «\(key)» står mer enn én gang i samme objekt. Send hver egenskap én gang.")
                }
            }
            var (response, responseBody) = try await next(request, body, metadata)
            // The generator writes header values percent-encoded (URI "simple" style); a
            // Location is a path, and clients follow it as it is.
            if let location = response.headerFields[.location], let plain = location.removingPercentEncoding {
                response.headerFields[.location] = plain
            }
            // Documents are UTF-8 text (RA-TEKST); without the charset a client may read «SÃ¸knad».
            if response.headerFields[.contentType] == "text/plain" {
                response.headerFields[.contentType] = "text/plain; charset=utf-8"
            }
            return (response, responseBody)
        } catch {
            let problem = Self.problem(for: error, operationID: operationID)
            var headers = HTTPFields()
            headers[.contentType] = "application/problem+json; charset=utf-8"
            let data = (try? JSONEncoder.sorted.encode(problem.body)) ?? Data()
            return (
                HTTPTypes.HTTPResponse(status: .init(code: Int(problem.status.code)), headerFields: headers),
                HTTPBody(data)
            )
        }
    }

    /// A decoding failure in words a developer can act on, without echoing values (they may be personal).
    static func describe(_ e: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let p = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "innholdet" : "«\(p)»"
        }
        switch e {
        case .keyNotFound(let key, let ctx): return "\(path(ctx.codingPath + [key])) mangler."
        case .typeMismatch(let type, let ctx): return "\(path(ctx.codingPath)) har feil type (ventet \(type))."
        case .valueNotFound(_, let ctx): return "\(path(ctx.codingPath)) mangler verdi."
        case .dataCorrupted(let ctx):
            if ctx.debugDescription.contains("Additional properties are disabled") {
                return "\(path(ctx.codingPath)) er et felt skjemaet ikke har."
            }
            return "\(path(ctx.codingPath)) kunne ikke leses."
        @unknown default: return "innholdet kunne ikke leses."
        }
    }

    static func problem(for error: any Error, operationID: String) -> APIProblem {
        let underlying = (error as? ServerError)?.underlyingError ?? error
        switch underlying {
        case let p as APIProblem:
            return p
        case let e as DecodingError:
            return APIProblem(
                status: .badRequest, detail: "Innholdet følger ikke skjemaet i openapi.yaml: " + describe(e))
        case let e as RadhusError where e.status.code < 500:
            return APIProblem(status: e.status, detail: e.reason)
        case let e as any AbortError where e.status.code < 500:
            return APIProblem(status: e.status, detail: e.reason)
        default:
            if let e = error as? ServerError, (400..<500).contains(e.httpStatus.code) {
                // The generated code failed to read the request: a missing or malformed
                // parameter or header, or a body that does not match the schema. Always 400,
                // the status every operation documents for a request it cannot read.
                return APIProblem(
                    status: .badRequest, detail: "Forespørselen kunne ikke leses: \(e.causeDescription.prefix(200))")
            }
            Logger(label: "radhus.api").error(
                "API operation failed",
                metadata: [
                    "operation": .string(operationID),
                    "error": .string(String(reflecting: underlying).prefix(300).description),
                ])
            return APIProblem(
                status: .internalServerError, detail: "Noe gikk galt hos oss. Ingenting er lagret. Prøv igjen om litt.")
        }
    }
}
