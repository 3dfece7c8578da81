import AppAPI
import Crypto
import Fluent
import Foundation
import HTTPTypes
import OpenAPIRuntime
import RadhusCore
import SQLKit
import Vapor

/// The API's side of attachments (issue 19): a domain system uploads a file for an
/// application it will send, and reads the files of a case. The same checks as the portal:
/// scanned before kept, recognised by content, limits per field and per application.
extension PublicAPI {
    func uploadAttachment(_ input: Operations.UploadAttachment.Input) async throws
        -> Operations.UploadAttachment.Output
    {
        let (req, client) = try authorize(input.path.kommune, .applicationsSubmit)
        guard
            let s = try await req.services.offered(
                municipalityID: client.municipality.id, id: try serviceID(input.path.service), on: req.db)
        else {
            throw APIProblem(status: .notFound, detail: "Vi fant ingen tjeneste som heter «\(input.path.service)».")
        }
        guard let field = s.field(input.query.field), field.type == .attachment else {
            throw APIProblem(
                status: .unprocessableEntity, detail: "«\(input.query.field)» er ikke et vedleggsfelt i tjenesten.",
                errors: [.init(field: "field", message: "Oppgi id-en til et vedleggsfelt.")])
        }
        guard
            let applicant = try? Fodselsnummer(
                input.headers.applicant, policy: req.application.radhusConfig.identityPolicy)
        else {
            throw APIProblem(
                status: .unprocessableEntity, detail: "Søkerens fødselsnummer er ikke gyldig.",
                errors: [.init(field: "Applicant", message: "Skriv et gyldig fødselsnummer med 11 siffer.")])
        }
        let description = (input.query.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let c = PlainText.refused(in: description) {
            throw APIProblem(
                status: .unprocessableEntity, detail: "Beskrivelsen inneholder et tegn som ikke synes.",
                errors: [.init(field: "description", message: "Fjern tegnet \(PlainText.describe(c)).")])
        }
        let body: HTTPBody
        switch input.body {
        case .pdf(let b), .jpeg(let b), .png(let b): body = b
        }
        let limit = field.attachmentRules.maxBytes
        let file = try await UploadReader.receive(
            body, fieldName: field.id, fileName: input.query.filename,
            temporaryDirectory: req.application.attachmentStore.temporaryDirectory, limit: limit)
        if file.tooLarge {
            throw APIProblem(
                status: .payloadTooLarge,
                detail: Strings(.nb).message(
                    .init(inputID: field.id, field: field, problem: .fileTooLarge(maxBytes: limit))))
        }
        let taken = try await req.attachments.accept(
            file, field: field, description: description, owner: applicant.value, municipality: client.municipality.id,
            service: s.id)
        switch taken {
        case .failure(let problem):
            let message = Strings(.nb).message(.init(inputID: field.id, field: field, problem: problem))
            if problem == .scannerUnavailable { throw APIProblem(status: .serviceUnavailable, detail: message) }
            throw APIProblem(
                status: .unprocessableEntity, detail: message, errors: [.init(field: "body", message: message)])
        case .success(let a):
            return .created(.init(body: .json(Self.attachment(a))))
        }
    }

    static func attachment(_ a: Attachment) -> Components.Schemas.Attachment {
        .init(
            id: a.id.uuidString, field: a.fieldID, fileName: a.fileName, description: a.description,
            mediaType: a.mediaType, size: a.sizeBytes, sha256: a.sha256)
    }

    func downloadAttachment(_ input: Operations.DownloadAttachment.Input) async throws
        -> Operations.DownloadAttachment.Output
    {
        let (req, client) = try authorize(input.path.kommune, .casesRead)
        let caseID = try caseID(input.path.caseId)
        guard let id = UUID(uuidString: input.path.attachmentId),
            let a = try await AttachmentService.find(
                id, caseID: caseID, municipality: client.municipality.id, on: req.db)
        else {
            throw APIProblem(status: .notFound, detail: "Fant ikke vedlegget i kommune \(client.municipality.number).")
        }
        // Written to the access log before a byte is sent, as a caseworker's download is.
        try await Self.logAccess(req, client: client, caseID: caseID, action: .readAttachment)
        let body = try req.application.attachmentStore.stream(a.storageKey, size: a.sizeBytes)
        let headers = Operations.DownloadAttachment.Output.Ok.Headers(digestSHA256: a.sha256)
        switch a.mediaType {
        case "image/jpeg": return .ok(.init(headers: headers, body: .jpeg(body)))
        case "image/png": return .ok(.init(headers: headers, body: .png(body)))
        default: return .ok(.init(headers: headers, body: .pdf(body)))
        }
    }
}

extension UploadReader {
    /// A file sent as the whole body (the API), to a temporary file with its SHA-256, a chunk
    /// at a time. Past `limit` it stops writing, removes what it wrote and says `tooLarge`.
    static func receive(
        _ body: HTTPBody, fieldName: String, fileName: String, temporaryDirectory: URL, limit: Int64
    ) async throws -> ReceivedFile {
        let url = temporaryDirectory.appendingPathComponent("upload-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        var file = ReceivedFile(
            fieldName: fieldName, fileName: fileName, temporary: url, size: 0, sha256: "",
            head: [], tooLarge: false)
        var hash = SHA256()
        do {
            for try await chunk in body {
                file.size += Int64(chunk.count)
                if file.head.count < 16 { file.head += chunk.prefix(16 - file.head.count) }
                if file.size > limit {
                    file.tooLarge = true
                    break
                }
                let data = Data(chunk)
                hash.update(data: data)
                try handle.write(contentsOf: data)
            }
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: url)
            throw APIProblem(status: .badRequest, detail: "Filen kom ikke fram i sin helhet. Send den på nytt.")
        }
        try? handle.close()
        if file.tooLarge {
            try? FileManager.default.removeItem(at: url)
            file.temporary = nil
        }
        file.sha256 = hash.finalize().map { String(format: "%02x", $0) }.joined()
        return file
    }
}
