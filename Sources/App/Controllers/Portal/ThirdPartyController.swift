import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// A neighbour's personal link (issue 24, `thirdParties`): the application and its documents to
/// read, and a comment (merknad) to send until the comment deadline, without an account. The
/// link opens its own case and nothing else; after the deadline it is gone (410).
enum ThirdPartyController {
    struct Found {
        var notice: ThirdPartyNotice
        var record: CaseRecord
        var service: ServiceDefinition
        var kommune: Municipality.Snapshot
    }

    static func found(_ req: Request) async throws -> Found {
        let token = req.parameters.get("token") ?? ""
        guard let notice = try await ThirdPartyNotices.find(token: token, on: req.db),
            let record = try await CaseRecord.query(on: req.db).filter(\.$id == notice.caseID)
                .filter(\.$municipalityID == notice.municipalityID).first(),
            let m = try await Municipality.query(on: req.db).filter(\.$id == notice.municipalityID).first(),
            let service = try await req.services.forCase(
                serviceID: record.serviceID, version: record.serviceVersion, municipalityID: notice.municipalityID,
                on: req.db)
        else { throw RadhusError.localized(.notFound, ErrorMessages.thirdPartyLinkUnknown) }
        guard req.application.clock.now() <= notice.commentDue else {
            throw RadhusError.localized(.gone, ErrorMessages.thirdPartyLinkExpired)
        }
        return Found(notice: notice, record: record, service: service, kommune: try m.snapshot())
    }

    @Sendable static func page(req: Request) async throws -> Response {
        let f = try await found(req)
        if f.notice.openedAt == nil {
            // The first opening is the notice's receipt «mottatt» on the case page.
            let now = req.application.clock.now()
            try await req.writer.write(on: req.db) { tx in
                try await tx.sql.update(ThirdPartyNotice.schema).set("opened_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind(try f.notice.requireID())).where("opened_at", .is, SQLLiteral.null)
                    .run()
            }
        }
        return try await view(req, f, text: "", error: nil, sent: req.query[String.self, at: "sendt"] == "1")
            .encodeResponse(for: req)
    }

    static func view(_ req: Request, _ f: Found, text: String, error: String?, sent: Bool = false) async throws -> Page
    {
        let files = try await AttachmentService.forCase(
            try f.record.requireID(), municipality: f.record.municipalityID, on: req.db
        ).filter { f.service.field($0.fieldID)?.type == .attachment }
        var comment: String?
        if let id = f.notice.commentMessageID {
            comment = try await CaseMessage.query(on: req.db).filter(\.$id == id).first()?.body
        }
        return ThirdPartyPage.view(
            f, files: files, comment: comment, text: text, error: error, sent: sent,
            token: req.parameters.get("token") ?? "", ctx: req.pageContext(kommune: f.kommune, forms: true))
    }

    @Sendable static func comment(req: Request) async throws -> Response {
        let f = try await found(req)
        let text = (req.formInput.values["merknad"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let t = req.strings
        var error: String?
        if text.isEmpty {
            error = ThirdPartyTexts.commentNeeded[t.lang]
        } else if text.count > 5000 {
            error = t.atMostCharacters(ThirdPartyTexts.comment[t.lang], 5000)
        } else if let c = PlainText.refused(in: text, multiline: true) {
            error = t.invisibleCharacter(c)
        }
        if let error {
            var page = try await view(req, f, text: text, error: error)
            page.status = .unprocessableEntity
            return try await page.encodeResponse(for: req)
        }
        try await ThirdPartyNotices.comment(
            noticeID: try f.notice.requireID(), text: text, services: req.services,
            policy: req.application.radhusConfig.identityPolicy, clock: req.application.clock, writer: req.writer,
            on: req.db)
        return req.redirect(to: SiteURL.thirdParty(req.parameters.get("token") ?? "").path + "?sendt=1")
    }

    @Sendable static func download(req: Request) async throws -> Response {
        let f = try await found(req)
        guard let id = req.parameters.get("attachment", as: UUID.self),
            let file = try await AttachmentService.find(
                id, caseID: try f.record.requireID(), municipality: f.record.municipalityID, on: req.db),
            f.service.field(file.fieldID)?.type == .attachment
        else { throw RadhusError.localized(.notFound, ErrorMessages.attachmentNotFound) }
        return try await AttachmentController.download(
            req, caseID: try f.record.requireID(), municipality: f.record.municipalityID)
    }
}
