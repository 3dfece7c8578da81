import Fluent
import Foundation
import RadhusCore
import Vapor

/// Downloads of the files sent with an application (issue 19): the citizen's own, and a
/// caseworker's of their kommune's cases, each caseworker download written to the access log
/// before a byte is sent. Streamed from the attachment store, never held in memory.
enum AttachmentController {
    @Sendable static func citizenDownload(req: Request) async throws -> Response {
        let record = try await req.ownCase()
        return try await download(req, caseID: try record.requireID(), municipality: record.municipalityID)
    }

    @Sendable static func staffDownload(req: Request) async throws -> Response {
        let staff = try req.requireStaff()
        guard staff.role.mayReadCases else {
            throw RadhusError.localized(
                .forbidden,
                ErrorMessages.noCaseAccess)
        }
        guard let caseID = req.parameters.get("case", as: UUID.self),
            try await staff.scope.find(CaseRecord.self, caseID, on: req.db) != nil
        else { throw RadhusError.localized(.notFound, ErrorMessages.caseNotFound) }
        let now = req.application.clock.now()
        return try await download(req, caseID: caseID, municipality: staff.municipality.id) {
            try await req.writer.write(on: req.db) { tx in
                try await JournalChain.appendAccess(
                    AccessLogEntry(
                        municipalityID: staff.municipality.id, staffID: staff.userID, staffRole: staff.role.rawValue,
                        caseID: caseID, action: .readAttachment, at: now), on: tx)
            }
        }
    }

    /// The file as a download: its own type, its name, no sniffing, no caching in shared caches.
    static func download(
        _ req: Request, caseID: UUID, municipality: UUID, logRead: () async throws -> Void = {}
    ) async throws -> Response {
        guard let id = req.parameters.get("attachment", as: UUID.self),
            let file = try await AttachmentService.find(id, caseID: caseID, municipality: municipality, on: req.db)
        else { throw RadhusError.localized(.notFound, ErrorMessages.attachmentNotFound) }
        try await logRead()
        let response = Response(
            status: .ok, body: try req.application.attachmentStore.body(file.storageKey, size: file.sizeBytes))
        response.headers.contentType = HTTPMediaType(
            type: String(file.mediaType.split(separator: "/")[0]),
            subType: String(file.mediaType.split(separator: "/")[1]))
        response.headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(file.fileName))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback and the real name.
    static func contentDisposition(_ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded =
            name.addingPercentEncoding(
                withAllowedCharacters: CharacterSet(
                    charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
