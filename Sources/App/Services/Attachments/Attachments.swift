import Crypto
import Fluent
import Foundation
import RadhusCore
import SQLKit
import Vapor

/// A file sent with an application (issue 19): its row in `attachments`; the bytes are in
/// the `AttachmentStore` under `storageKey`.
struct Attachment: Sendable, Equatable {
    static let schema = "attachments"

    var id: UUID
    var municipalityID: UUID
    var serviceID: String
    var fieldID: String
    var ownerFnr: String
    var caseID: UUID?
    /// The message on the case it was sent with (issue 20); nil for the application's own files.
    var messageID: UUID? = nil
    var fileName: String
    var description: String
    var mediaType: String
    var sizeBytes: Int64
    var sha256: String
    var storageKey: String
    var createdAt: Date

    static let columns = [
        "id", "municipality_id", "service_id", "field_id", "owner_fnr", "case_id", "message_id", "file_name",
        "description", "media_type", "size_bytes", "sha256", "storage_key", "created_at",
    ]

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        municipalityID = try row.decode(column: "municipality_id", as: UUID.self)
        serviceID = try row.decode(column: "service_id", as: String.self)
        fieldID = try row.decode(column: "field_id", as: String.self)
        ownerFnr = try row.decode(column: "owner_fnr", as: String.self)
        caseID = try row.decode(column: "case_id", as: UUID?.self)
        messageID = try row.decode(column: "message_id", as: UUID?.self)
        fileName = try row.decode(column: "file_name", as: String.self)
        description = try row.decode(column: "description", as: String.self)
        mediaType = try row.decode(column: "media_type", as: String.self)
        sizeBytes = try row.decode(column: "size_bytes", as: Int64.self)
        sha256 = try row.decode(column: "sha256", as: String.self)
        storageKey = try row.decode(column: "storage_key", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
    }

    init(
        id: UUID, municipalityID: UUID, serviceID: String, fieldID: String, ownerFnr: String, fileName: String,
        description: String, mediaType: String, sizeBytes: Int64, sha256: String, createdAt: Date
    ) {
        self.id = id
        self.municipalityID = municipalityID
        self.serviceID = serviceID
        self.fieldID = fieldID
        self.ownerFnr = ownerFnr
        self.caseID = nil
        self.fileName = fileName
        self.description = description
        self.mediaType = mediaType
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
        self.storageKey = id.uuidString.lowercased()
        self.createdAt = createdAt
    }

    /// `pdf`, `jpg` or `png`: what the file is, by the type it was found to be when received.
    var fileExtension: String {
        AttachmentKind.allCases.first { $0.mediaType == mediaType }?.fileExtension ?? "bin"
    }

    /// «legeerklaering.pdf (1,2 MB)».
    var sizeText: String {
        sizeBytes >= 1_048_576
            ? String(format: "%.1f MB", Double(sizeBytes) / 1_048_576).replacingOccurrences(of: ".", with: ",")
            : "\(max(1, sizeBytes / 1024)) kB"
    }
}

/// A file part of a streamed upload, written to a temporary file as it arrived.
struct ReceivedFile: Sendable {
    var fieldName: String
    var fileName: String
    /// Nil when the part was dropped (too large: only the count was kept).
    var temporary: URL?
    var size: Int64
    var sha256: String
    /// The first bytes, to tell what the file is.
    var head: [UInt8]
    var tooLarge: Bool
}

/// Reads a `multipart/form-data` body as it streams in: text fields into a `FormInput`, each
/// file part straight to a temporary file with its SHA-256 computed on the way (issue 19).
/// Memory stays at one chunk plus the text fields, whatever the file's size.
struct UploadReader {
    /// Text fields together (everything but files) may not pass this.
    static let maxTextBytes = 64 * 1024

    /// `fileLimit(name)`: the most bytes a file in the part called `name` may have, or nil if
    /// that part may not carry a file (it is then read and dropped). `bodyLimit`: the whole body.
    static func read(
        _ req: Request, temporaryDirectory: URL, bodyLimit: Int64, fileLimit: @escaping (String) -> Int64?
    ) async throws -> (input: FormInput, files: [ReceivedFile]) {
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
            let boundary = type.parameters["boundary"], !boundary.isEmpty
        else { throw RadhusError.localized(.unsupportedMediaType, ErrorMessages.notMultipart) }
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var text: [UInt8] = []
        var textTotal = 0
        var fields: [(String, String)] = []
        var files: [ReceivedFile] = []
        var current: (file: ReceivedFile, handle: FileHandle?, hash: SHA256, limit: Int64)?
        var failure: RadhusError?
        var started = false

        func startPart() {
            let disposition = headers["content-disposition"] ?? ""
            let name = Self.parameter("name", in: disposition) ?? ""
            if let fileName = Self.parameter("filename", in: disposition) {
                guard let limit = fileLimit(name) else {
                    current = (
                        ReceivedFile(
                            fieldName: name, fileName: fileName, temporary: nil, size: 0,
                            sha256: "", head: [], tooLarge: true), nil, SHA256(), 0
                    )
                    return
                }
                let url = temporaryDirectory.appendingPathComponent("upload-\(UUID().uuidString)")
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
                let handle = try? FileHandle(forWritingTo: url)
                if handle == nil { failure = RadhusError.internalInconsistency("an upload could not be written") }
                current = (
                    ReceivedFile(
                        fieldName: name, fileName: fileName, temporary: url,
                        size: 0, sha256: "", head: [], tooLarge: false), handle, SHA256(), limit
                )
            }
        }
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in
            if !started {
                started = true
                startPart()
            }
            if var c = current {
                let bytes = buffer.readableBytesView
                c.file.size += Int64(bytes.count)
                if c.file.head.count < 16 { c.file.head += bytes.prefix(16 - c.file.head.count) }
                if c.file.size > c.limit {
                    // Too large: keep counting (to finish the body), stop writing, drop what was written.
                    if !c.file.tooLarge, let url = c.file.temporary {
                        try? c.handle?.close()
                        try? FileManager.default.removeItem(at: url)
                        c.handle = nil
                        c.file.temporary = nil
                    }
                    c.file.tooLarge = true
                } else if let h = c.handle {
                    c.hash.update(data: Data(bytes))
                    do { try h.write(contentsOf: Data(bytes)) } catch {
                        failure = RadhusError.internalInconsistency("an upload could not be written")
                    }
                }
                current = c
            } else {
                textTotal += buffer.readableBytes
                text += buffer.readableBytesView
            }
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        }
        parser.onPartComplete = {
            if !started {
                // A part with no body at all never reached onBody: it may still be a file (an
                // empty file input sends a part with filename="").
                startPart()
            }
            if var c = current {
                try? c.handle?.close()
                c.file.sha256 = c.hash.finalize().map { String(format: "%02x", $0) }.joined()
                files.append(c.file)
            } else {
                let name = Self.parameter("name", in: headers["content-disposition"] ?? "") ?? ""
                fields.append((name, String(decoding: text, as: UTF8.self)))
            }
            current = nil
            started = false
            text = []
            headers = [:]
        }
        var total: Int64 = 0
        do {
            for try await chunk in req.body {
                total += Int64(chunk.readableBytes)
                if total > bodyLimit {
                    let mb = bodyLimit / 1_048_576
                    throw RadhusError.localized(
                        .payloadTooLarge,
                        LocalizedText(
                            nb:
                                "Det som ble sendt er for stort: høyst \(mb) MB i én sending. Last opp filene én og én.",
                            en: "What was sent is too large: at most \(mb) MB at a time. Upload the files one by one.",
                            nn:
                                "Det som vart sendt, er for stort: høgst \(mb) MB i éi sending. Last opp filene éi og éi."
                        ))
                }
                try parser.execute(chunk)
                if textTotal > maxTextBytes {
                    throw RadhusError.localized(.payloadTooLarge, ErrorMessages.tooMuchText)
                }
                if let failure { throw failure }
            }
        } catch {
            for f in files { if let t = f.temporary { try? FileManager.default.removeItem(at: t) } }
            if let t = current?.file.temporary { try? FileManager.default.removeItem(at: t) }
            if let known = error as? RadhusError { throw known }
            throw RadhusError.localized(.badRequest, ErrorMessages.uploadUnreadable)
        }
        return (FormInput(fields: fields), files)
    }

    /// `name="x"` in a Content-Disposition (quoted, with `\"` escapes), or nil.
    static func parameter(_ key: String, in header: String) -> String? {
        var rest = Substring(header)
        while let range = rest.range(of: key + "=") {
            let before = rest[..<range.lowerBound].last
            rest = rest[range.upperBound...]
            guard before == nil || before == ";" || before == " " else { continue }
            if rest.first == "\"" {
                var out = ""
                var escaped = false
                for ch in rest.dropFirst() {
                    if escaped {
                        out.append(ch)
                        escaped = false
                    } else if ch == "\\" {
                        escaped = true
                    } else if ch == "\"" {
                        return out
                    } else {
                        out.append(ch)
                    }
                }
                return out
            }
            return String(rest.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }
}

/// Takes files for applications: checks what they are and how large, scans them, keeps them
/// (issue 19). Nothing is stored until the scanner says the file is clean; a file refused for
/// any reason leaves no row and no bytes behind.
struct AttachmentService: Sendable {
    let db: any Database
    let writer: WriteCoordinator
    let store: any AttachmentStore
    let scanner: any VirusScanner
    let clock: any Clock
    /// All of one application's files together.
    let maxUploadBytes: Int64
    let logger: Logger

    /// The files of a draft: the person's, for this service in this kommune, not yet sent.
    func pending(owner: String, municipality: UUID, service: String) async throws -> [Attachment] {
        try await db.sql.select().columns(Attachment.columns.map { SQLIdentifier($0) }).from(Attachment.schema)
            .where("owner_fnr", .equal, owner).where("municipality_id", .equal, municipality)
            .where("service_id", .equal, service).where("case_id", .is, SQLLiteral.null)
            .orderBy("created_at").all().map(Attachment.init(row:))
    }

    /// The files sent with a case of a kommune (the kommune is part of every read: tenant
    /// isolation does not rest on the case id alone).
    static func forCase(_ caseID: UUID, municipality: UUID, on db: any Database) async throws -> [Attachment] {
        try await db.sql.select().columns(Attachment.columns.map { SQLIdentifier($0) }).from(Attachment.schema)
            .where("case_id", .equal, caseID).where("municipality_id", .equal, municipality).orderBy("created_at")
            .all().map(Attachment.init(row:))
    }

    /// The files sent with messages on cases (issue 20), by message, oldest first.
    static func forMessages(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [Attachment]] {
        guard !ids.isEmpty else { return [:] }
        var files: [UUID: [Attachment]] = [:]
        for chunk in ids.chunks(of: 200) {
            for row in try await sql.select().columns(Attachment.columns.map { SQLIdentifier($0) })
                .from(Attachment.schema).where("message_id", .in, Array(chunk)).orderBy("created_at").all()
            {
                let file = try Attachment(row: row)
                if let m = file.messageID { files[m, default: []].append(file) }
            }
        }
        return files
    }

    /// The files letters carry (a caseworker's message with files, issue 20), by letter,
    /// oldest first: those of the message each letter was written for.
    static func forLetters(_ ids: [UUID], on sql: any SQLDatabase) async throws -> [UUID: [Attachment]] {
        var files: [UUID: [Attachment]] = [:]
        for chunk in ids.chunks(of: 200) {
            for row in try await sql.select()
                .columns(Attachment.columns.map { SQLColumn($0, table: Attachment.schema) })
                .column(SQLColumn("letter_id", table: CaseMessage.schema))
                .from(Attachment.schema)
                .join(
                    CaseMessage.schema, on: SQLColumn("message_id", table: Attachment.schema), .equal,
                    SQLColumn("id", table: CaseMessage.schema)
                )
                .where(SQLColumn("letter_id", table: CaseMessage.schema), .in, SQLBind.group(Array(chunk)))
                .orderBy(SQLColumn("created_at", table: Attachment.schema)).all()
            {
                files[try row.decode(column: "letter_id", as: UUID.self), default: []].append(try Attachment(row: row))
            }
        }
        return files
    }

    static func find(_ id: UUID, caseID: UUID, municipality: UUID, on db: any Database) async throws -> Attachment? {
        try await db.sql.select().columns(Attachment.columns.map { SQLIdentifier($0) }).from(Attachment.schema)
            .where("id", .equal, id).where("case_id", .equal, caseID).where("municipality_id", .equal, municipality)
            .first().map(Attachment.init(row:))
    }

    /// What a file's name may be: its last path component (some browsers send the whole
    /// path), without characters that cannot be seen, at most 150 characters.
    static func cleanFileName(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = PlainText.removingRefused(last).trimmingCharacters(in: .whitespaces)
        return clean.isEmpty ? "vedlegg" : String(clean.suffix(150))
    }

    /// Takes one uploaded file for `field`, or says what is wrong with it. The temporary file
    /// is always gone afterwards.
    func accept(
        _ file: ReceivedFile, field: FieldDefinition, description: String, owner: String,
        municipality: UUID, service: String
    ) async throws -> Result<Attachment, FieldProblem> {
        defer { if let t = file.temporary { try? FileManager.default.removeItem(at: t) } }
        let rules = field.attachmentRules
        if file.tooLarge { return .failure(.fileTooLarge(maxBytes: rules.maxBytes)) }
        guard file.size > 0, let temporary = file.temporary else { return .failure(.fileEmpty) }
        let already = try await pending(owner: owner, municipality: municipality, service: service)
        if already.filter({ $0.fieldID == field.id }).count >= rules.maxFiles {
            return .failure(.tooManyFiles(max: rules.maxFiles))
        }
        if already.reduce(Int64(0), { $0 + $1.sizeBytes }) + file.size > maxUploadBytes {
            return .failure(.uploadTooLarge(maxBytes: maxUploadBytes))
        }
        // Limits first (cheap, and nothing to scan), then the scanner, before anything is kept.
        do {
            if case .infected(let name) = try await scanner.scan(file: temporary) {
                // The signature's name and where, never whose file it was.
                logger.warning(
                    "attachment refused by the virus scanner",
                    metadata: ["signature": .string(name), "service": .string(service)])
                RadhusMetrics.attachmentRefused("infected")
                return .failure(.fileInfected)
            }
        } catch let e as ScannerUnavailable {
            logger.error("virus scanner unavailable: attachment refused", metadata: ["reason": .string(e.description)])
            RadhusMetrics.attachmentRefused("scanner_unavailable")
            return .failure(.scannerUnavailable)
        }
        // After the scan: a virus named «.pdf» is told it is a virus, not that it is no PDF.
        let kind: AttachmentKind
        switch AttachmentKind.sniff(file.head) {
        case .heic: return .failure(.heic)
        case .unknown: return .failure(.fileKind(allowed: rules.kinds))
        case .kind(let k):
            guard rules.kinds.contains(k) else { return .failure(.fileKind(allowed: rules.kinds)) }
            kind = k
        }
        let now = clock.now()
        var name = Self.cleanFileName(file.fileName)
        // The name says what the content is: «skann» becomes «skann.pdf».
        if !name.lowercased().hasSuffix("." + kind.fileExtension),
            !(kind == .jpeg && name.lowercased().hasSuffix(".jpeg"))
        {
            name += "." + kind.fileExtension
        }
        let row = Attachment(
            id: UUID(), municipalityID: municipality, serviceID: service, fieldID: field.id, ownerFnr: owner,
            fileName: name, description: description, mediaType: kind.mediaType, sizeBytes: file.size,
            sha256: file.sha256, createdAt: now)
        try await store.put(row.storageKey, from: temporary)
        do {
            try await writer.write(on: db) { tx in
                try await tx.sql.insert(into: Attachment.schema)
                    .columns(
                        "id", "municipality_id", "service_id", "field_id", "owner_fnr", "file_name", "description",
                        "media_type", "size_bytes", "sha256", "storage_key", "created_at"
                    )
                    .values(
                        SQLBind(row.id), SQLBind(municipality), SQLBind(service), SQLBind(field.id), SQLBind(owner),
                        SQLBind(row.fileName), SQLBind(description), SQLBind(row.mediaType), SQLBind(row.sizeBytes),
                        SQLBind(row.sha256), SQLBind(row.storageKey), SQLBind(now)
                    ).run()
            }
        } catch {
            try? await store.delete(row.storageKey)
            throw error
        }
        RadhusMetrics.attachmentAccepted(bytes: file.size)
        return .success(row)
    }

    /// Removes a file from the person's draft (never one already sent).
    func remove(_ id: UUID, owner: String) async throws {
        let gone = try await writer.write(on: db) { tx -> Attachment? in
            guard
                let row = try await tx.sql.select().columns(Attachment.columns.map { SQLIdentifier($0) })
                    .from(Attachment.schema).where("id", .equal, id).where("owner_fnr", .equal, owner)
                    .where("case_id", .is, SQLLiteral.null).first().map(Attachment.init(row:))
            else { return nil }
            try await tx.sql.delete(from: Attachment.schema).where("id", .equal, id).run()
            return row
        }
        if let gone { try? await store.delete(gone.storageKey) }
    }

    /// Ties a draft's files to the new case, in the submission's transaction: every id must be
    /// the applicant's own, for this kommune and service, and not sent before.
    static func link(
        _ ids: [UUID], owner: String, municipality: UUID, service: String, caseID: UUID, on tx: any Database
    ) async throws {
        guard !ids.isEmpty else { return }
        let found =
            try await tx.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .from(Attachment.schema).where("id", .in, ids).where("owner_fnr", .equal, owner)
            .where("municipality_id", .equal, municipality).where("service_id", .equal, service)
            .where("case_id", .is, SQLLiteral.null).first()?.decode(column: "n", as: Int.self) ?? 0
        guard found == Set(ids).count else {
            throw RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb:
                        "Et av vedleggene er ikke lenger tilgjengelig. Gå tilbake til skjemaet og last det opp på nytt.",
                    en: "One of the attachments is no longer available. Go back to the form and upload it again.",
                    nn:
                        "Eitt av vedlegga er ikkje lenger tilgjengeleg. Gå tilbake til skjemaet og last det opp på nytt."
                ))
        }
        try await tx.sql.update(Attachment.schema).set("case_id", to: caseID).where("id", .in, ids).run()
    }

    /// The field a message's files are taken for (issue 20): PDF, JPEG or PNG, 10 MB each, at
    /// most three with one message.
    static let messageField = FieldDefinition(
        id: "melding", type: .attachment, label: LocalizedText(nb: "Vedlegg", en: "Attachments", nn: "Vedlegg"),
        required: false, accept: [.pdf, .jpeg, .png], maxFileMB: 10, maxFiles: 3)

    /// Who a caseworker's files are kept for until their message is written (`owner_fnr` holds
    /// a fødselsnummer for an applicant's; this can never be one).
    static func staffOwner(_ userID: UUID) -> String { "ansatt:" + userID.uuidString.lowercased() }

    /// Ties a message's files, taken just before, to the case and the message, in the message's
    /// transaction: every id must be the writer's own, of this kommune, and not sent before.
    /// `documents`: the application's attachment fields a request asked for (issue 24), whose
    /// files join the application's documents of that field.
    static func link(
        _ ids: [UUID], owner: String, municipality: UUID, caseID: UUID, messageID: UUID, documents: [String] = [],
        on tx: any Database
    ) async throws {
        guard !ids.isEmpty else { return }
        let updated = try await tx.sql.update(Attachment.schema).set("case_id", to: caseID)
            .set("message_id", to: messageID).where("id", .in, ids).where("owner_fnr", .equal, owner)
            .where("municipality_id", .equal, municipality).where("field_id", .in, [messageField.id] + documents)
            .where("case_id", .is, SQLLiteral.null).returning("id").all()
        guard updated.count == Set(ids).count else {
            throw RadhusError.localized(
                .conflict,
                LocalizedText(
                    nb: "Et av vedleggene er ikke lenger tilgjengelig. Legg det ved på nytt.",
                    en: "One of the attachments is no longer available. Attach it again.",
                    nn: "Eitt av vedlegga er ikkje lenger tilgjengeleg. Legg det ved på nytt."))
        }
    }

    /// Puts the names of the files an application's answers name (by id) beside them, and
    /// returns the fields whose ids are not the applicant's unsent files of that field.
    static func resolve(
        _ answers: inout [String: String], service: ServiceDefinition, owner: String, municipality: UUID,
        on db: any Database
    ) async throws -> [String] {
        var unknown: [String] = []
        for f in service.fields where f.type == .attachment {
            answers[f.id + ".navn"] = nil
            let ids = (answers[f.id] ?? "").split(separator: ",").map {
                UUID(uuidString: $0.trimmingCharacters(in: .whitespaces))
            }
            guard !ids.isEmpty else { continue }
            let valid = ids.compactMap { $0 }
            let rows =
                valid.count == ids.count
                ? try await db.sql.select().columns(Attachment.columns.map { SQLIdentifier($0) })
                    .from(Attachment.schema).where("id", .in, valid).where("owner_fnr", .equal, owner)
                    .where("municipality_id", .equal, municipality).where("service_id", .equal, service.id)
                    .where("field_id", .equal, f.id).where("case_id", .is, SQLLiteral.null).all()
                    .map(Attachment.init(row:)) : []
            guard rows.count == Set(valid).count, valid.count == ids.count else {
                unknown.append(f.id)
                continue
            }
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
            answers[f.id] = valid.map { $0.uuidString.lowercased() }.joined(separator: ",")
            answers[f.id + ".navn"] = valid.compactMap { byID[$0]?.fileName }.joined(separator: ", ")
        }
        return unknown
    }

    /// The ids an application's answers name, field by field.
    static func ids(in answers: [String: String], of service: ServiceDefinition) -> [UUID] {
        service.fields.filter { $0.type == .attachment }.flatMap { f in
            (answers[f.id] ?? "").split(separator: ",").compactMap { UUID(uuidString: String($0)) }
        }
    }

    /// The answers' view of a draft's files: the ids and the names, per attachment field.
    static func answers(for files: [Attachment], in service: ServiceDefinition) -> [String: String] {
        var out: [String: String] = [:]
        for f in service.fields where f.type == .attachment {
            let mine = files.filter { $0.fieldID == f.id }
            guard !mine.isEmpty else { continue }
            out[f.id] = mine.map { $0.id.uuidString.lowercased() }.joined(separator: ",")
            out[f.id + ".navn"] = mine.map(\.fileName).joined(separator: ", ")
        }
        return out
    }
}

extension Request {
    var attachments: AttachmentService {
        AttachmentService(
            db: db, writer: writer, store: application.attachmentStore, scanner: application.virusScanner,
            clock: application.clock, maxUploadBytes: application.radhusConfig.maxUploadBytes, logger: logger)
    }
}

extension Application {
    struct AttachmentStoreKey: StorageKey { typealias Value = any AttachmentStore }
    struct VirusScannerKey: StorageKey { typealias Value = any VirusScanner }

    var attachmentStore: any AttachmentStore {
        get { storage[AttachmentStoreKey.self]! }
        set { storage[AttachmentStoreKey.self] = newValue }
    }

    var virusScanner: any VirusScanner {
        get { storage[VirusScannerKey.self]! }
        set { storage[VirusScannerKey.self] = newValue }
    }
}
